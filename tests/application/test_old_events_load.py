"""Events written before the claim's events became explicit classes still load, unchanged.

tests/fixtures/v1_store.db was written by commit 6c0a5cc (tests/fixtures/make_v1_store.py):
one claim through every claim event type, a staff member of each casework role.
"""
from __future__ import annotations

from collections import Counter

from casemgmt.domain.claim_events import ClaimEvent
from tests.application.conftest import V1_CLAIM


def test_a_claim_stored_by_the_first_release_loads_with_every_fact(v1_services):
    claim = v1_services.casemgmt.get_claim(V1_CLAIM)
    stored = v1_services.casemgmt.claim_events(V1_CLAIM)
    types = Counter(type(e).__name__ for e in stored)

    assert claim.version == 27
    assert len(types) == 23  # every claim event type
    assert all(isinstance(e, ClaimEvent) for e in stored)
    assert types["DecisionProposed"] == 3 and types["Closed"] == 2
    assert (claim.status.value, claim.resolution, claim.reopen_count) == ("closed", "resolved", 1)
    assert claim.customer.name == "김민수" and claim.customer.tier == "loyal"
    assert [(d.remedy, d.amount_krw, d.status) for d in claim.decisions] == [
        ("coupon", 10_000, "approved"), ("refund", 89_000, "approved"),
        ("points", 100_000, "rejected")]
    assert [(fc.status, fc.finding) for fc in claim.fact_checks] == [
        ("answered", "confirmed"), ("cancelled", None)]
    assert claim.fact_checks[0].evidence == ["사진 1"]
    escalation = claim.escalations[0]
    assert (escalation.stage, escalation.outcome, len(escalation.replies)) == (
        "settlement_recommended", "settled", 1)
    assert sorted((a.kind, a.deadline) for a in claim.alerts) == [
        ("approaching", "relief:e-1"), ("overdue", "fact_check:fc-1"),
        ("overdue", "first_response"), ("overdue", "relief:e-1"), ("overdue", "resolution")]
    assert claim.satisfaction.score == 9 and claim.notes[0].text == "가맹점 확인 필요"
    assert claim.abuse_reports[0].kind == "verbal_abuse"
    assert claim.handlers == [claim.assignee]
