"""A response cannot be published with one language missing: check both languages match.

Run as `python -m bot.content.completeness` (make test does); exits non-zero on a gap.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bot.content.model import ResponseText
from bot.content.source import ResponseSource, load_source

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Payloads a button may carry: a bare intent, or an intent with a small JSON entity object.
PAYLOAD = re.compile(r'^/[a-z_]+(\{"[a-z_]+": ?"[a-z_/]+"\})?$')


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def compare_pair(key: str, cy: ResponseText | None, en: ResponseText | None) -> list[str]:
    """Problems with one key across the two languages (empty when complete)."""
    if cy is None or en is None:
        missing = "Welsh" if cy is None else "English"
        return [f"{key}: the {missing} version is missing"]
    problems = []
    for version in (cy, en):
        if not version.text.strip():
            problems.append(f"{key}: the {version.language} text is empty")
        for b in version.buttons:
            if not b.title.strip():
                problems.append(f"{key}: a {version.language} button has no title")
            if not PAYLOAD.match(b.payload):
                problems.append(f"{key}: button payload {b.payload!r} is not a known form")
    if placeholders(cy.text) != placeholders(en.text):
        problems.append(
            f"{key}: placeholders differ (cy {sorted(placeholders(cy.text))}, "
            f"en {sorted(placeholders(en.text))})"
        )
    if len(cy.buttons) != len(en.buttons):
        problems.append(f"{key}: {len(cy.buttons)} Welsh buttons but {len(en.buttons)} English")
    elif [b.payload for b in cy.buttons] != [b.payload for b in en.buttons]:
        problems.append(f"{key}: button payloads differ between Welsh and English")
    if cy.topic != en.topic:
        problems.append(f"{key}: in topic {cy.topic!r} in Welsh but {en.topic!r} in English")
    return problems


def check(source: ResponseSource) -> list[str]:
    problems: list[str] = []
    for key in sorted(source.all_keys()):
        problems.extend(compare_pair(key, source.get(key, "cy"), source.get(key, "en")))
    return problems


def main(argv: list[str] | None = None) -> int:
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "data"
    source = load_source(data_dir)
    problems = check(source)
    for p in problems:
        print(f"incomplete: {p}", file=sys.stderr)
    count = len(source.all_keys())
    if problems:
        print(f"{len(problems)} problem(s) in {count} responses", file=sys.stderr)
        return 1
    print(f"responses complete: {count} keys in Welsh and English")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
