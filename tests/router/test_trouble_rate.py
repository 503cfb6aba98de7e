"""Operators learn when people are hearing "I'm having trouble" because Rasa answers late
(bot/conversations/rasa_client.py: TroubleRate)."""

from __future__ import annotations

import logging

import pytest

from bot.conversations.rasa_client import ALERT_MIN_TURNS, TroubleRate


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_share_counts_only_the_window_and_alerts_only_above_the_threshold() -> None:
    clock = Clock()
    rate = TroubleRate(window_seconds=60, alert_share=0.1, clock=clock)
    for turn in range(100):
        rate.record(answered=turn % 10 != 0)  # exactly 10 % late: not above the threshold
        clock.now += 0.5
    assert rate.figures() == (100, 0.1)
    assert not rate.alerting()
    rate.record(answered=False)
    assert rate.alerting()
    clock.now += 61  # the window has moved on: nothing recent to say
    assert rate.figures() == (0, 0.0) and not rate.alerting()


def test_a_few_late_turns_on_a_quiet_night_do_not_alert() -> None:
    rate = TroubleRate(alert_share=0.05, clock=Clock())
    for _ in range(ALERT_MIN_TURNS - 1):
        rate.record(answered=False)
    assert rate.figures()[1] == 1.0 and not rate.alerting()


def test_an_overload_is_logged_once_a_minute_without_any_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    rate = TroubleRate(window_seconds=300, alert_share=0.05, clock=clock)
    with caplog.at_level(logging.WARNING, logger="bot.conversations.rasa_client"):
        for _ in range(90):  # 90 s of 10 turns a second, 4 in 10 late
            for turn in range(10):
                rate.record(answered=turn >= 4)
            clock.now += 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2  # at the start of the overload and a minute later
    assert "40% of" in warnings[-1]
