"""Welsh is never second: every word of the staff app exists in both languages, and every
word a template, a check or the audit log asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.settings import ROOT
from bot.web.staff_kit import TEMPLATES
from bot.web.staff_text import TEXT, owner_of, texts_for

STAFF_CODE = [
    *sorted((ROOT / "bot" / "staff").glob("*.py")),
    *sorted((ROOT / "bot" / "web").glob("staff*.py")),
]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_staff_word_exists_in_welsh_and_english() -> None:
    for key, both in TEXT.items():
        assert set(both) == {"cy", "en"}, key
        assert both["cy"].strip() and both["en"].strip(), key
        # "{name}" in one language must be in the other, or a value goes missing.
        assert placeholders(both["cy"]) == placeholders(both["en"]), (key, owner_of(key))


def test_welsh_is_not_a_copy_of_the_english() -> None:
    same = {k for k, both in TEXT.items() if both["cy"] == both["en"]}
    # Only words that really are the same in both languages.
    assert same <= {"app_name", "from_user", "from_system"}, sorted(same)


def test_every_word_the_templates_use_exists() -> None:
    used: set[tuple[str, str]] = set()
    for template in Path(TEMPLATES).glob("*.html"):
        source = template.read_text(encoding="utf-8")
        for key in re.findall(r"\bt\.([a-z_0-9]+)\b", source):
            if key != "get":
                used.add((template.name, key))
        for key in re.findall(r"\bt\[['\"]([a-z_0-9]+)['\"]\]", source):
            used.add((template.name, key))
    missing = {(name, key) for name, key in used if key not in TEXT}
    assert not missing, sorted(missing)


def test_every_message_key_the_code_uses_exists() -> None:
    keys: set[str] = set()
    for path in STAFF_CODE:
        source = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"[\"'](error_[a-z_]+|password_too_[a-z]+)[\"']", source))
        keys |= {f"audit_action_{a}" for a in re.findall(r"action=\"([a-z_]+)\"", source)}
        keys |= set(re.findall(r"flash=\"([a-z_]+)\"", source))
    missing = sorted(k for k in keys if k not in TEXT)
    assert not missing, missing


def test_an_unknown_language_falls_back_to_welsh() -> None:
    assert texts_for("fr")["sign_in"] == "Mewngofnodi"
