"""gunicorn settings shared by `casemgmt serve` and the Docker image
(`gunicorn -c python:casemgmt.infrastructure.gunicorn_conf ...`)."""

accesslog = "-"
# Method, path, status, size and time only. gunicorn's default adds the request line with its
# query string, the referrer and the user agent: a query or referrer may carry customer ids,
# names or phone numbers (?customer_id=..., a search page's URL), which must not reach logs.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
# The access and error logs as casemgmt's JSON lines (casemgmt/telemetry/logs.py): the access
# line is built from the request's route template, staff member, id, status and duration, and
# not from this format, which only a plain `logger_class` would use.
logger_class = "casemgmt.telemetry.logs.GunicornLogger"

# gthread, with gunicorn's own refusals (414, 431, 400) answered as application/problem+json.
worker_class = "casemgmt.infrastructure.problem_worker.ProblemWorker"
threads = 8
