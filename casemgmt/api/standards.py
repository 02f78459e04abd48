"""The remedy standard (소비자분쟁해결기준): its editions, the rules of an edition, and the
calculator that applies a rule under the edition in force on a day."""
from __future__ import annotations

import base64
from dataclasses import asdict, is_dataclass
from typing import Any, Sequence

from flask_smorest import Blueprint

from casemgmt.application.remedies import Calculation, RemedyStandard, RuleInEdition
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.remedy_standard import Edition
from casemgmt.domain.access import MAY

from .operation import operation
from .problems import ApiProblem
from .schemas.standards import (
    CalculateIn, CalculationOut, EditionPageOut, PageQuery, RulePageOut, RulesQuery,
)
from .services import services

blp = Blueprint("standards", __name__, url_prefix="/api/v1",
                description="The remedy standard (소비자분쟁해결기준) and its calculator")


def standard() -> RemedyStandard:
    return services().remedy_standard


@blp.route("/standards")
@operation(blp, roles=MAY["read_standard"])
@blp.arguments(PageQuery(), location="query")
@blp.response(200, EditionPageOut)
def editions(query):
    """The editions of the standard in the tables, oldest first."""
    return _page([_edition(e) for e in standard().editions()], query)


@blp.route("/standards/<string(maxlength=40):edition>/rules")
@operation(blp, roles=MAY["read_standard"], problems=(404,))
@blp.arguments(RulesQuery(), location="query")
@blp.response(200, RulePageOut)
def rules(query, edition):
    """The rules in force in an edition (optionally of one item), each with its remedies, the
    inputs they need and the edition its version started in."""
    found = standard().rules(edition, query.get("item"))
    return _page([_rule(rule) for rule in found], query)


@blp.route("/remedies/calculate", methods=["POST"])
@operation(blp, roles=MAY["read_standard"], problems=(404,))
@blp.arguments(CalculateIn())
@blp.response(200, CalculationOut)
def calculate(data):
    """What a rule grants for these inputs under the edition in force on `on` (default today,
    Asia/Seoul), each remedy explained in Korean with the numbers put in. Writes nothing."""
    on = data.get("on") or services().casemgmt.clock.now().astimezone(SEOUL).date()
    return _calculation(standard().calculate(data["rule_id"], data["inputs"], on=on))


def _edition(edition: Edition) -> dict[str, Any]:
    return dict(id=edition.id, notice=edition.notice, effective_from=edition.effective_from,
                effective_to=edition.effective_to, source=edition.source,
                confidence=edition.confidence, note_ko=edition.note_ko,
                unverified_items=sorted(edition.unverified_items))


def _rule(found: RuleInEdition) -> dict[str, Any]:
    rule = found.rule
    return dict(
        id=rule.id, item=rule.item, item_name=found.item.name_ko, dispute_type=rule.dispute_type,
        dispute_type_ko=rule.dispute_type_ko, note_ko=rule.note_ko, source=rule.source,
        confidence=found.confidence, since=rule.since,
        remedies=[dict(kind=r.kind, kind_ko=r.kind_ko, formula=r.formula, formula_ko=r.formula_ko,
                       inputs=list(r.inputs), params=_plain(dict(r.params)))
                  for r in found.remedies],
        input_fields=[dict(name=i.name, label_ko=i.label_ko, unit=i.unit,
                           description_ko=i.description_ko) for i in found.inputs])


def _calculation(result: Calculation) -> dict[str, Any]:
    return dict(edition=result.edition.id, notice=result.edition.notice, rule_id=result.rule.id,
                rule_since=result.rule.since, on=result.on, inputs=dict(result.inputs),
                remedies=[asdict(remedy) for remedy in result.remedies],
                source=result.rule.source, confidence=result.confidence,
                warning_ko=result.warning_ko)


def _plain(value: Any) -> Any:
    """Formula constants as JSON: day bands become objects, tuples lists."""
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _page(items: Sequence[dict[str, Any]], query: dict[str, Any]) -> dict[str, Any]:
    """A page after the cursor (the id of the previous page's last item, made opaque)."""
    start = 0
    if query.get("cursor"):
        ids = [item["id"] for item in items]
        after = _decode(query["cursor"])
        if after not in ids:
            raise ApiProblem(400, "cursor is not one this service gave out", slug="bad-cursor")
        start = ids.index(after) + 1
    page = list(items[start:start + query["limit"]])
    more = start + len(page) < len(items)
    return {"items": page, "next_cursor": _encode(page[-1]["id"]) if more and page else None}


def _encode(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
