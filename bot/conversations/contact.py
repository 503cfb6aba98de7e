"""Contact details and messages left for the peer team: checked, then stored encrypted.

A phone number next to "asked for mental-health support" is special-category data, so it
is encrypted at rest with Fernet (AES with an HMAC, from `cryptography`). The key comes from
CONTACT_KEY; without it, one is generated once into var/contact.key (readable by the
service user only), which suits a single machine. Scaled-out deployments set CONTACT_KEY.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bot.settings import ROOT, get_settings

METHODS = ("phone", "text", "email", "message")
MAX_MESSAGE_CHARS = 2000
_EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[^@\s<>.]{2,}$")


def normalise_phone(raw: str) -> str | None:
    """A UK number in a familiar form, or None. Accepts spaces, dashes and +44."""
    digits = re.sub(r"[\s\-().]", "", raw.strip())
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0\d{9,10}", digits):
        return None
    return digits


def normalise_email(raw: str) -> str | None:
    value = raw.strip()
    return value if _EMAIL.match(value) else None


def normalise(method: str, raw: str) -> str | None:
    if method in ("phone", "text"):
        return normalise_phone(raw)
    if method == "email":
        return normalise_email(raw)
    text = raw.strip()
    return text[:MAX_MESSAGE_CHARS] if text else None


def _key_file() -> Path:
    return ROOT / "var" / "contact.key"


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    configured = get_settings().contact_key
    if configured:
        return Fernet(configured.encode())
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: if two processes race to create it, one writes and both read the same key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
        except FileExistsError:
            pass
    return Fernet(path.read_bytes().strip())


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def unseal(token: str | None) -> str | None:
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
