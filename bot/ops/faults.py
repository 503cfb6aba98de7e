"""Database faults made for real, for the fault tests and `make bench` (bench/faults.py).

Processes are stopped, paused and restarted with `bot.ops.stack.Service`; PostgreSQL with
`bot.ops.throwaway_postgres`. These two are SQLite's: another process holding the write lock,
and a file that cannot be read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def sqlite_path(database_url: str) -> Path:
    return Path(database_url.removeprefix("sqlite:///"))


@contextmanager
def sqlite_write_lock(database: Path, seconds: float) -> Iterator[None]:
    """Another process holds SQLite's write lock (a long write transaction) until `seconds`
    have passed or the block ends, whichever is first."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if holder.stdout is None or holder.stdout.readline().strip() != "locked":
            raise RuntimeError("the lock holder did not get the lock")
        yield
    finally:
        holder.kill()
        holder.wait(10)


@contextmanager
def unreadable_sqlite(database: Path) -> Iterator[None]:
    """The database file cannot be read: every connection opened meanwhile fails ("file is
    not a database"). Put back afterwards, untouched.

    Processes that already have it open keep their open file (SQLite in WAL mode carries on
    with a renamed file), so what this shows is a process (re)starting while the file is
    unreadable, e.g. a volume not mounted yet or a bad restore.
    """
    parts = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm")]
    moved = []
    try:
        for part in parts:
            if part.exists():
                os.replace(part, f"{part}.away")
                moved.append(part)
        database.write_bytes(b"not a database " * 512)
        yield
    finally:
        database.unlink(missing_ok=True)
        for part in moved:
            os.replace(f"{part}.away", part)
