"""What the page says, in Korean, when a rule refuses a command: by the rule's stable code
(the API's problem ``rule``), falling back to the rule's own words."""
from __future__ import annotations

REASONS = {
    "role.casework": "이 역할은 클레임을 읽을 수만 있고 변경할 수 없습니다.",
    "assignment.not_yours": "내게 배정된 클레임만 변경할 수 있습니다. 먼저 클레임을 맡으세요 "
                            "(다른 상담사에게 배정된 클레임은 상급자에게 요청하세요).",
    "assignment.agent_self_only": "상담사는 클레임을 자기 자신에게만 배정할 수 있습니다.",
    "assignment.taken": "다른 담당자에게 배정된 클레임입니다. 상급자에게 요청하세요.",
    "assignment.assignee_role": "상담사나 상급자에게만 배정할 수 있습니다.",
    "assignment.unchanged": "이미 그 담당자에게 배정되어 있습니다.",
    "assignee.unknown": "그런 ID의 직원이 없습니다.",
    "approval.supervisor_only": "결정의 승인과 반려는 상급자만 할 수 있습니다.",
    "approval.not_proposer": "자신이 제안한 결정은 승인하거나 반려할 수 없습니다.",
    "approval.beyond_authority": "이 금액은 나의 승인 한도를 넘습니다. 한도가 더 큰 상급자가 "
                                 "검토해야 합니다.",
    "approval.not_pending": "이미 검토된 결정입니다.",
    "approval.unseen_previous": "이 결정이 제안된 뒤 같은 주문에 다른 지급이 승인되었습니다. "
                                "화면을 새로 고쳐 이전 지급을 확인한 뒤 다시 승인하세요.",
    "attachment.duplicate": "같은 첨부 파일이 이미 있습니다.",
    "vendor_link.none_usable": "이 사실 확인에는 아직 쓸 수 있는 업체 링크가 없습니다.",
    "claim.closed": "종결된 클레임입니다. 먼저 재오픈하세요.",
    "closure.decision_pending": "승인을 기다리는 결정이 있어 종결할 수 없습니다.",
    "closure.escalation_open": "결과가 나지 않은 기관 절차가 있어 종결할 수 없습니다.",
    "closure.no_response": "고객에게 아직 응답하지 않아 종결할 수 없습니다.",
    "reopening.not_closed": "종결된 클레임만 재오픈할 수 있습니다.",
    "satisfaction.not_closed": "만족도는 종결 후에 기록합니다.",
    "fact_check.not_open": "답변 대기 중인 사실 확인이 아닙니다.",
    "escalation.concluded": "이미 결과가 기록된 기관 절차입니다.",
    "escalation.duplicate": "같은 기관의 같은 접수번호가 이미 등록되어 있습니다.",
    "escalation.stage_backwards": "기관 절차는 다음 단계로만 진행할 수 있습니다.",
    "extension.no_relief_period": "이 기관 절차에는 연장할 처리 기간이 없습니다.",
    "amount_krw.not_allowed": "사과·요청 거절 결정에는 금액을 넣을 수 없습니다 (0원).",
    # a decision citing the remedy standard (web/decision_standard.py)
    "standard.input_missing": "이 기준이 묻는 항목입니다. 값을 입력하세요.",
    "standard.input_unknown": "이 기준이 묻지 않는 항목입니다. 기준을 다시 고르세요.",
    "standard.input_invalid": "이 기준에 맞지 않는 값입니다.",
    "standard.no_amount_for_remedy": "이 기준은 고른 보상에 금액을 정하지 않습니다. 환불에는 환급 "
                                     "기준을, 부분 환불에는 배상 또는 환급 기준을 고르세요.",
    "standard.rule_not_in_edition": "그날 시행 중인 판에는 없는 기준입니다.",
    "standard.unknown_rule": "목록에 있는 기준을 고르세요.",
    "standard.no_edition_in_force": "그날 시행 중인 판이 없습니다. 날짜를 확인하세요.",
    "due_at.past": "기한은 지금보다 나중이어야 합니다.",
    "score.range": "점수는 0부터 10까지입니다.",
    "candidate.unknown": "이번 달 후보가 아닌 클레임입니다.",
    "selection.duplicate": "이미 선정된 후보입니다.",
}
SUFFIXES = {
    "required": "필수 항목입니다.",
    "future": "미래 시각은 입력할 수 없습니다.",
    "offset": "날짜와 시각을 입력하세요.",
    "unknown": "목록에 있는 값을 고르세요.",
    "invalid": "0 이상의 정수(원)를 입력하세요.",
}


def reason(rule: str | None, fallback: str) -> str:
    if rule in REASONS:
        return REASONS[rule]
    suffix = (rule or "").rsplit(".", 1)[-1]
    return SUFFIXES.get(suffix, fallback)
