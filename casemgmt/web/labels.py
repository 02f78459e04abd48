"""Korean words for the API's enum values, event types and fields, as the team says them
(DOMAIN.md). A value without a label is shown as it is, never hidden."""
from __future__ import annotations

from typing import Any

LABELS: dict[str, dict[str, str]] = {
    "status": {"new": "신규", "in_progress": "처리 중", "awaiting_vendor": "사실 확인 대기",
               "awaiting_approval": "승인 대기", "escalated": "기관 이관", "closed": "종결"},
    "channel": {"phone": "전화", "chat": "채팅", "board": "1:1 게시판", "email": "이메일",
                "sns": "SNS·포털 모니터링", "agency": "외부 기관 이관"},
    "category": {"exchange_return": "교환·반품", "refund_delay": "환불 지연", "delivery": "배송",
                 "product_info": "상품 정보", "product_mismatch": "상품 상이(색상 등)",
                 "membership": "회원·멤버십", "promotion": "프로모션·쿠폰",
                 "merchant_service": "입점업체 서비스 불이행", "agent_conduct": "상담사 응대",
                 "other": "기타"},
    "tier": {"regular": "일반", "loyal": "우수", "vip": "VIP"},
    "vulnerable": {"senior": "고령", "visually_impaired": "시각장애"},
    "role": {"agent": "상담사", "supervisor": "상급자", "auditor": "감사", "scheduler": "스케줄러",
             "admin": "관리자"},
    "priority": {"normal": "보통", "high": "높음", "urgent": "긴급"},
    "vendor_kind": {"merchant": "입점업체", "logistics": "물류", "internal": "내부 부서"},
    "fact_check_status": {"open": "답변 대기", "answered": "답변 완료", "cancelled": "취소"},
    "finding": {"confirmed": "사실 확인됨", "disputed": "이견 있음", "inconclusive": "판단 불가"},
    "remedy": {"refund": "환불", "partial_refund": "부분 환불", "exchange": "교환",
               "upgrade_exchange": "상위 상품 교환", "shipping_fee_waiver": "반품 배송비 면제",
               "used_item_return": "사용 상품 반품 허용", "coupon": "쿠폰", "points": "적립금",
               "repair": "수리", "apology": "사과", "reject": "요청 거절"},
    "decision_status": {"approved": "승인", "pending_approval": "승인 대기", "rejected": "반려"},
    "agency": {"kca": "한국소비자원", "kca_1372": "1372 소비자상담센터",
               "mediation_committee": "소비자분쟁조정위원회", "other": "기타 기관"},
    "stage": {"fact_inquiry": "사실 조회", "settlement_recommended": "합의 권고",
              "referred_to_mediation": "분쟁조정 회부", "mediation_decided": "조정 결정"},
    "outcome": {"settled": "합의", "recommendation_accepted": "권고 수락",
                "recommendation_rejected": "권고 불수락", "mediation_accepted": "조정 수락",
                "mediation_rejected": "조정 불수락", "withdrawn": "취하"},
    "resolution": {"resolved": "해결", "rejected": "요청 거절", "withdrawn": "고객 철회",
                   "duplicate": "중복 접수"},
    "via": {"happy_call": "해피콜", "survey": "설문"},
    "abuse_kind": {"verbal_abuse": "폭언", "threat": "협박", "sexual_harassment": "성희롱",
                   "repeated_contact": "반복·장시간 연락"},
    "flag": {"abuse_reported": "폭언·괴롭힘 신고", "vulnerable_customer": "취약 고객",
             "reopened": "재오픈", "agency_escalation": "기관 이관"},
    "deadline": {"first_response": "첫 응답", "resolution": "처리 완료", "refund": "환급",
                 "fact_check": "사실 확인", "relief": "피해구제 처리",
                 "mediation_decision": "분쟁조정 결정", "acceptance": "조정 수락 여부 통보"},
    "reason": {"agency_escalation": "기관 이관", "reopened": "재오픈", "low_satisfaction": "낮은 만족도",
               "deadline_missed": "기한 초과", "long_time_to_close": "장기 처리",
               "several_contacts": "여러 차례 연락", "abuse_free": "폭언 이력 없음"},
    "attachment_kind": {"photo": "사진", "receipt": "영수증", "document": "문서",
                        "recording": "녹음", "other": "기타"},
    "link_status": {"active": "사용 가능", "expired": "만료", "revoked": "회수됨",
                    "closed": "사실 확인 종료"},
    "confidence": {"sourced": "원문 확인", "verify": "원문 대조 필요", "weak": "2차 출처",
                   "guess": "추정"},
    "lookup": {"phone": "전화번호", "email": "이메일", "order_id": "주문번호", "name": "이름"},
    "hold": {"duplicate_compensation": "같은 주문에 이미 보상이 있어 상급자 승인 필요 (중복 보상 방지)"},
    "webhook_state": {"active": "전송 중", "paused": "일시 중지"},
    "delivery_status": {"pending": "대기", "delivered": "전달됨", "failed": "실패"},
    "event": {
        "Filed": "접수", "Assigned": "배정", "Responded": "고객 응답", "NoteAdded": "내부 메모",
        "AbuseReported": "폭언·괴롭힘 신고", "FactCheckRequested": "사실 확인 요청",
        "FactCheckAnswered": "사실 확인 답변", "FactCheckCancelled": "사실 확인 취소",
        "DecisionProposed": "보상 결정", "DecisionApproved": "결정 승인",
        "DecisionRejected": "결정 반려", "Escalated": "외부 기관 이관",
        "EscalationAdvanced": "기관 절차 단계 변경", "AgencyReplied": "기관에 회신",
        "AgencyExtended": "기관 처리기간 연장",
        "EscalationConcluded": "기관 절차 종료", "Closed": "종결", "Reopened": "재오픈",
        "SatisfactionRecorded": "만족도 기록", "FirstResponseOverdue": "첫 응답 기한 초과",
        "FactCheckOverdue": "사실 확인 기한 초과", "ResolutionOverdue": "처리 기한 초과",
        "AgencyDeadlineMissed": "기관 기한 초과", "AgencyDeadlineApproaching": "기관 기한 임박",
        "AttachmentAdded": "증거 파일 추가", "VendorLinkIssued": "업체 링크 발급",
        "VendorLinkRevoked": "업체 링크 회수",
    },
    "field": {
        "channel": "채널", "category": "유형", "customer": "고객", "order": "주문",
        "summary": "요약", "description": "내용", "received_at": "접수 시각", "assignee": "담당자",
        "message": "메시지", "text": "내용", "kind": "종류", "details": "상세",
        "fact_check_id": "사실 확인", "vendor_id": "확인 대상", "vendor_kind": "대상 구분",
        "question": "질문", "due_at": "기한", "finding": "확인 결과", "evidence": "증거",
        "reason": "사유", "decision_id": "결정", "remedy": "보상", "amount_krw": "금액",
        "rationale": "고객에게 설명할 근거", "status": "상태", "note": "의견",
        "escalation_id": "기관 절차", "agency": "기관", "agency_reference": "기관 접수번호",
        "stage": "단계", "stage_at": "단계 일시", "outcome": "결과", "resolution": "종결 사유",
        "score": "점수", "via": "조사 방법", "comment": "고객 의견", "deadline": "기한 종류",
        "id": "ID", "name": "이름", "phone": "전화", "email": "이메일", "tier": "등급",
        "vulnerable": "취약 고객", "merchant_id": "입점업체", "at": "일시",
        "attachment_id": "파일 ID", "filename": "파일 이름", "media_type": "형식", "size": "크기",
        "sha256": "SHA-256", "link_id": "링크 ID", "expires_at": "만료",
        "days": "연장 일수", "extended_at": "연장 일시",
        "standard_edition": "분쟁해결기준 판", "standard_rule_id": "기준 행",
        "standard_inputs": "기준 입력값", "standard_kind": "기준 보상",
        "standard_amount_krw": "기준 금액", "standard_explanation_ko": "기준 계산",
    },
}
# an event's `kind` is an abuse report's or a file's; their values do not overlap
LABELS["kind"] = {**LABELS["abuse_kind"], **LABELS["attachment_kind"]}
# the duplicate-compensation guard's fields of a decision (issue 10)
LABELS["field"].update({"hold": "보류 사유", "previous": "같은 주문의 이전 보상",
                        "acknowledged_previous": "승인 때 확인한 이전 보상",
                        "claim_id": "클레임"})

# which label family a field of an event's data takes its value's words from
VALUE_KINDS = {"channel": "channel", "category": "category", "kind": "kind",
               "vendor_kind": "vendor_kind", "finding": "finding", "remedy": "remedy",
               "status": "decision_status", "agency": "agency", "stage": "stage",
               "outcome": "outcome", "resolution": "resolution", "via": "via", "tier": "tier",
               "deadline": "deadline"}
VALUE_KINDS["hold"] = "hold"


def ko(value: Any, kind: str) -> str:
    if value is None:
        return ""
    text = str(value)
    if kind == "deadline" and ":" in text:  # fact_check:fc-1, relief:e-1
        name, _, part = text.partition(":")
        return f"{LABELS['deadline'].get(name, name)} ({part})"
    return LABELS.get(kind, {}).get(text, text)


def choices(kind: str) -> list[tuple[str, str]]:
    """(value, Korean label) pairs for a select or radio group, in the API's order."""
    return list(LABELS[kind].items())
