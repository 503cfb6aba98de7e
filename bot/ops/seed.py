"""`python -m bot.ops.seed`: load response texts and crisis lines from data/ into the database."""

from __future__ import annotations

import sys

from bot.content.seed import seed_all
from bot.settings import get_settings
from bot.store.db import session_scope


def main() -> int:
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        counts = seed_all(session, settings.data_dir)
    print(
        f"seeded: {counts['response_revisions']} response revision(s) published, "
        f"{counts['crisis_lines']} crisis line(s) added"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
