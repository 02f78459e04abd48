"""An agency's extension of its relief period (소비자기본법 제58조 단서), on the claim without a
database: the relief deadline moves, and the rules of who, which track, how long and when.

The KCA received the relief request on Fri 2026-11-20 10:00: without an extension, day 30 is
Sun Dec 20, moved to Mon Dec 21 (민법 제161조)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.claim import Claim
from casemgmt.domain.deadlines import DeadlinePolicy, escalation_deadlines, overdue
from casemgmt.domain.errors import InvalidCommand, NotPermitted, StateConflict
from casemgmt.domain.values import Actor, Customer, Role
from tests.expect import refused

AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=30_000)
OTHER_AGENT = Actor(id="agent-2", role=Role.AGENT, authority_limit=30_000)
POLICY = DeadlinePolicy()
RECEIVED = datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL)   # the agency's receipt, a Friday
REASON = "제품 시험검사 의뢰로 원인 규명에 시간 필요"


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, 999_999, tzinfo=SEOUL)


def an_escalated_claim(agency: str = "kca", *, keep_events: bool = False) -> Claim:
    claim = Claim.file(channel="phone", category="merchant_service",
                       customer=Customer(id="C-1001", name="김민수"), order=None,
                       summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업", description=None,
                       received_at=None, by=AGENT, at=RECEIVED - timedelta(days=7))
    claim.assign(AGENT, by=AGENT, at=RECEIVED - timedelta(days=7))
    claim.respond("불편을 드려 죄송합니다.", "phone", by=AGENT, at=RECEIVED - timedelta(days=7))
    claim.escalate(agency, "KCA-2026-0417", RECEIVED, None, by=AGENT, at=RECEIVED)
    if not keep_events:
        claim.collect_events()
    return claim


def relief(claim: Claim) -> datetime:
    return escalation_deadlines(claim.escalation("e-1"), POLICY)["relief"]


def test_an_extension_moves_the_relief_deadline_by_its_days():
    claim = an_escalated_claim()
    on_day_25 = RECEIVED + timedelta(days=25)

    claim.extend_relief_period("e-1", 30, REASON, None, by=AGENT, at=on_day_25, policy=POLICY)

    # day 60 after Nov 20 is Tue Jan 19, 2027 (no holiday)
    assert relief(claim) == end_of(2027, 1, 19)
    [event] = claim.collect_events()
    assert type(event).__name__ == "AgencyExtended"
    assert (event.escalation_id, event.days, event.reason, event.extended_at, event.by) == (
        "e-1", 30, REASON, on_day_25, "agent-1")


def test_an_extended_kca_case_is_not_overdue_after_day_thirty():
    claim = an_escalated_claim()
    claim.extend_relief_period("e-1", 60, REASON, RECEIVED + timedelta(days=20),
                               by=AGENT, at=RECEIVED + timedelta(days=21), policy=POLICY)
    on_day_40 = RECEIVED + timedelta(days=40)

    late = overdue(claim, on_day_40, POLICY)

    assert "relief:e-1" not in late
    assert "relief:e-1" in overdue(an_escalated_claim(), on_day_40, POLICY)


def test_two_extensions_add_up_to_at_most_sixty_days():
    claim = an_escalated_claim()
    claim.extend_relief_period("e-1", 40, REASON, None, by=AGENT, at=RECEIVED, policy=POLICY)

    with refused(InvalidCommand, "days.beyond_cap"):
        claim.extend_relief_period("e-1", 21, REASON, None, by=AGENT, at=RECEIVED,
                                   policy=POLICY)
    claim.extend_relief_period("e-1", 20, "추가 조사", None, by=AGENT, at=RECEIVED, policy=POLICY)

    assert claim.escalation("e-1").extension_days == 60
    assert [e.days for e in claim.escalation("e-1").extensions] == [40, 20]
    # day 90 is Thu Feb 18, 2027
    assert relief(claim) == end_of(2027, 2, 18)


@pytest.mark.parametrize("days", [0, -5, 61, 10.5, True])
def test_an_extension_is_a_whole_number_of_days_from_one_to_sixty(days):
    claim = an_escalated_claim()

    with refused(InvalidCommand, "days.range"):
        claim.extend_relief_period("e-1", days, REASON, None, by=AGENT, at=RECEIVED,
                                   policy=POLICY)

    assert claim.collect_events() == []


def test_a_mediation_committee_track_has_no_relief_period_to_extend():
    claim = an_escalated_claim("mediation_committee")

    with refused(StateConflict, "extension.no_relief_period"):
        claim.extend_relief_period("e-1", 30, REASON, None, by=AGENT, at=RECEIVED,
                                   policy=POLICY)


def test_no_extension_after_the_track_has_its_outcome():
    claim = an_escalated_claim()
    claim.conclude_escalation("e-1", "settled", "환불로 합의", by=AGENT, at=RECEIVED)

    with refused(StateConflict, "escalation.concluded"):
        claim.extend_relief_period("e-1", 30, REASON, None, by=AGENT, at=RECEIVED,
                                   policy=POLICY)


def test_the_extension_is_dated_between_the_agencys_receipt_and_now():
    claim = an_escalated_claim()
    now = RECEIVED + timedelta(days=3)

    with refused(InvalidCommand, "at.before_receipt"):
        claim.extend_relief_period("e-1", 30, REASON, RECEIVED - timedelta(days=1), by=AGENT,
                                   at=now, policy=POLICY)
    with refused(InvalidCommand, "at.future"):
        claim.extend_relief_period("e-1", 30, REASON, now + timedelta(days=1), by=AGENT,
                                   at=now, policy=POLICY)
    with refused(InvalidCommand, "reason.required"):
        claim.extend_relief_period("e-1", 30, "  ", None, by=AGENT, at=now, policy=POLICY)


def test_only_the_assignee_records_an_extension():
    claim = an_escalated_claim()

    with pytest.raises(NotPermitted):
        claim.extend_relief_period("e-1", 30, REASON, None, by=OTHER_AGENT, at=RECEIVED,
                                   policy=POLICY)


def test_the_extension_survives_a_replay_of_the_events():
    claim = an_escalated_claim(keep_events=True)
    claim.extend_relief_period("e-1", 15, REASON, None, by=AGENT, at=RECEIVED, policy=POLICY)

    replayed = None
    for event in claim.collect_events():
        replayed = event.mutate(replayed)

    assert replayed.escalation("e-1").extension_days == 15
    assert relief(replayed) == relief(claim) == end_of(2027, 1, 4)
