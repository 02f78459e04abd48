"""A PostgreSQL cluster of the test's own: `initdb` in a temporary directory, its own port and
socket directory, started and stopped as the test says (`-m immediate` is a crash). Never the
shared server on 5432.

Run as root (CI is), the server runs as the `postgres` user, as initdb demands.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg

from tests.api.live import free_port

# Test settings: quick to start; WAL segments deleted rather than recycled, as the README
# asks of a cluster that shreds (CASEMGMT_SHRED_WAL=1).
CONFIGURATION = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
shared_buffers = 32MB
max_connections = 60
wal_recycle = off
max_wal_size = 256MB
logging_collector = off
"""


def server_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    assert found, "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    return Path(found[-1]).parent


class PrivateCluster:
    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.sockets = root / "sockets"
        self.log = root / "server.log"
        self.port = free_port()
        self.bin = server_binaries()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        self.sockets.mkdir()
        self._chown(self.root)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(CONFIGURATION.format(port=self.port, sockets=self.sockets))

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        done = subprocess.run(self._command("pg_ctl", "-D", str(self.data), "status"),
                              capture_output=True)
        return done.returncode == 0

    def sql(self, statement: str) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []

    def files(self) -> Iterator[Path]:
        """Every file of the data directory (the WAL included)."""
        for path in sorted(self.data.rglob("*")):
            if path.is_file():
                yield path

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(self._command(program, *args), capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, f"{program} {' '.join(args)}:\n{done.stdout}{done.stderr}"

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:  # the server refuses to run as root
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")
            for child in path.rglob("*"):
                shutil.chown(child, "postgres", "postgres")


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    # Not pytest's tmp_path: its parents are root's alone, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="casemgmt-pg-"))
    cluster = PrivateCluster(root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.is_running():
            cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def wait_until_accepting(cluster: PrivateCluster, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            cluster.sql("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
