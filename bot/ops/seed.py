"""`python -m bot.ops.seed`: load data/ into the database.

Response texts and crisis lines (bot.content.seed), then the directory of services and
their sessions (bot.directory.seed). Safe to run again: staff edits are kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.orm import Session

from bot.content.seed import seed_all
from bot.directory.seed import seed_directory
from bot.settings import get_settings
from bot.store.db import session_scope


def seed_everything(session: Session, data_dir: Path) -> dict[str, int]:
    counts = seed_all(session, data_dir)
    directory = data_dir / "directory" / "services.yml"
    if directory.exists():
        counts.update(seed_directory(session, directory))
    return counts


def main() -> int:
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        counts = seed_everything(session, settings.data_dir)
    print("seeded: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
