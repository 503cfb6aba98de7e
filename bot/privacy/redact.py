"""One redaction function for logs and exports: UK phone numbers, e-mail addresses,
postcodes and NHS numbers become placeholders.

Regular expressions find candidates; a number is only a phone number if its digits add up
to a UK number's length, and only an NHS number if its mod-11 check digit is right, so
times ("10:30"), dates ("09-03-2024"), prices ("£12.50") and counts ("3 sessions") are left
alone. We write our own because no redaction library is in the locked environments, and
the few formats we need are specified exactly (Ofcom numbering, Royal Mail postcodes,
the NHS number's check digit).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TextIO

EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"
POSTCODE_MARK = "[postcode]"
NHS_MARK = "[nhs-number]"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Outward code (letters as Royal Mail allows them), optional space, inward code whose last
# two letters never include C, I, K, M, O or V (so "5pm", "10am" cannot be an inward code).
POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"[ \t]?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Ten digits, as written (943 476 5919, 943-476-5919 or 9434765919); the check digit decides.
NHS_CANDIDATE = re.compile(r"(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?!\d)")
# +44 / 0044 / 0 then digit groups separated by one space or hyphen; the area code may be in
# brackets. The digit count is checked afterwards.
PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?\(?\d{2,5}\)?|\(0\d{2,5}\)|0\d{2,5})"
    r"(?:[ -]?\d{2,8}){0,3}"
    r"(?![\w])"
)


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's mod-11 check: weights 10..2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _uk_phone_length(match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):
        # "+44 (0) 29…" leaves a doubled 0.
        digits = digits[1:]
    # UK numbers are 0 plus nine or ten digits (0800 and some areas have nine).
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] != "0"


def _replace(
    pattern: re.Pattern[str], mark: str, keep: Callable[[re.Match[str]], bool]
) -> Callable[[str], str]:
    def sub(text: str) -> str:
        return pattern.sub(lambda m: mark if keep(m) else m.group(0), text)

    return sub


_STEPS: tuple[Callable[[str], str], ...] = (
    _replace(EMAIL, EMAIL_MARK, lambda _m: True),
    _replace(NHS_CANDIDATE, NHS_MARK, lambda m: nhs_number_valid(re.sub(r"\D", "", m.group(0)))),
    _replace(PHONE_CANDIDATE, PHONE_MARK, _uk_phone_length),
    _replace(POSTCODE, POSTCODE_MARK, lambda _m: True),
)


def redact(text: str) -> str:
    """The text with every phone number, e-mail address, postcode and NHS number replaced."""
    if not text:
        return text
    for step in _STEPS:
        text = step(text)
    return text


def redact_value(value: object) -> object:
    """Redact strings, and strings inside lists, tuples and dicts (an export's cells)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_value(item) for item in value)
    return value


def write_csv(rows: Iterable[Mapping[str, object]], out: TextIO, fields: Sequence[str]) -> None:
    """Every CSV that leaves Cymar goes through here, so no cell carries contact details."""
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: redact_value(row.get(key)) for key in fields})
