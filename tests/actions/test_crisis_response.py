"""The crisis reply: in full when the detector flags risk, a check-in for DIET's guess alone."""

from __future__ import annotations

import pytest

from bot.actions.crisis_response import CHECK_IN, CRISIS, crisis_reply
from bot.content.catalogue import ResponseCatalogue
from bot.settings import ROOT


@pytest.mark.parametrize(
    "text",
    ["i want to end it all", "dw i'n meddwl am ladd fy hun", "/crisis", ""],
)
def test_risk_the_detector_flags_gets_the_full_crisis_reply(text: str) -> None:
    assert crisis_reply(text) == CRISIS


@pytest.mark.parametrize("text", ["my phone died again", "mae'r planhigyn wedi marw"])
def test_a_guess_the_detector_does_not_share_gets_a_check_in(text: str) -> None:
    assert crisis_reply(text) == CHECK_IN


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_check_in_still_gives_the_numbers_in_each_language(language: str) -> None:
    text = ResponseCatalogue(ROOT / "data").render(CHECK_IN, language).text  # type: ignore[arg-type]
    for number in ("999", "116 123"):
        assert number in text
