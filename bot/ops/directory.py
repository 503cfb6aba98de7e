"""The directory and git, from the command line.

    python -m bot.ops.directory export [--to data/directory] [--force]
    python -m bot.ops.directory import [--from data/directory] [--dry-run] [--force]

`export` writes the database's organisations and services into services.yml (editing the
file in place: an unchanged entry keeps its exact bytes, so `git diff` shows only what
staff changed). `import` brings the file's changes into the database and reports what it
added, changed, archived and restored, and every conflict: an entry staff changed in the
database since the last export or import is not overwritten unless `--force` is given.
Both are in the audit log as done from the command line (no staff member). Exit status 2
means conflicts or invalid entries were found and nothing conflicting was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.directory.yaml_io import export_directory, import_directory
from bot.settings import get_settings
from bot.store.db import get_sessionmaker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.directory", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="database -> services.yml")
    export.add_argument("--to", type=Path, dest="directory")
    export.add_argument("--force", action="store_true", help="overwrite un-imported file edits")
    load = commands.add_parser("import", help="services.yml -> database")
    load.add_argument("--from", type=Path, dest="directory")
    load.add_argument("--force", action="store_true", help="overwrite newer staff edits")
    load.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    args = parser.parse_args(argv)
    settings = get_settings()
    directory = args.directory or settings.data_dir / "directory"
    session = get_sessionmaker(settings.database_url)()
    try:
        if args.command == "export":
            report = export_directory(session, directory, force=args.force)
            session.commit()
            print(f"export to {directory / 'services.yml'}")
            if report.conflicts:
                print("nothing written: import the file first, or use --force")
            elif not report.written:
                print("the file already matched the database")
        else:
            report = import_directory(session, directory, force=args.force, dry_run=args.dry_run)
            if args.dry_run:
                session.rollback()
                print("dry run: nothing was changed")
            else:
                session.commit()
            print(f"import from {directory / 'services.yml'}")
    finally:
        session.close()
    for line in report.lines():
        print(line)
    return 2 if report.conflicts or report.invalid else 0


if __name__ == "__main__":
    sys.exit(main())
