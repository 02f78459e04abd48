"""A claim whose stored events fail their own checks: an event that no longer decodes, or a
version missing between others. Loading such a claim raises `ClaimIntegrityError`, naming
the claim and the first bad version, instead of passing for "no such claim" (404) or an
unexplained failure (500): the claim exists, and what is stored for it was damaged or
tampered with. Checking against the anchors outside (application/anchoring.py) finds what
these checks cannot: an event edited so that it still decodes, a claim cut short.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import PersistenceError

from .errors import ApplicationError, ClaimNotFound

DOES_NOT_DECODE, MISSING, CANNOT_REPLAY = "does_not_decode", "missing", "cannot_replay"


class ClaimIntegrityError(ApplicationError):
    """Raised when a claim's stored events do not decode or leave out a version."""

    def __init__(self, claim_id: str, version: int | None, problem: str):
        where = f" at version {version}" if version is not None else ""
        super().__init__(f"claim {claim_id} fails its integrity check{where}: {problem}")
        self.claim_id, self.version, self.problem = str(claim_id), version, problem


@contextmanager
def intact(app: Any, claim_id: UUID) -> Iterator[None]:
    """Load a claim in the block; its stored events' failures become ClaimIntegrityError."""
    try:
        yield
    except (AggregateNotFoundError, ClaimNotFound, PersistenceError):
        raise
    except Exception as error:  # what a damaged event makes the mapper or the aggregate raise
        raise first_fault(app, claim_id) from error


def first_fault(app: Any, claim_id: UUID) -> ClaimIntegrityError:
    """The first version of the claim that is missing or does not decode (the slow path,
    taken only once loading failed)."""
    expected = 1
    for record in app.recorder.select_events(claim_id):
        if record.originator_version != expected:
            return ClaimIntegrityError(str(claim_id), expected, MISSING)
        try:
            app.mapper.to_domain_event(record)
        except PersistenceError:
            raise
        except Exception:
            return ClaimIntegrityError(str(claim_id), expected, DOES_NOT_DECODE)
        expected += 1
    return ClaimIntegrityError(str(claim_id), None, CANNOT_REPLAY)
