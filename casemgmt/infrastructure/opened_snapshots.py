"""Claim snapshots this process opened lately, kept decoded for the next load of the same one.

Opening a long claim's snapshot is most of loading it: a 600-note snapshot is 100 KB of
sealed JSON to decrypt and revive note by note. The same snapshot is opened again and
again: by every command on a busy claim until its next snapshot, and by an auditor moving
through its versions. Copying the decoded state costs about a quarter of decoding it.

What is kept is personal data in clear, so it is kept as the projection runner keeps its
folded claims: for HOLD_SECONDS after it was opened, less than another process may keep a
destroyed key (keystore.CACHE_SECONDS), within a memory budget, and dropped at once when
this process forgets the claim's key. It is only ever handed out after the caller has
found the claim's key still there, so it never outlives the key for a reader.
"""
from __future__ import annotations

import copy
import dataclasses
import threading
import time
import types
import typing
from collections import OrderedDict
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable
from uuid import UUID

HOLD_SECONDS = 30.0
BUDGET_BYTES = 8 * 2**20  # of decrypted JSON; the decoded objects take a few times that
# What decoding yields that no one can change in place: shared between copies as it is.
_SHARED = frozenset({str, int, float, bool, type(None), datetime, date, UUID, Decimal})


class OpenedSnapshots:
    def __init__(self, parts: tuple[type, ...] = (), *, hold_seconds: float = HOLD_SECONDS,
                 budget_bytes: int = BUDGET_BYTES,
                 clock: Callable[[], float] = time.monotonic):
        self._copy = _Copier(parts)
        self._hold = hold_seconds
        self._budget = budget_bytes
        self._clock = clock
        self._kept: OrderedDict[tuple[str, str], tuple[dict, int, float]] = OrderedDict()
        self._of_claim: dict[str, set[tuple[str, str]]] = {}  # forget() is called per key
        self._size = 0
        self._lock = threading.Lock()

    def get(self, claim_id: str, sealed: str) -> dict[str, Any] | None:
        """A copy of its own of the state `sealed` decoded to, if this process holds it."""
        key = _key(claim_id, sealed)
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if self._clock() - kept[2] >= self._hold:
                self._drop(key)
                return None
            self._kept.move_to_end(key)
        return self._copy(kept[0])

    def keep(self, claim_id: str, sealed: str, state: dict[str, Any],
             size: int) -> dict[str, Any]:
        """Keep `state` (decoded from `size` bytes of `sealed`) and return a copy to use: the
        kept one is never handed out, so what a caller changes stays its own."""
        if size > self._budget // 4:
            return state  # not kept (one claim may not push every other out): the caller's
        own = self._copy(state)
        key = _key(claim_id, sealed)
        with self._lock:
            if key in self._kept:
                self._drop(key)
            self._kept[key] = (state, size, self._clock())
            self._of_claim.setdefault(claim_id, set()).add(key)
            self._size += size
            while self._size > self._budget:
                self._drop(next(iter(self._kept)))
        return own

    def forget(self, claim_id: str) -> None:
        """Drop every snapshot of the claim (its key is gone or forgotten)."""
        with self._lock:
            for key in list(self._of_claim.get(claim_id, ())):
                self._drop(key)

    def holds(self, claim_id: str) -> bool:
        """Whether any snapshot of the claim is kept here, in clear."""
        with self._lock:
            return claim_id in self._of_claim

    def __len__(self) -> int:
        return len(self._kept)

    def _drop(self, key: tuple[str, str]) -> None:
        _, size, _ = self._kept.pop(key)
        self._size -= size
        kept_of_claim = self._of_claim[key[0]]
        kept_of_claim.discard(key)
        if not kept_of_claim:
            del self._of_claim[key[0]]


def _key(claim_id: str, sealed: str) -> tuple[str, str]:
    # a sealed snapshot is base64 of nonce + ciphertext + tag: its first 16 characters are
    # the random nonce, its last 24 the tag, so these name one sealing of one state
    return claim_id, f"{sealed[:16]}{sealed[-24:]}{len(sealed)}"


class _Copier:
    """A decoded state copied so that the copy shares nothing that can be changed in place:
    lists, dicts and the domain's dataclasses are new; values that cannot change are shared,
    and so are frozen dataclasses that hold only such values (a claim's notes); anything
    else is deep-copied."""

    def __init__(self, parts: tuple[type, ...]):
        """`parts`: the dataclasses a decoded state may hold (transcodings.py)."""
        self._shared = _SHARED | {cls for cls in parts if _immutable(cls)}
        self._dataclasses = frozenset(parts)

    def __call__(self, value: Any) -> Any:
        kind, shared = type(value), self._shared
        if kind in shared:
            return value
        if kind is list:
            return [item if type(item) in shared else self(item) for item in value]
        if kind is dict:
            return {k: item if type(item) in shared else self(item) for k, item in value.items()}
        if kind in self._dataclasses:
            twin = object.__new__(kind)
            object.__setattr__(twin, "__dict__", self(value.__dict__))  # frozen ones too
            return twin
        return copy.deepcopy(value)


def _immutable(cls: type) -> bool:
    """A frozen dataclass whose every field is declared as a value that cannot change."""
    if not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        return False
    hints = typing.get_type_hints(cls)
    return all(_unchangeable(hints[field.name]) for field in dataclasses.fields(cls))


def _unchangeable(hint: Any) -> bool:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(_unchangeable(arg) for arg in typing.get_args(hint))
    return hint in _SHARED
