"""Webhook deliveries: made from the event log, leased to one runner at a time, recorded.

Rows and the subscription's position move in one transaction, so a crash loses no event
and makes none twice. A runner leases a claim's oldest pending delivery (its head) together
with the pending ones behind it, with a conditional UPDATE that only an expired or absent
lease lets through: two runners never try the same delivery at once, on either backend.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from itertools import takewhile
from typing import Callable, Iterable

from casemgmt.webhooks.records import (
    ACTIVE, DELIVERED, FAILED, PAUSED, PENDING, Delivery, Leased, NewDelivery, Outcome,
)

from .database import Database
from .sql import Cursor, parse_time

PAUSED_FOR_FAILURES = "paused after {n} deliveries in a row failed"
_DELIVERY_COLUMNS = ("subscription_id, position, claim_id, event_type, status, attempts,"
                     " next_attempt_at, last_attempt_at, last_status_code, last_error,"
                     " delivered_at, created_at")
# A claim's oldest pending delivery to this subscription: later ones wait behind it.
_HEADS = ("SELECT d.subscription_id, d.position, d.claim_id FROM webhook_deliveries d"
          " WHERE d.subscription_id = %s AND d.status = 'pending'"
          " AND d.next_attempt_at <= %s AND (d.leased_until IS NULL OR d.leased_until < %s)"
          " AND EXISTS (SELECT 1 FROM webhook_subscriptions s"
          "   WHERE s.id = d.subscription_id AND s.state = 'active')"
          " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e"
          "   WHERE e.subscription_id = d.subscription_id AND e.claim_id = d.claim_id"
          "   AND e.status = 'pending' AND e.position < d.position)"
          " ORDER BY d.position LIMIT %s")


class DeliveryQueue:
    def __init__(self, db: Database):
        self.db = db

    # -- from the event log ----------------------------------------------------------------

    def cursors(self) -> list[tuple[str, int, list[str]]]:
        """(subscription id, position, event types) of every subscription, paused ones too:
        a paused subscription keeps collecting, and gets it all when it is resumed."""
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT id, position, events FROM webhook_subscriptions")
            return [(row[0], int(row[1]), json.loads(row[2])) for row in cur.fetchall()]

    def enqueue(self, seen: dict[str, int], rows: list[NewDelivery], upto: int,
                now: datetime) -> bool:
        """Add the deliveries and move the positions to `upto`, unless a position moved since
        it was read as `seen` (another runner, a redelivery, a deletion): then nothing."""
        with self.db.transaction() as cur:
            lock = " FOR UPDATE" if cur.backend == "postgres" else ""  # SQLite: BEGIN IMMEDIATE
            # in one order, so that two runners locking the rows cannot deadlock each other
            cur.execute(f"SELECT id, position FROM webhook_subscriptions ORDER BY id{lock}")
            current = {row[0]: int(row[1]) for row in cur.fetchall()}
            if any(current.get(sid) != position for sid, position in seen.items()):
                return False
            cur.executemany(
                "INSERT INTO webhook_deliveries (subscription_id, position, claim_id, event_type,"
                " payload, status, attempts, next_attempt_at, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, 0, %s, %s)"
                " ON CONFLICT (subscription_id, position) DO NOTHING",
                [(r.subscription_id, r.position, r.claim_id, r.event_type, r.payload, PENDING,
                  now, now) for r in rows])
            cur.executemany("UPDATE webhook_subscriptions SET position = %s WHERE id = %s",
                            [(upto, sid) for sid, position in seen.items() if position < upto])
        return True

    # -- leasing and recording -------------------------------------------------------------

    def lease(self, now: datetime, owner: str, until: datetime, room: Callable[[str], int],
              chain: int) -> list[list[Leased]]:
        """Per subscription, up to `room(id)` claims' due deliveries, each with up to `chain`
        pending ones behind it, leased to `owner` until `until`; each list in sending order."""
        urls = {sid: url for sid, url in self._due(now).items() if room(sid) > 0}
        if not urls:
            return []
        with self.db.transaction() as cur:
            skip = " FOR UPDATE OF d SKIP LOCKED" if cur.backend == "postgres" else ""
            found = []
            for sid in urls:
                cur.execute(_HEADS + skip, [sid, now, now, room(sid)])
                found += cur.fetchall()
            if not found:
                return []
            wanted = _chains(cur, found, now, chain)
            held = _take(cur, wanted, now, owner, until)
        return [[_leased(row, urls[sid]) for row in rows] for (sid, _), rows in held.items()]

    def _due(self, now: datetime) -> dict[str, str]:
        """The active subscriptions' URLs, when any of them has something due (looked up
        without taking SQLite's write lock, which an idle runner must not keep asking for)."""
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT id, url FROM webhook_subscriptions WHERE state = %s", (ACTIVE,))
            urls = dict(cur.fetchall())
            if not urls:
                return {}
            where, params = cur.one_of("subscription_id", list(urls))
            cur.execute(f"SELECT 1 FROM webhook_deliveries WHERE {where} AND status = 'pending'"
                        " AND next_attempt_at <= %s LIMIT 1", [*params, now])
            return urls if cur.fetchone() else {}

    def record(self, owner: str, outcomes: Iterable[Outcome], pause_after: int,
               now: datetime) -> list[str]:
        """Record what the tries got (only where `owner` still holds the lease); returns the
        subscriptions this paused. Deliveries are grouped so that a batch costs few statements."""
        delivered: dict[tuple[str, int], list[int]] = defaultdict(list)
        released: dict[str, list[int]] = defaultdict(list)
        failed: list[Outcome] = []
        for o in outcomes:
            d = o.delivery
            if o.attempt is None:
                released[d.subscription_id].append(d.position)
            elif o.attempt.delivered:
                delivered[(d.subscription_id, o.attempt.status_code)].append(d.position)
            else:
                failed.append(o)
        with self.db.transaction() as cur:
            for sid, positions in released.items():
                mine, params = _mine(cur, positions)
                cur.execute(f"UPDATE webhook_deliveries SET {_UNLEASED}{mine}",
                            [sid, owner, *params])
            for (sid, code), positions in delivered.items():
                mine, params = _mine(cur, positions)
                cur.execute(f"UPDATE webhook_deliveries SET status = '{DELIVERED}',"
                            " delivered_at = %s, last_status_code = %s, last_error = NULL,"
                            f" {_TRIED}, {_UNLEASED}{mine}",
                            [now, code, now, now, sid, owner, *params])
            gave_up = _record_failures(cur, owner, failed)
            return _count_failures(cur, {sid for sid, _ in delivered}, gave_up, pause_after, now)

    # -- operations ------------------------------------------------------------------------

    def listing(self, subscription_id: str, status: str | None, after: int,
                limit: int) -> list[Delivery]:
        which = " AND status = %s" if status else ""
        with self.db.transaction(write=False) as cur:
            cur.execute(f"SELECT {_DELIVERY_COLUMNS} FROM webhook_deliveries"
                        f" WHERE subscription_id = %s{which} AND position > %s"
                        " ORDER BY position LIMIT %s",
                        [subscription_id, *([status] if status else []), after, limit])
            return [_delivery(row) for row in cur.fetchall()]

    def redeliver(self, subscription_id: str, from_position: int, now: datetime) -> int:
        """Send every event from this position again (same delivery ids); returns how many
        deliveries were queued again. Events never turned into deliveries for this
        subscription (older than it, or pruned) are made again by moving its position back."""
        with self.db.transaction() as cur:
            cur.execute("UPDATE webhook_deliveries SET status = %s, attempts = 0,"
                        " next_attempt_at = %s, first_attempt_at = NULL, delivered_at = NULL,"
                        " last_error = NULL, last_status_code = NULL"
                        " WHERE subscription_id = %s AND position >= %s AND status <> %s",
                        (PENDING, now, subscription_id, from_position, PENDING))
            requeued = cur.rowcount
            cur.execute("UPDATE webhook_subscriptions SET position = %s"
                        " WHERE id = %s AND position >= %s",
                        (from_position - 1, subscription_id, from_position))
        return requeued

    def health(self) -> dict[str, dict[str, object]]:
        """Per subscription: pending and failed counts, and when the oldest pending was made."""
        found: dict[str, dict[str, object]] = defaultdict(
            lambda: {PENDING: 0, FAILED: 0, "oldest_pending_at": None})
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT subscription_id, status, COUNT(*), MIN(created_at)"
                        " FROM webhook_deliveries WHERE status IN (%s, %s)"
                        " GROUP BY subscription_id, status", (PENDING, FAILED))
            for sid, status, count, oldest in cur.fetchall():
                found[sid][status] = int(count)
                if status == PENDING:
                    found[sid]["oldest_pending_at"] = parse_time(oldest)
        return dict(found)

    def prune(self, before: datetime) -> int:
        """Forget deliveries that are over (delivered or failed) and older than `before`."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM webhook_deliveries WHERE status <> %s AND created_at < %s",
                        (PENDING, before))
            return cur.rowcount


def _chains(cur: Cursor, heads: list[tuple], now: datetime,
            chain: int) -> dict[tuple[str, str], list[tuple]]:
    """Each head with the pending deliveries of its claim behind it, up to `chain` in all and
    up to the first one another runner holds."""
    claims: dict[str, list[str]] = defaultdict(list)
    for sid, _, claim_id in heads:
        claims[sid].append(claim_id)
    pending: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for sid, claim_ids in claims.items():
        where, params = cur.one_of("claim_id", claim_ids)
        cur.execute("SELECT subscription_id, position, claim_id, payload, attempts,"
                    " first_attempt_at, leased_until FROM webhook_deliveries"
                    f" WHERE subscription_id = %s AND status = 'pending' AND {where}"
                    " ORDER BY position", [sid, *params])
        for row in cur.fetchall():
            pending[(sid, row[2])].append(row)
    chains = {}
    for sid, position, claim_id in heads:
        rows = pending[(sid, claim_id)]
        if not rows or int(rows[0][1]) != int(position):
            continue  # changed since the heads were read: next round
        behind = takewhile(lambda row: row[6] is None or parse_time(row[6]) < now,
                           rows[1:chain])
        chains[(sid, claim_id)] = [rows[0], *behind]
    return chains


def _take(cur: Cursor, wanted: dict[tuple[str, str], list[tuple]], now: datetime, owner: str,
          until: datetime) -> dict[tuple[str, str], list[tuple]]:
    """Lease what is still free; keep of each chain the unbroken part from its head."""
    positions: dict[str, list[int]] = defaultdict(list)
    for chain in wanted.values():
        positions[chain[0][0]] += [int(row[1]) for row in chain]
    mine = set()
    for sid, wanted_positions in positions.items():
        where, params = cur.one_of("position", wanted_positions)
        cur.execute("UPDATE webhook_deliveries SET leased_until = %s, lease_owner = %s"
                    " WHERE subscription_id = %s AND status = 'pending'"
                    f" AND (leased_until IS NULL OR leased_until < %s) AND {where}"
                    " RETURNING position", [until, owner, sid, now, *params])
        mine |= {(sid, int(row[0])) for row in cur.fetchall()}
    held, stray = {}, []
    for key, chain in wanted.items():
        kept = list(takewhile(lambda row: (row[0], int(row[1])) in mine, chain))
        if kept:
            held[key] = kept
        stray += [(row[0], row[1]) for row in chain[len(kept):] if (row[0], int(row[1])) in mine]
    cur.executemany("UPDATE webhook_deliveries SET leased_until = NULL, lease_owner = NULL"
                    " WHERE subscription_id = %s AND position = %s", stray)
    return held


_TRIED = ("attempts = attempts + 1, last_attempt_at = %s,"
          " first_attempt_at = COALESCE(first_attempt_at, %s)")
_UNLEASED = "leased_until = NULL, lease_owner = NULL"


def _mine(cur: Cursor, positions: list[int]) -> tuple[str, list]:
    """The leased deliveries at `positions`: the WHERE clause (subscription and owner as its
    first two parameters) and the positions' parameters."""
    where, params = cur.one_of("position", positions)
    return (" WHERE subscription_id = %s AND lease_owner = %s AND status = 'pending'"
            f" AND {where}"), params


def _record_failures(cur: Cursor, owner: str, failed: list[Outcome]) -> dict[str, int]:
    """Failed tries: retried later, or given up on (counted per subscription)."""
    gave_up: dict[str, int] = defaultdict(int)
    for o in failed:
        d, status = o.delivery, PENDING if o.next_attempt_at is not None else FAILED
        mine, params = _mine(cur, [d.position])
        cur.execute(f"UPDATE webhook_deliveries SET status = %s, next_attempt_at ="
                    " COALESCE(%s, next_attempt_at), last_status_code = %s, last_error = %s,"
                    f" {_TRIED}, {_UNLEASED}{mine}",
                    [status, o.next_attempt_at, o.attempt.status_code, o.attempt.error, o.at,
                     o.at, d.subscription_id, owner, *params])
        if status == FAILED:
            gave_up[d.subscription_id] += cur.rowcount
    return gave_up


def _count_failures(cur: Cursor, delivered_to: set[str], gave_up: dict[str, int],
                    pause_after: int, now: datetime) -> list[str]:
    cur.executemany("UPDATE webhook_subscriptions SET consecutive_failures = 0"
                    " WHERE id = %s AND consecutive_failures > 0",
                    [(sid,) for sid in delivered_to])
    paused = []
    for sid, count in gave_up.items():
        if not count:
            continue
        cur.execute("UPDATE webhook_subscriptions SET consecutive_failures ="
                    " consecutive_failures + %s WHERE id = %s", (count, sid))
        cur.execute("UPDATE webhook_subscriptions SET state = %s, paused_reason = %s,"
                    " changed_at = %s WHERE id = %s AND state = %s"
                    " AND consecutive_failures >= %s",
                    (PAUSED, PAUSED_FOR_FAILURES.format(n=pause_after), now, sid, ACTIVE,
                     pause_after))
        if cur.rowcount:
            paused.append(sid)
    return paused


def _leased(row: tuple, url: str) -> Leased:
    return Leased(subscription_id=row[0], position=int(row[1]), claim_id=row[2], url=url,
                  payload=row[3], attempts=int(row[4]), first_attempt_at=parse_time(row[5]))


def _delivery(row: tuple) -> Delivery:
    return Delivery(subscription_id=row[0], position=int(row[1]), claim_id=row[2],
                    event_type=row[3], status=row[4], attempts=int(row[5]),
                    next_attempt_at=parse_time(row[6]) if row[4] == PENDING else None,
                    last_attempt_at=parse_time(row[7]), last_status_code=row[8],
                    last_error=row[9], delivered_at=parse_time(row[10]),
                    created_at=parse_time(row[11]))
