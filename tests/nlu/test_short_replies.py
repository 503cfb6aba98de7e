"""Short closed-class replies (bot.short_replies): what a one- or two-word message means.

The Rasa component bot/nlu/short_reply.py sets these intents; here the list itself is
checked in the app environment, without Rasa.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.nlu_eval import base_intent, load_language, plain_text
from bot.safety import assess
from bot.short_replies import PHRASES, short_reply_intent

RISK_PHRASES = Path(__file__).parents[1] / "safety" / "phrases"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        # Welsh echo answers, North and South
        ("Ydw", "affirm"),
        ("odw", "affirm"),
        ("Oes plis", "affirm"),
        ("do", "affirm"),
        ("nac ydw", "deny"),
        ("nagw", "deny"),
        ("Nag oes, diolch", "deny"),
        ("sa i'n credu", "deny"),
        ("na", "deny"),
        # the echo paradigm: other persons and tenses than the question Cymar asked
        ("odyn nhw", "affirm"),
        ("byddwn", "affirm"),
        ("na fyddwn", "deny"),
        ("nag ydyn", "deny"),
        # greetings, thanks and goodbyes, as typed on a phone
        ("Shwmae!", "greet"),
        ("su'mae", "greet"),
        ("bore da cymar", "greet"),
        ("bore da bawb", "greet"),
        ("ta love", "thanks"),
        ("Hiiii!!", "greet"),
        ("diolch yn fawr x", "thanks"),
        ("thanks!!", "thanks"),
        ("hwyl 'te", "goodbye"),
        ("nos da", "goodbye"),
        ("ta-ra", "goodbye"),
        ("byeee", "goodbye"),
        # a smart apostrophe and a missing mutation are the same question
        ("wyt ti’n berson?", "bot_challenge"),
        ("wyt ti'n person", "bot_challenge"),
        ("are you a bot?", "bot_challenge"),
        # two kinds of reply in one message
        ("ok thanks", "thanks"),
        ("diolch, hwyl", "goodbye"),
        ("no thanks", "deny"),
        ("yes please", "affirm"),
    ],
)
def test_short_replies_get_their_intent(message: str, intent: str) -> None:
    assert short_reply_intent(message) == intent


@pytest.mark.parametrize(
    "message",
    [
        "yes but where is the nearest group",
        "no one listens to me",
        "dw i ddim yn iawn",
        "hi i need to talk to someone",
        "help",
        "x",
        "oh",
        "hi bye",  # two replies that do not make one meaning
        "",
    ],
)
def test_anything_more_is_left_to_the_model(message: str) -> None:
    assert short_reply_intent(message) is None


def test_no_listed_reply_is_a_sign_of_risk() -> None:
    """The crisis override runs after this list, but the list itself must never hide risk."""
    flagged = [p for phrases in PHRASES.values() for p in phrases if assess(p).at_risk]
    assert flagged == []


@pytest.mark.parametrize("language", ["en", "cy"])
def test_risk_phrases_are_never_short_replies(language: str) -> None:
    phrases = yaml.safe_load((RISK_PHRASES / f"{language}.yml").read_text(encoding="utf-8"))
    decided = [p for p in phrases["risk"] if short_reply_intent(p) is not None]
    assert decided == []


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_list_agrees_with_the_training_data(language: str) -> None:
    """Where the list decides a training example, it gives the example's own intent."""
    disagreements = [
        (label, plain_text(text), short_reply_intent(plain_text(text)))
        for label, text in load_language(language)
        if short_reply_intent(plain_text(text)) not in (None, base_intent(label))
    ]
    assert disagreements == []
