"""Staff accounts and browser sessions.

Passwords are hashed with scrypt from the standard library (memory-hard, no extra
dependency); a session cookie holds a random token of which only a SHA-256 is stored, so a
copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.models import StaffAccount, StaffSession, as_utc

ROLES = ("peer_supporter", "curator", "reviewer", "admin")
SESSION_HOURS = 12
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD_CHARS = 12


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt_b64), dklen=32, **_SCRYPT)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def create_account(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    roles: list[str],
    languages: list[str],
    organisation_slug: str | None = None,
    ui_language: str = "cy",
) -> StaffAccount:
    username = username.strip().lower()
    if not username or len(username) > 80:
        raise AccountError("username must be 1 to 80 characters")
    if session.scalar(select(StaffAccount).where(StaffAccount.username == username)):
        raise AccountError(f"an account called {username!r} already exists")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_CHARS} characters")
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise AccountError(f"roles must be some of {', '.join(ROLES)}")
    if not languages or set(languages) - {"cy", "en"}:
        raise AccountError("languages must be cy, en or both")
    account = StaffAccount(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(password),
        roles=list(roles),
        languages=list(languages),
        organisation_slug=organisation_slug,
        ui_language=ui_language if ui_language in ("cy", "en") else "cy",
    )
    session.add(account)
    session.flush()
    return account


def authenticate(session: Session, username: str, password: str) -> StaffAccount | None:
    account = session.scalar(
        select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    )
    if account is None or not account.active:
        # Spend the same time as a real check, so timing does not reveal usernames.
        verify_password(password, hash_password("x" * MIN_PASSWORD_CHARS))
        return None
    return account if verify_password(password, account.password_hash) else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, account: StaffAccount) -> str:
    """Returns the cookie token; only its hash is stored."""
    now = datetime.now(timezone.utc)
    session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=_token_hash(token),
            staff_id=account.id,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    return token


def account_for_token(session: Session, token: str | None) -> StaffAccount | None:
    if not token or len(token) > 100:
        return None
    found = session.get(StaffSession, _token_hash(token))
    if found is None or as_utc(found.expires_at) < datetime.now(timezone.utc):
        return None
    account = session.get(StaffAccount, found.staff_id)
    return account if account is not None and account.active else None


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
