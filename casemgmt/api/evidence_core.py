"""Every call the evidence routes make into the API's core, in one place.

The core's request path is being reworked (one transaction per write; roles from
domain/access.py MAY): after such a change, re-point the names here and nothing else.
"""
from __future__ import annotations

from typing import Callable

from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Role

from .access_log import disclosed
from .auth import bearer_token, current_actor
from .claim_results import claim_result
from .claims import ETAG_HEADER
from .idempotency import run_idempotently
from .operation import IDEMPOTENCY_PARAM, RETRY_AFTER, expected_version, operation

CHANGE_CLAIM = (Role.AGENT, Role.SUPERVISOR)               # MAY["change_claim"]
READ_FILES = (Role.AGENT, Role.SUPERVISOR, Role.AUDITOR)   # not the scheduler: no use for files


def command_answers(status: int = 200) -> None:
    """Called before a command's use case runs: the answer will be the claim it saves, with
    this status. (Nothing to do on this request path; on a one-transaction path, this is
    where the answer is set to be rendered as the events are stored.)"""


def answer_with_claim(claim: Claim, status: int = 200):
    """The answer to a command: the claim just saved, its ETag, a PII access-log row."""
    return claim_result(claim, status, written=True)


def idempotent(subject: str, view: Callable[[], object]):
    """Idempotency-Key for a POST whose caller is not a staff member (a vendor link):
    retries by `subject` with the same key and request get the first answer."""
    return run_idempotently(subject, view)


__all__ = ["CHANGE_CLAIM", "ETAG_HEADER", "IDEMPOTENCY_PARAM", "READ_FILES", "RETRY_AFTER",
           "answer_with_claim", "bearer_token", "command_answers", "current_actor",
           "disclosed", "expected_version", "idempotent", "operation"]
