"""Evidence files and vendor links on the claim, without a database: who may add a file,
what a link admits, and the vendor answering its own fact check."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.claim import Claim
from casemgmt.domain.claim_evidence import FileFacts
from casemgmt.domain.errors import (
    InvalidCommand,
    NotPermitted,
    StateConflict,
    UnknownPart,
)
from casemgmt.domain.evidence import LinkRefused
from casemgmt.domain.values import Actor, Customer, Role
from tests.builders import a_claim
from tests.expect import refused

NOW = datetime(2026, 11, 20, 10, 0).astimezone()
AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=30_000)
OTHER_AGENT = Actor(id="agent-2", role=Role.AGENT, authority_limit=30_000)
AUDITOR = Actor(id="audit-1", role=Role.AUDITOR)
PHOTO = FileFacts(filename="매장_휴업_안내문.jpg", media_type="image/jpeg", size=48_213,
                  sha256="ab" * 32)
RECORDING = FileFacts(filename="통화녹음.m4a", media_type="audio/mp4", size=910_000,
                      sha256="cd" * 32)
IN_A_WEEK = NOW + timedelta(days=7)


def a_claim_with_a_fact_check() -> Claim:
    claim = a_claim(customer=Customer(id="C-1", name="김민수", tier="regular"), order=None,
                    summary="레스토랑 휴업", description=None, filed_by=AGENT, held_by=AGENT,
                    at=NOW)
    claim.request_fact_check("M-9", "merchant", "11월 15일에 영업하셨나요?", None, by=AGENT, at=NOW)
    return claim


def a_linked_claim() -> Claim:
    claim = a_claim_with_a_fact_check()
    claim.issue_vendor_link("fc-1", "vl-1", IN_A_WEEK, by=AGENT, at=NOW)
    return claim


def test_an_agent_adds_a_photo_to_their_claim_and_it_is_a_photo_by_its_type():
    claim = a_claim_with_a_fact_check()

    claim.add_attachment("a-1", PHOTO, None, fact_check_id="fc-1", by=AGENT, at=NOW)

    [photo] = claim.attachments
    assert (photo.id, photo.filename, photo.kind, photo.media_type, photo.size) == (
        "a-1", "매장_휴업_안내문.jpg", "photo", "image/jpeg", 48_213)
    assert (photo.fact_check_id, photo.uploaded_by, photo.uploaded_at) == ("fc-1", "agent-1", NOW)


def test_a_recording_is_a_recording_unless_staff_say_otherwise():
    claim = a_claim_with_a_fact_check()

    claim.add_attachment("a-1", RECORDING, None, by=AGENT, at=NOW)
    claim.add_attachment("a-2", RECORDING, "document", by=AGENT, at=NOW)

    assert [a.kind for a in claim.attachments] == ["recording", "document"]


def test_another_agent_and_an_auditor_add_no_file():
    claim = a_claim_with_a_fact_check()

    with refused(NotPermitted, "assignment.not_yours"):
        claim.add_attachment("a-1", PHOTO, None, by=OTHER_AGENT, at=NOW)
    with refused(NotPermitted, "role.casework"):
        claim.add_attachment("a-1", PHOTO, None, by=AUDITOR, at=NOW)

    assert claim.attachments == ()


def test_a_file_names_only_a_fact_check_or_escalation_the_claim_has():
    claim = a_claim_with_a_fact_check()

    with refused(UnknownPart, "fact_check.unknown"):
        claim.add_attachment("a-1", PHOTO, None, fact_check_id="fc-9", by=AGENT, at=NOW)
    with refused(UnknownPart, "escalation.unknown"):
        claim.add_attachment("a-1", PHOTO, None, escalation_id="e-1", by=AGENT, at=NOW)


def test_a_closed_claim_still_takes_a_file_like_a_note():
    claim = a_claim_with_a_fact_check()
    claim.respond("확인 후 연락드리겠습니다", "phone", by=AGENT, at=NOW)
    claim.close("resolved", "환불", by=AGENT, at=NOW)

    claim.add_attachment("a-1", RECORDING, None, by=AGENT, at=NOW + timedelta(days=3))

    assert claim.is_closed and [a.kind for a in claim.attachments] == ["recording"]


@pytest.mark.parametrize("file, kind, rule", [
    (FileFacts("x.exe", "application/x-msdownload", 10, "00" * 32), None, "file.unknown"),
    (FileFacts("empty.txt", "text/plain", 0, "00" * 32), None, "file.empty"),
    (PHOTO, "selfie", "kind.unknown"),
])
def test_a_file_of_no_known_type_empty_or_of_an_unknown_kind_is_refused(file, kind, rule):
    claim = a_claim_with_a_fact_check()

    with refused(InvalidCommand, rule):
        claim.add_attachment("a-1", file, kind, by=AGENT, at=NOW)


def test_the_vendor_link_needs_an_open_fact_check_and_a_future_expiry():
    claim = a_claim_with_a_fact_check()

    with refused(InvalidCommand, "expires_at.past"):
        claim.issue_vendor_link("fc-1", "vl-1", NOW, by=AGENT, at=NOW)
    claim.cancel_fact_check("fc-1", "필요 없음", by=AGENT, at=NOW)
    with refused(StateConflict, "fact_check.not_open"):
        claim.issue_vendor_link("fc-1", "vl-1", IN_A_WEEK, by=AGENT, at=NOW)


def test_a_new_link_replaces_the_one_before():
    claim = a_linked_claim()
    later = NOW + timedelta(hours=1)

    claim.issue_vendor_link("fc-1", "vl-2", IN_A_WEEK, by=AGENT, at=later)

    with refused(LinkRefused, "vendor_link.revoked"):
        claim.usable_link("vl-1", later)
    assert claim.usable_link("vl-2", later)[0].id == "vl-2"


@pytest.mark.parametrize("ending, rule", [
    ("revoked", "vendor_link.revoked"),
    ("expired", "vendor_link.expired"),
    ("answered", "vendor_link.fact_check_closed"),
    ("cancelled", "vendor_link.fact_check_closed"),
    ("claim closed", "vendor_link.fact_check_closed"),
])
def test_a_link_stops_working_once_revoked_expired_or_its_fact_check_is_over(ending, rule):
    claim = a_linked_claim()
    when = NOW + timedelta(hours=1)
    if ending == "revoked":
        claim.revoke_vendor_link("fc-1", by=AGENT, at=NOW)
    elif ending == "expired":
        when = IN_A_WEEK
    elif ending == "answered":
        claim.answer_fact_check("fc-1", "confirmed", "전화로 확인", [], by=AGENT, at=NOW)
    elif ending == "cancelled":
        claim.cancel_fact_check("fc-1", None, by=AGENT, at=NOW)
    else:
        claim.respond("안내드렸습니다", "phone", by=AGENT, at=NOW)
        claim.close("resolved", None, by=AGENT, at=NOW)

    with refused(LinkRefused, rule):
        claim.answer_fact_check_as_vendor("vl-1", "confirmed", "영업했습니다", at=when)


def test_an_unknown_link_is_refused_like_a_withdrawn_one():
    claim = a_linked_claim()

    with refused(LinkRefused, "vendor_link.unknown"):
        claim.usable_link("vl-9", NOW)


def test_revoking_needs_a_link_that_still_works():
    claim = a_claim_with_a_fact_check()

    with refused(StateConflict, "vendor_link.none_usable"):
        claim.revoke_vendor_link("fc-1", by=AGENT, at=NOW)


def test_the_vendor_answers_with_its_own_files_as_evidence_and_is_named_as_the_vendor():
    claim = a_linked_claim()
    claim.add_attachment("a-staff", PHOTO, None, fact_check_id="fc-1", by=AGENT, at=NOW)
    claim.add_vendor_attachment("vl-1", "a-vendor", PHOTO, None, at=NOW)

    claim.answer_fact_check_as_vendor("vl-1", "disputed", "그날은 정상 영업했습니다", at=NOW)

    fact_check = claim.fact_check("fc-1")
    assert (fact_check.status, fact_check.finding, fact_check.answered_by) == (
        "answered", "disputed", "vendor:M-9")
    assert fact_check.evidence == ["a-vendor"]
    assert claim.attachment("a-vendor").uploaded_by == "vendor:M-9"
    assert claim.attachment("a-vendor").fact_check_id == "fc-1"


def test_the_vendor_finding_must_be_one_of_the_three():
    claim = a_linked_claim()

    with refused(InvalidCommand, "finding.unknown"):
        claim.answer_fact_check_as_vendor("vl-1", "maybe", None, at=NOW)


def test_files_and_links_come_back_when_the_claim_is_rebuilt_from_its_events():
    claim = a_linked_claim()
    claim.add_vendor_attachment("vl-1", "a-1", PHOTO, None, at=NOW)
    claim.answer_fact_check_as_vendor("vl-1", "confirmed", None, at=NOW)
    events = claim.collect_events()

    rebuilt = None
    for event in events:
        rebuilt = event.mutate(rebuilt)

    assert rebuilt.attachments == claim.attachments
    assert rebuilt.vendor_links == claim.vendor_links
    assert rebuilt.fact_check("fc-1").answered_by == "vendor:M-9"
