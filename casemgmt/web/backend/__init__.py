"""The workspace's one adapter to the core: every use case, read model, presenter and rule the
pages use is called from here, so that pages and forms never touch storage or internals.

The pages call `backend.<name>`; the names live in one module a topic:

- wiring.py: the API's services and roles shared with the workspace, the clock, who is signed in
- claims.py: the work queue, one claim and its history, the claim commands, approvals
- trials.py: what the user may do on a claim now (each command tried on a copy)
- customers.py: customer look-up and 360, the claims export, the PII access log of refusals
- webhooks.py, dashboards.py, evidence.py: those pages' use cases
- standard.py: the remedy standard, a decision citing it previewed, the policy simulation

The application's reads (history, the work queue, VoC, the ledger) are being moved behind the
application (HOUSE.md §4, §7); when they are, only this package follows them.
"""
from __future__ import annotations

# The errors and values the pages catch or compare with, from here as every other name.
from casemgmt.application.errors import (  # noqa: F401
    ClaimNotFound,
    ConcurrentWrite,
    StaffNotFound,
    StaleVersion,
    TokenExpired,
    Unauthenticated,
)
from casemgmt.application.evidence_ports import (  # noqa: F401
    ClaimDataErased,
    FileIntegrityError,
    FileTooLarge,
    UnsupportedMediaType,
)
from casemgmt.application.follow_ups import RoundNotFound  # noqa: F401
from casemgmt.application.ports import WebSession  # noqa: F401  (session.py makes them)
from casemgmt.application.simulations import WhatIf  # noqa: F401
from casemgmt.domain.calendar import SEOUL  # noqa: F401
from casemgmt.domain.errors import (  # noqa: F401
    DomainError,
    InvalidCommand,
    NotPermitted,
    StateConflict,
    UnknownPart,
)
from casemgmt.domain.remedy_standard import Edition, NotInStandard  # noqa: F401
from casemgmt.domain.values import Actor, Role  # noqa: F401

from .claims import (  # noqa: F401
    SCHEMAS,
    SIMULATION_MAX_DAYS,
    USE_CASES,
    History,
    HistoryEvent,
    claim,
    claim_at,
    claim_detail,
    claims_with_pending_decisions,
    disclose,
    effective_limit,
    file_claim,
    history,
    queue_count,
    queue_page,
    run_command,
    view,
)
from .customers import (  # noqa: F401
    LOOKUP_FIELDS,
    CustomerErased,
    CustomerNotFound,
    customer_360,
    export_claims,
    find_customers,
    log_disclosures_of_refusal,
    log_refused_customer_access,
    status_of,
)
from .dashboards import (  # noqa: F401
    authority_ledger,
    authority_of,
    select_candidate,
    surprise_delight_round,
    voc,
)
from .evidence import (  # noqa: F401
    UPLOAD_FIELDS,
    add_attachment,
    attachment_file,
    file_extension,
    issue_vendor_link,
    max_attachment_mb,
    max_upload_bytes,
    revoke_vendor_link,
)
from .standard import (  # noqa: F401
    DecisionPreview,
    calculate_remedy,
    edition_in_force,
    preview_decision,
    simulate,
    staff_exists,
    standard_editions,
    standard_rule,
    standard_rules,
    tier_multipliers,
    today,
)
from .trials import TRIALS, refusal_of  # noqa: F401
from .webhooks import (  # noqa: F401
    WEBHOOK_EVENT_TYPES,
    WEBHOOK_PAUSED_BY_ADMIN,
    WEBHOOK_STATUSES,
    WebhookNotFound,
    webhook_delivery_id,
    webhook_desk,
)
from .wiring import (  # noqa: F401
    API_APP_KEY,
    ROLES_KEY,
    SESSIONS_KEY,
    admits,
    authenticate,
    authenticate_session,
    now,
    sessions,
    share_services,
    staff_member,
    staff_name,
)
