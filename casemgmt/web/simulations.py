"""The policy simulation page: the claims received in a period replayed under other authority
limits, tier multipliers, standard edition or deadline lengths, actual against simulated, in
total and by category — POST /simulations' answer, from the application's PolicySimulation.

A GET form (nothing is written; its inputs are no personal data), for the roles the API admits
(supervisor, admin). The body is validated by the API's own schema (SimulationIn).
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Mapping

from flask import Blueprint, render_template, request
from marshmallow import ValidationError

from . import backend
from .access import page
from .forms import Errors, Failed, flatten, korean
from .labels import ko

blp = Blueprint("simulations", __name__)
SIMULATE = ("POST", "/api/v1/simulations")
TIERS = ("regular", "loyal", "vip")
LIMIT_ROWS = 3
# DeadlinePolicy's lengths the form offers: (field, label, unit)
DEADLINES = [
    ("first_response_business_days", "첫 응답 기한", "영업일"),
    ("priority_first_response_hours", "우선 처리 클레임의 첫 응답 기한", "시간"),
    ("fact_check_business_days", "사실 확인 답변 기한", "영업일"),
    ("refund_business_days", "환급 기한", "영업일"),
    ("default_resolution_business_days", "처리 완료 기한 (유형별 기한이 없는 경우)", "영업일"),
    ("relief_days", "기관 피해구제 처리기간", "일"),
]
MEASURES = [  # (key, label, money)
    ("needing_approval", "승인이 필요한 결정", False),
    ("amount_krw", "승인이 필요한 결정의 금액", True),
    ("counted_krw", "전결 한도에 든 금액 (기준 초과분)", True),
    ("deadlines_missed", "지키지 못한 기한", False),
]
SCHEMA_MESSAGES = {
    "to must not be before from": "끝 날짜는 시작 날짜보다 앞설 수 없습니다.",
    "at most": f"한 번에 {backend.SIMULATION_MAX_DAYS}일까지 시뮬레이션합니다. 더 긴 기간은 "
               "`casemgmt simulate` 명령으로 실행하세요.",
}


@blp.get("/simulations")
@page(api=SIMULATE)
def form():
    today = backend.today()
    args = request.args
    errors: Errors = {}
    report = None
    if args.get("step") == "run":
        body = _body(args, errors)
        data = _load(body, errors)
        if data is not None and not errors:
            report = _run(data, errors)
    defaults = {"from": (today - timedelta(days=29)).isoformat(), "to": today.isoformat()}
    return render_template(
        "simulations.html", values=args, defaults=defaults, errors=errors, report=report,
        failed=Failed("simulate", errors, args) if errors else None, tiers=TIERS,
        multipliers=backend.tier_multipliers(),
        limit_rows=range(1, LIMIT_ROWS + 1), deadlines=DEADLINES, measures=MEASURES,
        editions=backend.standard_editions(), max_days=backend.SIMULATION_MAX_DAYS,
        category=lambda c: ko(c, "category"),
    ), 422 if errors else 200


def _number(raw: str | None) -> str:
    return re.sub(r"[,_\s]", "", raw or "")


def _body(args: Mapping[str, str], errors: Errors) -> dict[str, Any]:
    """The form's fields as POST /simulations' body (blank fields left out)."""
    body: dict[str, Any] = {"from": args.get("from", "").strip() or None,
                            "to": args.get("to", "").strip() or None}
    multipliers: dict[str, Any] = {}
    for tier in TIERS:
        raw = _number(args.get(f"authority.tier_multipliers.{tier}"))
        if raw:
            try:
                multipliers[tier] = float(raw)
            except ValueError:
                errors[f"authority.tier_multipliers.{tier}"] = ["숫자로 입력하세요 (예: 1.5)."]
    limits: dict[str, Any] = {}
    for row in range(1, LIMIT_ROWS + 1):
        staff_id = (args.get(f"limits.{row}.staff_id") or "").strip()
        raw = _number(args.get(f"limits.{row}.krw"))
        if not staff_id and not raw:
            continue
        if not staff_id:
            errors[f"limits.{row}.staff_id"] = ["한도를 바꿀 직원 ID를 입력하세요."]
        elif not raw.isdigit() or len(raw) > 13:
            errors[f"limits.{row}.krw"] = ["0 이상의 정수(원)로 입력하세요."]
        elif not backend.staff_exists(staff_id):
            errors[f"limits.{row}.staff_id"] = ["그런 ID의 직원이 없습니다."]
        else:
            limits[staff_id] = int(raw)
    body["authority"] = {"tier_multipliers": multipliers, "limits": limits}
    edition = (args.get("standard_edition") or "").strip()
    if edition:
        body["standard_edition"] = edition
    deadlines = {}
    for name, _, _ in DEADLINES:
        raw = _number(args.get(f"deadlines.{name}"))
        if raw:
            if raw.isdigit() and len(raw) <= 4:
                deadlines[name] = int(raw)
            else:
                errors[f"deadlines.{name}"] = ["0 이상의 정수로 입력하세요."]
    body["deadlines"] = deadlines
    return body


def _load(body: dict[str, Any], errors: Errors) -> dict[str, Any] | None:
    try:
        return backend.SCHEMAS["simulation"]().load(body)
    except ValidationError as error:
        for field, texts in korean(flatten(error.messages)).items():
            errors.setdefault(field, []).extend(_korean(t) for t in texts)
    return None


def _korean(text: str) -> str:
    return next((k for english, k in SCHEMA_MESSAGES.items() if text.startswith(english)), text)


def _run(data: dict[str, Any], errors: Errors) -> dict[str, Any] | None:
    authority = data["authority"]
    what_if = backend.WhatIf(start=data["from_"], end=data["to"],
                             tier_multipliers=authority.get("tier_multipliers") or None,
                             limits=authority.get("limits") or {},
                             edition=data.get("standard_edition"), deadlines=data["deadlines"])
    try:
        return backend.simulate(what_if)
    except backend.NotInStandard:
        errors["standard_edition"] = ["목록에 있는 판을 고르세요."]
    except ValueError:
        errors["_form"] = ["기한 길이를 이 값으로 바꿀 수 없습니다."]
    return None
