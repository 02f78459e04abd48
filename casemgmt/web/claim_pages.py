"""The claim page: header, deadlines, customer, parts, the timeline, and every command the
claim's state and the user's role allow, each a form posting to the API's path (without
/api/v1) with the version it was read at."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from flask import Blueprint, render_template, request, url_for

from . import backend
from .access import page, see_other, signed_in
from .commands import BY_KEY, COMMANDS, TAKE, Command
from .forms import Failed, read, version_of
from .refusals import reason
from .time_left import TimeLeft, time_left

blp = Blueprint("claim", __name__)
READ = ("GET", "/api/v1/claims/{claim_id}")
HISTORY = ("GET", "/api/v1/claims/{claim_id}/history")
FORM_ID = re.compile(r"^[a-z][a-z0-9-]{0,99}$")
CONFLICT = "다른 사람이 이 클레임을 변경했습니다. 바뀐 내용을 확인한 뒤 다시 제출하세요."
# Parts of the page other modules add (evidence.py: files, vendor links): their commands are
# offered and refused like the ones above; each context function gives its templates' data,
# called with (the claim, its detail as shown, the actor, the offers).
PANEL_COMMANDS: list[Command] = []
PANEL_CONTEXT: list[Callable[[Any, dict, Any, dict], dict]] = []


@dataclass(frozen=True)
class Offer:
    command: Command
    part_id: str | None
    refusal: str | None  # why not now (Korean); None: the form is offered

    @property
    def form_id(self) -> str:
        return f"{self.command.key}-{self.part_id}" if self.part_id else self.command.key


@dataclass(frozen=True)
class Deadline:
    label: str
    due: Any
    met: bool
    left: TimeLeft | None
    overdue: bool


@blp.get("/claims/<claim_id>")
@page(api=READ)
def show(claim_id: str):
    command = BY_KEY.get(request.args.get("done", "")) or next(
        (c for c in PANEL_COMMANDS if c.key == request.args.get("done")), None)
    done = command.done if command else {"filed": "클레임을 접수했습니다.",
                                         "take": TAKE.done}.get(request.args.get("done", ""))
    return render(backend.claim(claim_id), done=done)


def render(shown, *, failed: Failed | None = None, status: int = 200, done: str | None = None,
           **extra: Any):
    actor = signed_in()
    detail = backend.claim_detail(shown)
    offers = offers_for(shown, actor)
    limit, multiplier = backend.effective_limit(actor, shown.customer.tier)
    for context in PANEL_CONTEXT:
        extra.update(context(shown, detail, actor, offers))
    return render_template(
        "claim.html", claim=detail, offers=offers, failed=failed, done=done, **extra,
        refused=_refused_offers(offers), deadlines=deadlines_of(detail),
        events=backend.history(str(shown.id)).events, effective_limit=limit,
        multiplier=multiplier, may_history=backend.admits(actor, *HISTORY),
        reload_url=url_for("claim.show", claim_id=str(shown.id))), status


def offers_for(shown, actor) -> dict[str, Offer]:
    """Every command this role may use (per the API), on every part in play, with the
    domain's reason when the claim's state or assignment refuses it now."""
    offers: dict[str, Offer] = {}
    for command in [TAKE, *COMMANDS, *PANEL_COMMANDS]:
        if not backend.admits(actor, *command.method_and_path):
            continue
        for part_id in _parts(shown, command.part):
            error = backend.refusal_of(command.key, shown, actor, part_id)
            offer = Offer(command, part_id, reason(error.rule, error.message) if error else None)
            offers[offer.form_id] = offer
    return offers


def _parts(shown, part: str | None) -> list[str | None]:
    if part == "fact_check_id":
        return [fc.id for fc in shown.fact_checks if fc.is_open]
    if part == "decision_id":
        return [d.id for d in shown.decisions if d.is_pending]
    if part == "escalation_id":
        return [e.id for e in shown.escalations if e.is_open]
    return [None]


def _refused_offers(offers: dict[str, Offer]) -> dict[str, list[str]]:
    """Reason → the commands it holds back, so one reason is said once."""
    grouped: dict[str, list[str]] = {}
    for offer in offers.values():
        if offer.refusal and offer.command.key != "assignment" and not offer.command.quiet:
            grouped.setdefault(offer.refusal, []).append(offer.command.title)
    return grouped


def deadlines_of(detail: dict[str, Any]) -> list[Deadline]:
    view = backend.view()
    overdue = set(detail["overdue"])

    def deadline(label: str, name: str, due, met: bool) -> Deadline:
        left = None if met or due is None else time_left(view.now, due, view.calendar)
        return Deadline(label, due, met, left, name in overdue)

    shown = [deadline("첫 응답", "first_response", detail["deadlines"]["first_response"],
                      detail["first_response_at"] is not None),
             deadline("처리 완료", "resolution", detail["deadlines"]["resolution"],
                      detail["closed_at"] is not None)]
    if detail["deadlines"].get("refund"):
        shown.append(deadline("환급 (전자상거래법 제18조)", "refund",
                              detail["deadlines"]["refund"], True))
    for fc in detail["fact_checks"]:
        if fc["status"] == "open":
            shown.append(deadline(f"사실 확인 {fc['id']}", f"fact_check:{fc['id']}", fc["due_at"],
                                  False))
    labels = {"relief": "피해구제 처리", "mediation_decision": "분쟁조정 결정",
              "acceptance": "조정 수락 여부 통보"}
    for esc in detail["escalations"]:
        if esc["outcome"] is None:
            for name, due in esc["deadlines"].items():
                if due is not None:
                    shown.append(deadline(f"{labels.get(name, name)} ({esc['id']})",
                                          f"{name}:{esc['id']}", due, False))
    return shown


# -- the commands -----------------------------------------------------------------------------

def _command_view(command: Command):
    def run(claim_id: str, **part_ids: str):
        return _run(command, claim_id, part_ids)

    run.__name__ = command.key.replace("-", "_")
    return page(api=command.method_and_path)(run)


for _each in COMMANDS:
    blp.add_url_rule(_each.rule, endpoint=_each.key, view_func=_command_view(_each),
                     methods=["POST"])


def _run(command: Command, claim_id: str, part_ids: dict[str, str]):
    actor = signed_in()
    form_id = _form_id(command, part_ids)
    data, errors = read(backend.SCHEMAS[command.key], request.form)
    if errors:
        return _again(claim_id, Failed(form_id, errors, request.form), 422)
    try:
        backend.run_command(command.key, actor, claim_id, version_of(request.form), data,
                            part_ids)
    except (backend.StaleVersion, backend.ConcurrentWrite) as error:
        status = 412 if isinstance(error, backend.StaleVersion) else 409
        return _again(claim_id, Failed(form_id, {"_form": [CONFLICT]}, request.form, True),
                      status)
    except backend.StaffNotFound:
        return _again(claim_id, Failed(form_id, {"assignee": [reason("assignee.unknown", "")]},
                                       request.form), 422)
    except backend.DomainError as error:
        failed = Failed(form_id, {error.field or "_form": [reason(error.rule, error.message)]},
                        request.form)
        return _again(claim_id, failed, backend.status_of(error))
    done = "take" if request.form.get("form_id") == "take" else command.key
    if request.form.get("next") == "approvals":
        return see_other(url_for("approvals.inbox", done=done))
    return see_other(url_for("claim.show", claim_id=claim_id, done=done) + "#result")


def _form_id(command: Command, part_ids: dict[str, str]) -> str:
    """Which form on the page to show the refusal next to (the inbox has one per claim)."""
    sent = request.form.get("form_id", "")
    if FORM_ID.match(sent) and (sent.startswith(command.key) or sent == TAKE.key):
        return sent
    part = next(iter(part_ids.values()), None)
    return f"{command.key}-{part}" if part else command.key


def _again(claim_id: str, failed: Failed, status: int):
    if request.form.get("next") == "approvals":
        from .approvals import render as render_inbox

        return render_inbox(failed=failed, status=status)
    return render(backend.claim(claim_id), failed=failed, status=status)
