"""Staff accounts: create, change, deactivate, reset passwords and sign in.

Every change is written to the audit log in the same transaction (bot.staff.audit), by
whoever made it: an admin in the staff app (`actor` is their id) or the command line
(`actor` None, `via="cli"`). Passwords are argon2id (bot.staff.passwords).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff import audit
from bot.staff.passwords import (
    hash_password,
    one_time_password,
    password_problem,
    spend_verify_time,
    verify_password,
)
from bot.staff.permissions import ADMIN, ROLES, UnknownRole, normalise_roles
from bot.staff.sessions import end_sessions_of
from bot.store.models import Organisation, StaffAccount

__all__ = ["ROLES", "AccountError", "authenticate", "create_account"]

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
LANGUAGES = ("cy", "en")
# What the audit log records about an account (never the password hash).
AUDITED_FIELDS = (
    "display_name",
    "roles",
    "languages",
    "organisation_slug",
    "ui_language",
    "active",
)


class AccountError(ValueError):
    """An account cannot be made or changed as asked. `code` is a staff_text key."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class AccountFields:
    """What an admin (or the command line) says an account should be."""

    display_name: str
    roles: Sequence[str]
    languages: Sequence[str]
    organisation_slug: str | None = None
    ui_language: str = "cy"


def account_subject(username: str) -> str:
    return audit.subject_for("staff", username)


def check_fields(session: Session, fields: AccountFields) -> dict[str, str]:
    """{field: text key} for each problem; empty when the fields are fine."""
    problems: dict[str, str] = {}
    if not fields.display_name.strip() or len(fields.display_name.strip()) > 120:
        problems["display_name"] = "error_display_name"
    try:
        if not normalise_roles(fields.roles):
            problems["roles"] = "error_roles"
    except UnknownRole:
        problems["roles"] = "error_roles"
    if not fields.languages or set(fields.languages) - set(LANGUAGES):
        problems["languages"] = "error_languages"
    if fields.ui_language not in LANGUAGES:
        problems["ui_language"] = "error_ui_language"
    if fields.organisation_slug and session.get(Organisation, fields.organisation_slug) is None:
        problems["organisation_slug"] = "error_organisation"
    return problems


def check_username(session: Session, username: str) -> str | None:
    name = username.strip().lower()
    if not USERNAME.match(name):
        return "error_username"
    if session.scalar(select(StaffAccount.id).where(StaffAccount.username == name)):
        return "error_username_taken"
    return None


def _raise_first(problems: dict[str, str]) -> None:
    if problems:
        field, code = next(iter(problems.items()))
        raise AccountError(code, f"{field}: {code.removeprefix('error_').replace('_', ' ')}", field)


def create_account(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    roles: Sequence[str],
    languages: Sequence[str],
    organisation_slug: str | None = None,
    ui_language: str = "cy",
    actor: int | None = None,
    via: str = "cli",
) -> StaffAccount:
    """A new account with the password its owner chose (the command line, `make admin`)."""
    fields = AccountFields(display_name, roles, languages, organisation_slug, ui_language)
    return _create(session, username, fields, password, actor=actor, via=via)


def invite_account(
    session: Session, username: str, fields: AccountFields, *, actor: int | None, via: str = "app"
) -> tuple[StaffAccount, str]:
    """A new account with a one-time password (shown once to the admin), to be changed at
    first sign-in."""
    password = one_time_password()
    return _create(
        session, username, fields, password, actor=actor, via=via, one_time=True
    ), password


def _create(
    session: Session,
    username: str,
    fields: AccountFields,
    password: str,
    *,
    actor: int | None,
    via: str,
    one_time: bool = False,
) -> StaffAccount:
    problems = check_fields(session, fields)
    if taken := check_username(session, username):
        problems = {"username": taken, **problems}
    if not one_time and (weak := password_problem(password, username)):
        problems["password"] = weak
    _raise_first(problems)
    account = StaffAccount(
        username=username.strip().lower(),
        display_name=fields.display_name.strip(),
        password_hash=hash_password(password),
        roles=normalise_roles(fields.roles),
        languages=[lang for lang in LANGUAGES if lang in fields.languages],
        organisation_slug=fields.organisation_slug or None,
        ui_language=fields.ui_language,
        must_change_password=one_time,
    )
    session.add(account)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="account_created",
        subject=account_subject(account.username),
        after=audit.snapshot(account, AUDITED_FIELDS),
        via=via,
    )
    return account


def active_admins(session: Session) -> list[StaffAccount]:
    return [
        a
        for a in session.scalars(select(StaffAccount).where(StaffAccount.active.is_(True)))
        if ADMIN in (a.roles or [])
    ]


def _keeps_an_admin(
    session: Session, account: StaffAccount, roles: list[str], active: bool
) -> bool:
    """Nobody may remove the last active admin: the app would have no one to run it."""
    if ADMIN in roles and active:
        return True
    return any(other.id != account.id for other in active_admins(session))


def update_account(
    session: Session,
    account: StaffAccount,
    fields: AccountFields,
    *,
    actor: int | None,
    via: str = "app",
) -> bool:
    """Change name, roles, languages, organisation, interface language. True if changed."""
    _raise_first(check_fields(session, fields))
    roles = normalise_roles(fields.roles)
    if not _keeps_an_admin(session, account, roles, account.active):
        raise AccountError("error_last_admin", "the last active admin must stay an admin", "roles")
    before = audit.snapshot(account, AUDITED_FIELDS)
    account.display_name = fields.display_name.strip()
    account.roles = roles
    account.languages = [lang for lang in LANGUAGES if lang in fields.languages]
    account.organisation_slug = fields.organisation_slug or None
    account.ui_language = fields.ui_language
    after = audit.snapshot(account, AUDITED_FIELDS)
    if before == after:
        return False
    audit.record(
        session,
        actor=actor,
        action="account_updated",
        subject=account_subject(account.username),
        before=before,
        after=after,
        via=via,
    )
    return True


def set_active(
    session: Session, account: StaffAccount, active: bool, *, actor: int | None, via: str = "app"
) -> None:
    if account.active == active:
        return
    if not active and not _keeps_an_admin(session, account, list(account.roles or []), False):
        raise AccountError("error_last_admin", "the last active admin cannot be deactivated")
    account.active = active
    if not active:
        account.on_duty = False
        end_sessions_of(session, account.id)
    audit.record(
        session,
        actor=actor,
        action="account_reactivated" if active else "account_deactivated",
        subject=account_subject(account.username),
        before={"active": not active},
        after={"active": active},
        via=via,
    )


def reset_password(
    session: Session,
    account: StaffAccount,
    *,
    actor: int | None,
    new_password: str | None = None,
    via: str = "app",
) -> str:
    """A new password (one-time unless given), and every session of the account ends."""
    if new_password is not None and (weak := password_problem(new_password, account.username)):
        raise AccountError(weak, weak.replace("_", " "), "password")
    chosen = new_password if new_password is not None else one_time_password()
    account.password_hash = hash_password(chosen)
    account.must_change_password = new_password is None
    end_sessions_of(session, account.id)
    audit.record(
        session,
        actor=actor,
        action="password_reset",
        subject=account_subject(account.username),
        one_time=new_password is None,
        via=via,
    )
    return chosen


def change_own_password(
    session: Session, account: StaffAccount, current: str, new: str, keep_session: str
) -> str | None:
    """A text key for what is wrong, or None when changed (other sessions end)."""
    if not verify_password(current, account.password_hash).ok:
        return "error_current_password"
    if weak := password_problem(new, account.username):
        return weak
    if verify_password(new, account.password_hash).ok:
        return "error_same_password"
    account.password_hash = hash_password(new)
    account.must_change_password = False
    end_sessions_of(session, account.id, keep=keep_session)
    audit.record(
        session,
        actor=account.id,
        action="password_changed",
        subject=account_subject(account.username),
    )
    return None


def find_by_username(session: Session, username: str) -> StaffAccount | None:
    return session.scalar(
        select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    )


def authenticate(session: Session, username: str, password: str) -> StaffAccount | None:
    """The active account if the password is right, upgrading an old hash as it goes."""
    account = find_by_username(session, username) if len(username) <= 80 else None
    if account is None or not account.active:
        spend_verify_time(password)
        return None
    checked = verify_password(password, account.password_hash)
    if not checked.ok:
        return None
    if checked.rehash is not None:
        account.password_hash = checked.rehash
    account.last_sign_in_at = datetime.now(timezone.utc)
    return account
