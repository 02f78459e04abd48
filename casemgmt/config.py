"""Settings from the environment, and their translation into the eventsourcing library's env."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///./casemgmt.db"


class SettingsError(ValueError):
    """Raised when an environment variable holds a value casemgmt cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    cipher_key: str | None = None
    lock_timeout_s: int = 5
    snapshot_interval: int = 50
    token_ttl_days: int = 90
    rate_limit_per_minute: int = 600
    retention_days: int = 3 * 365 + 1  # 전자상거래법 시행령 §6: complaint records, 3 years
    max_attachment_mb: int = 20
    vendor_rate_limit_per_minute: int = 60
    public_url: str | None = None  # where vendors reach the service (links are built on it)
    migrations_dir: Path = Path(__file__).resolve().parent.parent / "migrations"
    # Webhooks (casemgmt/webhooks): see README, Webhooks.
    webhook_allow_private: bool = False
    webhook_timeout_s: int = 10
    webhook_pause_after: int = 5
    webhook_workers: int = 8
    # -- reliability (issue 15): proxies, throttling, shared rate limits, audit anchors ----
    trusted_proxies: int = 0             # reverse proxies whose X-Forwarded-For is believed
    unauthenticated_per_minute: int = 60  # failed authentications per client address
    rate_limit_dir: str | None = None    # where workers share rate-limit levels (serve: its own)
    anchor_key_file: str | None = None   # Ed25519 private key (PEM) that signs audit anchors
    anchor_dir: str | None = None        # where the daily job writes anchors
    anchor_webhook: str | None = None    # where the daily job POSTs anchors
    shred_wal: bool = False              # PostgreSQL: also push destroyed keys out of pg_wal

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("CASEMGMT_DATABASE_URL") or DEFAULT_DATABASE_URL,
            cipher_key=env.get("CASEMGMT_CIPHER_KEY") or None,
            lock_timeout_s=_positive_int(env, "CASEMGMT_LOCK_TIMEOUT", 5),
            snapshot_interval=_positive_int(env, "CASEMGMT_SNAPSHOT_INTERVAL", 50),
            token_ttl_days=_positive_int(env, "CASEMGMT_TOKEN_TTL_DAYS", 90, maximum=3650),
            rate_limit_per_minute=_positive_int(env, "CASEMGMT_RATE_LIMIT_PER_MINUTE", 600,
                                                maximum=1_000_000),
            retention_days=_positive_int(env, "CASEMGMT_RETENTION_DAYS", 3 * 365 + 1),
            max_attachment_mb=_positive_int(env, "CASEMGMT_MAX_ATTACHMENT_MB", 20, maximum=1024),
            vendor_rate_limit_per_minute=_positive_int(
                env, "CASEMGMT_VENDOR_RATE_LIMIT_PER_MINUTE", 60, maximum=1_000_000),
            public_url=_public_url(env.get("CASEMGMT_PUBLIC_URL")),
            migrations_dir=Path(env.get("CASEMGMT_MIGRATIONS_DIR") or cls.migrations_dir),
            **_webhook_settings(env),
            trusted_proxies=_count(env, "CASEMGMT_TRUSTED_PROXIES", maximum=10),
            unauthenticated_per_minute=_positive_int(env, "CASEMGMT_UNAUTHENTICATED_PER_MINUTE",
                                                     60, maximum=1_000_000),
            rate_limit_dir=env.get("CASEMGMT_RATE_LIMIT_DIR") or None,
            anchor_key_file=env.get("CASEMGMT_ANCHOR_KEY_FILE") or None,
            anchor_dir=env.get("CASEMGMT_ANCHOR_DIR") or None,
            anchor_webhook=_public_url(env.get("CASEMGMT_ANCHOR_WEBHOOK"),
                                       "CASEMGMT_ANCHOR_WEBHOOK"),
            shred_wal=_count(env, "CASEMGMT_SHRED_WAL", maximum=1) == 1,
        )

    @property
    def max_attachment_bytes(self) -> int:
        return self.max_attachment_mb * 1024 * 1024

    @property
    def backend(self) -> str:
        scheme = urlsplit(self.database_url).scheme
        if scheme == "sqlite":
            return "sqlite"
        if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            return "postgres"
        raise SettingsError(
            f"CASEMGMT_DATABASE_URL must start with sqlite:/// or postgresql:// (got {scheme!r})")

    def eventsourcing_env(self) -> dict[str, str]:
        env = self._sqlite_env() if self.backend == "sqlite" else self._postgres_env()
        if self.cipher_key:
            env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
            env["CIPHER_KEY"] = self.cipher_key
        return env

    def _sqlite_env(self) -> dict[str, str]:
        path = urlsplit(self.database_url).path
        # sqlite:///./x.db and sqlite:///x.db are relative; sqlite:////abs/x.db is absolute
        name = path[1:] if path.startswith("/") else path
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": name or ":memory:",
            "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout_s),
        }

    def _postgres_env(self) -> dict[str, str]:
        url = urlsplit(self.database_url)
        query = parse_qs(url.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            # Waiting for the table lock longer than this means something is stuck:
            # fail the command (the client may retry) rather than pile up connections.
            "POSTGRES_LOCK_TIMEOUT": str(self.lock_timeout_s),
            # Both the wait for a pooled connection and a new connection's handshake: a
            # database that is gone answers 503 within a few seconds, not a minute.
            "POSTGRES_CONNECT_TIMEOUT": "2",
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["5"])[0],
            "POSTGRES_MAX_OVERFLOW": query.get("max_overflow", ["10"])[0],
            # No ping per checkout: the pool's idle connections are checked in the
            # background and after a failure (Database.check_pool).
            "POSTGRES_PRE_PING": "n",
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env

    def describe(self) -> str:
        """The database without its password, for logs and /readyz."""
        url = urlsplit(self.database_url)
        if url.password:
            return self.database_url.replace(f":{url.password}@", ":***@")
        return self.database_url


def _positive_int(env: Mapping[str, str], name: str, default: int,
                  maximum: int | None = None) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (got {raw!r})") from None
    if value <= 0:
        raise SettingsError(f"{name} must be greater than 0 (got {value})")
    if maximum is not None and value > maximum:
        raise SettingsError(f"{name} must be at most {maximum} (got {value})")
    return value


def _public_url(raw: str | None, name: str = "CASEMGMT_PUBLIC_URL") -> str | None:
    if not raw:
        return None
    url = urlsplit(raw)
    if url.scheme not in ("http", "https") or not url.netloc or url.query or url.fragment:
        raise SettingsError(f"{name} must be http(s)://host[:port][/path] (got {raw!r})")
    return raw.rstrip("/")


def _webhook_settings(env: Mapping[str, str]) -> dict:
    allow = (env.get("CASEMGMT_WEBHOOK_ALLOW_PRIVATE") or "0").strip().lower()
    if allow not in ("0", "1", "true", "false", "yes", "no"):
        raise SettingsError(f"CASEMGMT_WEBHOOK_ALLOW_PRIVATE must be 1 or 0 (got {allow!r})")
    return dict(
        webhook_allow_private=allow in ("1", "true", "yes"),
        webhook_timeout_s=_positive_int(env, "CASEMGMT_WEBHOOK_TIMEOUT", 10, maximum=60),
        webhook_pause_after=_positive_int(env, "CASEMGMT_WEBHOOK_PAUSE_AFTER", 5),
        webhook_workers=_positive_int(env, "CASEMGMT_WEBHOOK_WORKERS", 8, maximum=64),
    )


def _count(env: Mapping[str, str], name: str, maximum: int) -> int:
    """A whole number from 0 to `maximum` (unset: 0)."""
    raw = env.get(name)
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > maximum:
        raise SettingsError(f"{name} must be a whole number from 0 to {maximum} (got {raw!r})")
    return int(raw)
