"""Crypto-shredding (PIPA §36): POST /customers/{id}/erasure destroys the customer's data keys.

Afterwards the customer's name, phone, e-mail and every free text of their claims read as
"[erased]" (phone and e-mail as null) wherever the API shows them — the claim now and at
every version, the work queue, the history, the audit feed, happy calls, the Surprise &
Delight round, a replayed Idempotency-Key — and their snapshots are gone. Everything else
stays: the claims load at the same status and version, statistics count them, the hash chain
verifies, and another customer's claims are untouched.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from tests.http import CLAIMS, a_problem, writes_nothing
from tests.privacy.scan import stored_data_keys
from tests.privacy.scenario import (
    EMAIL, IDEMPOTENCY_KEY, NAME, PHONE, WORD, Filed, canary_intake, file_canary_claims,
)

ERASED = "[erased]"
SECRETS = [NAME, PHONE, EMAIL, WORD]
VOC = {"from": "2026-01-01T00:00:00+09:00", "to": "2027-01-01T00:00:00+09:00"}
KEPT_NAME = "박보존"
FEEDBACK = "/api/v1/follow-ups/surprise-delight/2026-11/selections/s-1/feedback"
FEEDBACK_KEY = "feedback-ZQ-2"


@dataclass
class Erasure:
    filed: Filed
    kept: str                          # another customer's claim
    before: dict[str, dict[str, Any]]  # each claim as a supervisor read it before
    histories: dict[str, dict[str, Any]]
    voc: dict[str, Any]
    answer: dict[str, Any]

    @property
    def erased_ids(self) -> list[str]:
        return [self.filed.lived, self.filed.abused]


def read(api, path: str, by=None, **kwargs) -> Any:
    response = api.get(path, by or api.team.supervisor, **kwargs)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def erasure(api, clock) -> Erasure:
    team = api.team
    filed = file_canary_claims(api, clock)
    kept = api.file_claim(customer={"id": "C-KEEP", "name": KEPT_NAME, "phone": "010-2222-3333",
                                    "email": "keep@example.com", "tier": "vip", "vulnerable": []},
                          summary="보존 고객 요약", description="보존 고객 설명")["id"]
    api.take(kept)
    for text in ("보존 메모 1", "보존 메모 2"):
        assert api.post(f"{CLAIMS}/{kept}/notes", {"text": text}, team.agent).status_code == 200
    ids = [filed.lived, filed.abused, kept]
    before = {claim_id: read(api, f"{CLAIMS}/{claim_id}") for claim_id in ids}
    histories = {claim_id: read(api, f"{CLAIMS}/{claim_id}/history") for claim_id in ids}
    voc = read(api, "/api/v1/stats/voc", query_string=VOC)
    feedback = api.post(FEEDBACK, {"text": f"{WORD} 두번째 반응"}, team.supervisor,
                        headers={"Idempotency-Key": FEEDBACK_KEY})
    assert feedback.status_code == 200, feedback.get_json()

    response = api.post("/api/v1/customers/C-CANARY/erasure", {"reason": "고객 요청 2026-12-01"},
                        team.admin)
    assert response.status_code == 200, response.get_json()
    return Erasure(filed, kept, before, histories, voc, response.get_json())


def no_secret_in(text: str, where: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"{leaked} readable in {where} after erasure"


def differences(before: Any, after: Any, path: str = "") -> dict[str, tuple[Any, Any]]:
    """{path: (before, after)} of every leaf that changed."""
    if isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys():
        changed: dict[str, tuple[Any, Any]] = {}
        for key in before:
            changed.update(differences(before[key], after[key], f"{path}.{key}"))
        return changed
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after) \
            and not all(isinstance(v, str) for v in before + after):
        changed = {}
        for index, (b, a) in enumerate(zip(before, after)):
            changed.update(differences(b, a, f"{path}[{index}]"))
        return changed
    return {} if before == after else {path: (before, after)}


def test_the_answer_counts_the_customers_claims_and_their_keys_are_gone(api, erasure, settings):
    assert erasure.answer["customer_id"] == "C-CANARY"
    assert erasure.answer["claims_erased"] == 2
    keys = stored_data_keys(settings)
    assert keys[erasure.filed.lived] is None and keys[erasure.filed.abused] is None
    assert keys[erasure.kept] is not None


def test_the_claim_reads_erased_in_every_personal_field(api, erasure):
    for claim_id in erasure.erased_ids:
        claim = read(api, f"{CLAIMS}/{claim_id}")

        assert claim["customer"] == {**erasure.before[claim_id]["customer"],
                                     "name": ERASED, "phone": None, "email": None}
        assert (claim["summary"], claim["description"]) == (ERASED, ERASED)
        assert {n["text"] for n in claim["notes"]} == {ERASED}
    lived = read(api, f"{CLAIMS}/{erasure.filed.lived}")
    assert {r["text"] for r in lived["responses"]} == {ERASED}
    assert [fc["question"] for fc in lived["fact_checks"]] == [ERASED, ERASED]
    assert (lived["fact_checks"][0]["details"], lived["fact_checks"][0]["evidence"]) == (ERASED, [])
    assert [d["rationale"] for d in lived["decisions"]] == [ERASED, ERASED]
    assert lived["escalations"][0]["outcome_details"] == ERASED
    assert lived["closure_summary"] == ERASED
    assert lived["satisfaction"]["comment"] == ERASED
    abused = read(api, f"{CLAIMS}/{erasure.filed.abused}")
    assert abused["abuse_reports"][0]["details"] == ERASED


def test_no_read_of_any_kind_shows_the_customer_any_more(api, erasure):
    team = api.team
    paths = [f"{CLAIMS}?customer_id=C-CANARY", "/api/v1/audit/events?limit=500",
             "/api/v1/follow-ups/happy-calls?due_before=2027-01-01T00:00:00%2B09:00",
             "/api/v1/follow-ups/surprise-delight/2026-11"]
    for claim_id in erasure.erased_ids:
        paths += [f"{CLAIMS}/{claim_id}", f"{CLAIMS}/{claim_id}/history",
                  f"{CLAIMS}/{claim_id}?as_of=2026-12-31T00:00:00%2B09:00"]
        paths += [f"{CLAIMS}/{claim_id}?version={v}"
                  for v in range(1, erasure.before[claim_id]["version"] + 1)]

    for member in (team.supervisor, team.agent, team.auditor):
        for path in paths:
            response = api.get(path, member)
            if response.status_code == 403:
                continue  # not this role's to read
            assert response.status_code == 200, (path, response.get_json())
            no_secret_in(response.get_data(as_text=True), f"{path} as {member.actor.role}")


def test_lists_show_the_placeholders(api, erasure):
    queue = read(api, f"{CLAIMS}?customer_id=C-CANARY")["items"]
    assert sorted(item["id"] for item in queue) == sorted(erasure.erased_ids)
    for item in queue:
        assert item["customer"]["name"] == ERASED
        assert (item["customer"]["phone"], item["customer"]["email"]) == (None, None)
        assert item["summary"] == ERASED
    calls = read(api, "/api/v1/follow-ups/happy-calls",
                 query_string={"due_before": "2027-01-01T00:00:00+09:00"})["items"]
    call = next(c for c in calls if c["claim_id"] == erasure.filed.abused)
    assert (call["customer_name"], call["customer_phone"]) == (ERASED, None)
    round_ = read(api, "/api/v1/follow-ups/surprise-delight/2026-11")
    assert round_["selections"][0]["feedback"] == [ERASED, ERASED]
    history = read(api, f"{CLAIMS}/{erasure.filed.lived}/history")
    filed = history["events"][0]["data"]
    assert filed["customer"]["name"] == ERASED and filed["summary"] == ERASED


def test_everything_but_the_personal_data_is_as_it_was(api, erasure):
    for claim_id in erasure.erased_ids:
        after = read(api, f"{CLAIMS}/{claim_id}")
        changed = differences(erasure.before[claim_id], after)

        assert ".customer.name" in changed and ".summary" in changed
        for path, (was, now) in changed.items():
            assert now in (ERASED, None, []), (path, was, now)
            assert any(secret in str(was) for secret in SECRETS), (path, was, now)
        assert (after["status"], after["version"], after["category"], after["channel"]) == (
            erasure.before[claim_id]["status"], erasure.before[claim_id]["version"],
            erasure.before[claim_id]["category"], erasure.before[claim_id]["channel"])
        assert after["order"] == erasure.before[claim_id]["order"]
        assert [d["amount_krw"] for d in after["decisions"]] == [
            d["amount_krw"] for d in erasure.before[claim_id]["decisions"]]


def test_statistics_still_count_the_claims_and_the_history_still_verifies(api, erasure):
    assert read(api, "/api/v1/stats/voc", query_string=VOC) == erasure.voc
    assert erasure.voc["total"] == 3
    for claim_id in erasure.erased_ids + [erasure.kept]:
        history = read(api, f"{CLAIMS}/{claim_id}/history")
        was = erasure.histories[claim_id]

        assert history["verified"] is True
        assert [(e["version"], e["type"], e["hash"], e["prev_hash"]) for e in history["events"]] \
            == [(e["version"], e["type"], e["hash"], e["prev_hash"]) for e in was["events"]]


def test_another_customers_claims_are_untouched(api, erasure):
    kept = read(api, f"{CLAIMS}/{erasure.kept}")

    assert kept == erasure.before[erasure.kept]
    assert kept["customer"]["name"] == KEPT_NAME and kept["summary"] == "보존 고객 요약"
    assert read(api, f"{CLAIMS}/{erasure.kept}/history") == erasure.histories[erasure.kept]
    assert list(api.services.casemgmt.snapshots.get(UUID(erasure.kept)))


def test_the_erased_claims_snapshots_are_gone_and_no_new_one_is_taken(api, erasure):
    app = api.services.casemgmt
    for claim_id in erasure.erased_ids:
        assert list(app.snapshots.get(UUID(claim_id))) == []

    # Notes are taken at any time; one of these lands on a snapshot version (every 3rd). Their
    # text is sealed with no key, so it is not kept: it reads erased like the rest.
    claim_id = erasure.filed.lived
    for _ in range(3):
        response = api.post(f"{CLAIMS}/{claim_id}/notes", {"text": f"{WORD} 새 메모"},
                            api.team.agent)
        assert response.status_code == 200, response.get_json()
    assert list(app.snapshots.get(UUID(claim_id))) == []
    claim = read(api, f"{CLAIMS}/{claim_id}")
    assert claim["version"] == erasure.before[claim_id]["version"] + 3
    assert {n["text"] for n in claim["notes"]} == {ERASED}


def test_a_retried_request_whose_answer_was_erased_is_refused_not_run_again(api, erasure):
    """The stored first response is dropped with the keys (it holds the customer's data). Running
    the retry anew would file a second claim with the very data just erased (or add a note
    twice), so a retry of a key whose answer was erased is refused with 422 and writes nothing;
    a new key runs the request as a new one. A Surprise & Delight answer lists every selection of
    the month with its feedback, so it is about several claims: any erasure drops it too."""
    team = api.team
    retries = [(CLAIMS, canary_intake(), IDEMPOTENCY_KEY),
               (f"{CLAIMS}/{erasure.filed.lived}/responses",
                {"message": f"{WORD} 응답", "channel": "phone"}, IDEMPOTENCY_KEY + "-response")]

    retries.append((FEEDBACK, {"text": f"{WORD} 두번째 반응"}, FEEDBACK_KEY))

    for path, body, key in retries:
        with writes_nothing(api):
            by = team.supervisor if path == FEEDBACK else team.agent
            response = api.post(path, body, by, headers={"Idempotency-Key": key})

        problem = a_problem(response, 422, "idempotency-key-erased")
        no_secret_in(response.get_data(as_text=True), f"the retry of {path}")
        assert "Idempotent-Replayed" not in response.headers, problem
    assert len(read(api, f"{CLAIMS}?customer_id=C-CANARY")["items"]) == 2


def test_erasing_again_erases_nothing_more_and_only_an_admin_may(api, erasure):
    team = api.team
    again = api.post("/api/v1/customers/C-CANARY/erasure", {"reason": "중복 요청"}, team.admin)
    assert again.status_code == 200 and again.get_json()["claims_erased"] == 0

    for member in (team.supervisor, team.agent, team.auditor, team.scheduler):
        a_problem(api.post("/api/v1/customers/C-KEEP/erasure", {"reason": "요청"}, member), 403)
    assert read(api, f"{CLAIMS}/{erasure.kept}")["customer"]["name"] == KEPT_NAME


def test_intake_after_erasure_is_a_new_claim_with_a_new_key(api, erasure):
    """The customer may come back: a new claim under a new Idempotency-Key is theirs, readable."""
    claim = api.file_claim(**canary_intake())

    assert claim["customer"]["name"] == NAME
    assert read(api, f"{CLAIMS}/{claim['id']}")["summary"].startswith(WORD)
