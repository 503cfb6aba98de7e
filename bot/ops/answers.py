"""`python -m bot.ops.answers export|import`: the published answers <-> data/responses_*/.

    export                 write what is published into data/responses_en|cy/*.yml
    import [--dry-run]     publish what the files changed; report conflicts, leave them alone
    import --force         publish the files' text even over a newer staff edit

Both take `--data DIR` (default: the settings' data directory) and use DATABASE_URL.
Import exits 1 when something was left alone (a conflict or an invalid answer), so a
deploy script notices. The rules are in bot/content/answer_files.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.content.answer_files import ExportReport, ImportReport, export_answers, import_answers
from bot.settings import get_settings
from bot.store.db import get_sessionmaker


def describe_export(report: ExportReport) -> str:
    lines = [
        f"exported: {len(report.updated)} answer text(s) updated, {len(report.added)} added, "
        f"{len(report.written)} file(s) written"
    ]
    lines += [f"  updated  {entry}" for entry in report.updated]
    lines += [f"  added    {entry}" for entry in report.added]
    return "\n".join(lines)


def describe_import(report: ImportReport, dry_run: bool) -> str:
    verb = "would publish" if dry_run else "published"
    lines = [
        f"import: {len(report.changed)} changed, {len(report.added)} added, "
        f"{len(report.unchanged)} unchanged, {len(report.kept_database)} newer in the database, "
        f"{len(report.conflicts)} conflict(s), {len(report.invalid)} invalid"
    ]
    lines += [
        f"  changed  {key} ({verb}{', forced over a staff edit' if key in report.forced else ''})"
        for key in report.changed
    ]
    lines += [f"  added    {key} ({verb})" for key in report.added]
    lines += [
        f"  kept     {key}: the database has a newer staff edit; export to update the file"
        for key in report.kept_database
    ]
    lines += [
        f"  CONFLICT {c.key}: {c.detail} ({c.reason}); not imported, use --force to overwrite"
        for c in report.conflicts
    ]
    lines += [f"  INVALID  {key}: {'; '.join(why)}" for key, why in report.invalid.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.answers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="published answers -> data/responses_*/")
    export.add_argument("--data", type=Path)
    imported = commands.add_parser("import", help="data/responses_*/ -> published answers")
    imported.add_argument("--data", type=Path)
    imported.add_argument("--dry-run", action="store_true")
    imported.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    settings = get_settings()
    data_dir: Path = args.data or settings.data_dir
    sessions = get_sessionmaker(settings.database_url)
    with sessions() as session:
        if args.command == "export":
            print(describe_export(export_answers(session, data_dir)))
            return 0
        report = import_answers(session, data_dir, force=args.force, dry_run=args.dry_run)
        if args.dry_run:
            session.rollback()
        else:
            session.commit()
        print(describe_import(report, args.dry_run))
        return 0 if report.clean else 1


if __name__ == "__main__":
    sys.exit(main())
