"""One HTTP write, one transaction: the events, the Idempotency-Key's answer and the PII
access-log rows of the answer are stored together, or not at all.

For a command on a claim the answer is the claim as saved, so it is rendered while the
events are being stored (`before`), and stored with them. Writes whose answer is not one
claim (jobs, staff, erasure) store their key record and log rows in a transaction of their
own right after (`flush`); their effects are idempotent, so a retry after a crash between
the two runs them again harmlessly.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from flask import Response, current_app, g, request

from casemgmt.application.ports import Statement, StoredResponse
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Actor

from .access_log import accesses
from .services import services
from .uploads import takes_files, upload_fingerprint

POSITION_HEADER = "Casemgmt-Position"
REPLAYED_HEADERS = ("Location", "ETag", "Content-Type")
ANY_CLAIM = "*"


@dataclass
class HttpWrite:
    """The write context of one POST (application/ports.py WriteContext).

    `subject` is whose Idempotency-Keys these are: a staff member's id, or a vendor link's."""

    subject: str
    actor: Actor | None
    key: str | None = None
    fingerprint: str | None = None
    render: Callable[[Claim], Response] | None = None
    shown: dict[str, str | None] = field(default_factory=dict)
    response: Response | None = None
    position: int | None = None
    flushed: bool = False

    # -- ports.WriteContext --------------------------------------------------------------

    def before(self, saved: Sequence[Any]) -> list[Statement]:
        claim = next((a for a in saved if isinstance(a, Claim)), None)
        if self.render is not None and claim is not None and len(saved) == 1:
            self.response = self.render(claim)
        statements = []
        if self.response is not None:
            statements += self.closing_statements(self.response)
        return statements

    def committed(self, positions: Sequence[int]) -> None:
        if positions:
            self.position = max(positions)
        if self.response is not None:
            self.flushed = True
            self.response.headers[POSITION_HEADER] = str(self.position or 0)

    # -- the rows that close a write -----------------------------------------------------

    def disclose(self, claim_id: str, customer_id: str | None) -> None:
        self.shown.setdefault(str(claim_id), customer_id)

    def closing_statements(self, response: Response) -> list[Statement]:
        statements = []
        svc = services()
        if self.key is not None and response.status_code < 400:
            stored = StoredResponse(response.status_code, response.get_data(as_text=True),
                                    {h: response.headers[h] for h in REPLAYED_HEADERS
                                     if h in response.headers})
            statements.append(svc.idempotency.record(self.subject, self.key, self.fingerprint,
                                                     stored, claim_of(response)))
        if self.shown and self.actor is not None and response.status_code < 400:
            statements.append(svc.access_log.rows(accesses(self.actor, self.shown)))
            self.shown = {}
        return statements

    def flush(self, response: Response) -> None:
        """Store what closes a write that saved no single claim, in its own transaction."""
        if self.flushed:
            return
        statements = self.closing_statements(response)
        if statements:
            services().db.run(statements)
        self.flushed = True


def fingerprint() -> str:
    """The request as an Idempotency-Key record remembers it: method, path, body digest."""
    if takes_files():
        return f"{request.method} {request.path} {upload_fingerprint()}"  # whatever the boundary
    raw = request.get_data(cache=True)
    try:
        canonical = json.dumps(json.loads(raw or b"null"), sort_keys=True, ensure_ascii=False)
    except ValueError:
        canonical = None  # not JSON: the bytes as they are
    digest = hashlib.sha256(raw if canonical is None else canonical.encode("utf-8")).hexdigest()
    return f"{request.method} {request.path} {digest}"


def claim_of(response: Response) -> str | None:
    """The claim a response is about, so that erasing its customer drops it too."""
    if request.path.startswith(("/api/v1/follow-ups/", "/api/v1/customers/")):
        # a round lists every selection of the month with its feedback; a look-up, customers
        return ANY_CLAIM
    # Vendor routes name no claim in their path: their decorator sets g.subject_claim.
    claim_id = g.get("subject_claim") or (request.view_args or {}).get("claim_id")
    if claim_id is None and response.is_json and request.path.rstrip("/").endswith("/claims"):
        claim_id = (response.get_json(silent=True) or {}).get("id")
    return claim_id


def replayed(stored: StoredResponse) -> Response:
    response = current_app.response_class(stored.body, status=stored.status_code,
                                          headers=stored.headers)
    response.headers["Idempotent-Replayed"] = "true"
    return response
