"""Checking and tidying what staff type into the directory: phone numbers, postcodes,
links, email addresses, dates and times.

Each `read_*` returns (tidied value, problem): the problem is a staff_text key, None when
the value is fine. Tidied values are what is stored and shown, so two people typing the
same number in different ways store the same text.

Phone numbers: the `phonenumbers` library is not installed, so this is a small validator
for the UK numbers a service publishes, written down here so it can be checked:
  - `+44` or `0044` becomes `0`; spaces, dots, dashes and brackets are dropped;
  - 11 digits from 01 / 02 / 03 / 05 / 07 / 08 / 09, or 10 digits from 01 (a few
    small exchanges, e.g. 016977) or 0800 (some old freephone numbers);
  - 116 plus three digits (the European helplines, e.g. Samaritans 116 123);
  - written back in the usual groups: 029 2018 0123, 0113 496 0000, 0121 496 0000,
    01632 960101, 07700 900123, 0800 123 4567, 0808 164 0123, 116 123.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from email.utils import parseaddr
from urllib.parse import urlsplit

from bot.directory.schedule import WALES

Checked = tuple[str | None, str | None]

_SEPARATORS = re.compile(r"[\s().\-]")
_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2})$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}[a-z0-9]$")
_WORD = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def digits_of_phone(raw: str) -> str:
    number = _SEPARATORS.sub("", raw.strip())
    if number.startswith("+44"):
        number = "0" + number[3:]
    elif number.startswith("0044"):
        number = "0" + number[4:]
    return number


def format_phone(number: str) -> str:
    """A valid number's digits in the groups people read them in."""
    if number.startswith("116"):
        return f"{number[:3]} {number[3:]}"
    if number.startswith("02"):
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if number.startswith(("011", "0121", "0131", "0141", "0151", "0161", "0171", "0181", "0191")):
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if number.startswith("01"):
        return f"{number[:5]} {number[5:]}"
    if number.startswith("07"):
        return f"{number[:5]} {number[5:]}"
    return f"{number[:4]} {number[4:7]} {number[7:]}"


def read_phone(raw: str) -> Checked:
    if not raw.strip():
        return None, None
    number = digits_of_phone(raw)
    if not number.isdigit():
        return raw.strip(), "dir_error_phone"
    valid = (
        (len(number) == 11 and number[:2] in {"01", "02", "03", "05", "07", "08", "09"})
        or (len(number) == 10 and number.startswith(("01", "0800")))
        or (len(number) == 6 and number.startswith("116"))
    )
    return (format_phone(number), None) if valid else (raw.strip(), "dir_error_phone")


def read_postcode(raw: str) -> Checked:
    if not raw.strip():
        return None, None
    packed = re.sub(r"\s+", "", raw).upper()
    if not _POSTCODE.match(packed):
        return raw.strip(), "dir_error_postcode"
    return f"{packed[:-3]} {packed[-3:]}", None


def read_link(raw: str) -> tuple[str | None, str | None, bool]:
    """(link, problem, is_plain_http): plain http is allowed, but staff are warned."""
    link = raw.strip()
    if not link:
        return None, None, False
    parts = urlsplit(link)
    if parts.scheme not in ("https", "http") or not parts.netloc or " " in link:
        return link, "dir_error_link", False
    host = parts.hostname or ""
    if "." not in host or len(link) > 300:
        return link, "dir_error_link", False
    return link, None, parts.scheme == "http"


def read_email(raw: str) -> Checked:
    text = raw.strip()
    if not text:
        return None, None
    _name, address = parseaddr(text)
    if address != text or not _EMAIL.match(text) or len(text) > 200:
        return text, "dir_error_email"
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}", None


def read_slug(raw: str) -> Checked:
    slug = raw.strip().lower()
    return (slug, None) if _SLUG.match(slug) and slug != "new" else (slug, "dir_error_slug")


def read_words(raw: str) -> tuple[list[str], str | None]:
    """A comma-separated list of short keys (topics, access): `anxiety, low_mood`."""
    words = [w.strip().lower().replace(" ", "_") for w in raw.split(",") if w.strip()]
    bad = [w for w in words if not _WORD.match(w)]
    unique = list(dict.fromkeys(words))
    return unique, ("dir_error_words" if bad else None)


def read_clock(raw: str) -> Checked:
    text = raw.strip()
    if not text:
        return None, None
    if re.match(r"^\d:[0-5]\d$", text):
        text = "0" + text
    return (text, None) if _CLOCK.match(text) else (raw.strip(), "dir_error_clock")


def read_date(raw: str) -> tuple[date | None, str | None]:
    text = raw.strip()
    if not text:
        return None, None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, "dir_error_date"


def real_local_time(day: date, at: time) -> bool:
    """False for a time that does not exist in Wales that day (the hour the clocks skip)."""
    local = datetime.combine(day, at, tzinfo=WALES)
    back = local.astimezone(timezone.utc).astimezone(WALES)
    return (back.date(), back.time()) == (day, at)


def read_session(raw: str) -> tuple[str | None, str | None]:
    """One dated meeting, "2027-01-12 18:30" (Welsh time), as stored: "2027-01-12T18:30"."""
    text = raw.strip().replace("T", " ")
    parts = text.split()
    if len(parts) != 2:
        return None, "dir_error_session"
    day, problem = read_date(parts[0])
    clock, clock_problem = read_clock(parts[1])
    if problem or clock_problem or day is None or clock is None:
        return None, "dir_error_session"
    if not real_local_time(day, time.fromisoformat(clock)):
        return None, "dir_error_session_skipped_hour"
    return f"{day.isoformat()}T{clock}", None


def read_whole(raw: str, low: int, high: int) -> tuple[int | None, str | None]:
    text = raw.strip()
    if not text:
        return None, None
    if not text.isdigit() or not low <= int(text) <= high:
        return None, "dir_error_number_range"
    return int(text), None
