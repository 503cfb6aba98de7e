"""The crisis numbers: from the database (staff-editable), never invented, with a fallback.

If the database cannot be reached we still show 999 and NHS 111 (the reference requires
it), and the seed file's full list when it can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.content.model import Lang
from bot.yaml_files import read_yaml

WALES = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class CrisisLineInfo:
    slug: str
    name: dict[str, str]
    how: dict[str, str]
    when: dict[str, str]
    phone: str | None = None
    sms: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    only_language: str | None = None
    position: int = 0

    @classmethod
    def from_mapping(cls, row: dict[str, Any], position: int = 0) -> CrisisLineInfo:
        return cls(
            slug=str(row["slug"]),
            name={"en": str(row["name_en"]), "cy": str(row["name_cy"])},
            how={"en": str(row["how_en"]), "cy": str(row["how_cy"])},
            when={"en": str(row["when_en"]), "cy": str(row["when_cy"])},
            phone=row.get("phone"),
            sms=row.get("sms"),
            opens_at=row.get("opens_at"),
            closes_at=row.get("closes_at"),
            only_language=row.get("only_language"),
            position=int(row.get("position", position)),
        )

    def is_open(self, now: datetime) -> bool:
        if not self.opens_at or not self.closes_at:
            return True
        local = now.astimezone(WALES).time()
        opens, closes = time.fromisoformat(self.opens_at), time.fromisoformat(self.closes_at)
        if opens <= closes:
            return opens <= local < closes
        return local >= opens or local < closes  # a line open across midnight


# The minimum the reference requires even when nothing else can be read.
BUILT_IN: tuple[CrisisLineInfo, ...] = (
    CrisisLineInfo(
        slug="emergency",
        name={"en": "Emergency services", "cy": "Gwasanaethau brys"},
        how={"en": "call 999", "cy": "ffoniwch 999"},
        when={"en": "if a life is in danger right now", "cy": "os oes bywyd mewn perygl nawr"},
        phone="999",
    ),
    CrisisLineInfo(
        slug="nhs111",
        name={"en": "NHS 111 Wales", "cy": "GIG 111 Cymru"},
        how={
            "en": "call 111 and press 2 for urgent mental health support",
            "cy": "ffoniwch 111 a phwyswch 2 am gymorth iechyd meddwl brys",
        },
        when={"en": "24 hours, free", "cy": "24 awr, am ddim"},
        phone="111",
        position=1,
    ),
)


def load_file(path: Path) -> list[CrisisLineInfo]:
    doc = read_yaml(path) or {}
    return [CrisisLineInfo.from_mapping(row, i) for i, row in enumerate(doc["crisis_lines"])]


def fallback_lines(data_dir: Path) -> list[CrisisLineInfo]:
    try:
        lines = load_file(data_dir / "crisis_lines.yml")
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return list(BUILT_IN)
    slugs = {line.slug for line in lines}
    # Never fewer than the built-in minimum, whatever the file says.
    return [*lines, *(b for b in BUILT_IN if b.slug not in slugs)]


def lines_for(lines: list[CrisisLineInfo], language: Lang, now: datetime) -> list[CrisisLineInfo]:
    """The lines to show this person now: open, and in a language they can use."""
    return sorted(
        (line for line in lines if line.is_open(now) and line.only_language in (None, language)),
        key=lambda line: line.position,
    )


def render_lines(lines: list[CrisisLineInfo], language: Lang) -> str:
    return "\n".join(
        f"- {line.name[language]}: {line.how[language]} ({line.when[language]})" for line in lines
    )
