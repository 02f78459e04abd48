"""Reading everything a database holds, as someone who copied it would: no keys, no application.

SQLite: the raw bytes of the database file and of every file beside it that shares its name
(-wal, -shm, -journal), free pages included. PostgreSQL: every column of every row of every
table in the test's schema, fetched in Python (bytea as bytes, text as text), and each row's
text form besides (where bytea shows only as hex, so that form alone would not do).
"""
from __future__ import annotations

import base64
import binascii
import glob
import json
import re
import sqlite3
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg import sql

from casemgmt.config import Settings


@dataclass(frozen=True)
class Chunk:
    where: str    # "casemgmt.db-wal" or "work_queue.customer_name"
    data: bytes


def database_chunks(settings: Settings) -> list[Chunk]:
    if settings.backend == "sqlite":
        return _sqlite_files(settings)
    return _postgres_values(settings)


def _sqlite_files(settings: Settings) -> list[Chunk]:
    path = settings.eventsourcing_env()["SQLITE_DBNAME"]
    files = sorted(glob.glob(glob.escape(path) + "*"))
    assert path in files, f"no database file at {path}"
    chunks = []
    for name in files:
        with open(name, "rb") as handle:
            chunks.append(Chunk(name.rsplit("/", 1)[-1], handle.read()))
    return chunks


def schema_of(settings: Settings) -> str:
    return parse_qs(urlsplit(settings.database_url).query)["schema"][0]


def postgres_tables(settings: Settings) -> list[str]:
    with _connect(settings) as conn:
        rows = conn.execute("SELECT table_name FROM information_schema.tables"
                            " WHERE table_schema = %s ORDER BY table_name",
                            (schema_of(settings),)).fetchall()
    return [row[0] for row in rows]


def _postgres_values(settings: Settings) -> list[Chunk]:
    schema = schema_of(settings)
    chunks = []
    with _connect(settings) as conn:
        for table in postgres_tables(settings):
            name = sql.Identifier(schema, table)
            cur = conn.execute(sql.SQL("SELECT * FROM {}").format(name))
            columns = [d.name for d in cur.description]
            for row in cur.fetchall():
                for column, value in zip(columns, row):
                    chunks.append(Chunk(f"{table}.{column}", _as_bytes(value)))
            for (text,) in conn.execute(sql.SQL("SELECT t::text FROM {} AS t").format(name)):
                chunks.append(Chunk(f"{table} (row as text)", text.encode("utf-8")))
    return chunks


def _as_bytes(value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return str(value).encode("utf-8")


def _connect(settings: Settings) -> psycopg.Connection:
    env = settings.eventsourcing_env()
    return psycopg.connect(dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"],
                           port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"],
                           password=env["POSTGRES_PASSWORD"], autocommit=True)


def forms(secret: str) -> list[bytes]:
    """The ways a string may lie in storage: UTF-8, JSON-escaped, and UTF-16 (SQLite may use it)."""
    escaped = json.dumps(secret)[1:-1].encode("ascii")
    return sorted({secret.encode("utf-8"), escaped, secret.encode("utf-16-le")})


def found(secrets: list[str], chunks: list[Chunk]) -> dict[str, list[str]]:
    """{secret: [where it was found]} for each secret found anywhere."""
    hits: dict[str, list[str]] = {}
    for secret in secrets:
        for chunk in chunks:
            if any(form in chunk.data for form in forms(secret)):
                hits.setdefault(secret, []).append(chunk.where)
    return hits


SEALED = re.compile(rb"pii:v1:([A-Za-z0-9+/]+={0,2})")


def stored_data_keys(settings: Settings) -> dict[str, str | None]:
    """{claim id: wrapped_key column} as the database holds them."""
    query = "SELECT claim_id, wrapped_key FROM data_keys"
    if settings.backend == "sqlite":
        conn = sqlite3.connect(settings.eventsourcing_env()["SQLITE_DBNAME"])
        try:
            return dict(conn.execute(query).fetchall())
        finally:
            conn.close()
    with _connect(settings) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema_of(settings))))
        return dict(conn.execute(query).fetchall())


def opened_with_stored_keys(settings: Settings, chunks: list[Chunk]) -> list[Chunk]:
    """What someone holding only the database can unseal: every `pii:v1:` value found in the
    chunks, opened with each data key the database stores unwrapped ("raw:")."""
    keys = {claim_id: base64.b64decode(stored[4:])
            for claim_id, stored in stored_data_keys(settings).items()
            if stored and stored.startswith("raw:")}
    opened = []
    for chunk in chunks:
        for match in SEALED.finditer(chunk.data):
            try:
                raw = base64.b64decode(match.group(1))
            except binascii.Error:  # cut short by a page boundary in a raw file
                continue
            for claim_id, key in keys.items():
                try:
                    plain = AESGCM(key).decrypt(raw[:12], raw[12:], claim_id.encode())
                except (InvalidTag, ValueError):
                    continue
                opened.append(Chunk(f"{chunk.where} (unsealed)", plain))
    return opened
