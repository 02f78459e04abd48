"""Run one of the clock's jobs now and see what it did."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from casemgmt.application.jobs import JOBS, run_job
from casemgmt.domain.access import MAY

from .auth import current_actor
from .jsonsafe import jsonsafe
from .operation import operation
from .problems import ApiProblem
from .schemas.common import calendar_month
from .services import services

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="The clock's jobs")


class JobRunIn(Schema):
    month = calendar_month(metadata={"description": "surprise-delight only; default: last month"})


class JobRunOut(Schema):
    job = fields.String(required=True)
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(required=True)
    result = fields.Dict(required=True)


@blp.route("/<name>/runs", methods=["POST"])
@operation(blp, roles=MAY["run_jobs"], problems=(404,), idempotent=True)
@blp.arguments(JobRunIn())
@blp.response(201, JobRunOut)
def run(data, name):
    """Run a job now: deadline-sweep, happy-calls, surprise-delight, retention or audit-anchor."""
    if name not in JOBS:
        raise ApiProblem(404, f"no job {name!r}; jobs: {', '.join(JOBS)}", slug="job-not-found")
    if data and name != "surprise-delight":
        raise ApiProblem(422, f"{name} takes no parameters", slug="validation",
                         errors={"month": ["only surprise-delight takes a month"]})
    outcome = run_job(services().casemgmt, name, data, actor=current_actor())
    outcome["result"] = jsonsafe(outcome["result"])
    return outcome, 201
