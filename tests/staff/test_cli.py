"""The staff command line, run as operators run it (`make admin` calls create-admin)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.settings import ROOT
from bot.staff.passwords import verify_password
from bot.store.models import AuditEvent, StaffAccount


def cli(
    database_url: str, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "ADMIN_PASSWORD"}
    return subprocess.run(
        [sys.executable, "-m", "bot.ops.staff", *args],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def account(sessions: Callable[[], Session], username: str) -> StaffAccount | None:
    with sessions() as session:
        found = session.scalars(
            select(StaffAccount).where(StaffAccount.username == username)
        ).first()
        if found is not None:
            session.expunge(found)
        return found


def test_make_admin_reads_the_password_from_the_environment_for_automation(
    database_url: str, sessions: Callable[[], Session]
) -> None:
    done = cli(
        database_url,
        "create-admin",
        "--username",
        "ffion",
        "--name",
        "Ffion",
        ADMIN_PASSWORD="correct horse battery staple",
    )
    assert done.returncode == 0, done.stderr
    assert "Created the admin ffion" in done.stdout
    made = account(sessions, "ffion")
    assert made is not None and made.roles == ["admin"] and not made.must_change_password
    assert verify_password("correct horse battery staple", made.password_hash).ok
    assert "correct horse" not in done.stdout + done.stderr
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account_created")
        ).one()
        assert (event.subject, event.staff_id, event.detail) == (
            "staff:ffion",
            None,
            {"via": "cli"},
        )


def test_a_weak_password_is_refused_and_no_account_is_made(
    database_url: str, sessions: Callable[[], Session]
) -> None:
    done = cli(
        database_url, "create-admin", "--username", "ffion", "--name", "F", ADMIN_PASSWORD="short"
    )
    assert done.returncode == 2 and "Use at least 12 characters" in done.stderr
    assert account(sessions, "ffion") is None


def test_old_role_names_are_accepted_and_unknown_ones_explained(
    database_url: str, sessions: Callable[[], Session]
) -> None:
    args = ["create", "--username", "cara", "--name", "Cara", "--password-stdin"]
    made = cli(database_url, *args, "--role", "curator", stdin="a long enough password\n")
    assert made.returncode == 0, made.stderr
    assert account(sessions, "cara").roles == ["editor"]  # type: ignore[union-attr]
    taken = cli(database_url, *args, "--role", "editor", stdin="a long enough password\n")
    assert (
        taken.returncode == 2 and "There is already an account with this username" in taken.stderr
    )
    unknown = cli(
        database_url,
        *args[:2],
        "dai",
        *args[3:],
        "--role",
        "boss",
        stdin="a long enough password\n",
    )
    assert unknown.returncode == 2 and "unknown role" in unknown.stderr


def test_an_operator_can_set_a_forgotten_password(
    database_url: str, sessions: Callable[[], Session]
) -> None:
    cli(
        database_url,
        "create-admin",
        "--username",
        "ffion",
        "--name",
        "F",
        ADMIN_PASSWORD="first long password",
    )
    done = cli(
        database_url,
        "password",
        "--username",
        "ffion",
        "--password-stdin",
        stdin="second long password\n",
    )
    assert done.returncode == 0, done.stderr
    assert verify_password("second long password", account(sessions, "ffion").password_hash).ok  # type: ignore[union-attr]
