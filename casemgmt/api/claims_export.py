"""GET /claims/export.csv: claims for VoC sharing, streamed as CSV that Excel opens in Korean.

Masked names, phones and e-mails next to customer ids are still personal data (pseudonymised,
PIPA §2): each page's claims are written to the PII access log before the page is sent, so
nothing leaves unrecorded even though the response outlives the view function.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Iterator

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, validates_schema

from casemgmt.domain.access import MAY
from casemgmt.projections.claims_export import COLUMNS, export_pages

from .auth import current_actor
from .access_log import accesses_of
from .claim_results import fresh_views
from .operation import operation
from .schemas.common import moment
from .services import services

blp = Blueprint("claims_export", __name__, url_prefix="/api/v1/claims",
                description="The claims export (CSV, customers masked)")
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one
ENDPOINT = "/api/v1/claims/export.csv"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportQuery(Schema):
    received_from = moment(metadata={"description": "inclusive"})
    received_to = moment(metadata={"description": "exclusive"})

    @validates_schema
    def _in_order(self, data, **kwargs):
        if "received_from" in data and "received_to" in data and (
                data["received_to"] <= data["received_from"]):
            raise ValidationError("must be later than received_from", "received_to")


@blp.route("/export.csv")
@operation(blp, roles=MAY["export_claims"])
@blp.arguments(ExportQuery, location="query")
@blp.response(200, content_type="text/csv", description=(
    "UTF-8 with a byte-order mark; one row per claim, oldest received first; customers "
    "masked; streamed"), headers={"Content-Disposition": {
        "description": "attachment; filename=claims-….csv", "schema": {"type": "string"}}})
def export_claims(query):
    """Every claim received in the period as CSV: ids, channel, category, status, times, response
    and resolution minutes, decisions, satisfaction; customer names, phones, e-mails masked."""
    return export_response(query, current_actor(), endpoint=ENDPOINT)


def export_response(query: dict, actor, *, endpoint: str | None = None) -> Response:
    """The streamed CSV for `actor` (the workspace's export button calls this too); each page
    is logged under `endpoint` (default: the route's template)."""
    fresh_views()
    svc = services()
    start, end = query.get("received_from"), query.get("received_to")
    pages = export_pages(svc.db, svc.casemgmt.sealer, start=start, end=end)
    log = _access_logger(actor, endpoint)
    # The generator needs no request context (it holds what it uses), so a client that stops
    # reading leaves nothing of the request behind.
    return Response(_csv(pages, log), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{_filename(start, end)}"'})


def _csv(pages: Iterator[list[dict[str, Any]]], log) -> Iterator[str]:
    yield BOM + _line(COLUMNS)
    for page in pages:
        log(page)
        yield "".join(_line([_cell(row[c]) for c in COLUMNS]) for row in page)


def _access_logger(actor, endpoint: str | None = ENDPOINT):
    """Each page is logged before it is sent; the generator runs after the request context, so
    it keeps what it needs of the request."""
    svc = services()
    describe = accesses_of(actor, endpoint=endpoint)

    def log(page: list[dict[str, Any]]) -> None:
        svc.access_log.append(describe({row["claim_id"]: row["customer_id"] for row in page}))

    return log


def _line(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Times in RFC 3339; a text that Excel would run as a formula is quoted (OWASP, CSV
    injection): an order number or name typed as =HYPERLINK(…) stays text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _filename(start: datetime | None, end: datetime | None) -> str:
    def day(moment: datetime | None, default: str) -> str:
        return moment.date().isoformat() if moment else default

    return f"claims-{day(start, 'all')}-{day(end, 'now')}.csv"
