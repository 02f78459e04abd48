#!/bin/sh
# Container entrypoint: apply migrations, then serve with gunicorn.
# Arguments, if any, replace the server, after migrating:
#   docker run IMAGE casemgmt staff add --name NAME --role ROLE --authority-limit AMOUNT
set -eu

casemgmt migrate

if [ "$#" -gt 0 ]; then
    exec "$@"
fi
# The config module sets an access log format without query strings (personal data), and
# the worker class: gthread, with gunicorn's own refusals (414, 431, 400) as problem+json.
exec gunicorn --config python:casemgmt.infrastructure.gunicorn_conf \
    --bind 0.0.0.0:8080 --workers "${WEB_CONCURRENCY:-2}" 'casemgmt.api.wsgi:app'
