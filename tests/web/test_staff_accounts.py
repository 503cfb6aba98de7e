"""Admins manage accounts in the app: create (with a one-time password), change roles and
languages, deactivate and reactivate, reset passwords; never lock everyone out; every
change is audited with what changed, and no password is ever recorded or re-shown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.passwords import verify_password
from bot.store.models import AuditEvent, StaffAccount
from tests.web.staff_helpers import StaffBrowser, last_audit, make_account


@pytest.fixture
def admin(staff_browser: StaffBrowser, sessions: Callable[[], Session]) -> StaffBrowser:
    staff_browser.use_session_of(sessions, make_account(sessions, "ffion", ["admin"]))
    return staff_browser


def account(sessions: Callable[[], Session], username: str) -> StaffAccount:
    with sessions() as session:
        found = session.scalars(select(StaffAccount).where(StaffAccount.username == username)).one()
        session.expunge(found)
        return found


def one_time_password(page: str) -> str:
    found = re.search(r'<p class="one-time-password"[^>]*><code>([^<]+)</code>', page)
    assert found, "no one-time password shown"
    return found.group(1)


def all_audit_json(sessions: Callable[[], Session]) -> str:
    with sessions() as session:
        return json.dumps(
            [[e.subject, e.detail, e.changes] for e in session.scalars(select(AuditEvent))]
        )


def test_a_new_account_gets_a_one_time_password_shown_once(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    admin.get("/admin/accounts/new")
    made = admin.post(
        "/admin/accounts/new",
        {
            "username": "Sian",
            "display_name": "Sian",
            "roles": ["peer_supporter", "reviewer"],
            "languages": ["cy"],
            "ui_language": "cy",
        },
    )
    assert made.status_code == 200 and "Account sian created" in made.text
    password = one_time_password(made.text)
    created = account(sessions, "sian")
    assert created.roles == ["reviewer", "peer_supporter"] and created.languages == ["cy"]
    assert created.must_change_password and verify_password(password, created.password_hash).ok
    event = last_audit(sessions, "account_created")
    assert event.staff_id == account(sessions, "ffion").id and event.subject == "staff:sian"
    assert event.changes["roles"] == {"before": None, "after": ["reviewer", "peer_supporter"]}
    assert password not in all_audit_json(sessions)
    assert password not in admin.get("/admin/accounts").text
    assert "has not chosen a password yet" in admin.get("/admin/accounts").text


def test_bad_account_details_are_explained_and_kept(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    admin.get("/admin/accounts/new")
    refused = admin.post(
        "/admin/accounts/new",
        {"username": "Sian Jones!", "display_name": "Siân Jones", "ui_language": "en"},
    )
    assert refused.status_code == 400
    for message in (
        "Use 1 to 80 lower-case letters",
        "Choose at least one role.",
        "Choose Welsh, English or both.",
    ):
        assert message in refused.text
    assert 'value="Sian Jones!"' in refused.text and 'value="Siân Jones"' in refused.text
    make_account(sessions, "sian", ["peer_supporter"])
    taken = admin.post(
        "/admin/accounts/new",
        {
            "username": "sian",
            "display_name": "S",
            "roles": "editor",
            "languages": "en",
            "ui_language": "en",
        },
    )
    assert "There is already an account with this username." in taken.text
    assert 'value="editor" checked' in taken.text


def test_changing_roles_and_languages_records_only_what_changed(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    sian = make_account(sessions, "sian", ["peer_supporter"])
    admin.get(f"/admin/accounts/{sian}")
    saved = admin.post(
        f"/admin/accounts/{sian}",
        {
            "display_name": "Sian",
            "roles": ["editor", "lived_experience_reviewer"],
            "languages": ["cy", "en"],
            "organisation_slug": "",
            "ui_language": "en",
        },
    )
    assert saved.status_code == 200 and "Saved." in saved.text
    assert account(sessions, "sian").roles == ["editor", "lived_experience_reviewer"]
    event = last_audit(sessions, "account_updated")
    assert event.changes == {
        "roles": {"before": ["peer_supporter"], "after": ["editor", "lived_experience_reviewer"]}
    }
    again = admin.post(
        f"/admin/accounts/{sian}",
        {
            "display_name": "Sian",
            "roles": ["editor", "lived_experience_reviewer"],
            "languages": ["cy", "en"],
            "organisation_slug": "",
            "ui_language": "en",
        },
    )
    assert "There were no changes to save." in again.text


def test_the_last_admin_cannot_stop_being_one(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    ffion = account(sessions, "ffion").id
    admin.get(f"/admin/accounts/{ffion}")
    refused = admin.post(
        f"/admin/accounts/{ffion}",
        {
            "display_name": "Ffion",
            "roles": "editor",
            "languages": ["cy", "en"],
            "ui_language": "en",
        },
    )
    assert (
        refused.status_code == 400
        and "There must always be at least one active admin" in refused.text
    )
    assert account(sessions, "ffion").roles == ["admin"]
    make_account(sessions, "gwen", ["admin"])
    allowed = admin.post(
        f"/admin/accounts/{ffion}",
        {
            "display_name": "Ffion",
            "roles": "editor",
            "languages": ["cy", "en"],
            "ui_language": "en",
        },
        follow_redirects=False,
    )
    assert allowed.status_code == 303 and account(sessions, "ffion").roles == ["editor"]


def test_deactivating_asks_first_then_reactivating_brings_it_back(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    sian = make_account(sessions, "sian", ["peer_supporter"])
    confirm = admin.get(f"/admin/accounts/{sian}/deactivate")
    assert (
        "Deactivate Sian's account?" in unescape(confirm.text) and account(sessions, "sian").active
    )
    done = admin.post(f"/admin/accounts/{sian}/deactivate")
    assert "Sian's account has been deactivated." in unescape(done.text)
    assert not account(sessions, "sian").active
    assert last_audit(sessions, "account_deactivated").changes == {
        "active": {"before": True, "after": False}
    }
    admin.post(f"/admin/accounts/{sian}/reactivate")
    assert account(sessions, "sian").active
    assert last_audit(sessions, "account_reactivated").subject == "staff:sian"


def test_an_admin_cannot_deactivate_or_reset_their_own_account_here(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    ffion = account(sessions, "ffion").id
    make_account(sessions, "gwen", ["admin"])
    for action in ("deactivate", "reset-password"):
        admin.get(f"/admin/accounts/{ffion}/{action}")
        refused = admin.post(f"/admin/accounts/{ffion}/{action}")
        assert (
            refused.status_code == 400 and "You cannot do this to your own account" in refused.text
        )
    assert account(sessions, "ffion").active


def test_resetting_a_password_gives_a_new_one_time_password(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    sian = make_account(sessions, "sian", ["peer_supporter"])
    assert "Reset Sian's password?" in unescape(
        admin.get(f"/admin/accounts/{sian}/reset-password").text
    )
    reset = admin.post(f"/admin/accounts/{sian}/reset-password")
    password = one_time_password(reset.text)
    after = account(sessions, "sian")
    assert after.must_change_password and verify_password(password, after.password_hash).ok
    event = last_audit(sessions, "password_reset")
    assert event.detail == {"one_time": True, "via": "app"} and event.changes == {}
    assert password not in all_audit_json(sessions)


def test_switching_the_interface_language_sticks_to_the_account(
    admin: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    page = admin.get("/admin/crisis-lines")
    assert '<html lang="en">' in page.text and 'lang="cy">Cymraeg</button>' in page.text
    switched = admin.post(
        "/admin/language",
        {"lang": "cy", "next": "/admin/crisis-lines?lang=en"},
        follow_redirects=False,
    )
    assert switched.headers["location"] == "/admin/crisis-lines"  # an old ?lang= is dropped
    again = admin.get("/admin/crisis-lines")
    assert '<html lang="cy">' in again.text and "Llinellau argyfwng" in again.text
    assert "Bydd y sgriniau staff yn Gymraeg o hyn ymlaen." in again.text
    assert account(sessions, "ffion").ui_language == "cy"
    assert last_audit(sessions, "interface_language_changed").changes == {
        "ui_language": {"before": "en", "after": "cy"}
    }
