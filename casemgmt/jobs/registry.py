"""The jobs by name, as `POST /jobs/{name}/runs` and the scheduler call them."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from casemgmt.bootstrap import Services
from casemgmt.domain.values import Actor, Role

from .deadline_sweep import deadline_sweep
from .happy_calls import happy_calls
from .retention import retention
from .surprise_delight import surprise_delight

Job = Callable[[Services, Actor, dict[str, Any]], dict[str, Any]]
JOBS: dict[str, Job] = {
    "deadline-sweep": deadline_sweep,
    "happy-calls": happy_calls,
    "surprise-delight": surprise_delight,
    "retention": retention,
}
CLOCK = Actor(id="system:scheduler", role=Role.SCHEDULER, name="scheduler")


def run_job(svc: Services, name: str, params: dict[str, Any] | None = None,
            actor: Actor = CLOCK) -> dict[str, Any]:
    started: datetime = svc.casemgmt.clock.now()
    result = JOBS[name](svc, actor, params or {})
    return {"job": name, "started_at": started, "finished_at": svc.casemgmt.clock.now(),
            "result": result}
