"""One migrated database seeded with the real data/ directory, copied for each test.

Seeding the directory (78 services, 180 days of sessions) takes seconds; a copy of the
file takes milliseconds, and each test still gets its own real SQLite database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.ops.stack import prepare_database


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "cymar-seeded.db"
    prepare_database(f"sqlite:///{path}")
    return path


def copy_of(template: Path, tmp_path: Path) -> str:
    """A copy through SQLite's backup API: the template may still have pages in its
    write-ahead log, which copying the file alone would lose."""
    target = tmp_path / "cymar-directory-copy.db"
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return f"sqlite:///{target}"
