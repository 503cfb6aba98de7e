"""Migrated, seeded template databases, copied for each test.

Migrating and seeding takes one to two seconds (the directory, 78 services and 180 days of
sessions, the longer); SQLite's backup API copies the result in milliseconds. Over a thousand
tests each get their own real database, and `make test` spends minutes less making them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.ops.stack import prepare_database


def make_template(path: Path, directory: bool) -> Path:
    prepare_database(f"sqlite:///{path}", directory=directory)
    return path


def copy_of(template: Path, target: Path) -> str:
    """A copy through SQLite's backup API: the template may still have pages in its
    write-ahead log, which copying the file alone would lose."""
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return f"sqlite:///{target}"
