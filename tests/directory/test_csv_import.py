"""CSV import and export of the directory, and the field checks they share with the staff
forms: bad rows are reported row by row, nothing is written without confirmation, good
rows are imported only when chosen, and export then import changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.directory import csv_io, fields
from bot.directory.editing import find_service
from bot.settings import Settings
from bot.store.models import AuditEvent, Service
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.web.staff_helpers import BASE_URL, StaffBrowser, make_account

SERVICE = "sample-cardiff-anxiety-peer-group"


@pytest.fixture
def database_url(directory_database_url: str) -> str:
    return directory_database_url


# -- the field checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("029 2018 0123", "029 2018 0123"),
        ("02920180123", "029 2018 0123"),
        ("+44 29 2018 0123", "029 2018 0123"),
        ("(01632) 960-101", "01632 960101"),
        ("0113 496 0000", "0113 496 0000"),
        ("07700900123", "07700 900123"),
        ("0800 123 4567", "0800 123 4567"),
        ("08081640123", "0808 164 0123"),
        ("116123", "116 123"),
        ("0044 7700 900123", "07700 900123"),
    ],
)
def test_uk_phone_numbers_are_accepted_in_any_layout_and_stored_one_way(
    typed: str, stored: str
) -> None:
    assert fields.read_phone(typed) == (stored, None)


@pytest.mark.parametrize("typed", ["12345", "029 2018 012", "+1 202 555 0100", "0ABC", "999"])
def test_other_phone_numbers_are_refused(typed: str) -> None:
    assert fields.read_phone(typed)[1] == "dir_error_phone"


def test_postcodes_emails_and_links_are_checked_and_tidied() -> None:
    assert fields.read_postcode("cf10 1aa") == ("CF10 1AA", None)
    assert fields.read_postcode("LL572PW") == ("LL57 2PW", None)
    assert fields.read_postcode("SW1A1AA") == ("SW1A 1AA", None)
    for bad in ("CF10", "12345", "CF10 1A", "CF10-1AA!"):
        assert fields.read_postcode(bad)[1] == "dir_error_postcode", bad
    assert fields.read_email("Sian@Example.ORG") == ("Sian@example.org", None)
    for bad in ("sian", "sian@", "sian@example", "Sian <sian@example.org>", "a b@example.org"):
        assert fields.read_email(bad)[1] == "dir_error_email", bad
    assert fields.read_link("https://example.org/a") == ("https://example.org/a", None, False)
    assert fields.read_link("http://example.org/a") == ("http://example.org/a", None, True)
    for bad in ("example.org", "ftp://example.org", "javascript:alert(1)", "https://local"):
        assert fields.read_link(bad)[1] == "dir_error_link", bad


def test_dates_and_times_are_real_welsh_ones() -> None:
    assert fields.read_clock("9:30") == ("09:30", None)
    assert fields.read_clock("24:00")[1] == "dir_error_clock"
    assert fields.read_date("2027-02-29")[1] == "dir_error_date"
    assert fields.read_session("2027-01-12 18:30") == ("2027-01-12T18:30", None)
    assert fields.read_session("2027-01-12T18:30") == ("2027-01-12T18:30", None)
    # 01:30 on the last Sunday of March does not happen in Wales: the clocks go forward.
    assert fields.read_session("2027-03-28 01:30")[1] == "dir_error_session_skipped_hour"
    assert fields.read_session("next tuesday")[1] == "dir_error_session"


# -- export -----------------------------------------------------------------------------------


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_export_has_every_service_and_opens_as_utf8_in_spreadsheets(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session:
        text = csv_io.export_csv(session)
    assert text.startswith("\ufeff")
    rows = parse(text)
    assert len(rows) == 78 and tuple(rows[0]) == csv_io.COLUMNS
    anxiety = next(row for row in rows if row["slug"] == SERVICE)
    assert anxiety["title_cy"] == "Grŵp cymorth cymheiriaid gorbryder"
    assert anxiety["rec_weekday"] == "tuesday" and anxiety["rec_time"] == "18:30"
    assert anxiety["cancelled"] == "2026-12-22; 2026-12-29"


def test_cells_a_spreadsheet_would_run_are_exported_as_text_and_come_back_unchanged(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session, session.begin():
        service = find_service(session, SERVICE)
        assert service is not None
        service.title_en = '=HYPERLINK("http://evil.example")'
        service.cost_en = "+£3"
        service.description_en = "@everyone -welcome"
    with sessions() as session:
        text = csv_io.export_csv(session)
        row = next(r for r in parse(text) if r["slug"] == SERVICE)
        assert row["title_en"].startswith("'=") and row["cost_en"] == "'+£3"
        assert row["description_en"] == "'@everyone -welcome"
        plan = csv_io.plan_import(session, text.encode("utf-8"))
    assert plan.count("unchanged") == 78 and not plan.problems


def test_export_then_import_changes_nothing(sessions: Callable[[], Session]) -> None:
    with sessions() as session:
        exported = csv_io.export_csv(session).encode("utf-8")
    with sessions() as session, session.begin():
        plan = csv_io.plan_import(session, exported)
        assert (plan.count("unchanged"), plan.to_write, plan.problems) == (78, [], [])
    with sessions() as session:
        assert csv_io.export_csv(session).encode("utf-8") == exported


# -- import -----------------------------------------------------------------------------------


def exported_rows(sessions: Callable[[], Session]) -> list[dict[str, str]]:
    with sessions() as session:
        return parse(csv_io.export_csv(session))


def as_csv(rows: list[dict[str, str]], bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(csv_io.COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def directory_events(session: Session) -> int:
    query = select(func.count(AuditEvent.id)).where(AuditEvent.action.startswith("directory_"))
    return session.scalar(query) or 0


def bad_file(raw: bytes, sessions: Callable[[], Session]) -> str:
    with sessions() as session, pytest.raises(csv_io.BadFile) as raised:
        csv_io.plan_import(session, raw)
    return raised.value.key


def test_bad_files_get_a_reason(sessions: Callable[[], Session]) -> None:
    header = ",".join(csv_io.COLUMNS).encode()
    assert bad_file(b"", sessions) == "csv_empty"
    assert bad_file(b"\n\n", sessions) == "csv_empty"
    assert bad_file(b"PK\x03\x04\x00\x00binary", sessions) == "csv_binary"
    assert bad_file("slug,teitl\n".encode("utf-16"), sessions) == "csv_binary"
    assert bad_file("slug\ncaffi\xe2\n".encode("latin-1"), sessions) == "csv_not_utf8"
    assert bad_file(b"slug,name\nx,y\n", sessions) == "csv_wrong_header"
    assert bad_file(header + b"\n", sessions) == "csv_no_rows"
    assert bad_file(header + b"\n" + b"x" * csv_io.MAX_BYTES, sessions) == "csv_too_large"


def test_a_file_with_or_without_a_bom_reads_the_same(sessions: Callable[[], Session]) -> None:
    rows = exported_rows(sessions)[:3]
    rows[0]["title_en"] = "A new English title"
    with sessions() as session:
        plain = csv_io.plan_import(session, as_csv(rows))
        with_bom = csv_io.plan_import(session, as_csv(rows, bom=True))
    assert [(r.slug, r.status) for r in plain.rows] == [(r.slug, r.status) for r in with_bom.rows]
    assert plain.rows[0].status == "changed" and plain.rows[0].changed == ["title_en"]


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written_until_confirmed(
    sessions: Callable[[], Session],
) -> None:
    rows = exported_rows(sessions)
    by_slug = {row["slug"]: row for row in rows}
    by_slug[SERVICE]["title_cy"] = "Grŵp gorbryder newydd"
    by_slug["sample-cardiff-mens-peer-group"]["postcode"] = "not a postcode"
    by_slug["sample-cardiff-saturday-walking-group"]["title_cy"] = ""
    new = dict(by_slug[SERVICE], slug="sample-new-group", title_en="New group", cancelled="")
    raw = as_csv([*rows, new])
    with sessions() as session:
        plan = csv_io.plan_import(session, raw)
    problems = {(p.row, p.column, p.key) for p in plan.problems}
    row_of = {r.slug: r.row for r in plan.rows}
    assert problems == {
        (row_of["sample-cardiff-mens-peer-group"], "postcode", "dir_error_postcode"),
        (row_of["sample-cardiff-saturday-walking-group"], "title_cy", "dir_error_required_both"),
    }
    assert row_of[rows[0]["slug"]] == 2  # the header is row 1, as a spreadsheet shows it
    assert (plan.count("added"), plan.count("changed"), plan.count("error")) == (1, 1, 2)
    with sessions() as session:  # planning wrote nothing
        assert find_service(session, "sample-new-group") is None
        service = find_service(session, SERVICE)
        assert service is not None and service.title_cy == "Grŵp cymorth cymheiriaid gorbryder"
        assert directory_events(session) == 0
    with sessions() as session, session.begin():
        counts = csv_io.apply_import(session, plan, actor=None)
    assert counts == {"added": 1, "changed": 1}
    with sessions() as session:
        assert find_service(session, "sample-new-group") is not None
        service = find_service(session, SERVICE)
        assert service is not None and service.title_cy == "Grŵp gorbryder newydd"
        mens = find_service(session, "sample-cardiff-mens-peer-group")
        assert mens is not None and mens.postcode == "CF10 9ZW"  # the bad row was skipped


def test_a_repeated_slug_and_an_unknown_organisation_are_row_errors(
    sessions: Callable[[], Session],
) -> None:
    rows = exported_rows(sessions)[:2]
    rows.append(dict(rows[0]))
    rows[1]["organisation"] = "no-such-organisation"
    with sessions() as session:
        plan = csv_io.plan_import(session, as_csv(rows))
    assert {(p.row, p.column, p.key) for p in plan.problems} == {
        (3, "organisation", "dir_error_organisation"),
        (4, "slug", "csv_duplicate_slug"),
    }


def test_the_archived_column_archives_and_restores(sessions: Callable[[], Session]) -> None:
    rows = exported_rows(sessions)
    next(r for r in rows if r["slug"] == SERVICE)["archived"] = "yes"
    with sessions() as session, session.begin():
        csv_io.apply_import(session, csv_io.plan_import(session, as_csv(rows)), actor=None)
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and service.archived_at is not None


# -- the two steps over HTTP ------------------------------------------------------------------


@pytest.fixture
def staff_client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    app = create_app(settings, FakeRasa(catalogue).transport())
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def editor(staff_client: TestClient, sessions: Callable[[], Session]) -> StaffBrowser:
    browser = StaffBrowser(staff_client)
    browser.use_session_of(sessions, make_account(sessions, "golygydd", ["editor"]))
    return browser


def upload(browser: StaffBrowser, raw: bytes, lang: str = "en") -> str:
    browser.get(f"/admin/directory/import?lang={lang}")
    response = browser.client.post(
        f"/admin/directory/import?lang={lang}",
        data={"csrf_token": browser.token},
        files={"file": ("directory.csv", raw, "text/csv")},
    )
    return f"{response.status_code}\n{response.text}"


def hidden(page: str, name: str) -> str:
    return page.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]


def test_staff_upload_see_the_preview_and_only_a_confirmation_writes(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    rows = exported_rows(sessions)
    rows[0]["title_en"] = "Changed by CSV"
    next(row for row in rows if row["rec_freq"] == "weekly")["rec_time"] = "25:61"
    page = upload(editor, as_csv(rows))
    assert page.startswith("200")
    assert "0 added, 1 changed, 76 unchanged, 1 with problems" in page
    assert "Start time" in page and "Enter a time as HH:MM" in page
    with sessions() as session:
        assert directory_events(session) == 0
    form = {"content": hidden(page, "content"), "digest": hidden(page, "digest")}
    refused = editor.post("/admin/directory/import/confirm?lang=en", form)
    assert (
        refused.status_code == 400 and "Tick the box to import only the good rows" in refused.text
    )
    with sessions() as session:
        assert directory_events(session) == 0
    done = editor.post(
        "/admin/directory/import/confirm",
        {**form, "import_good_rows": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "1 changed, 1 rows skipped" in editor.get("/admin/directory?lang=en").text
    with sessions() as session:
        service = session.scalars(select(Service).where(Service.slug == rows[0]["slug"])).one()
        assert service.title_en == "Changed by CSV"
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"directory_service_updated", "directory_csv_imported"} <= actions


def test_a_bad_file_is_explained_in_welsh_too(editor: StaffBrowser) -> None:
    page = upload(editor, b"\x89PNG\r\n\x1a\n\x00\x00", lang="cy")
    assert page.startswith("400") and "Dydy hon ddim yn ffeil destun CSV" in page
    page = upload(editor, b"name,title\n1,2\n", lang="en")
    assert "The header row is not right" in page and "Missing columns: slug" in page


def test_a_preview_out_of_date_is_shown_again_not_applied(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    rows = exported_rows(sessions)
    rows[0]["title_en"] = "Changed by CSV"
    page = upload(editor, as_csv(rows))
    with sessions() as session, session.begin():  # a colleague edits meanwhile
        service = find_service(session, rows[0]["slug"])
        assert service is not None
        service.title_en = "Changed by CSV"
    form = {"content": hidden(page, "content"), "digest": hidden(page, "digest")}
    again = editor.post("/admin/directory/import/confirm?lang=en", form)
    assert again.status_code == 409 and "The directory changed since you checked" in again.text


def test_a_service_cannot_come_back_to_life_under_an_archived_organisation(
    sessions: Callable[[], Session],
) -> None:
    from bot.directory.editing import archive_organisation
    from bot.store.models import Organisation

    rows = exported_rows(sessions)
    with sessions() as session, session.begin():
        organisation = session.get(Organisation, "sample-cardiff-peer-circle")
        assert organisation is not None
        archive_organisation(session, organisation, actor=None)
    with sessions() as session:
        # The export after archiving round-trips as it is ...
        assert not csv_io.plan_import(session, csv_io.export_csv(session).encode()).problems
        # ... but the older file, where its services were live, would bring them back.
        plan = csv_io.plan_import(session, as_csv(rows))
    assert {p.key for p in plan.problems} == {"dir_error_organisation_archived"}
    assert {p.column for p in plan.problems} == {"organisation"}
