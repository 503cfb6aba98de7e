"""The crisis lines screen: admins change what people at risk are shown, after seeing the
change in both languages; bad numbers and hours are refused with a clear message and
nothing typed is lost; every change is in the audit log; a change is live at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.staff.crisis_lines import read_form, valid_phone
from bot.store.models import CrisisLine
from tests.web.staff_helpers import StaffBrowser, audit_actions, last_audit, make_account

EDIT = "/admin/crisis-lines/samaritans/edit"
CONFIRM = "/admin/crisis-lines/samaritans/confirm"


@pytest.fixture
def admin(staff_browser: StaffBrowser, sessions: Callable[[], Session]) -> StaffBrowser:
    staff_browser.use_session_of(sessions, make_account(sessions, "ffion", ["admin"]))
    return staff_browser


def form_of(page: str, action: str = "/admin/crisis-lines/") -> dict[str, Any]:
    """The fields of the page's form for `action`, as a browser would send them."""
    found = re.search(rf'<form[^>]*action="{action}[^"]*"[^>]*>(.*?)</form>', page, re.S)
    assert found, "no such form"
    form = found.group(1)
    values: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrf_token":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in ("checkbox", "radio") and "checked" not in tag:
            continue
        values[name.group(1)] = (value.group(1) if value else "").replace("&amp;", "&")
    return values


def line(sessions: Callable[[], Session], slug: str = "samaritans") -> CrisisLine:
    with sessions() as session:
        found = session.get(CrisisLine, slug)
        assert found is not None
        session.expunge(found)
        return found


def shown_to_people(client: TestClient, language: str) -> str:
    return str(client.get(f"/api/crisis-lines?language={language}").json())


def test_everyone_reads_the_lines_but_only_admins_may_change_them(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    staff_browser.use_session_of(sessions, make_account(sessions, "sian", ["peer_supporter"]))
    page = staff_browser.get("/admin/crisis-lines")
    assert page.status_code == 200 and "116 123" in page.text and "0808 164 0123" in page.text
    assert EDIT not in page.text
    assert staff_browser.get(EDIT).status_code == 403


def test_a_change_is_shown_in_both_languages_then_saved_only_when_confirmed(
    admin: StaffBrowser, staff_client: TestClient, sessions: Callable[[], Session]
) -> None:
    form = form_of(admin.get(EDIT).text)
    assert form["phone"] == "116123" and form["active"] == "yes"
    form["when_en"] = "24 hours, every day, free"
    form["when_cy"] = "24 awr, bob dydd, am ddim"
    check = admin.post(EDIT, form)
    assert check.status_code == 200 and "Check before you save" in check.text
    table = check.text.split('<table class="changes">')[1].split("</table>")[0]
    assert "24 hours, free" in table and "24 hours, every day, free" in table
    assert "Phone number" not in table  # only what changes
    assert (
        '<p lang="cy">- Y Samariaid: ffoniwch 116 123 (24 awr, bob dydd, am ddim)</p>' in check.text
    )
    assert '<p lang="en">- Samaritans: call 116 123 (24 hours, every day, free)</p>' in check.text
    assert line(sessions).when_en == "24 hours, free"  # nothing saved yet
    assert "every day" not in shown_to_people(staff_client, "en")

    saved = admin.post(
        CONFIRM, {**form_of(check.text), "decision": "confirm"}, follow_redirects=False
    )
    assert saved.headers["location"] == "/admin/crisis-lines"
    assert "Crisis line “Samaritans” saved" in admin.get("/admin/crisis-lines").text
    assert line(sessions).when_en == "24 hours, every day, free"
    assert "24 hours, every day, free" in shown_to_people(staff_client, "en")
    assert "24 awr, bob dydd, am ddim" in shown_to_people(staff_client, "cy")
    event = last_audit(sessions, "crisis_line_updated")
    assert event.subject == "crisis_line:samaritans"
    assert event.changes == {
        "when_cy": {"before": "24 awr, am ddim", "after": "24 awr, bob dydd, am ddim"},
        "when_en": {"before": "24 hours, free", "after": "24 hours, every day, free"},
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "Give a UK number people can dial"),
        ({"phone": "0808 164 012"}, "phone", "Give a UK number people can dial"),
        ({"phone": "", "sms": ""}, "phone", "needs a phone number, a text number or both"),
        ({"sms": "123"}, "sms", "Give a 5 or 6 digit short code"),
        ({"phone": "116 117"}, "how_cy", "Write the phone and text numbers in this text too"),
        ({"opens_at": "25:00", "closes_at": "23:00"}, "opens_at", "Use the 24-hour clock"),
        ({"opens_at": "19:00"}, "closes_at", "Give both an opening and a closing time"),
        ({"opens_at": "19:00", "closes_at": "19:00"}, "closes_at", "must differ"),
        ({"name_cy": ""}, "name_cy", "Fill this in."),
        ({"position": "first"}, "position", "Give a whole number"),
        ({"only_language": "fr"}, "only_language", "Choose who sees this line"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_typed_is_lost(
    admin: StaffBrowser,
    sessions: Callable[[], Session],
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    form = {**form_of(admin.get(EDIT).text), "when_en": "changed too", **change}
    refused = admin.post(EDIT, form)
    assert refused.status_code == 400
    assert "There is a problem" in refused.text and message in refused.text
    assert f'href="#{field}"' in refused.text  # the summary links to the field
    assert f'id="{field}-error"' in refused.text
    again = form_of(refused.text)
    for name, value in form.items():
        if name != "only_language":  # "fr" is not one of the choices to re-tick
            assert again.get(name, "") == value, name
    assert line(sessions).when_en == "24 hours, free"
    assert "crisis_line_updated" not in audit_actions(sessions)


def test_the_message_is_in_the_admins_language(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    staff_browser.use_session_of(
        sessions, make_account(sessions, "ffion", ["admin"], ui_language="cy")
    )
    form = {**form_of(staff_browser.get(EDIT).text), "phone": "12345"}
    refused = staff_browser.post(EDIT, form)
    assert "Mae problem" in refused.text
    assert "Rhowch rif yn y DU y gall pobl ei ddeialu" in refused.text


@pytest.mark.parametrize(
    ("slug", "change"),
    [
        ("emergency", {"active": ""}),
        ("nhs111", {"opens_at": "09:00", "closes_at": "17:00"}),
        ("nhs111", {"only_language": "cy"}),
    ],
)
def test_999_and_nhs_111_are_always_shown_to_everyone(
    admin: StaffBrowser, sessions: Callable[[], Session], slug: str, change: dict[str, str]
) -> None:
    edit = f"/admin/crisis-lines/{slug}/edit"
    form = {**form_of(admin.get(edit).text), **change}
    if not change.get("active", "yes"):
        form.pop("active")
    refused = admin.post(edit, form)
    assert refused.status_code == 400 and "999 and NHS 111 are always shown" in refused.text
    assert line(sessions, slug).active and line(sessions, slug).opens_at is None


def test_confirming_after_someone_else_saved_shows_the_new_comparison_instead(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    form = {**form_of(admin.get(EDIT).text), "when_en": "mine"}
    check = admin.post(EDIT, form)
    with sessions() as session, session.begin():
        session.get(CrisisLine, "samaritans").when_cy = "a colleague's change"  # type: ignore[union-attr]
    again = admin.post(CONFIRM, {**form_of(check.text), "decision": "confirm"})
    assert "Someone changed this line while you were working on it" in again.text
    assert line(sessions).when_en == "24 hours, free"
    assert line(sessions).when_cy == "a colleague's change"


def test_going_back_to_change_keeps_what_was_typed(admin: StaffBrowser) -> None:
    form = {**form_of(admin.get(EDIT).text), "when_en": "typed, not saved"}
    check = admin.post(EDIT, form)
    back = admin.post(CONFIRM, {**form_of(check.text), "decision": "change"})
    assert back.status_code == 200 and 'value="typed, not saved"' in back.text
    assert "Check the changes" in back.text


def test_saving_nothing_changes_nothing(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    check = admin.post(EDIT, form_of(admin.get(EDIT).text))
    assert "There were no changes to save." in check.text
    assert 'value="confirm"' not in check.text
    assert "crisis_line_updated" not in audit_actions(sessions)


def test_an_admin_can_add_a_line_which_people_then_see(
    admin: StaffBrowser, staff_client: TestClient, sessions: Callable[[], Session]
) -> None:
    form = {
        "slug": "test-helpline",
        "name_cy": "Llinell brawf",
        "name_en": "Test line",
        "how_cy": "ffoniwch 0800 123 4567",
        "how_en": "call 0800 123 4567",
        "when_cy": "24 awr",
        "when_en": "24 hours",
        "phone": "0800 123 4567",
        "sms": "",
        "opens_at": "",
        "closes_at": "",
        "only_language": "",
        "position": "9",
        "active": "yes",
    }
    taken = admin.post("/admin/crisis-lines/new", {**form, "slug": "samaritans"})
    assert "There is already a line with this short name" in taken.text
    check = admin.post("/admin/crisis-lines/new", form)
    assert "Check before you save" in check.text
    admin.post("/admin/crisis-lines/new/confirm", {**form_of(check.text), "decision": "confirm"})
    assert line(sessions, "test-helpline").phone == "08001234567"
    assert "Test line" in shown_to_people(staff_client, "en")
    assert last_audit(sessions, "crisis_line_added").changes["phone"] == {
        "before": None,
        "after": "08001234567",
    }


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("999", True),
        ("111", True),
        ("116123", True),
        ("08081640123", True),
        ("+441234567890", True),
        ("18001111", True),
        ("0800132737", False),  # one digit short
        ("1234", False),
        ("+33123456789", False),
    ],
)
def test_phone_numbers_must_be_dialable_in_the_uk(number: str, ok: bool) -> None:
    assert valid_phone(number) is ok


def test_the_form_tidies_spaces_and_brackets_out_of_numbers() -> None:
    values = read_form({"phone": " 0808 (164) 0123 ", "sms": "85-258", "position": "3"})
    assert (values["phone"], values["sms"], values["position"]) == ("08081640123", "85258", 3)
