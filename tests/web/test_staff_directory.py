"""The directory screens over real HTTP, against a real database seeded with data/directory:
finding services, editing with every kind of field checked, archiving (the bot stops
offering it at once), cancelling one date, the audit log, and who may do what."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.directory.editing import find_service
from bot.directory.schedule import WALES
from bot.directory.search import SearchQuery, search
from bot.store.models import Organisation, Service, SessionOccurrence, as_utc
from tests.web.staff_helpers import StaffBrowser, last_audit, make_account

SERVICE = "sample-cardiff-anxiety-peer-group"  # weekly, Tuesdays 18:30, Cardiff
PAGE = f"/admin/directory/services/{SERVICE}"


@pytest.fixture
def database_url(directory_database_url: str) -> str:
    return directory_database_url


@pytest.fixture
def editor(staff_browser: StaffBrowser, sessions: Callable[[], Session]) -> StaffBrowser:
    staff_browser.use_session_of(sessions, make_account(sessions, "golygydd", ["editor"]))
    return staff_browser


def next_hits(sessions: Callable[[], Session], **query: object) -> list[tuple[str, datetime]]:
    now = datetime.now(timezone.utc)
    with sessions() as session:
        found = search(
            session,
            SearchQuery(start=now, end=now + timedelta(days=60), **query),  # type: ignore[arg-type]
            limit=100,
        )
        return [(hit.service.slug, hit.starts_at) for hit in found.hits]


def form_of(browser: StaffBrowser, path: str) -> dict[str, object]:
    """The edit form's current values, as a browser would send them back."""
    html = browser.get(path).text
    values: dict[str, object] = {}
    for name, value in re.findall(
        r'<input id="[^"]*" name="([^"]+)" type="(?:text|date|url|tel|email|search)"'
        r'[^>]*?value="([^"]*)"',
        html,
        re.S,
    ):
        values[name] = value.replace("&#39;", "'").replace("&amp;", "&")
    for name, value in re.findall(
        r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>', html
    ):
        values[name] = value.replace("&#39;", "'").replace("&amp;", "&")
    for select_name, body in re.findall(
        r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[select_name] = chosen.group(1) if chosen else ""
    checked: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'type="(?:checkbox|radio)" id="[^"]*" name="([^"]+)" value="([^"]*)" checked', html
    ):
        checked.setdefault(name, []).append(value)
    for name, chosen_values in checked.items():
        values[name] = chosen_values if len(chosen_values) > 1 else chosen_values[0]
    return values


def test_the_directory_lists_and_finds_services_and_filters_them(editor: StaffBrowser) -> None:
    page = editor.get("/admin/directory?lang=en")
    assert page.status_code == 200
    assert "Anxiety peer support group" in page.text and "Showing 1 to 25 of 78" in page.text
    found = editor.get("/admin/directory?q=gorbryder&area=cardiff&lang=en")
    assert "Grŵp cymorth cymheiriaid gorbryder" in found.text
    assert "Saturday wellbeing walking group" not in found.text
    helplines = editor.get("/admin/directory?kind=helpline&lang=en")
    assert "Evening peer listening line" in helplines.text
    assert "Anxiety peer support group" not in helplines.text
    second = editor.get("/admin/directory?page=2&lang=en")
    assert "Showing 26 to 50 of 78" in second.text


def test_an_editor_adds_an_organisation_with_tidied_contact_details(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    response = editor.post(
        "/admin/directory/organisations/new?lang=en",
        {
            "slug": "bangor-peer-hub",
            "name_cy": "Hyb Cymheiriaid Bangor",
            "name_en": "Bangor Peer Hub",
            "website": "https://example.org/bangor",
            "phone": "+44 (0)1248 123456".replace("(0)", ""),
            "email": "Hello@Example.ORG",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with sessions() as session:
        organisation = session.get(Organisation, "bangor-peer-hub")
        assert organisation is not None
        assert (organisation.phone, organisation.email) == ("01248 123456", "Hello@example.org")
    event = last_audit(sessions, "directory_org_added")
    assert event.subject == "organisation:bangor-peer-hub"
    assert event.changes["name_en"] == {"before": None, "after": "Bangor Peer Hub"}


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("title_cy", "", "it is needed in Welsh and in English"),
        ("description_cy", "", "The text in the other language is filled in"),
        ("postcode", "CF99", "Enter a UK postcode"),
        ("booking_value", "12345", "Enter a UK phone number"),
        ("rec_time", "25:00", "Enter a time as HH:MM"),
        ("rec_starts_on", "2026-02-30", "Enter a real date"),
        ("rec_ends_on", "2020-01-01", "It must end after it starts"),
        ("sessions", "2027-03-28 01:30", "That time does not exist in Wales that day"),
        ("min_age", "200", "Enter a whole number in range"),
        ("topics", "anxiety, <script>", "Use short keywords"),
    ],
)
def test_a_bad_field_is_named_in_the_error_summary_and_nothing_is_saved(
    editor: StaffBrowser,
    sessions: Callable[[], Session],
    field: str,
    typed: str,
    message: str,
) -> None:
    values = form_of(editor, f"{PAGE}/edit?lang=en")
    values.update({"booking_method": "phone"} if field == "booking_value" else {})
    values[field] = typed
    response = editor.post(f"{PAGE}/edit?lang=en", values)
    assert response.status_code == 400
    summary = response.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#{field}"' in summary and message in summary
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and service.title_cy == "Grŵp cymorth cymheiriaid gorbryder"
        assert service.postcode == "CF24 9XQ"


def test_errors_are_in_the_staff_members_language(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    values = form_of(editor, f"{PAGE}/edit?lang=cy")
    values["title_en"] = ""
    response = editor.post(f"{PAGE}/edit?lang=cy", values)
    assert response.status_code == 400
    assert "Mae problem" in response.text
    assert "Teitl yn Saesneg: Llenwch hwn: mae ei angen yn Gymraeg ac yn Saesneg." in response.text


def test_an_edit_is_saved_tidied_and_audited_with_what_changed(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    values = form_of(editor, f"{PAGE}/edit?lang=en")
    values.update({"postcode": "cf24 9xq", "title_en": "Anxiety peer group", "rec_time": "19:00"})
    response = editor.post(f"{PAGE}/edit?lang=en", values, follow_redirects=False)
    assert response.status_code == 303
    assert "Anxiety peer group saved." in editor.get(PAGE + "?lang=en").text
    event = last_audit(sessions, "directory_service_updated")
    assert event.subject == f"service:{SERVICE}"
    assert set(event.changes) == {"title_en", "rec_time"}  # the postcode only looked different
    hits = dict(next_hits(sessions, area="cardiff"))
    assert hits[SERVICE].astimezone(WALES).strftime("%H:%M") == "19:00"


def test_a_plain_http_link_needs_the_editor_to_say_they_checked_it(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    values = form_of(editor, f"{PAGE}/edit?lang=en")
    values.update({"booking_method": "link", "booking_value": "http://example.org/book"})
    warned = editor.post(f"{PAGE}/edit?lang=en", values)
    assert warned.status_code == 400 and "A link that is not secure" in warned.text
    values["accept_http"] = "yes"
    assert editor.post(f"{PAGE}/edit", values, follow_redirects=False).status_code == 303
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and service.booking_value == "http://example.org/book"


def test_archiving_takes_a_service_out_of_the_bots_search_at_once_and_restoring_brings_it_back(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    assert SERVICE in dict(next_hits(sessions, area="cardiff"))
    assert editor.post(f"{PAGE}/archive", follow_redirects=False).status_code == 303
    assert SERVICE not in dict(next_hits(sessions, area="cardiff"))
    assert "This service is archived" in editor.get(PAGE + "?lang=en").text
    assert last_audit(sessions, "directory_service_archived").subject == f"service:{SERVICE}"
    archived_list = editor.get("/admin/directory?status=archived&lang=en").text
    assert "Anxiety peer support group" in archived_list
    assert editor.post(f"{PAGE}/restore", follow_redirects=False).status_code == 303
    assert SERVICE in dict(next_hits(sessions, area="cardiff"))


def test_archiving_an_organisation_takes_all_its_services_out_and_restores_just_those(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    org = "sample-cardiff-peer-circle"
    with sessions() as session:
        own = set(session.scalars(select(Service.slug).where(Service.organisation_slug == org)))
    editor.post(f"{PAGE}/archive")  # archived on its own first: stays archived after
    editor.post(f"/admin/directory/organisations/{org}/archive", follow_redirects=False)
    assert not own & {slug for slug, _ in next_hits(sessions)}
    editor.post(f"/admin/directory/organisations/{org}/restore", follow_redirects=False)
    back = {slug for slug, _ in next_hits(sessions)}
    assert SERVICE not in back and (own - {SERVICE}) & back
    assert last_audit(sessions, "directory_org_restored").subject == f"organisation:{org}"


def test_cancelling_one_date_removes_just_that_meeting_and_un_cancelling_brings_it_back(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None
        upcoming = session.scalars(
            select(SessionOccurrence)
            .where(
                SessionOccurrence.service_id == service.id,
                SessionOccurrence.cancelled.is_(False),
                SessionOccurrence.starts_at > datetime.now(timezone.utc),
            )
            .order_by(SessionOccurrence.starts_at)
            .limit(2)
        ).all()
        first, second = (as_utc(o.starts_at) for o in upcoming)
    day = first.astimezone(WALES).date().isoformat()
    assert dict(next_hits(sessions, area="cardiff"))[SERVICE] == first
    response = editor.post(
        f"{PAGE}/sessions", {"date": day, "decision": "cancel"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "is cancelled: Cymar will not offer that date" in editor.get(PAGE + "?lang=en").text
    assert dict(next_hits(sessions, area="cardiff"))[SERVICE] == second
    page = editor.get(PAGE + "?lang=en").text
    assert page.count("Cancelled</span>") >= 1 and "Un-cancel" in page
    event = last_audit(sessions, "directory_session_cancelled")
    assert event.detail["date"] == day
    editor.post(f"{PAGE}/sessions", {"date": day, "decision": "restore"})
    assert dict(next_hits(sessions, area="cardiff"))[SERVICE] == first
    with sessions() as session:
        service = find_service(session, SERVICE)
        assert service is not None and day not in (service.cancelled_dates or [])


def test_a_new_service_needs_both_languages_and_is_searchable_once_saved(
    editor: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    values: dict[str, object] = {
        "slug": "wrexham-walk-and-talk",
        "organisation": "sample-north-wales-peer-network",
        "kind": "wellbeing_session",
        "title_cy": "Cerdded a siarad",
        "title_en": "",
        "cost_cy": "Am ddim",
        "cost_en": "Free",
        "delivery": "in_person",
        "languages": ["cy", "en"],
        "area": "wrexham",
        "venue_name_cy": "Parc Sampl",
        "venue_name_en": "Sample Park",
        "postcode": "ll11 1aa",
        "booking_method": "drop_in",
        "rec_freq": "weekly",
        "rec_weekday": "friday",
        "rec_time": "11:00",
        "rec_duration": "60",
        "rec_starts_on": datetime.now(timezone.utc).date().isoformat(),
        "session_duration": "60",
    }
    refused = editor.post("/admin/directory/services/new?lang=en", values)
    assert refused.status_code == 400 and 'href="#title_en"' in refused.text
    with sessions() as session:
        assert find_service(session, "wrexham-walk-and-talk") is None
    values["title_en"] = "Walk and talk"
    saved = editor.post("/admin/directory/services/new", values, follow_redirects=False)
    assert saved.status_code == 303
    assert "wrexham-walk-and-talk" in dict(next_hits(sessions, area="wrexham"))
    with sessions() as session:
        service = find_service(session, "wrexham-walk-and-talk")
        assert service is not None and service.postcode == "LL11 1AA"
    assert last_audit(sessions, "directory_service_added").changes["title_en"]["after"] == (
        "Walk and talk"
    )


def test_peer_supporters_may_look_things_up_but_not_change_them(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    staff_browser.use_session_of(sessions, make_account(sessions, "cymar", ["peer_supporter"]))
    assert staff_browser.get("/admin/directory").status_code == 200
    assert staff_browser.get(PAGE).status_code == 200
    assert "Archive the service" not in staff_browser.get(PAGE + "?lang=en").text
    for path in (f"{PAGE}/edit", "/admin/directory/services/new", "/admin/directory/import"):
        assert staff_browser.get(path).status_code == 403, path
    for path in (f"{PAGE}/archive", f"{PAGE}/sessions", "/admin/directory/import/confirm"):
        assert staff_browser.post(path, {"date": "2026-12-22"}).status_code == 403, path
    assert SERVICE in dict(next_hits(sessions, area="cardiff"))
