"""Signing deliveries: what a receiver checks, computed here the way the README tells them to."""
from __future__ import annotations

import hashlib
import hmac

from casemgmt.webhooks.signing import new_secret, signature_header, verify

SECRET = "whsec_test-secret"
BODY = '{"type":"Closed","data":{"resolution":"resolved"},"note":"한글"}'.encode("utf-8")
NOW = 1_796_000_000


def test_the_header_is_hmac_sha256_over_the_time_a_dot_and_the_body():
    header = signature_header(SECRET, BODY, NOW)

    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={NOW},v1={expected}"


def test_a_receiver_accepts_the_signature_within_five_minutes():
    header = signature_header(SECRET, BODY, NOW)

    assert verify(SECRET, BODY, header, now=NOW + 299)
    assert verify(SECRET, BODY, header, now=NOW - 299)


def test_an_old_signature_is_refused_so_a_captured_request_cannot_be_replayed_later():
    header = signature_header(SECRET, BODY, NOW)

    assert not verify(SECRET, BODY, header, now=NOW + 301)


def test_a_changed_body_another_secret_or_a_forged_time_is_refused():
    header = signature_header(SECRET, BODY, NOW)
    forged_time = header.replace(f"t={NOW}", f"t={NOW + 60}")

    assert not verify(SECRET, BODY.replace(b"resolved", b"rejected"), header, now=NOW)
    assert not verify("whsec_other", BODY, header, now=NOW)
    assert not verify(SECRET, BODY, forged_time, now=NOW)


def test_any_of_several_v1_values_may_match_while_a_secret_is_replaced():
    header = signature_header(SECRET, BODY, NOW) + ",v1=" + "0" * 64

    assert verify(SECRET, BODY, header, now=NOW)


def test_malformed_headers_are_refused_not_raised_on():
    for header in ("", "t=,v1=", "v1=abc", f"t={NOW}", "t=abc,v1=00", f"t={NOW},t={NOW},v1=0"):
        assert not verify(SECRET, BODY, header, now=NOW), header


def test_each_new_secret_is_different_and_long():
    secrets = {new_secret() for _ in range(100)}

    assert len(secrets) == 100
    assert all(s.startswith("whsec_") and len(s) >= 40 for s in secrets)
