"""The sample receiver in the README works as it says: it accepts what casemgmt signs, refuses
what it did not sign (or signed too long ago), and hands on each delivery once."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from casemgmt.webhooks.payloads import event_data, payload
from casemgmt.webhooks.signing import signature_header

README = Path(__file__).resolve().parents[2] / "README.md"
SECRET = "whsec_readme-sample"


@pytest.fixture
def sample(monkeypatch, capsys):
    text = README.read_text(encoding="utf-8")
    code = re.search(r"\*\*A receiver\*\*.*?```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.setenv("CASEMGMT_WEBHOOK_SECRET", SECRET)
    namespace: dict = {"__name__": "readme_receiver"}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    return namespace["app"].test_client()


def a_delivery(at: int | None = None, secret: str = SECRET) -> tuple[bytes, dict]:
    body = payload("sub-1", 7, "Closed", "claim-1", 4, None,
                   event_data("Closed", {"resolution": "resolved"})).encode("utf-8")
    header = signature_header(secret, body, at or int(time.time()))
    return body, {"Casemgmt-Signature": header, "Content-Type": "application/json"}


def test_the_sample_receiver_takes_a_signed_delivery_once(sample, capsys):
    body, headers = a_delivery()

    first = sample.post("/casemgmt", data=body, headers=headers)
    again = sample.post("/casemgmt", data=body, headers=headers)

    assert (first.status_code, again.status_code) == (204, 204)
    assert capsys.readouterr().out.count("Closed claim-1") == 1


def test_the_sample_receiver_refuses_what_casemgmt_did_not_sign(sample):
    body, headers = a_delivery()
    _, forged = a_delivery(secret="whsec_guess")
    _, stale = a_delivery(at=int(time.time()) - 600)

    answers = [sample.post("/casemgmt", data=body.replace(b"resolved", b"rejected"),
                           headers=headers),
               sample.post("/casemgmt", data=body, headers=forged),
               sample.post("/casemgmt", data=body, headers=stale),
               sample.post("/casemgmt", data=body, headers={"Content-Type": "application/json"})]

    assert [answer.status_code for answer in answers] == [401, 401, 401, 401]
