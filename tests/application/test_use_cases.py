"""The use cases as wiring, on both databases: each loads the claim, runs the command on it and
saves what it recorded (a second application reads it back), or saves nothing when a rule
refuses; and what the application itself decides (the time, who the staff are, which claim).

The rules themselves are tested on the aggregate, without a database: tests/domain.
"""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from casemgmt.application.errors import ClaimNotFound, StaffNotFound
from casemgmt.domain.errors import InvalidCommand, NotPermitted, StateConflict
from casemgmt.domain.values import Order
from tests.application.expect import event_types, log_position, stored_events, stored_since
from tests.builders import a_claim_in_hand, a_customer, a_filed_claim, a_responded_claim, kst
from tests.expect import refused


def visible(claim) -> dict:
    return {name: value for name, value in vars(claim).items()
            if not name.startswith("_")} | {"version": claim.version, "status": claim.status}


def family_steps(app, team, clock):
    """Per use-case family, the commands that take a responded claim through it."""
    agent, supervisor = team.agent.actor, team.supervisor.actor
    received = clock.now() - timedelta(days=1)
    return {
        "assignment": [lambda cid: app.assign(supervisor, cid, team.other_agent.id)],
        "responses, notes, abuse": [
            lambda cid: app.respond(agent, cid, "추가 안내드립니다", "chat"),
            lambda cid: app.add_note(agent, cid, "오후 통화 희망"),
            lambda cid: app.report_abuse(agent, cid, kind="verbal_abuse", details="욕설")],
        "fact checks": [
            lambda cid: app.request_fact_check(agent, cid, vendor_id="M-9",
                                               vendor_kind="merchant", question="휴업일?"),
            lambda cid: app.answer_fact_check(agent, cid, "fc-1", finding="confirmed",
                                              details="공사", evidence=["notice.png"]),
            lambda cid: app.request_fact_check(agent, cid, vendor_id="L-1",
                                               vendor_kind="logistics", question="배송?"),
            lambda cid: app.cancel_fact_check(agent, cid, "fc-2", reason="불필요")],
        "decisions": [
            lambda cid: app.propose_decision(agent, cid, remedy="refund", amount_krw=89_000,
                                             rationale="전액 환불"),
            lambda cid: app.review_decision(supervisor, cid, "d-1", approved=True, note="승인")],
        "escalations": [
            lambda cid: app.escalate(agent, cid, agency="kca", agency_reference="KCA-7",
                                     received_at=received),
            lambda cid: app.advance_escalation(agent, cid, "e-1", stage="settlement_recommended",
                                               details="권고"),
            lambda cid: app.reply_to_agency(agent, cid, "e-1", "회신드립니다"),
            lambda cid: app.conclude_escalation(agent, cid, "e-1", outcome="settled")],
        "closure, reopening, satisfaction": [
            lambda cid: app.close_claim(agent, cid, resolution="resolved", summary="환불"),
            lambda cid: app.record_satisfaction(agent, cid, score=9, via="happy_call"),
            lambda cid: app.reopen(agent, cid, "재문의")],
    }


FAMILIES = ["assignment", "responses, notes, abuse", "fact checks", "decisions", "escalations",
            "closure, reopening, satisfaction"]


@pytest.mark.parametrize("family", FAMILIES)
def test_each_command_saves_what_it_recorded(app, team, clock, reread, family):
    claim = a_responded_claim(app, team.agent.actor)
    returned = []

    for step in family_steps(app, team, clock)[family]:
        clock.advance(minutes=5)
        result = step(claim.id)
        returned.append(result[0] if isinstance(result, tuple) else result)

    assert [c.version for c in returned] == list(
        range(claim.version + 1, claim.version + 1 + len(returned)))
    assert visible(reread(claim.id)) == visible(returned[-1])
    assert stored_events(app, claim.id)[-1].at == clock.now()


REFUSALS = {
    "assignment": (StateConflict, "assignment.unchanged",
                   lambda app, team, cid: app.assign(team.supervisor.actor, cid, team.agent.id)),
    "responses, notes, abuse": (InvalidCommand, "message.required",
                                lambda app, team, cid: app.respond(team.agent.actor, cid, " ",
                                                                   "phone")),
    "fact checks": (InvalidCommand, "vendor.kind.unknown",
                    lambda app, team, cid: app.request_fact_check(
                        team.agent.actor, cid, vendor_id="M-9", vendor_kind="bank",
                        question="?")),
    "decisions": (InvalidCommand, "remedy.unknown",
                  lambda app, team, cid: app.propose_decision(
                      team.agent.actor, cid, remedy="cash", amount_krw=1, rationale="?")),
    "escalations": (InvalidCommand, "agency.unknown",
                    lambda app, team, cid: app.escalate(team.agent.actor, cid, agency="police",
                                                        agency_reference="P-1",
                                                        received_at=app.clock.now())),
    "closure, reopening, satisfaction": (StateConflict, "reopening.not_closed",
                                         lambda app, team, cid: app.reopen(team.agent.actor,
                                                                           cid, "재문의")),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_a_refused_command_saves_nothing(app, team, family):
    claim = a_responded_claim(app, team.agent.actor)
    position = log_position(app)
    error, rule, command = REFUSALS[family]

    with refused(error, rule):
        command(app, team, claim.id)

    assert log_position(app) == position
    assert app.get_claim(claim.id).version == claim.version


# -- intake ----------------------------------------------------------------------------------

def file(app, actor, **overrides):
    values = dict(channel="board", category="refund_delay", customer=a_customer(),
                  order=Order(id="O-501", merchant_id="M-3", amount_krw=42_000),
                  summary="환불이 2주째 안 들어왔어요", description=None, received_at=None)
    values.update(overrides)
    return app.file_claim(actor, **values)


def test_a_filed_claim_reads_back_as_filed(app, team, reread):
    claim = a_filed_claim(app, team.agent.actor, channel="chat")

    stored = reread(claim.id)

    assert visible(stored) == visible(claim)
    assert event_types(app, claim.id) == ["Filed"]


def test_korean_text_round_trips_unchanged_through_the_database(app, team, reread):
    customer = a_customer(name="김민수", email="김민수@예시.한국")

    claim = file(app, team.agent.actor, customer=customer,
                 summary="색상이 사진과 달라요 — 😢 ‘베이지’",
                 description="상세페이지 사진은 베이지인데\n받은 건 회색입니다.")

    stored = reread(claim.id)
    assert stored.customer.name == "김민수"
    assert stored.customer.email == "김민수@예시.한국"
    assert stored.summary == "색상이 사진과 달라요 — 😢 ‘베이지’"
    assert stored.description == "상세페이지 사진은 베이지인데\n받은 건 회색입니다."


def test_received_at_defaults_to_the_applications_clock(app, team, clock):
    clock.advance(minutes=7)

    claim = file(app, team.agent.actor, received_at=None)

    assert claim.received_at == claim.filed_at == kst(2026, 11, 20, 10, 7)


def test_a_refused_intake_stores_nothing(app, team):
    position = log_position(app)

    with pytest.raises(InvalidCommand):
        file(app, team.agent.actor, summary=" ")

    assert stored_since(app, position) == []


# -- what the application looks up -----------------------------------------------------------

@pytest.mark.parametrize("staff_id", [str(uuid.uuid4()), "nobody", ""])
def test_assigning_to_an_unknown_staff_member_is_refused(app, team, staff_id):
    claim = a_filed_claim(app, team.agent.actor)

    with pytest.raises(StaffNotFound):
        app.assign(team.supervisor.actor, claim.id, staff_id)

    assert app.get_claim(claim.id).version == 1


def test_a_claim_id_is_not_a_staff_id(app, team):
    claim = a_filed_claim(app, team.agent.actor)

    with pytest.raises(StaffNotFound):
        app.assign(team.supervisor.actor, claim.id, str(claim.id))

    assert app.get_claim(claim.id).version == 1


def test_a_staff_id_is_not_a_claim_id(app, team):
    with pytest.raises(ClaimNotFound):
        app.respond(team.supervisor.actor, team.agent.id, "안내", "phone")


def test_assigning_an_unknown_claim_is_refused(app, team):
    with pytest.raises(ClaimNotFound):
        app.assign(team.supervisor.actor, uuid.uuid4(), team.agent.id)


def test_a_claim_in_hand_is_changed_only_by_its_holder_through_the_application(app, team):
    claim = a_claim_in_hand(app, team.other_agent.actor)

    with refused(NotPermitted, "assignment.not_yours"):
        app.add_note(team.agent.actor, claim.id, "메모")

    assert app.get_claim(claim.id).version == claim.version
