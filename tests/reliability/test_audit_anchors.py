"""Tamper evidence anchored outside: a signed anchor of every claim's audit chain, and the
event store checked against it from the command line, as an auditor would.

Someone holding the database edits, deletes, reorders or cuts off a claim's stored events —
and perhaps recomputes the claim's trail rows to match. Each is named (claim and version) by
`casemgmt audit verify --anchor FILE`, before and after `casemgmt project --rebuild` (which
checks against the last anchor instead of blessing what it rebuilt), and the claim's history
no longer says `verified: true`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from casemgmt import cli
from casemgmt.application.anchoring import claims_of
from casemgmt.config import Settings
from casemgmt.domain.audit_anchor import merkle_root
from casemgmt.infrastructure.anchor_signing import generate_key, write_anchor
from tests.builders import a_responded_claim
from tests.http import CLAIMS

from . import tamper

pytestmark = pytest.mark.own_store(
    "Each test tampers with its store and anchors it with its own key.")

NAMES = ("edited", "deleted", "reordered", "truncated", "untouched")


@pytest.fixture
def key(tmp_path) -> Path:
    private, _ = generate_key(tmp_path / "anchor.key")
    return private


@pytest.fixture
def settings(database_url, key, tmp_path) -> Settings:
    return Settings(database_url=database_url, anchor_key_file=str(key),
                    anchor_dir=str(tmp_path / "anchors"))


@dataclass
class Anchored:
    claims: dict[str, str]   # name → claim id; five events each
    file: Path


@pytest.fixture
def anchored(api, clock, tmp_path) -> Anchored:
    app, agent = api.services.casemgmt, api.team.agent.actor
    claims = {}
    for name in NAMES:
        claim = a_responded_claim(app, agent)
        app.add_note(agent, claim.id, f"{name} 메모")
        app.add_note(agent, claim.id, "두 번째 메모")
        claims[name] = str(claim.id)
        clock.advance(minutes=5)
    api.services.projections.catch_up()
    document = app.anchoring.anchor(clock.now())
    return Anchored(claims, write_anchor(document, tmp_path / "anchor.json"))


@pytest.fixture
def casemgmt(settings, monkeypatch, capsys):
    """`casemgmt ...` as an operator runs it (in this process): (exit status, stdout, stderr)."""
    monkeypatch.setenv("CASEMGMT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CASEMGMT_ANCHOR_KEY_FILE", settings.anchor_key_file)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        status = cli.main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run


def mutate(kind: str, api, claim_id: str) -> tuple[str, int]:
    """Tamper with the claim's stored events; returns (finding kind, version) expected."""
    settings = api.services.settings
    if kind == "edited":    # v2, the assignment: handed to someone else, still decodable
        tamper.edit(settings, claim_id, 2, api.team.agent.id.encode(),
                    api.team.other_agent.id.encode())
        return "edited", 2
    if kind == "deleted":
        tamper.delete(settings, claim_id, 3)
        return "missing", 3
    if kind == "reordered":
        tamper.swap(settings, claim_id, 3, 4)
        return "reordered", 3
    tamper.truncate(settings, claim_id, 4)
    return "truncated", 4


def findings(status_out_err: tuple[int, str, str]) -> list[tuple[str, int, str]]:
    status, out, _ = status_out_err
    assert status == 1, status_out_err
    report = json.loads(out)
    assert report["verified"] is False
    return [(f["claim_id"], f["version"], f["kind"]) for f in report["findings"]]


def history(api, claim_id: str) -> dict:
    response = api.get(f"{CLAIMS}/{claim_id}/history", api.team.auditor)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("trail", ["as stored", "recomputed"])
@pytest.mark.parametrize("mutation", ["edited", "deleted", "reordered", "truncated"])
def test_tampering_is_named_against_the_anchor_before_and_after_a_rebuild(
        api, anchored, casemgmt, mutation, trail):
    claim_id = anchored.claims[mutation]
    kind, version = mutate(mutation, api, claim_id)
    if trail == "recomputed":
        tamper.recompute_trail(api.services, claim_id)
    expected = [(claim_id, version, kind)]

    before = findings(casemgmt("audit", "verify", "--anchor", str(anchored.file)))
    rebuilt = casemgmt("project", "--rebuild")
    after = findings(casemgmt("audit", "verify", "--anchor", str(anchored.file)))

    assert before == expected
    assert rebuilt[0] == 1, rebuilt
    assert claim_id in rebuilt[2] and f'"version": {version}' in rebuilt[2]
    assert after == expected
    shown = history(api, claim_id)
    assert (shown["verified"], shown["anchored"]) == (False, False)
    assert history(api, anchored.claims["untouched"])["verified"] is True


def test_an_untouched_store_verifies_and_what_came_after_the_anchor_does_not_count(
        api, anchored, casemgmt, clock):
    app, agent = api.services.casemgmt, api.team.agent.actor
    app.add_note(agent, anchored.claims["untouched"], "앵커 이후의 메모")
    a_responded_claim(app, agent)

    status, out, _ = casemgmt("audit", "verify", "--anchor", str(anchored.file))
    rebuilt = casemgmt("project", "--rebuild")

    assert (status, json.loads(out)["findings"]) == (0, [])
    assert json.loads(out)["anchor"]["claims"] == len(NAMES)
    assert rebuilt[0] == 0, rebuilt
    assert history(api, anchored.claims["untouched"])["anchored"] is True


def test_a_trail_rewritten_since_the_last_anchor_is_not_anchored_again(
        api, anchored, casemgmt, tmp_path):
    claim_id = anchored.claims["edited"]
    mutate("edited", api, claim_id)
    tamper.recompute_trail(api.services, claim_id)

    status, _, err = casemgmt("audit", "anchor", "--out", str(tmp_path / "next.json"))

    assert status == 1
    assert claim_id in err and '"version": 2' in err
    assert not (tmp_path / "next.json").exists()


def test_an_anchor_that_was_altered_or_signed_by_another_key_is_not_trusted(
        api, anchored, casemgmt, tmp_path):
    document = json.loads(anchored.file.read_text())
    claim_id = anchored.claims["untouched"]
    document["claims"][claim_id][1] = "0" * 64
    write_anchor(document, tmp_path / "altered.json")
    document["merkle_root"] = merkle_root(claims_of(document))
    write_anchor(document, tmp_path / "rerooted.json")
    _, stranger = generate_key(tmp_path / "stranger.key")

    altered = casemgmt("audit", "verify", "--anchor", str(tmp_path / "altered.json"))
    rerooted = casemgmt("audit", "verify", "--anchor", str(tmp_path / "rerooted.json"))
    foreign = casemgmt("audit", "verify", "--anchor", str(anchored.file),
                       "--public-key", str(stranger))

    assert (altered[0], rerooted[0], foreign[0]) == (2, 2, 2)
    assert "Merkle root" in altered[2]
    assert "signature" in rerooted[2] and "signature" in foreign[2]


def test_the_public_key_alone_verifies_an_anchor(api, anchored, casemgmt, key):
    status, out, _ = casemgmt("audit", "verify", "--anchor", str(anchored.file),
                              "--public-key", f"{key}.pub")

    assert (status, json.loads(out)["verified"]) == (0, True)


def test_the_daily_job_delivers_a_signed_anchor_that_verifies(api, casemgmt, settings):
    a_responded_claim(api.services.casemgmt, api.team.agent.actor)
    api.services.projections.catch_up()

    response = api.post("/api/v1/jobs/audit-anchor/runs", {}, api.team.scheduler)

    assert response.status_code == 201, response.get_json()
    result = response.get_json()["result"]
    assert result["claims"] == 1 and result["failed"] == []
    [written] = result["delivered_to"]
    assert Path(written).parent == Path(settings.anchor_dir)
    assert casemgmt("audit", "verify", "--anchor", written)[0] == 0


def test_without_a_key_the_job_says_it_did_nothing(api):
    api.services.casemgmt.anchoring.signer = None

    response = api.post("/api/v1/jobs/audit-anchor/runs", {}, api.team.admin)

    assert response.status_code == 201
    assert response.get_json()["result"] == {"skipped": "no CASEMGMT_ANCHOR_KEY_FILE"}


def test_verify_without_any_key_refuses_to_say_anything(anchored, casemgmt, monkeypatch):
    monkeypatch.delenv("CASEMGMT_ANCHOR_KEY_FILE")

    status, out, err = casemgmt("audit", "verify", "--anchor", str(anchored.file))

    assert (status, out) == (2, "")
    assert "--public-key" in err
