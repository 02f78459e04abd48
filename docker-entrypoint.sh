#!/bin/sh
# Container entrypoint: run the command given, by default `casemgmt serve --host 0.0.0.0`
# (the Dockerfile's CMD): the API workers, the projection runner and the clock, a complete
# single-node service. Every casemgmt command applies the migrations and checks
# CASEMGMT_CIPHER_KEY against the store before anything else, so no separate step is needed:
#   docker run IMAGE                                      # the whole service on :8080
#   docker run IMAGE casemgmt staff add --name NAME --role admin
#   docker run IMAGE casemgmt serve --host 0.0.0.0 --no-scheduler   # the clock runs elsewhere
set -eu

if [ "$#" -eq 0 ]; then
    set -- casemgmt serve --host 0.0.0.0 --port 8080
fi
exec "$@"
