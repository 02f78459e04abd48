"""The workspace's navigation, in one place: each entry shows for the roles the API admits to
the operation behind the page. A later page (customer look-up, evidence files, the remedy
calculator, webhooks) is one more line here once its API operation exists, e.g.
``NavItem("고객 조회", "customers.search", ("GET", "/api/v1/customers"))``."""
from __future__ import annotations

from dataclasses import dataclass

from . import backend


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    api: tuple[str, str]  # (method, path) of the API operation the page fronts


NAV = [
    NavItem("업무 목록", "queue.index", ("GET", "/api/v1/claims")),
    NavItem("클레임 접수", "intake.form", ("POST", "/api/v1/claims")),
    NavItem("고객 조회", "customers.search", ("POST", "/api/v1/customers/search")),
    NavItem("승인 대기", "approvals.inbox",
            ("POST", "/api/v1/claims/{claim_id}/decisions/{decision_id}/approval")),
    NavItem("VoC 통계", "dashboards.voc", ("GET", "/api/v1/stats/voc")),
    NavItem("전결 한도 현황", "dashboards.authority", ("GET", "/api/v1/staff/{staff_id}/authority")),
    NavItem("서프라이즈 & 딜라이트", "dashboards.surprise_delight",
            ("GET", "/api/v1/follow-ups/surprise-delight/{month}")),
    NavItem("웹훅", "webhook_pages.index", ("GET", "/api/v1/webhooks")),
    NavItem("분쟁해결기준 계산기", "remedies.calculator", ("POST", "/api/v1/remedies/calculate")),
    NavItem("정책 시뮬레이션", "simulations.form", ("POST", "/api/v1/simulations")),
]


def items_for(actor: backend.Actor | None) -> list[NavItem]:
    if actor is None:
        return []
    return [item for item in NAV if backend.admits(actor, *item.api)]
