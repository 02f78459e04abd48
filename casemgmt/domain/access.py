"""Who may change a claim: agents their own claims, supervisors any, read-only roles none."""
from __future__ import annotations

from .errors import NotPermitted
from .values import Actor, Role

CASEWORK_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR})


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
