"""Which messages are only an answer to the search form (the `inform` intent, set without DIET)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.directory.answers import only_answers_the_form
from bot.directory.entities import extract
from bot.directory.schedule import WALES

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=WALES)


@pytest.mark.parametrize(
    "text",
    [
        "Mumbles",
        "mountain ash",
        "im in ceredigion",
        "i live in wrexham",
        "dw i'n byw ym Mangor",
        "online in cardiff",
        "anywhere next week",
        "next week",
        "Bangor, next tuesday please",
        "cardiff?",
        "what about swansea",
        "ar-lein yng Nghaerdydd",
        "yng Nghaernarfon",
        "ym Mhenarth plis",
        "rhywle yng Ngwynedd",
        "nos Fawrth",
        "ddydd Gwener",
        "unrhyw le wythnos nesa",
    ],
)
def test_a_place_or_a_time_on_its_own_answers_the_form(text: str) -> None:
    assert only_answers_the_form(text, extract(text, NOW))


@pytest.mark.parametrize(
    "text",
    [
        "how many people live in cardiff",
        "weather in swansea",
        "is there anything in bangor",
        "helo o Gaernarfon",
        "ydi hi'n bwrw glaw yn Abertawe?",
        "faint o bobl sy'n byw yng Nghaerdydd?",
        "sesiwn yn Nolgellau?",
        "in welsh",  # as likely a language choice
        "online?",  # as likely a question about courses
        "in person",
        "anywhere",
        "either is fine",  # no place or time at all: left to the model
        "what is peer support",
    ],
)
def test_a_message_that_says_more_is_left_to_the_model(text: str) -> None:
    assert not only_answers_the_form(text, extract(text, NOW))
