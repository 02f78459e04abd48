"""Token-bucket levels shared by the worker processes of one machine: a small table in a
memory-mapped file (under a runtime directory that `casemgmt serve` creates), locked with
flock for the few microseconds an update takes.

Each slot holds a key's digest, its bucket level, when that level was measured and when the
bucket will be full again. A full bucket is the same as no bucket, so slots of full buckets
are reused freely; when every slot a key may use is busy, the one nearest to full gives way.
The arithmetic of the buckets is the API's (api/limits.py); this module only stores levels.
Without a file (tests, one process) the table lives in this process's memory alone.
"""
from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import shutil
import struct
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

MAGIC = b"casemgmt-rate-1\0"
HEADER = struct.Struct("<16sI")
SLOT = struct.Struct("<16sddd")  # digest, level, measured at, full again at
SLOTS = 32_768                    # about 1.3 MB
PROBES = 32                       # slots a key may use
TABLE_FILE = "rate-limits.table"
EMPTY = bytes(16)

Level = tuple[float, float]  # (tokens left, measured at)


def runtime_directory(configured: str | None) -> tuple[str, Callable[[], None]]:
    """The directory for this server's table, and how to clean it up: the one configured
    (kept, and its table too, so that several servers of the machine given the same one
    count together), or a new private one in shared memory (/dev/shm) or the temp dir."""
    if configured:
        SharedBucketTable.open_in(configured).close()
        return configured, lambda: None
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    made = tempfile.mkdtemp(prefix="casemgmt-limits-", dir=base)
    SharedBucketTable.create(made)
    return made, lambda: shutil.rmtree(made, ignore_errors=True)


class SharedBucketTable:
    """`update(key, change)`: read a key's level, store what `change` makes of it, atomically
    for every process that maps the same file."""

    def __init__(self, path: str | os.PathLike | None = None, *, slots: int = SLOTS):
        self.path = Path(path) if path is not None else None
        self._thread_lock = threading.Lock()
        if self.path is None:
            self._fd = None
            self._map = mmap.mmap(-1, HEADER.size + slots * SLOT.size)
            HEADER.pack_into(self._map, 0, MAGIC, slots)
        else:
            self._fd = os.open(self.path, os.O_RDWR)
            self._map = mmap.mmap(self._fd, 0)
        magic, self.slots = HEADER.unpack_from(self._map, 0)
        if magic != MAGIC:
            raise ValueError(f"{self.path} is not a casemgmt rate-limit table")

    @classmethod
    def create(cls, directory: str | os.PathLike, *, slots: int = SLOTS) -> Path:
        """Make an empty table file in `directory` (replacing one left by an earlier run)."""
        path = Path(directory) / TABLE_FILE
        temporary = path.with_suffix(".new")
        with open(temporary, "wb") as handle:
            handle.write(HEADER.pack(MAGIC, slots))
            handle.truncate(HEADER.size + slots * SLOT.size)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
        return path

    @classmethod
    def open_in(cls, directory: str | os.PathLike) -> "SharedBucketTable":
        """The table of `directory`, made there first if no process has made it yet."""
        os.makedirs(directory, mode=0o700, exist_ok=True)
        path = Path(directory) / TABLE_FILE
        with open(Path(directory) / (TABLE_FILE + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process makes it; the others wait, then map it
            if not path.exists():
                cls.create(directory)
        return cls(path)

    def update(self, key: str, now: float,
               change: Callable[[Level | None], tuple[Level, float]]) -> Level:
        """`change(level or None) → ((left, at), full_at)`; returns the stored (left, at)."""
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
        with self._locked():
            index, found = self._find(digest, now)
            level, full_at = change(found)
            SLOT.pack_into(self._map, self._offset(index), digest, level[0], level[1], full_at)
            return level

    def close(self) -> None:
        self._map.close()
        if self._fd is not None:
            os.close(self._fd)

    # -- slots ---------------------------------------------------------------------------

    def _find(self, digest: bytes, now: float) -> tuple[int, Level | None]:
        start = int.from_bytes(digest[:8], "little") % self.slots
        free, nearest, nearest_full_at = None, start, float("inf")
        for step in range(PROBES):
            index = (start + step) % self.slots
            stored, left, at, full_at = SLOT.unpack_from(self._map, self._offset(index))
            if stored == digest:
                return index, (left, at)
            if free is None and (stored == EMPTY or full_at <= now):
                free = index
            if full_at < nearest_full_at:
                nearest, nearest_full_at = index, full_at
        return (free if free is not None else nearest), None

    def _offset(self, index: int) -> int:
        return HEADER.size + index * SLOT.size

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # flock excludes the other processes; threads of this one share the descriptor,
        # so they take turns on a lock of their own first.
        with self._thread_lock:
            if self._fd is None:
                yield
                return
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
