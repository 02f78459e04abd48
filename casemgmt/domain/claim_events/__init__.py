"""What happened to a claim, and how each fact changes it.

Each event names who (`by`) and when (`at`) and applies itself to the claim. The rules that
decide whether an event may happen live in claim.py; `apply` only records, because it runs
again every time the claim is rebuilt from its events. The classes are nested on `Claim` by
assignment there, which keeps their stored topics `casemgmt.domain.claim:Claim.<Name>`
whichever module of this package defines them:

- base.py: ClaimEvent, what every claim event is
- casework.py: filed, assigned, responded, noted, abuse reported, closed, reopened, satisfaction
- fact_checks.py, evidence.py: fact checks; files, vendor links
- decisions.py, escalations.py: remedy decisions; the agency track
- alerts.py: the deadline alerts the clock records
"""
from __future__ import annotations

from .alerts import (  # noqa: F401
    ALERTS,
    AgencyDeadlineApproaching,
    AgencyDeadlineMissed,
    DeadlineAlerted,
    FactCheckOverdue,
    FirstResponseOverdue,
    ResolutionOverdue,
)
from .base import ClaimEvent  # noqa: F401
from .casework import (  # noqa: F401
    AbuseReported,
    Assigned,
    Closed,
    Filed,
    NoteAdded,
    Reopened,
    Responded,
    SatisfactionRecorded,
)
from .decisions import (  # noqa: F401
    DecisionApproved,
    DecisionProposed,
    DecisionRejected,
    DecisionReviewed,
)
from .escalations import (  # noqa: F401
    AgencyExtended,
    AgencyReplied,
    Escalated,
    EscalationAdvanced,
    EscalationConcluded,
)
from .evidence import AttachmentAdded, VendorLinkIssued, VendorLinkRevoked  # noqa: F401
from .fact_checks import (  # noqa: F401
    FactCheckAnswered,
    FactCheckCancelled,
    FactCheckRequested,
)
