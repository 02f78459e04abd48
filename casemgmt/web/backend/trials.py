"""What the user may do on a claim now: each command tried on a copy of the claim, so that the
claim's own rules decide what a page offers."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any, Callable

from casemgmt.api.services import services
from casemgmt.domain.claim import Claim
from casemgmt.domain.claim_evidence import FileFacts
from casemgmt.domain.errors import (
    DomainError,
    InvalidCommand,
    NotPermitted,
    StateConflict,
    UnknownPart,
)
from casemgmt.domain.values import Actor, Role, Stage

from .wiring import now

SAMPLE = "확인"  # any text the rules accept: the trial is about the state, not the input
_SOMEONE = Actor(id="00000000-0000-0000-0000-000000000000", role=Role.AGENT)


def _next_stage(shown: Claim, escalation_id: str) -> str:
    stages = list(Stage)
    current = Stage(shown.escalation(escalation_id).stage)
    return stages[min(current.rank + 1, len(stages) - 1)].value


# command → how to try it on a copy of the claim: (claim, actor, now, policy, part id)
TRIALS: dict[str, Callable[[Claim, Actor, datetime, Any, str | None], Any]] = {
    "take": lambda c, a, t, p, _: c.assign(a, by=a, at=t),
    "assignment": lambda c, a, t, p, _: c.assign(_SOMEONE, by=a, at=t),
    "responses": lambda c, a, t, p, _: c.respond(SAMPLE, "phone", by=a, at=t),
    "notes": lambda c, a, t, p, _: c.add_note(SAMPLE, by=a, at=t),
    "abuse-reports": lambda c, a, t, p, _: c.report_abuse("verbal_abuse", None, by=a, at=t),
    "fact-checks": lambda c, a, t, p, _: c.request_fact_check(
        SAMPLE, "merchant", SAMPLE, None, by=a, at=t),
    "fact-check-answer": lambda c, a, t, p, fid: c.answer_fact_check(
        fid, "confirmed", None, [], by=a, at=t),
    "fact-check-cancellation": lambda c, a, t, p, fid: c.cancel_fact_check(fid, None, by=a, at=t),
    "decisions": lambda c, a, t, p, _: c.propose_decision(
        "apology", 0, SAMPLE, by=a, at=t, policy=p),
    "approval": lambda c, a, t, p, did: c.review_decision(did, True, None, by=a, at=t, policy=p),
    "escalations": lambda c, a, t, p, _: c.escalate("other", SAMPLE, t, None, by=a, at=t),
    "escalation-stage": lambda c, a, t, p, eid: c.advance_escalation(
        eid, _next_stage(c, eid), None, None, by=a, at=t),
    "escalation-replies": lambda c, a, t, p, eid: c.reply_to_agency(eid, SAMPLE, by=a, at=t),
    "escalation-extension": lambda c, a, t, p, eid: c.extend_relief_period(
        eid, 1, SAMPLE, None, by=a, at=t, policy=services().casemgmt.deadline_policy),
    "escalation-outcome": lambda c, a, t, p, eid: c.conclude_escalation(
        eid, "settled", None, by=a, at=t),
    "closure": lambda c, a, t, p, _: c.close("resolved", None, by=a, at=t),
    "reopening": lambda c, a, t, p, _: c.reopen(SAMPLE, by=a, at=t),
    "satisfaction": lambda c, a, t, p, _: c.record_satisfaction(5, "happy_call", None, by=a, at=t),
    # evidence (web/evidence.py): a file, a vendor link, its revocation
    "attachments": lambda c, a, t, p, _: c.add_attachment(
        "trial", FileFacts("trial.png", "image/png", 1, "0" * 64), None, by=a, at=t),
    "vendor-link": lambda c, a, t, p, fid: c.issue_vendor_link(
        fid, "vl-trial", t + timedelta(days=1), by=a, at=t),
    "vendor-link-revocation": lambda c, a, t, p, fid: c.revoke_vendor_link(fid, by=a, at=t),
}


def refusal_of(command: str, shown: Claim, actor: Actor, part_id: str | None = None
               ) -> DomainError | None:
    """Why the domain would refuse `command` on this claim now (None: it would not). The
    command is tried on a copy, so the claim's own rules decide what the page offers."""
    try:
        TRIALS[command](copy.deepcopy(shown), actor, now(), services().casemgmt.policy, part_id)
    except (NotPermitted, StateConflict, UnknownPart) as error:
        return error
    except InvalidCommand:
        return None  # the sample input, not the state: the user's own input decides
    return None
