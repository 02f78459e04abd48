"""Who may do what: the one table every edge reads, and the claim's own access rules.

The API publishes each operation's roles from `MAY` (as x-roles in /openapi.json), the
workspace shows a command only to the roles `MAY` admits, and the claim's rules below refuse
anyone else even when an edge forgets to ask.
"""
from __future__ import annotations

from types import MappingProxyType

from .errors import NotPermitted
from .values import Actor, Role

CASEWORK_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR})
SYSTEM_ROLES = frozenset({Role.SCHEDULER, Role.ADMIN})  # the clock, and who may run it
# Roles that read claims for oversight, not casework: they see that data exists, not what it is.
SEES_MASKED = frozenset({Role.AUDITOR})

MAY = MappingProxyType({
    "change_claim": CASEWORK_ROLES,
    "approve": frozenset({Role.SUPERVISOR}),
    "read_claims": CASEWORK_ROLES | {Role.AUDITOR, Role.SCHEDULER},
    "read_audit": frozenset({Role.AUDITOR, Role.SUPERVISOR}),
    "read_access_log": frozenset({Role.AUDITOR, Role.ADMIN}),
    "read_stats": frozenset({Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN}),
    "read_authority": frozenset({Role.AGENT, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN}),
    "read_files": CASEWORK_ROLES | {Role.AUDITOR},
    "look_up_customers": CASEWORK_ROLES | {Role.AUDITOR},
    "export_claims": frozenset({Role.SUPERVISOR, Role.AUDITOR}),  # not the scheduler: it has no use for files
    "read_standard": frozenset({Role.AGENT, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN}),
    "simulate": frozenset({Role.SUPERVISOR, Role.ADMIN}),  # policy simulation (reads events)
    "read_staff": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "manage_staff": frozenset({Role.ADMIN}),
    "erase": frozenset({Role.ADMIN}),
    "manage_webhooks": frozenset({Role.ADMIN}),
    "run_jobs": SYSTEM_ROLES,
    "record_alerts": SYSTEM_ROLES,
})


def may(actor: Actor, action: str) -> bool:
    return actor.role in MAY[action]


def require_casework_role(actor: Actor) -> None:
    if actor.role not in CASEWORK_ROLES:
        raise NotPermitted("role.casework", f"a {actor.role} may read claims but not change them")


def require_may_change(actor: Actor, assignee: str | None) -> None:
    require_casework_role(actor)
    if actor.role == Role.AGENT and assignee != actor.id:
        raise NotPermitted(
            "assignment.not_yours",
            "an agent changes only claims assigned to them; take the claim first",
        )


def require_may_assign(actor: Actor, current: str | None, assignee: Actor) -> None:
    require_casework_role(actor)
    if assignee.role not in CASEWORK_ROLES:
        raise NotPermitted("assignment.assignee_role", f"a claim cannot be assigned to a {assignee.role}")
    if actor.role == Role.AGENT:
        if assignee.id != actor.id:
            raise NotPermitted("assignment.agent_self_only", "an agent may assign a claim only to themself")
        if current not in (None, actor.id):
            raise NotPermitted("assignment.taken", "the claim is assigned to someone else; ask a supervisor")


def require_may_approve(actor: Actor, proposed_by: str) -> None:
    if actor.role != Role.SUPERVISOR:
        raise NotPermitted("approval.supervisor_only", "only a supervisor approves or rejects a decision")
    if actor.id == proposed_by:
        raise NotPermitted("approval.not_proposer", "the proposer of a decision cannot approve or reject it")
