"""The workspace's one adapter to the core: every use case, read model, presenter and rule the
pages use is called from here, so that pages and forms never touch storage or internals.

The application's reads (history, the work queue, VoC, the ledger) are being moved behind the
application (HOUSE.md §4, §7); when they are, only this module follows them.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Callable, Iterable

from flask import Flask, current_app, g, request
from marshmallow import Schema

from casemgmt.api import claims_export, presenters
from casemgmt.api import customers as customers_api
from casemgmt.api import refusals
from casemgmt.api import webhooks as webhooks_api
from casemgmt.api.access_log import _SHOWN, accesses, disclosed, disclosed_claims
from casemgmt.api.claim_results import current_view, fresh_views
from casemgmt.api.claims import QueueQuery
from casemgmt.api.follow_ups import SelectionIn
from casemgmt.api.problems import ApiProblem, _domain_status
from casemgmt.api.schemas import claims_in
from casemgmt.api.schemas.simulations import MAX_PERIOD_DAYS, SimulationIn
from casemgmt.api.services import services
from casemgmt.api.uploads import ENVELOPE as UPLOAD_ENVELOPE, UploadFields
from casemgmt.api.work_queue import next_page
from casemgmt.application.citations import calculate_citation
from casemgmt.application.errors import (  # noqa: F401  (the pages catch these from here)
    ClaimNotFound, ConcurrentWrite, StaffNotFound, StaleVersion, TokenExpired, Unauthenticated,
)
from casemgmt.application.evidence import EvidenceFile, Upload
from casemgmt.application.evidence_ports import (  # noqa: F401  (the pages catch these)
    ClaimDataErased, FileIntegrityError, FileTooLarge, UnsupportedMediaType,
)
from casemgmt.application.follow_ups import RoundNotFound  # noqa: F401
from casemgmt.application.ports import WebSession  # noqa: F401  (session.py makes them)
from casemgmt.application.remedies import Calculation, RuleInEdition
from casemgmt.application.simulations import WhatIf
from casemgmt.application.staff import hash_token
from casemgmt.application.vendor_links import IssuedLink
from casemgmt.application.webhooks import PAUSED_BY_ADMIN
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.claim import Claim
from casemgmt.domain.claim_evidence import FileFacts
from casemgmt.domain.errors import (  # noqa: F401
    DomainError, InvalidCommand, NotPermitted, StateConflict, UnknownPart,
)
from casemgmt.domain.evidence import VENDOR_PREFIX, MediaType
from casemgmt.domain.remedy_standard import Edition, NotInStandard  # noqa: F401
from casemgmt.domain.values import (  # noqa: F401  (Role)
    Actor, Category, Customer, Order, Role, Stage,
)

ROLES_KEY = "casemgmt.web.operation_roles"
SESSIONS_KEY = "casemgmt.web.sessions"
API_APP_KEY = "casemgmt.web.api_app"


# -- wiring -----------------------------------------------------------------------------------

def share_services(api_app: Flask, workspace: Flask) -> None:
    """The workspace runs on the API's composed services, with its roles per operation."""
    svc = api_app.extensions["casemgmt"]
    workspace.extensions["casemgmt"] = svc
    workspace.extensions[SESSIONS_KEY] = svc.web_sessions
    workspace.extensions[ROLES_KEY] = _operation_roles(api_app)
    workspace.extensions[API_APP_KEY] = api_app  # its webhooks (composed once, on the API app)


def _operation_roles(api_app: Flask) -> dict[tuple[str, str], frozenset[str]]:
    """(method, path) → the roles the API admits, read from its own OpenAPI x-roles: the
    workspace admits exactly whom the API admits, and follows it when that changes."""
    api = api_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return {(method.upper(), path): frozenset(operation["x-roles"])
            for path, item in api.spec.to_dict()["paths"].items()
            for method, operation in item.items()
            if isinstance(operation, dict) and "x-roles" in operation}


def admits(actor: Actor, method: str, api_path: str) -> bool:
    return actor.role.value in current_app.extensions[ROLES_KEY][(method, api_path)]


def now() -> datetime:
    return services().casemgmt.clock.now()


# -- who is signed in -------------------------------------------------------------------------

def authenticate(token: str) -> tuple[Actor, str]:
    """Sign-in: the staff member a pasted API token belongs to, and the token's hash."""
    return services().casemgmt.authenticate(token), hash_token(token)


def authenticate_session(token_hash: str) -> Actor:
    """Every request of a session: the token must still be valid (not revoked, not expired)."""
    return services().casemgmt.authenticate_token_hash(token_hash)


def sessions() -> Any:
    return current_app.extensions[SESSIONS_KEY]


def staff_name(staff_id: str | None) -> str:
    """A staff member's name for display (cached for the request); the id if unknown. A vendor
    (``vendor:<id>``, who answered through its link) is no staff member and is not looked up."""
    if not staff_id:
        return ""
    if staff_id.startswith(VENDOR_PREFIX):
        return f"업체 {staff_id.removeprefix(VENDOR_PREFIX)}"
    names = g.setdefault("staff_names", {})
    if staff_id not in names:
        try:
            names[staff_id] = services().casemgmt.get_staff(staff_id).name
        except (StaffNotFound, ValueError):
            names[staff_id] = staff_id
    return names[staff_id]


def staff_member(staff_id: str) -> dict[str, Any]:
    member = services().casemgmt.get_staff(staff_id)
    return {"id": str(member.id), "name": member.name, "role": member.role,
            "authority_limit": member.authority_limit}


# -- the work queue ---------------------------------------------------------------------------

def queue_page(filters: dict[str, Any]) -> tuple[list[dict], str | None]:
    """A page of the work queue as GET /claims answers it (masked for auditors), logged."""
    fresh_views()
    try:
        items, cursor = next_page(filters, current_view())
    except ApiProblem:  # a cursor this service never gave out
        raise InvalidCommand("cursor.unknown", "not a cursor of this queue", "cursor") from None
    disclosed((item["id"], item["customer"]["id"]) for item in items)
    return items, cursor


def queue_count(filters: dict[str, Any]) -> int:
    return services().views.queue_count(filters, now=now())


# -- one claim --------------------------------------------------------------------------------

def view() -> presenters.View:
    return current_view()


def claim(claim_id: str) -> Claim:
    return services().casemgmt.get_claim(claim_id)


def claim_at(claim_id: str, *, version: int | None = None,
             as_of: datetime | None = None) -> Claim:
    app = services().casemgmt
    if version is not None:
        return app.claim_at_version(claim_id, version)
    if as_of is not None:
        return app.claim_as_of(claim_id, as_of)
    return app.get_claim(claim_id)


def claim_detail(shown: Claim) -> dict[str, Any]:
    """The claim as GET /claims/{id} presents it to this user; the disclosure is logged."""
    body = presenters.claim_detail(shown, current_view())
    disclosed([(str(shown.id), shown.customer.id)])
    return body


def effective_limit(actor: Actor, tier: str) -> tuple[int, float]:
    """The actor's authority on a customer of this tier, and the tier's multiplier."""
    policy = services().casemgmt.policy
    return (policy.effective_limit(actor.authority_limit, tier),
            policy.tier_multipliers.get(tier, 1.0))


@dataclass(frozen=True)
class HistoryEvent:
    version: int
    type: str
    occurred_at: datetime | None
    actor: str | None
    data: dict[str, Any] | None
    hash: str | None
    prev_hash: str | None


@dataclass(frozen=True)
class History:
    claim_id: str
    events: list[HistoryEvent]
    verified: bool


def history(claim_id: str) -> History:
    """The claim's stored events, decoded (masked for auditors), with the hash chain and
    whether it still verifies — as GET /claims/{id}/history computes it."""
    found = services().casemgmt.claim_history(current_view().actor, claim_id)
    events = [HistoryEvent(e["version"], e["type"], e["occurred_at"], e["actor"], e["data"],
                           e["hash"], e["prev_hash"]) for e in found["events"]]
    disclosed_claims([claim_id])
    return History(claim_id, events, found["verified"])


# -- what the user may do on a claim now -------------------------------------------------------

_SAMPLE = "확인"  # any text the rules accept: the trial is about the state, not the input
_SOMEONE = Actor(id="00000000-0000-0000-0000-000000000000", role=Role.AGENT)


def _next_stage(shown: Claim, escalation_id: str) -> str:
    stages = list(Stage)
    current = Stage(shown.escalation(escalation_id).stage)
    return stages[min(current.rank + 1, len(stages) - 1)].value


# command → how to try it on a copy of the claim: (claim, actor, now, policy, part id)
TRIALS: dict[str, Callable[[Claim, Actor, datetime, Any, str | None], Any]] = {
    "take": lambda c, a, t, p, _: c.assign(a, by=a, at=t),
    "assignment": lambda c, a, t, p, _: c.assign(_SOMEONE, by=a, at=t),
    "responses": lambda c, a, t, p, _: c.respond(_SAMPLE, "phone", by=a, at=t),
    "notes": lambda c, a, t, p, _: c.add_note(_SAMPLE, by=a, at=t),
    "abuse-reports": lambda c, a, t, p, _: c.report_abuse("verbal_abuse", None, by=a, at=t),
    "fact-checks": lambda c, a, t, p, _: c.request_fact_check(
        _SAMPLE, "merchant", _SAMPLE, None, by=a, at=t),
    "fact-check-answer": lambda c, a, t, p, fid: c.answer_fact_check(
        fid, "confirmed", None, [], by=a, at=t),
    "fact-check-cancellation": lambda c, a, t, p, fid: c.cancel_fact_check(fid, None, by=a, at=t),
    "decisions": lambda c, a, t, p, _: c.propose_decision(
        "apology", 0, _SAMPLE, by=a, at=t, policy=p),
    "approval": lambda c, a, t, p, did: c.review_decision(did, True, None, by=a, at=t, policy=p),
    "escalations": lambda c, a, t, p, _: c.escalate("other", _SAMPLE, t, None, by=a, at=t),
    "escalation-stage": lambda c, a, t, p, eid: c.advance_escalation(
        eid, _next_stage(c, eid), None, None, by=a, at=t),
    "escalation-replies": lambda c, a, t, p, eid: c.reply_to_agency(eid, _SAMPLE, by=a, at=t),
    "escalation-extension": lambda c, a, t, p, eid: c.extend_relief_period(
        eid, 1, _SAMPLE, None, by=a, at=t, policy=services().casemgmt.deadline_policy),
    "escalation-outcome": lambda c, a, t, p, eid: c.conclude_escalation(
        eid, "settled", None, by=a, at=t),
    "closure": lambda c, a, t, p, _: c.close("resolved", None, by=a, at=t),
    "reopening": lambda c, a, t, p, _: c.reopen(_SAMPLE, by=a, at=t),
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


# -- commands ---------------------------------------------------------------------------------

def _flat(**fixed: Any) -> Callable[[dict], dict]:
    return lambda data: {**data, **fixed}


# use case name, and how the API body becomes its keyword arguments (as api/claim_commands.py)
USE_CASES: dict[str, tuple[str, Callable[[dict], dict]]] = {
    "assignment": ("assign", lambda d: {"assignee_id": d["assignee"]}),
    "responses": ("respond", _flat()),
    "fact-checks": ("request_fact_check", lambda d: {
        "vendor_id": d["vendor"]["id"], "vendor_kind": d["vendor"]["kind"],
        "question": d["question"], "due_at": d["due_at"]}),
    "fact-check-answer": ("answer_fact_check", _flat()),
    "fact-check-cancellation": ("cancel_fact_check", _flat()),
    "decisions": ("propose_decision", _flat()),
    "approval": ("review_decision", _flat()),
    "escalations": ("escalate", _flat()),
    "escalation-stage": ("advance_escalation", _flat()),
    "escalation-replies": ("reply_to_agency", _flat()),
    "escalation-extension": ("extend_relief_period", _flat()),
    "escalation-outcome": ("conclude_escalation", _flat()),
    "closure": ("close_claim", _flat()),
    "reopening": ("reopen", _flat()),
    "satisfaction": ("record_satisfaction", _flat()),
    "notes": ("add_note", _flat()),
    "abuse-reports": ("report_abuse", _flat()),
}
SCHEMAS: dict[str, type[Schema]] = {
    "assignment": claims_in.AssignmentIn, "responses": claims_in.ResponseIn,
    "fact-checks": claims_in.FactCheckIn, "fact-check-answer": claims_in.FactCheckAnswerIn,
    "fact-check-cancellation": claims_in.FactCheckCancellationIn,
    "decisions": claims_in.DecisionIn, "approval": claims_in.ApprovalIn,
    "escalations": claims_in.EscalationIn, "escalation-stage": claims_in.StageIn,
    "escalation-replies": claims_in.AgencyReplyIn, "escalation-outcome": claims_in.OutcomeIn,
    "escalation-extension": claims_in.ExtensionIn,
    "closure": claims_in.ClosureIn, "reopening": claims_in.ReopeningIn,
    "satisfaction": claims_in.SatisfactionIn, "notes": claims_in.NoteIn,
    "abuse-reports": claims_in.AbuseReportIn, "intake": claims_in.IntakeIn,
    "queue": QueueQuery, "selection": SelectionIn, "simulation": SimulationIn,
}
SIMULATION_MAX_DAYS = MAX_PERIOD_DAYS  # POST /simulations' longest period


def run_command(command: str, actor: Actor, claim_id: str, expected_version: int | None,
                data: dict[str, Any], part_ids: dict[str, str]) -> Claim:
    """One claim command through the application's use case, If-Match semantics included."""
    use_case, arguments = USE_CASES[command]
    result = getattr(services().casemgmt, use_case)(
        actor, claim_id, expected_version=expected_version, **part_ids, **arguments(data))
    return result[0] if isinstance(result, tuple) else result


def file_claim(actor: Actor, data: dict[str, Any]) -> Claim:
    order = Order(**data["order"]) if data["order"] else None
    filed = services().casemgmt.file_claim(
        actor, channel=data["channel"], category=data["category"],
        customer=Customer(**data["customer"]), order=order, summary=data["summary"],
        description=data["description"], received_at=data["received_at"])
    return filed


# -- supervisors' approvals -------------------------------------------------------------------

def claims_with_pending_decisions() -> list[Claim]:
    """Claims that may hold a decision awaiting approval. The status names only the first state
    that applies, so an escalated claim may hide one: both statuses are read."""
    fresh_views()
    svc = services()
    found = []
    for status in ("awaiting_approval", "escalated"):
        after = None
        while True:
            rows, after = svc.views.queue_page({"status": status}, now=now(), limit=500,
                                               after=after)
            found.extend(svc.casemgmt.get_claim(row.values["claim_id"]) for row in rows)
            if after is None:
                break
    return [c for c in found if any(d.is_pending for d in c.decisions)]


def disclose(shown: Iterable[Claim]) -> None:
    disclosed((str(c.id), c.customer.id) for c in shown)


# -- customers, the claims export, webhooks (web/customers.py, web/webhooks.py) -------------

CustomerNotFound, CustomerErased = customers_api.CustomerNotFound, customers_api.CustomerErased
LOOKUP_FIELDS = customers_api.LOOKUP_FIELDS


def find_customers(criteria: dict[str, Any]) -> dict[str, Any]:
    """POST /customers/search's answer for this user (masked for auditors), logged: the body
    (one criterion, limit, cursor) is validated by the API's own schema first. Raises
    marshmallow's ValidationError, and InvalidCommand for a cursor not given out here."""
    loaded = customers_api.LookupBody().load(criteria)
    try:
        return customers_api.found_customers(loaded)
    except ApiProblem:
        raise InvalidCommand("cursor.unknown", "not a cursor of this look-up", "cursor") from None


def customer_360(customer_id: str) -> dict[str, Any]:
    """GET /customers/{id}'s answer for this user, logged. Raises CustomerNotFound,
    CustomerErased."""
    return customers_api.the_360(customer_id)


def log_refused_customer_access() -> None:
    """A 403, 404 or 410 on a customer's page is a refused access to personal data, logged as
    the API logs one on GET /customers/{id} (outcome "refused", the page's route template)."""
    refusals._append()


def export_claims(query: dict[str, str], actor: Actor):
    """GET /claims/export.csv streamed under the session, each page logged as this page.
    Raises marshmallow's ValidationError for a bad period."""
    return claims_export.export_response(claims_export.ExportQuery().load(query), actor)


def webhook_desk():
    """The webhook use cases (subscribe, pause, resume, delete, deliveries) of the API app."""
    return webhooks_api.webhooks(current_app.extensions[API_APP_KEY]).desk


WebhookNotFound = webhooks_api.WebhookNotFound
WEBHOOK_EVENT_TYPES = webhooks_api.EVENT_TYPES
WEBHOOK_STATUSES = webhooks_api.STATUSES
webhook_delivery_id = webhooks_api.delivery_id
WEBHOOK_PAUSED_BY_ADMIN = PAUSED_BY_ADMIN


# -- dashboards -------------------------------------------------------------------------------

def voc(start: datetime, end: datetime) -> dict[str, Any]:
    fresh_views()
    return services().views.voc(start, end)


def authority_ledger(month: str) -> dict[str, tuple[int, int]]:
    fresh_views()
    return services().views.ledger_of_month(month)


def authority_of(staff_id: str, month: str) -> tuple[int, int]:
    fresh_views()
    return services().views.granted_in_month(staff_id, month)


def surprise_delight_round(month: str):
    """The stored round, or the running month's provisional candidates so far."""
    return services().casemgmt.current_round(month)


def select_candidate(actor: Actor, month: str, data: dict[str, Any]) -> None:
    services().casemgmt.select_candidate(actor, month, **data)


# -- a decision citing the standard, and the policy simulation (web/decision_standard.py,
#    web/simulations.py) --------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionPreview:
    """What a proposed decision citing the standard would be, before it is sent: the standard's
    amount (edition and rule cited), the deviation, what counts against authority, the status."""

    edition: str
    rule_id: str
    kind: str
    standard_krw: int
    explanation_ko: str
    amount_krw: int
    deviation_krw: int
    counted_krw: int
    effective_limit: int
    status: str  # approved | pending_approval
    hold: str | None = None  # held beyond authority, e.g. "duplicate_compensation"


def preview_decision(actor: Actor, shown: Claim, remedy: str, amount_krw: int,
                     citation: dict[str, Any]) -> DecisionPreview:
    """The decision tried on a copy of the claim, with the citation calculated as
    ClaimUseCases.propose_decision calculates it and the order's recorded payments read as
    OrderGuard reads them (the duplicate-compensation hold): nothing is stored. Raises the
    domain's refusals naming the request's fields (``standard.inputs.<name>``,
    ``standard.rule_id``)."""
    app = services().casemgmt
    cited = calculate_citation(app.remedy_standard, shown, citation)
    order_key = app.order_approvals.key(shown.order.id) if shown.order else None
    earlier = app.order_approvals.recorded(order_key) if order_key else []
    trial = copy.deepcopy(shown)
    decision_id = trial.propose_decision(remedy, amount_krw, _SAMPLE, by=actor, at=now(),
                                         policy=app.policy, standard=cited, earlier=earlier)
    made = next(d for d in trial.decisions if d.id == decision_id)
    baseline = made.standard
    return DecisionPreview(
        edition=baseline["edition"], rule_id=baseline["rule_id"], kind=baseline["kind"],
        standard_krw=baseline["amount_krw"], explanation_ko=baseline["explanation_ko"],
        amount_krw=made.amount_krw, deviation_krw=made.deviation_krw,
        counted_krw=made.counted_krw,
        effective_limit=effective_limit(actor, shown.customer.tier)[0], status=str(made.status),
        hold=made.hold)


def simulate(what_if: WhatIf) -> dict[str, Any]:
    """POST /simulations' answer for these rules: the application's PolicySimulation over the
    stored events; writes nothing. Raises NotInStandard (edition), ValueError (deadlines)."""
    report = services().simulations.run(what_if)
    return report.as_dict(what_if.start, what_if.end, [c.value for c in Category])


def tier_multipliers() -> dict[str, float]:
    return dict(services().casemgmt.policy.tier_multipliers)


def staff_exists(staff_id: str) -> bool:
    try:
        services().casemgmt.get_staff(staff_id)
    except (StaffNotFound, ValueError):
        return False
    return True


# -- the PII access log on refused commands ---------------------------------------------------

def log_disclosures_of_refusal(status: int) -> None:
    """The API's hook logs disclosures of successful responses only; a page shown again with
    a refusal (403, 409, 412, 422) still shows the claim, so it is logged here, as the hook
    would (same row shape, same endpoint template)."""
    shown = g.pop(_SHOWN, None)
    if not shown or status < 400 or request.url_rule is None:
        return
    services().access_log.append(accesses(g.actor, shown))


def status_of(error: DomainError) -> int:
    """The HTTP status the API answers this refusal with (403, 404, 409 or 422)."""
    return _domain_status(error)


# -- evidence files and vendor links (web/evidence.py) ----------------------------------------

def attachment_file(claim_id: str, attachment_id: str) -> EvidenceFile:
    """A file's bytes, checked against the SHA-256 its event recorded; the disclosure is logged
    as the API's download logs it. Raises UnknownPart, ClaimDataErased, FileIntegrityError."""
    found = services().evidence.attachment_file(claim_id, attachment_id)
    disclosed([(found.claim_id, found.customer_id)])
    return found


def add_attachment(actor: Actor, claim_id: str, expected_version: int | None,
                   filename: str | None, data: bytes, fields: dict[str, str | None]) -> Claim:
    """Raises FileTooLarge, UnsupportedMediaType, ClaimDataErased, and the domain's refusals."""
    return services().evidence.add_attachment(
        actor, claim_id, Upload(filename=filename, data=data, **fields),
        expected_version=expected_version)


def issue_vendor_link(actor: Actor, claim_id: str, fact_check_id: str,
                      expected_version: int | None) -> tuple[Claim, IssuedLink, str]:
    """The claim after the link was issued, the link (its token shown once), and its URL."""
    svc = services()
    claim, link = svc.vendors.issue_link(actor, claim_id, fact_check_id,
                                         expected_version=expected_version)
    base = svc.settings.public_url or request.host_url.rstrip("/")
    return claim, link, f"{base}/vendor#f={link.fact_check_id}&t={link.token}"


def revoke_vendor_link(actor: Actor, claim_id: str, fact_check_id: str,
                       expected_version: int | None) -> Claim:
    return services().vendors.revoke_link(actor, claim_id, fact_check_id,
                                          expected_version=expected_version)


UPLOAD_FIELDS = UploadFields  # kind, fact_check_id, escalation_id, as the API reads them


def file_extension(media_type: str) -> str:
    """jpg, png, m4a, … for a media type casemgmt takes; the subtype otherwise."""
    try:
        return MediaType(media_type).extension
    except ValueError:
        return media_type.rsplit("/", 1)[-1]


def max_attachment_mb() -> int:
    return services().settings.max_attachment_mb


def max_upload_bytes() -> int:
    """The body an upload may have: the file's cap and the form around it (as the API)."""
    return services().settings.max_attachment_bytes + UPLOAD_ENVELOPE


# -- the remedy standard (web/remedies.py) ----------------------------------------------------

def today() -> date:
    return now().astimezone(SEOUL).date()


def standard_editions() -> list[Edition]:
    return services().remedy_standard.editions()


def edition_in_force(on: date) -> Edition:
    return services().remedy_standard.edition_on(on)


def standard_rules(edition_id: str) -> list[RuleInEdition]:
    """Raises NotInStandard for an edition not in the tables."""
    return services().remedy_standard.rules(edition_id)


def standard_rule(edition_id: str, rule_id: str) -> RuleInEdition:
    return services().remedy_standard.rule(edition_id, rule_id)


def calculate_remedy(edition_id: str, rule_id: str, inputs: dict[str, int]) -> Calculation:
    """What the rule grants under this edition. Writes nothing. Raises NotInStandard, and
    InvalidCommand naming the input (``inputs.<name>``) for a missing or bad one."""
    return services().remedy_standard.calculate(rule_id, inputs, edition=edition_id)
