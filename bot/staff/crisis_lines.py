"""Changing the crisis lines (table `crisis_line`), which people at risk are shown.

Only admins may do it (permission `crisis_lines.edit`), through a check-then-confirm step.
Checks here are deliberately strict, because a wrong number here can cost a life:

- names, "how to reach" and "when" are required in Welsh and English;
- phone numbers must look like a UK number people can dial (999, 112, 111, 116 xxx,
  an 11-digit number starting 0, +44 and 10 digits, or any of those after 18001 for Relay
  UK); text numbers must be a 5 or 6 digit short code or a UK mobile;
- every number must appear in both "how to reach" texts, so what people read is what the
  call and text links dial;
- opening hours are HH:MM pairs (Welsh local time; a line may be open across midnight);
- the built-in minimum (999 and NHS 111, bot.content.crisis.BUILT_IN) always stays on,
  around the clock, for everyone.

Nothing is ever filled in for the admin: no number is suggested or guessed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.crisis import BUILT_IN
from bot.staff import audit
from bot.store.models import CrisisLine

TEXT_FIELDS: dict[str, int] = {
    "name_cy": 120,
    "name_en": 120,
    "how_cy": 200,
    "how_en": 200,
    "when_cy": 200,
    "when_en": 200,
}
FIELDS = (
    *TEXT_FIELDS,
    "phone",
    "sms",
    "opens_at",
    "closes_at",
    "only_language",
    "position",
    "active",
)
ALWAYS_ON = frozenset(line.slug for line in BUILT_IN)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PHONE = re.compile(r"^(999|112|111|116\d{3}|0\d{10}|\+44\d{10})$")
_SMS = re.compile(r"^(\d{5,6}|07\d{9}|\+447\d{9})$")
_SEPARATORS = re.compile(r"[\s().-]")


def values_of(line: CrisisLine) -> dict[str, Any]:
    return audit.snapshot(line, FIELDS)


def version_of(values: Mapping[str, Any]) -> str:
    """A fingerprint of a line's stored values: confirming checks nobody changed it since."""
    return hashlib.sha256(json.dumps(dict(values), sort_keys=True).encode()).hexdigest()[:16]


def normalise_number(raw: str) -> str:
    return _SEPARATORS.sub("", raw.strip())


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def valid_phone(number: str) -> bool:
    if number.startswith("18001") and len(number) > 5:
        number = number[5:]  # Relay UK: 18001 before the number
    return bool(_PHONE.match(number))


def read_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The typed values from a form, tidied but not yet checked (kept to re-show)."""
    values: dict[str, Any] = {field: form.get(field, "").strip() for field in TEXT_FIELDS}
    values["phone"] = normalise_number(form.get("phone", "")) or None
    values["sms"] = normalise_number(form.get("sms", "")) or None
    values["opens_at"] = form.get("opens_at", "").strip() or None
    values["closes_at"] = form.get("closes_at", "").strip() or None
    values["only_language"] = form.get("only_language", "").strip() or None
    raw_position = form.get("position", "").strip()
    values["position"] = (
        int(raw_position) if raw_position.isdigit() and len(raw_position) < 4 else raw_position
    )
    values["active"] = form.get("active") == "yes"
    return values


def check(values: Mapping[str, Any], slug: str) -> dict[str, str]:
    """{field: text key} for every problem; empty when the line may be saved."""
    problems: dict[str, str] = {}
    for field, limit in TEXT_FIELDS.items():
        text = values.get(field) or ""
        if not text:
            problems[field] = "error_required"
        elif len(text) > limit:
            problems[field] = "error_too_long"
    phone, sms = values.get("phone"), values.get("sms")
    if phone and not valid_phone(phone):
        problems["phone"] = "error_phone"
    if sms and not _SMS.match(sms):
        problems["sms"] = "error_sms"
    if not phone and not sms:
        problems["phone"] = "error_no_number"
    for number, field in ((phone, "phone"), (sms, "sms")):
        if number and field not in problems:
            wanted = _digits(number.removeprefix("+44"))
            for how in ("how_cy", "how_en"):
                if how not in problems and wanted not in _digits(values.get(how) or ""):
                    problems.setdefault(how, "error_number_not_in_text")
    opens, closes = values.get("opens_at"), values.get("closes_at")
    for field, clock in (("opens_at", opens), ("closes_at", closes)):
        if clock and not CLOCK.match(clock):
            problems[field] = "error_clock"
    if bool(opens) != bool(closes):
        problems["closes_at" if opens else "opens_at"] = "error_hours_pair"
    elif opens and opens == closes and "opens_at" not in problems:
        problems["closes_at"] = "error_hours_same"
    if values.get("only_language") not in (None, "cy", "en"):
        problems["only_language"] = "error_only_language"
    if not isinstance(values.get("position"), int):
        problems["position"] = "error_position"
    if slug in ALWAYS_ON:
        if not values.get("active"):
            problems["active"] = "error_always_on"
        if opens or closes:
            problems.setdefault("opens_at", "error_always_on")
        if values.get("only_language"):
            problems["only_language"] = "error_always_on"
        if not phone:
            problems["phone"] = "error_always_on"
    return problems


def check_new_slug(session: Session, slug: str) -> str | None:
    if not SLUG.match(slug) or slug == "new":
        return "error_slug"
    if session.get(CrisisLine, slug) is not None:
        return "error_slug_taken"
    return None


def ordered(session: Session) -> list[CrisisLine]:
    return list(session.scalars(select(CrisisLine).order_by(CrisisLine.position, CrisisLine.slug)))


def save(
    session: Session, slug: str, values: Mapping[str, Any], *, actor: int
) -> dict[str, dict[str, Any]]:
    """Store checked values (a new line if `slug` is not stored yet); returns the changes."""
    line = session.get(CrisisLine, slug)
    before = values_of(line) if line is not None else {}
    if line is None:
        line = CrisisLine(slug=slug)
        session.add(line)
    for field in FIELDS:
        setattr(line, field, values[field])
    after = {field: values[field] for field in FIELDS}
    event = audit.record(
        session,
        actor=actor,
        action="crisis_line_added" if not before else "crisis_line_updated",
        subject=audit.subject_for("crisis_line", slug),
        before=before,
        after=after,
    )
    return event.changes
