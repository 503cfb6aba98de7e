"""The directory and git: export right after seeding writes data/directory/services.yml back
byte for byte; a staff edit changes only its own lines; import brings file changes in,
archives what the file dropped, and never overwrites a newer staff edit unless forced."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory import records
from bot.directory.editing import (
    check_organisation,
    check_service,
    find_service,
    flat_of,
    save_organisation,
    save_service,
    set_cancelled,
)
from bot.directory.seed import seed_directory
from bot.directory.yaml_io import export_directory, import_directory
from bot.ops import directory as cli
from bot.settings import ROOT
from bot.store.models import Service

DATA = ROOT / "data" / "directory"
SERVICE = "sample-cardiff-anxiety-peer-group"


@pytest.fixture
def database_url(directory_database_url: str) -> str:
    return directory_database_url


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of data/directory, as a git checkout would have it."""
    target = tmp_path / "directory"
    shutil.copytree(DATA, target)
    return target


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def edit(session: Session, slug: str, **changes: str) -> None:
    service = find_service(session, slug)
    assert service is not None
    flat = {**flat_of(records.service_record(session, service)), **changes}
    checked = check_service(session, flat, new=False)
    assert not checked.problems, checked.problems
    save_service(session, checked.record, actor=None)


def test_export_right_after_seeding_gives_back_the_real_files_byte_for_byte(
    sessions: Callable[[], Session], checkout: Path
) -> None:
    with sessions() as session, session.begin():
        report = export_directory(session, checkout)
    assert not report.conflicts and not report.written
    for name in ("services.yml", "areas.yml"):
        assert (checkout / name).read_bytes() == (DATA / name).read_bytes(), name


def test_the_command_line_exports_and_imports_with_a_report(
    database_url: str,
    checkout: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert cli.main(["export", "--to", str(checkout)]) == 0
        assert cli.main(["import", "--from", str(checkout), "--dry-run"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "the file already matched the database" in out
    assert "dry run: nothing was changed" in out and "unchanged: 93" in out
    assert (checkout / "services.yml").read_bytes() == (DATA / "services.yml").read_bytes()


def test_a_staff_edit_changes_only_its_own_lines_and_seeding_the_export_gives_it_back(
    sessions: Callable[[], Session], checkout: Path, tmp_path: Path
) -> None:
    with sessions() as session, session.begin():
        edit(session, SERVICE, title_en="Anxiety peer group", rec_time="19:00", postcode="CF24 9XR")
        service = find_service(session, SERVICE)
        assert service is not None
    with sessions() as session, session.begin():
        report = export_directory(session, checkout)
    assert report.written
    before = (DATA / "services.yml").read_text(encoding="utf-8")
    after = (checkout / "services.yml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-  title_en: Anxiety peer support group",
        "+  title_en: Anxiety peer group",
        "-    postcode: CF24 9XQ",
        "+    postcode: CF24 9XR",
        "-    recurrence: {freq: weekly, weekday: tuesday, time: '18:30', duration_minutes: 90, "
        "starts_on: '2026-09-01', ends_on: null}",
        "+    recurrence: {freq: weekly, weekday: tuesday, time: '19:00', duration_minutes: 90, "
        "starts_on: '2026-09-01', ends_on: null}",
    ]
    with sessions() as session:
        stored = records.service_record(session, find_service(session, SERVICE))  # type: ignore[arg-type]
    from_file = next(
        records.service_from_file(row)
        for row in yaml.safe_load(after)["services"]
        if row["slug"] == SERVICE
    )
    assert from_file == stored
    # And straight after that export, nothing is left to import.
    with sessions() as session, session.begin():
        again = import_directory(session, checkout)
    assert (again.added, again.changed, again.archived, again.conflicts) == ([], [], [], [])


def test_a_new_service_archived_ones_and_cancelled_dates_reach_the_file(
    sessions: Callable[[], Session], checkout: Path
) -> None:
    with sessions() as session, session.begin():
        service = find_service(session, SERVICE)
        assert service is not None
        organisation = check_organisation(
            session,
            {
                "slug": "bangor-hub",
                "name_cy": "Hyb Bangor",
                "name_en": "Bangor: Hub",
                "phone": "01248 123456",
            },
            new=True,
        )
        save_organisation(session, organisation.record, actor=None)
        flat = flat_of(records.service_record(session, service))
        flat.update(slug="sample-cardiff-new-group", title_en="New group", cancelled="")
        flat["organisation"] = "bangor-hub"
        checked = check_service(session, flat, new=True)
        assert not checked.problems
        save_service(session, checked.record, actor=None)
        gone = find_service(session, "sample-cardiff-mens-peer-group")
        assert gone is not None
        gone.archived_at = datetime.now(timezone.utc)
        walk = find_service(session, "sample-cardiff-saturday-walking-group")
        assert walk is not None
        day = records.upcoming_sessions(session, walk)[0].starts_at
        set_cancelled(session, walk, records._local(day).date(), True, actor=None)
    with sessions() as session, session.begin():
        export_directory(session, checkout)
    doc = yaml.safe_load((checkout / "services.yml").read_text(encoding="utf-8"))
    slugs = [row["slug"] for row in doc["services"]]
    assert "sample-cardiff-new-group" in slugs and slugs[-1] == "sample-cardiff-new-group"
    assert "sample-cardiff-mens-peer-group" not in slugs
    walk_row = next(
        row for row in doc["services"] if row["slug"] == "sample-cardiff-saturday-walking-group"
    )
    assert records._local(day).date().isoformat() in walk_row["schedule"]["cancelled"]
    # The new entry is written in the file's own style.
    text = (checkout / "services.yml").read_text(encoding="utf-8")
    new_part = text.split("- slug: sample-cardiff-new-group", 1)[1]
    assert "time: '18:30'" in new_part and "topics: [anxiety, stress]" in new_part
    assert "- slug: bangor-hub\n  name_en: 'Bangor: Hub'\n  name_cy: Hyb Bangor\n" in text
    assert '  phone: "01248 123456"\n' in text
    with sessions() as session, session.begin():
        again = import_directory(session, checkout)
    assert (again.added, again.changed, again.archived, again.conflicts) == ([], [], [], [])


def test_import_applies_file_changes_archives_what_was_dropped_and_reports_it(
    sessions: Callable[[], Session], checkout: Path
) -> None:
    path = checkout / "services.yml"
    text = path.read_text(encoding="utf-8")
    head, mens = text.split("- slug: sample-cardiff-mens-peer-group\n", 1)
    mens = mens.replace("title_en: Men's peer support group", "title_en: Men's peer group", 1)
    text = head + "- slug: sample-cardiff-mens-peer-group\n" + mens
    doc_start, services = text.split("\nservices:\n", 1)
    entries = services.split("\n- slug: ")
    dropped = entries[2].split("\n", 1)[0]  # the third service
    del entries[2]
    path.write_text(doc_start + "\nservices:\n" + "\n- slug: ".join(entries), encoding="utf-8")
    with sessions() as session, session.begin():
        report = import_directory(session, checkout)
    assert report.changed == ["sample-cardiff-mens-peer-group"]
    assert report.archived == [dropped] and not report.conflicts
    with sessions() as session:
        mens = find_service(session, "sample-cardiff-mens-peer-group")
        assert mens is not None and mens.title_en == "Men's peer group"
        gone = find_service(session, dropped)
        assert gone is not None and gone.archived_at is not None


def test_import_never_overwrites_a_newer_staff_edit_unless_forced(
    sessions: Callable[[], Session], checkout: Path
) -> None:
    with sessions() as session, session.begin():
        edit(session, SERVICE, title_en="Edited by staff")
    path = checkout / "services.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title_en: Anxiety peer support group", "title_en: Edited in git"
        ),
        encoding="utf-8",
    )
    with sessions() as session, session.begin():
        report = import_directory(session, checkout)
    assert report.conflicts == [
        (f"service:{SERVICE}", "changed by staff since the last export or import")
    ]
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and service.title_en == "Edited by staff"
    # Export refuses too: the file has a change that was never imported.
    with sessions() as session, session.begin():
        refused = export_directory(session, checkout)
    assert refused.conflicts and "Edited in git" in path.read_text(encoding="utf-8")
    with sessions() as session, session.begin():
        forced = import_directory(session, checkout, force=True)
    assert forced.changed == [SERVICE] and not forced.conflicts
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and service.title_en == "Edited in git"


def test_seeding_again_at_start_up_keeps_staff_edits_and_archives(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session, session.begin():
        edit(session, SERVICE, title_en="Edited by staff")
        walk = find_service(session, "sample-cardiff-saturday-walking-group")
        assert walk is not None
        walk.archived_at = datetime.now(timezone.utc)
    with sessions() as session, session.begin():
        seed_directory(session, DATA / "services.yml")
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and service.title_en == "Edited by staff"
        walk = session.scalars(
            select(Service).where(Service.slug == "sample-cardiff-saturday-walking-group")
        ).one()
        assert walk.archived_at is not None


def test_a_database_from_before_the_sync_column_still_follows_the_file_until_staff_edit(
    sessions: Callable[[], Session], checkout: Path
) -> None:
    with sessions() as session, session.begin():
        for service in session.scalars(select(Service)):
            service.synced_fingerprint = None  # as migration 0010 leaves existing rows
    path = checkout / "services.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title_en: Anxiety peer support group", "title_en: Renamed in git"),
        encoding="utf-8",
    )
    with sessions() as session, session.begin():
        seed_directory(session, path)
        edit(session, "sample-cardiff-mens-peer-group", title_en="Edited by staff")
    with sessions() as session, session.begin():
        seed_directory(session, DATA / "services.yml")
    with sessions() as session:
        renamed = find_service(session, SERVICE)
        assert renamed is not None and renamed.title_en == "Anxiety peer support group"
        mens = find_service(session, "sample-cardiff-mens-peer-group")
        assert mens is not None and mens.title_en == "Edited by staff"
