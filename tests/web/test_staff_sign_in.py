"""Signing in: throttling shared by every web process, argon2 with old scrypt hashes
upgraded, refusals audited without what was typed, one-time passwords, and where it goes."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.store.models import AuditEvent, StaffAccount, StaffLoginFailure
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.web.staff_helpers import BASE_URL, PASSWORD, StaffBrowser, last_audit, make_account


def app_client(settings: Settings, catalogue: ResponseCatalogue) -> TestClient:
    return TestClient(create_app(settings, FakeRasa(catalogue).transport()), base_url=BASE_URL)


def scrypt_hash(password: str) -> str:
    """The format accounts had before the staff app (bot/staff/accounts.py at 0005)."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, n=2**14, r=8, p=1)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def stored_hash(sessions: Callable[[], Session], username: str) -> str:
    with sessions() as session:
        return session.scalars(
            select(StaffAccount.password_hash).where(StaffAccount.username == username)
        ).one()


def test_repeated_wrong_passwords_block_the_account_in_every_web_process(
    settings: Settings, catalogue: ResponseCatalogue, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    with app_client(settings, catalogue) as first, app_client(settings, catalogue) as second:
        one, two = StaffBrowser(first), StaffBrowser(second)
        for attempt in range(5):
            browser = one if attempt % 2 else two  # the tries land on both processes
            assert browser.sign_in("sian", "wrong password!").status_code == 401
        for browser in (one, two):
            blocked = browser.sign_in("sian")  # even the right password, for now
            assert blocked.status_code == 429
            assert "Too many attempts to sign in. Please try again in 15 minutes." in blocked.text
            assert 'value="sian"' in blocked.text
        assert last_audit(sessions, "sign_in_throttled").subject == "staff:sian"
        # Fifteen minutes later the oldest tries no longer count.
        with sessions() as session, session.begin():
            session.execute(
                update(StaffLoginFailure).values(
                    failed_at=StaffLoginFailure.failed_at - timedelta(minutes=16)
                )
            )
        assert one.sign_in("sian").status_code == 303


def test_signing_in_clears_the_count_for_that_username(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    for _ in range(4):
        staff_browser.sign_in("sian", "wrong password!")
    assert staff_browser.sign_in("sian").status_code == 303
    staff_browser.client.cookies.clear()
    for _ in range(4):
        assert staff_browser.sign_in("sian", "wrong password!").status_code == 401
    assert staff_browser.sign_in("sian").status_code == 303


def test_many_failures_from_one_address_block_it_whatever_the_username(
    settings: Settings, catalogue: ResponseCatalogue, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    strict = settings.model_copy(update={"staff_login_max_failures_per_address": 4})
    with app_client(strict, catalogue) as client:
        browser = StaffBrowser(client)
        for name in ("aled", "bethan", "carys", "dylan"):
            assert browser.sign_in(name, "guess guess guess").status_code == 401
        assert browser.sign_in("sian").status_code == 429


def test_a_refused_sign_in_is_audited_without_what_was_typed(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    staff_browser.sign_in("my secret passphrase", "oops")  # a password in the username box
    staff_browser.sign_in("sian", "not sians password")
    with sessions() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "sign_in_refused")
        ).all()
        unknown, wrong = events
        everything = json.dumps(
            [[e.subject, e.detail, e.changes] for e in session.scalars(select(AuditEvent))]
        )
        failures = json.dumps([f.key_hash for f in session.scalars(select(StaffLoginFailure))])
    assert (unknown.subject, unknown.detail) == ("staff:?", {"reason": "unknown_username"})
    assert (wrong.subject, wrong.detail) == ("staff:sian", {"reason": "wrong_password"})
    for typed in ("my secret passphrase", "oops", "not sians password"):
        assert typed not in everything and typed not in failures


def test_an_old_scrypt_password_still_works_and_is_upgraded_to_argon2(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    with sessions() as session, session.begin():
        session.execute(
            update(StaffAccount)
            .where(StaffAccount.username == "sian")
            .values(password_hash=scrypt_hash(PASSWORD))
        )
    assert staff_browser.sign_in("sian", "the wrong one!!").status_code == 401
    assert stored_hash(sessions, "sian").startswith("scrypt$")  # not on a failure
    assert staff_browser.sign_in("sian").status_code == 303
    upgraded = stored_hash(sessions, "sian")
    assert upgraded.startswith("$argon2id$")
    staff_browser.client.cookies.clear()
    assert staff_browser.sign_in("sian").status_code == 303
    assert stored_hash(sessions, "sian") == upgraded  # already current: left alone


def test_a_deactivated_account_cannot_sign_in(
    staff_browser: StaffBrowser, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "sian", ["peer_supporter"])
    with sessions() as session, session.begin():
        session.execute(update(StaffAccount).values(active=False))
    assert staff_browser.sign_in("sian").status_code == 401
    assert last_audit(sessions, "sign_in_refused").detail == {"reason": "deactivated"}


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [
        ("/admin/crisis-lines", "/admin/crisis-lines"),
        ("https://evil.example/admin", "/admin"),
        ("//evil.example/admin", "/admin"),
        ("/api/conversations", "/admin"),
        ("/admin/audit?q=sian&lang=cy", "/admin/audit?q=sian"),
    ],
)
def test_after_signing_in_it_goes_back_only_within_the_staff_app(
    staff_browser: StaffBrowser, sessions: Callable[[], Session], next_page: str, lands_on: str
) -> None:
    make_account(sessions, "ffion", ["admin"])
    staff_browser.get("/admin/login")
    response = staff_browser.post(
        "/admin/login",
        {"username": "ffion", "password": PASSWORD, "next": next_page},
        follow_redirects=False,
    )
    assert response.headers["location"] == lands_on


def test_a_one_time_password_must_be_replaced_before_anything_else(
    staff_client: TestClient, sessions: Callable[[], Session]
) -> None:
    make_account(sessions, "ffion", ["admin"])
    admin = StaffBrowser(staff_client)
    admin.sign_in("ffion")
    admin.get("/admin/accounts/new")
    made = admin.post(
        "/admin/accounts/new",
        {
            "username": "sian",
            "display_name": "Sian",
            "roles": "peer_supporter",
            "languages": ["cy", "en"],
            "ui_language": "en",
        },
    )
    assert made.status_code == 200
    one_time = (
        made.text.split('<p class="one-time-password"', 1)[1].split("<code>")[1].split("<")[0]
    )
    staff_client.cookies.clear()

    sian = StaffBrowser(staff_client)
    first = sian.sign_in("sian", one_time)
    assert first.headers["location"] == "/admin/account/password"
    assert sian.get("/admin/inbox", follow_redirects=False).headers["location"] == (
        "/admin/account/password"
    )
    page = sian.get("/admin/account/password")
    assert "Choose a new password before you carry on" in page.text
    assert 'href="/admin/inbox"' not in page.text  # no navigation until it is done
    mismatch = sian.post(
        "/admin/account/password",
        {
            "current_password": one_time,
            "new_password": "a fresh passphrase",
            "new_password_again": "typo",
        },
    )
    assert mismatch.status_code == 400 and "The two new passwords are not the same" in mismatch.text
    assert one_time not in mismatch.text and "a fresh passphrase" not in mismatch.text
    short = sian.post(
        "/admin/account/password",
        {"current_password": one_time, "new_password": "short", "new_password_again": "short"},
    )
    assert "Use at least 12 characters" in short.text
    done = sian.post(
        "/admin/account/password",
        {
            "current_password": one_time,
            "new_password": "a fresh passphrase",
            "new_password_again": "a fresh passphrase",
        },
        follow_redirects=False,
    )
    assert done.headers["location"] == "/admin"
    assert "Your password has been changed" in sian.get("/admin").text
    assert sian.get("/admin/inbox").status_code == 200
    staff_client.cookies.clear()
    assert StaffBrowser(staff_client).sign_in("sian", one_time).status_code == 401
    assert StaffBrowser(staff_client).sign_in("sian", "a fresh passphrase").status_code == 303
    assert last_audit(sessions, "password_changed").subject == "staff:sian"
