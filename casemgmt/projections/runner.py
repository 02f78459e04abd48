"""The projection runner: applies every stored event to each view exactly once.

Pull-based, so one code path serves SQLite (whose recorder cannot subscribe) and
PostgreSQL: read a batch of notifications after the lowest view position, fold claim
events into claim states, then in ONE transaction lock the positions, apply the batch to
each view that has not seen it and move the positions. A crash anywhere leaves the rows
and the positions as they were; a second runner that got there first makes us re-read.

A request never runs the runner: it waits (ReadModels.fresh) for the views to reach the
position it needs. Where no runner runs in the background (tests, one-off commands) the
wait catches up inline, up to that position only.

Folded claims are kept between catch-ups (STATE_SECONDS), so the claim a command just changed
is folded on rather than loaded again from the store.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any, Callable, Sequence

from eventsourcing.persistence import PersistenceError

from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import Cursor

from .base import CLAIM_TOPIC_PREFIX, EventLog, Item, View

log = logging.getLogger("casemgmt.projections")

# Failures of the database rather than of the stored bytes: the batch is retried, never
# applied without the event or the claim it would have carried.
DATABASE_ERRORS = (PersistenceError,)
POLL_SECONDS = 0.005
ROUND_SECONDS = 0.02  # under load, the least time from one catch-up round to the next
# A folded claim may hold personal data in clear (a snapshot opens whole): it is kept between
# catch-ups for no longer than this after its last event, less than another process may keep
# a destroyed data key (keystore.CACHE_SECONDS), and dropped at once when its key is gone.
STATE_SECONDS = 30.0


class ProjectionRunner:
    def __init__(self, app: EventLog, db: Database, views: Sequence[View], *,
                 batch_size: int = 500, cache_size: int = 5_000):
        self.app = app
        self.db = db
        self.background = False  # True while run_forever runs somewhere for this store
        self.wake = threading.Event()
        self._applied = threading.Condition()
        self.views = list(views)
        self.batch_size = batch_size
        self._states: OrderedDict[str, tuple[Any, float]] = OrderedDict()  # claim → (state, at)
        self._cache_size = cache_size
        self._lock = threading.Lock()
        # Views copy personal fields sealed, as the events hold them: the runner never
        # needs them in clear, so it never unseals them.
        self._mapper = app.sealed_mapper()
        self.ensure_registered()

    # -- positions -----------------------------------------------------------------------

    def ensure_registered(self) -> None:
        """Register new views; clear and restart a view whose fingerprint changed."""
        with self.db.transaction() as cur:
            current = self._lock_positions(cur)
            for view in self.views:
                if view.name not in current:
                    cur.execute("INSERT INTO projection_positions (name, position, fingerprint)"
                                " VALUES (%s, 0, %s) ON CONFLICT (name) DO NOTHING",
                                (view.name, view.fingerprint))
                elif current[view.name][1] != view.fingerprint:
                    log.info("view %s changed (%s); rebuilding it", view.name, view.fingerprint)
                    view.clear(cur)
                    cur.execute("UPDATE projection_positions SET position = 0, fingerprint = %s"
                                " WHERE name = %s", (view.fingerprint, view.name))

    def positions(self) -> dict[str, int]:
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT name, position FROM projection_positions")
            known = dict(cur.fetchall())
        return {view.name: int(known.get(view.name, 0)) for view in self.views}

    def lag(self) -> dict[str, int]:
        head = self.app.recorder.max_notification_id() or 0
        return {name: head - position for name, position in self.positions().items()}

    def _lock_positions(self, cur: Cursor) -> dict[str, tuple[int, str]]:
        # in one order, so that two runners locking the rows cannot deadlock each other
        lock = " FOR UPDATE" if cur.backend == "postgres" else ""  # SQLite: BEGIN IMMEDIATE
        cur.execute("SELECT name, position, fingerprint FROM projection_positions"
                    f" ORDER BY name{lock}")
        return {name: (int(position), fingerprint) for name, position, fingerprint in cur.fetchall()}

    # -- catching up ---------------------------------------------------------------------

    def catch_up(self, until: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> int:
        """Apply what is new (up to `until`, if given); returns how many events were applied."""
        with self._lock:
            return self._catch_up(until, progress)

    def wait_for(self, position: int, timeout: float = 2.0) -> bool:
        """Read-your-writes: the views reach `position` within `timeout`; True if they did.

        With a runner in the background this only waits (the runner is woken); without one
        it catches up inline, no further than `position`."""
        if position <= 0:
            return True
        if not self.background:
            if self._lock.acquire(timeout=timeout):
                try:
                    self._catch_up(position, None)
                finally:
                    self._lock.release()
            return self.low_position() >= position
        self.wake.set()
        deadline = time.monotonic() + timeout
        while True:
            if self.low_position() >= position:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with self._applied:
                self._applied.wait(min(left, POLL_SECONDS * 4))

    def low_position(self) -> int:
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT MIN(position) FROM projection_positions WHERE name IN ("
                        + ", ".join(["%s"] * len(self.views)) + ")",
                        [view.name for view in self.views])
            row = cur.fetchone()
        return int(row[0] or 0) if row else 0

    def held(self) -> dict[str, Any]:
        """The folded claims this runner keeps between catch-ups, by claim id."""
        with self._lock:
            return {oid: state for oid, (state, _) in self._states.items()}

    def forget(self, claim_ids: Sequence[str]) -> None:
        """Drop folded claim states (they hold personal data in clear) for these claims."""
        with self._lock:
            for claim_id in claim_ids:
                self._states.pop(str(claim_id), None)

    def _catch_up(self, until: int | None, progress: Callable[[int, int], None] | None) -> int:
        try:
            return self._catch_up_batches(until, progress)
        finally:
            self._drop_stale_states()

    def _drop_stale_states(self) -> None:
        # the oldest first: the dict is in order of last use
        oldest_kept = time.monotonic() - STATE_SECONDS
        while self._states:
            oid, (_, at) = next(iter(self._states.items()))
            if at >= oldest_kept:
                break
            del self._states[oid]

    def _catch_up_batches(self, until: int | None,
                          progress: Callable[[int, int], None] | None) -> int:
        applied, positions = 0, self.positions()
        while True:
            low = min(positions.values(), default=0)
            if until is not None and low >= until:
                return applied
            notifications = self.app.recorder.select_notifications(
                start=low + 1, limit=self.batch_size)
            if not notifications:
                return applied
            claim_ids = {str(n.originator_id) for n in notifications}
            self.app.keys.prefetch(list(claim_ids))
            for oid in claim_ids & self._states.keys():
                if self.app.keys.key(oid) is None:  # erased or past retention since
                    del self._states[oid]
            items = [self._item(n) for n in notifications]
            moved = self._commit(items, positions)
            if moved is None:
                self._states.clear()  # another runner moved on; our folds may be stale
                positions = self.positions()
                continue
            positions = moved  # what this transaction wrote: no read of them before the next
            applied += len(items)
            with self._applied:
                self._applied.notify_all()
            if progress:
                progress(items[-1].position, len(items))
            if len(notifications) < self.batch_size:
                # the store's head when read: a round for one event costs one select, not two
                # (what was stored since is the next round's: its insert woke the runner)
                return applied

    def _commit(self, items: list[Item], seen: dict[str, int]) -> dict[str, int] | None:
        """Apply `items` and move the positions in one transaction; the positions it left, or
        None when they were not `seen` any more (another runner moved them)."""
        last = items[-1].position
        try:
            with self.db.transaction() as cur:
                current = {name: pos for name, (pos, _) in self._lock_positions(cur).items()}
                if any(current.get(name, 0) != position for name, position in seen.items()):
                    return None
                moved = []
                for view in self.views:
                    todo = [item for item in items if item.position > current[view.name]]
                    if todo:
                        view.apply(cur, todo)
                        moved.append(view.name)
                if moved:  # one statement for every view the batch moved
                    cur.execute("UPDATE projection_positions SET position = %s, updated_at = %s"
                                " WHERE name IN (" + ", ".join(["%s"] * len(moved)) + ")",
                                (last, datetime.now(timezone.utc), *moved))
            return {**seen, **dict.fromkeys(moved, last)}
        except Exception:
            self._states.clear()
            raise

    def _item(self, notification: Any) -> Item:
        oid = str(notification.originator_id)
        try:
            event = self._mapper.to_domain_event(notification)
        except DATABASE_ERRORS:
            raise
        except Exception as error:  # an unreadable stored event: the audit trail still chains it
            log.warning("stored event %s v%s does not decode (%s)", oid,
                        notification.originator_version, type(error).__name__)
            self._states.pop(oid, None)
            event = None
        claim = None
        if event is not None and notification.topic.startswith(CLAIM_TOPIC_PREFIX):
            try:
                claim = self._fold(oid, event)
            except DATABASE_ERRORS:
                raise
            except Exception as error:  # an earlier event of this claim does not decode:
                # this one is still chained, and the other claims' rows must not wait for it
                log.warning("claim %s v%s cannot be replayed (%s)", oid,
                            notification.originator_version, type(error).__name__)
        return Item(position=notification.id, topic=notification.topic, originator_id=oid,
                    version=notification.originator_version, state=notification.state,
                    event=event, claim=claim)

    def _fold(self, oid: str, event: Any) -> Any:
        state, _ = self._states.pop(oid, (None, 0.0))
        if event.originator_version == 1:
            state = event.mutate(None)
        elif state is not None and state.version == event.originator_version - 1:
            state = event.mutate(state)
        else:
            state = self.app.repository.get(event.originator_id, version=event.originator_version)
        self._states[oid] = (state, time.monotonic())
        if len(self._states) > self._cache_size:
            self._states.popitem(last=False)
        return state

    # -- rebuilding and running ----------------------------------------------------------

    def rebuild(self, names: Sequence[str] | None = None,
                progress: Callable[[int, int], None] | None = None) -> int:
        """Clear the named views (all by default) and apply every event again."""
        chosen = [v for v in self.views if names is None or v.name in names]
        with self._lock:
            with self.db.transaction() as cur:
                self._lock_positions(cur)
                for view in chosen:
                    view.clear(cur)
                    cur.execute("UPDATE projection_positions SET position = 0 WHERE name = %s",
                                (view.name,))
            self._states.clear()
        return self.catch_up(progress=progress)

    def run_forever(self, stop: threading.Event, interval: float = 0.5) -> None:
        """Catch up whenever woken (a write in this process, a NOTIFY from another) or every
        `interval` seconds."""
        self.background = True
        while not stop.is_set():
            began = time.monotonic()
            self.wake.clear()
            try:
                self.catch_up()
            except Exception as error:  # keep serving; the next round retries the batch
                log.error("projection batch failed: %s", type(error).__name__)
            self.wake.wait(interval)
            # A round costs about as much for one event as for dozens (its reads, the lock,
            # each view's statements, the commit). Under a steady stream of commands rounds
            # start ROUND_SECONDS apart at the most, so each takes what came meanwhile; after
            # a quiet spell the first event is applied at once.
            stop.wait(began + ROUND_SECONDS - time.monotonic())
