"""What the search form can read from one message, in either language."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.directory.entities import extract
from bot.directory.schedule import WALES

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=WALES)


def found(text: str) -> dict[str, str]:
    return {e.entity: e.value for e in extract(text, NOW)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "are there any wellbeing sessions in Wrexham next week?",
            {"area": "wrexham", "when": "next_week"},
        ),
        (
            "oes grwpiau cymorth cymheiriaid yng Nghaerdydd dros y penwythnos?",
            {"area": "cardiff", "when": "weekend"},
        ),
        ("sesiynau ym Mangor ddydd Llun", {"area": "gwynedd", "when": "weekday:monday"}),
        ("anything online for anxiety", {"area": "online", "topic": "anxiety"}),
        ("ar-lein yn unig", {"area": "online"}),
        ("anywhere is fine", {"area": "anywhere"}),
        ("unrhyw le", {"area": "anywhere"}),
        ("LL57", {"area": "gwynedd"}),
        ("a walking group in welsh", {"topic": "walking", "delivery_language": "cy"}),
        ("grŵp drwy gyfrwng y Gymraeg i ofalwyr", {"delivery_language": "cy", "topic": "carers"}),
        ("a face to face group in Newport", {"area": "newport", "delivery": "in_person"}),
        ("rhywbeth dros y ffôn nos yfory", {"delivery": "phone", "when": "tomorrow:evening"}),
        ("what is peer support", {}),
    ],
)
def test_places_times_topics_and_language_of_delivery(text: str, expected: dict[str, str]) -> None:
    assert found(text) == expected


def test_spans_point_at_what_the_person_typed() -> None:
    text = "oes grwpiau yng Nghaerdydd wythnos nesa?"
    spans = {e.entity: text[e.start : e.end] for e in extract(text, NOW)}
    assert spans == {"area": "Nghaerdydd", "when": "wythnos nesa"}
