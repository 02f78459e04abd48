"""Every call the evidence routes make into the API's core, in one place.

The core's request path is being reworked (one transaction per write; roles from
domain/access.py MAY): after such a change, re-point the names here and nothing else.
"""
from __future__ import annotations

from typing import Callable

from casemgmt.domain.access import MAY

from .access_log import disclosed
from .auth import bearer_token, current_actor
from .claim_results import answered as answer_with_claim, answering as command_answers
from .claims import ETAG_HEADER
from .operation import IDEMPOTENCY_PARAM, RETRY_AFTER, expected_version, operation
from .writes import write

CHANGE_CLAIM = MAY["change_claim"]
READ_FILES = MAY["read_files"]


def idempotent(subject: str, view: Callable[[], object]):
    """A POST whose caller is not a staff member (a vendor link), as one write: retries by
    `subject` with the same key and request get the first answer."""
    return write(None, view, subject=subject)


__all__ = ["CHANGE_CLAIM", "ETAG_HEADER", "IDEMPOTENCY_PARAM", "READ_FILES", "RETRY_AFTER",
           "answer_with_claim", "bearer_token", "command_answers", "current_actor",
           "disclosed", "expected_version", "idempotent", "operation"]
