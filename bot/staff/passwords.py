"""Staff passwords: argon2id (argon2-cffi's RFC 9106 defaults), and the old scrypt hashes.

Accounts made before the staff app have `scrypt$salt$digest` hashes. They still verify,
and `verify` hands back an argon2 hash to store after the next successful sign-in, so the
old scheme disappears as people sign in. The same happens when argon2-cffi's recommended
parameters grow.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 12
# Long enough for any passphrase; a limit stops a megabyte "password" costing CPU.
MAX_PASSWORD_CHARS = 256
_HASHER = PasswordHasher()
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Words for one-time passwords an admin reads out or sends: easy to type, no look-alikes.
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class Verified:
    ok: bool
    # A fresh hash to store in place of the old one (old scheme or old parameters).
    rehash: str | None = None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, stored: str) -> Verified:
    if stored.startswith("scrypt$"):
        if _verify_scrypt(password, stored):
            return Verified(True, hash_password(password))
        return Verified(False)
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return Verified(False)
    return Verified(True, hash_password(password) if _HASHER.check_needs_rehash(stored) else None)


def spend_verify_time(password: str) -> None:
    """As long as a real check, so the time taken does not tell which usernames exist."""
    verify_password(password, _dummy_hash())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        _scheme, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except (ValueError, binascii.Error):
        return False
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return hmac.compare_digest(digest, expected)


def password_problem(password: str, username: str = "") -> str | None:
    """A text key saying what is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return "password_too_short"
    if len(password) > MAX_PASSWORD_CHARS:
        return "password_too_long"
    if username and password.strip().lower() == username.strip().lower():
        return "password_is_username"
    return None


def one_time_password() -> str:
    """Four groups of four (about 79 bits), e.g. "k7dq-2mxa-9rtp-h3wn"."""
    groups = ("".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)
