"""The privacy notice says what the code does: periods, tables, and how to delete."""

from __future__ import annotations

import re

from bot.settings import ROOT, Settings
from bot.store.models import Base

NOTICE = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
WELSH, _, rest = NOTICE.partition("## Privacy notice for the Cymar chat")
ENGLISH, _, OPERATORS = rest.partition("## For operators: what the code keeps")
DEFAULTS = Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_notice_has_both_languages_and_the_operators_part() -> None:
    assert "## Hysbysiad preifatrwydd sgwrs Cymar" in WELSH
    assert ENGLISH.strip() and OPERATORS.strip()


def test_the_periods_are_the_settings_defaults() -> None:
    days = DEFAULTS.retention_days
    assert f"{days} days after the last message" in ENGLISH
    assert f"{days} diwrnod ar ôl y neges olaf" in WELSH
    concerns = DEFAULTS.safeguarding_retention_days
    assert f"({concerns:,} days)" in ENGLISH and f"({concerns:,} diwrnod)" in WELSH
    assert f"`RETENTION_DAYS` (default {days})" in OPERATORS
    assert f"`SAFEGUARDING_RETENTION_DAYS` (default {concerns})" in OPERATORS
    interval = DEFAULTS.retention_interval_hours
    assert f"`RETENTION_INTERVAL_HOURS` ({interval:g})" in OPERATORS
    stories = DEFAULTS.story_retention_days
    assert f"({stories:,} days)" in ENGLISH and f"({stories:,} diwrnod)" in WELSH
    assert f"`STORY_RETENTION_DAYS` (default {stories})" in OPERATORS
    # No other number of days slipped in (bracketed text is the operator's to fill in).
    filled = re.sub(r"\[[^\]]*\]", "", ENGLISH + WELSH)
    assert set(re.findall(r"(\d[\d,]*) (?:days|diwrnod)", filled)) == {
        str(days),
        f"{concerns:,}",
        f"{stories:,}",
    }


def test_stories_and_answer_feedback_are_explained_in_both_languages() -> None:
    # The words people see in the chat, so they can recognise what the notice is about.
    assert '"What difference has this made for you?"' in ENGLISH
    assert '"Pa wahaniaeth mae hyn wedi\'i wneud i chi?"' in WELSH
    assert '"Was this answer helpful?"' in ENGLISH and '"Oedd yr ateb hwn o help?"' in WELSH
    for language in ("en", "cy"):
        said = (ROOT / "data" / f"responses_{language}" / "feedback.yml").read_text("utf-8")
        assert ("what difference has this made for you?" in said) or (
            "pa wahaniaeth mae hyn wedi'i wneud i chi?" in said
        )
        assert "Was this answer helpful?" in said or "Oedd yr ateb hwn o help?" in said


def test_every_table_is_accounted_for() -> None:
    listed = set(re.findall(r"`([a-z_]+)`", OPERATORS))
    tables = set(Base.metadata.tables) | {"alembic_version"}
    assert tables <= listed, f"tables missing from docs/privacy.md: {sorted(tables - listed)}"


def test_the_ways_to_delete_use_the_words_people_see() -> None:
    widget = (ROOT / "bot" / "web" / "widget" / "i18n.js").read_text(encoding="utf-8")
    for key in ("delete", "delete_yes"):
        cy, en = re.search(rf'  {key}: {{ cy: "([^"]+)", en: "([^"]+)" }}', widget).groups()  # type: ignore[union-attr]
        assert f'"{cy}"' in WELSH and f'"{en}"' in ENGLISH
    telegram_en = (ROOT / "data" / "responses_en" / "telegram.yml").read_text(encoding="utf-8")
    assert "Yes, erase it" in telegram_en and '"Yes, erase it"' in ENGLISH
    assert "/forget" in WELSH and "/forget" in ENGLISH
    assert '"Gadael y wefan yn gyflym"' in WELSH and '"Leave this site quickly"' in ENGLISH
