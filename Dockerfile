# syntax=docker/dockerfile:1
# Production image: `casemgmt serve` on port 8080 — gunicorn's API workers and one
# background process with the projection runner and the clock, so `docker run` alone
# is a complete single-node service (compose.yaml runs the clock apart instead).
# Every casemgmt command applies the SQL migrations and checks CASEMGMT_CIPHER_KEY first.
# Configure with CASEMGMT_* environment variables (see README.md); production
# sets CASEMGMT_DATABASE_URL to a PostgreSQL URL. Logs are JSON lines on stderr.
FROM python:3.11.9-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CASEMGMT_MIGRATIONS_DIR=/app/migrations

RUN groupadd --system --gid 10001 casemgmt \
    && useradd --system --uid 10001 --gid casemgmt --home-dir /var/lib/casemgmt \
        --create-home --shell /usr/sbin/nologin casemgmt

WORKDIR /app
COPY setup.cfg pyproject.toml README.md ./
COPY casemgmt ./casemgmt
COPY migrations ./migrations
# Installs this project (not editable); dependency versions come from setup.cfg.
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info

COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh

# Run from the service user's writable home, so the SQLite default
# (./casemgmt.db) also works for a quick local try.
WORKDIR /var/lib/casemgmt
# casemgmt, by number so that runtimes can verify it is not root
USER 10001:10001

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]

ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["casemgmt", "serve", "--host", "0.0.0.0", "--port", "8080"]
