"""Every command on a claim the workspace offers: its form's address (the API's path without
/api/v1), the API operation whose roles may use it, and what the page says about it."""
from __future__ import annotations

from dataclasses import dataclass

API = "/api/v1/claims/{claim_id}"


@dataclass(frozen=True)
class Command:
    key: str             # the use case's entry in backend.USE_CASES / TRIALS
    rule: str            # the form's URL rule in the workspace
    api_path: str        # the API operation (its x-roles admit who may use it)
    title: str           # the form's heading and button
    done: str            # said after it worked
    part: str | None = None  # "fact_check_id", "decision_id" or "escalation_id"
    quiet: bool = False      # when refused, not listed among "지금 할 수 없는 작업"

    @property
    def method_and_path(self) -> tuple[str, str]:
        return "POST", self.api_path


def _command(key: str, path: str, title: str, done: str, part: str | None = None) -> Command:
    return Command(key, f"/claims/<claim_id>{path}",
                   API + path.replace("<", "{").replace(">", "}"), title, done, part)


COMMANDS = [
    _command("assignment", "/assignment", "담당자 배정", "담당자를 배정했습니다."),
    _command("responses", "/responses", "고객 응답 기록", "고객 응답을 기록했습니다."),
    _command("notes", "/notes", "내부 메모", "메모를 남겼습니다."),
    _command("fact-checks", "/fact-checks", "사실 확인 요청", "사실 확인을 요청했습니다."),
    _command("fact-check-answer", "/fact-checks/<fact_check_id>/answer", "답변 기록",
             "사실 확인 답변을 기록했습니다.", "fact_check_id"),
    _command("fact-check-cancellation", "/fact-checks/<fact_check_id>/cancellation",
             "사실 확인 취소", "사실 확인을 취소했습니다.", "fact_check_id"),
    _command("decisions", "/decisions", "보상 결정", "보상 결정을 기록했습니다."),
    _command("approval", "/decisions/<decision_id>/approval", "승인 또는 반려",
             "결정을 검토했습니다.", "decision_id"),
    _command("escalations", "/escalations", "외부 기관 이관 등록", "기관 이관을 등록했습니다."),
    _command("escalation-stage", "/escalations/<escalation_id>/stage", "기관 절차 단계 변경",
             "기관 절차 단계를 바꿨습니다.", "escalation_id"),
    _command("escalation-replies", "/escalations/<escalation_id>/replies", "기관에 회신",
             "기관 회신을 기록했습니다.", "escalation_id"),
    _command("escalation-extension", "/escalations/<escalation_id>/extension",
             "기관 처리기간 연장", "처리기간 연장을 기록했습니다. 기한이 늦춰졌습니다.",
             "escalation_id"),
    _command("escalation-outcome", "/escalations/<escalation_id>/outcome", "기관 절차 결과",
             "기관 절차를 종료했습니다.", "escalation_id"),
    _command("closure", "/closure", "종결", "클레임을 종결했습니다."),
    _command("reopening", "/reopening", "재오픈", "클레임을 다시 열었습니다."),
    _command("satisfaction", "/satisfaction", "만족도 기록 (해피콜)", "만족도를 기록했습니다."),
    _command("abuse-reports", "/abuse-reports", "폭언·괴롭힘 신고 (세이프티케어)",
             "신고를 기록했습니다. 필요하면 상급자에게 인계하세요."),
]
BY_KEY = {command.key: command for command in COMMANDS}
# "take" is the assignment to oneself: the same operation, offered as one button
TAKE = Command("take", "", BY_KEY["assignment"].api_path, "이 클레임 맡기", "클레임을 맡았습니다.")
