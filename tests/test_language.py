"""Behaviour of bot.language: cy/en detection, explicit choices and the conversation rules.

The sentences here are written for these tests (chat-style, North and South Welsh, missing
accents, code-switching); none comes from the dev set used by bench/langid.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from bot import language
from bot.language import (
    Detection,
    Lang,
    LanguageDecision,
    decide_language,
    detect,
    explicit_choice,
)

ROOT = Path(__file__).resolve().parents[1]

WELSH = [
    # everyday, standard-ish
    "Dw i'n teimlo'n unig iawn ar hyn o bryd",
    "Oes rhywun i siarad efo fi?",
    "Ble mae'r grŵp agosaf?",
    "Hoffwn i wybod mwy am y gwasanaeth",
    "Mae fy mam wedi marw yn ddiweddar",
    "Beth yw'r cam nesaf?",
    # North
    "Dwi isio siarad efo rhywun rŵan",
    "Be di'r rhif ffôn?",
    "Lle dach chi?",
    "Fedra i ddim cysgu",
    "Mae o'n rhy bell i mi deithio",
    # South
    "Shwmae, fi moyn siarad â rhywun",
    "Wi'n becso am fy mab",
    "Sa i'n siwr beth i wneud nawr",
    "Ma fe'n gweithio shifftiau nos",
    # accents and apostrophes left out, as on a phone
    "dwi isio siarad efo rhywun rwan",
    "ffoniwch fi nol plis",
    "dwin teimlon isel",
    "ydy r cwrs am ddim",
    # curly apostrophes
    "Mae’n anodd siarad am y peth",
    # code-switching: Welsh grammar, English nouns
    "ydy'r course am ddim?",
    "Mae'n really anodd",
    "dwi'n struggling braidd efo'r gwaith",
    "Oes na support group yn Bangor?",
    "Dw i'n feeling really stressed am yr exams",
    # shouting
    "DIOLCH YN FAWR",
]

ENGLISH = [
    "I feel really lonely at the moment",
    "Is there anyone I can talk to?",
    "i need help pls",
    "Is the course free?",
    "I've had anxiety for months",
    "where r u based",
    "whats on next week",
    "I dont want to be a burden",
    "Could you send me the link?",
    "can't be bothered anymore",
    "THANK YOU SO MUCH",
    # Welsh names and words inside English sentences
    "I live in Pontypridd",
    "Is there anything near Ystradgynlais?",
    "Is there a Welsh-speaking group?",
    "i had a cwtsh with my nain",
    "I work at Ysgol Gymraeg Bro Morgannwg",
    "diolch, that's really helpful",
]


@pytest.mark.parametrize("text", WELSH)
def test_welsh_is_detected(text: str) -> None:
    result = detect(text)
    assert result.lang == "cy", (text, result)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_detected(text: str) -> None:
    result = detect(text)
    assert result.lang == "en", (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "Dw i wedi cael llond bol, does gen i neb i siarad efo",
        "Ydych chi ar agor dros y penwythnos?",
        "Is the session online or in person?",
        "My friend is worried about me",
    ],
)
def test_plain_sentences_are_confident(text: str) -> None:
    result = detect(text)
    assert result.confidence >= language.CONFIDENT
    assert result.words >= language.MIN_WORDS


@pytest.mark.parametrize(
    "text",
    ["ok", "OK", "helo", "Helo!", "hi", "hello", "help", "lol", "Sarah", "John Jones", "Llanelli"],
)
def test_short_ambiguous_messages_have_no_language(text: str) -> None:
    assert detect(text).lang is None


@pytest.mark.parametrize(
    "text", ["", "   ", "123", "👍👍", "???", "07700 900123", "www.example.com"]
)
def test_no_letters_means_no_language(text: str) -> None:
    assert detect(text) == Detection(None, 0.0, 0)


def test_words_are_counted_like_a_person_would() -> None:
    assert detect("ydy'r course am ddim?").words == 4
    assert detect("I'm ok").words == 2


def test_short_unambiguous_words_still_get_a_language() -> None:
    assert detect("diolch").lang == "cy"
    assert detect("thanks").lang == "en"
    assert detect("bore da").lang == "cy"


def test_detection_is_deterministic() -> None:
    texts = ["Mae'n braf heddiw", "are you kidding?", "Wel am beth hurt", "Buy a new phone"]
    first = [detect(t) for t in texts]
    for _ in range(5):
        assert [detect(t) for t in texts] == first
    # Rebuilding the (seeded) langdetect factory gives the same answers too.
    language._factory.cache_clear()
    assert [detect(t) for t in texts] == first


def test_module_is_light_to_import() -> None:
    # Imported in the Rasa environment: only stdlib + langdetect, and nothing loaded up front.
    tree = ast.parse((ROOT / "bot/language.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) == {"langdetect"}
    code = "import sys, bot.language; print('langdetect' in sys.modules, 'lingua' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


# --- explicit choice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cymraeg", "cy"),
        ("Welsh", "cy"),
        ("Saesneg", "en"),
        ("English", "en"),
        ("ENGLISH!!", "en"),
        ("cymraeg?", "cy"),
        ("cy", "cy"),
        ("EN", "en"),
        ("in English please", "en"),
        ("English, please.", "en"),
        ("yn Gymraeg plis", "cy"),
        ("yn Gymraeg", "cy"),
        ("Cymraeg os gwelwch yn dda", "cy"),
        ("Cymraeg plîs", "cy"),
        ("can we speak Welsh?", "cy"),
        ("Could you reply in Welsh please?", "cy"),
        ("switch to welsh", "cy"),
        ("Switch to English please!", "en"),
        ("I'd like to speak Welsh", "cy"),
        ("Hi, English please", "en"),
        ("siarad Saesneg", "en"),
        ("newid i'r Saesneg", "en"),
        ("newid i’r Gymraeg", "cy"),
        ("Ga i siarad Cymraeg?", "cy"),
        ("Gawn ni siarad yn Gymraeg plis?", "cy"),
        ("dwi isio siarad saesneg", "en"),
        ("fi moyn siarad Cymraeg", "cy"),
        ("Mae'n well gen i Gymraeg", "cy"),
        ("Dych chi'n siarad Cymraeg?", "cy"),
        ("do you speak welsh?", "cy"),
        # "I don't speak X" asks for the other language
        ("Sorry, I don't speak Welsh", "en"),
        ("Dw i ddim yn siarad Saesneg", "cy"),
    ],
)
def test_explicit_choices(text: str, expected: Lang) -> None:
    assert explicit_choice(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "is the course taught in English or Welsh?",
        "my Welsh is rusty",
        "oes cyrsiau Cymraeg?",
        "English or Welsh?",
        "Cymraeg neu Saesneg?",
        "I'm learning Welsh",
        "dw i'n dysgu Cymraeg",
        "Can I speak to someone in Welsh?",
        "Is there a Welsh speaking group?",
        "my mum only speaks Welsh",
        "no welsh please",
        "english breakfast please",
        "Saesneg yw fy iaith gyntaf",
        "cymru",
        "en route",
        "hello",
        "",
    ],
)
def test_mentions_are_not_choices(text: str) -> None:
    assert explicit_choice(text) is None


# --- conversation rules ------------------------------------------------------------------


def test_explicit_choice_wins_immediately() -> None:
    assert decide_language(None, "none", "English please") == LanguageDecision(
        "en", "chosen", True, None
    )
    # ... even over an earlier choice, and whatever detection would say about the text.
    assert decide_language("cy", "chosen", "switch to English") == LanguageDecision(
        "en", "chosen", True, None
    )
    assert decide_language("en", "detected", "yn Gymraeg plis") == LanguageDecision(
        "cy", "chosen", True, None
    )
    assert decide_language("cy", "chosen", "Cymraeg") == LanguageDecision(
        "cy", "chosen", False, None
    )


@pytest.mark.parametrize("text", ["ok", "helo", "hi", "hello", "👍", "Sarah", "help"])
def test_unknown_stays_unknown_on_short_ambiguous_messages(text: str) -> None:
    assert decide_language(None, "none", text) == LanguageDecision(None, "none", False, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dw i angen help plis", "cy"),
        ("ydy'r course am ddim?", "cy"),
        ("I need some help please", "en"),
        # 1–2 words may set an unknown language only when unambiguous (documented choice)
        ("diolch", "cy"),
        ("shwmae", "cy"),
        ("bore da", "cy"),
        ("thank you", "en"),
    ],
)
def test_confident_detection_sets_an_unknown_language(text: str, expected: Lang) -> None:
    assert decide_language(None, "none", text) == LanguageDecision(expected, "detected", True, None)


def test_short_words_do_not_switch_a_known_language() -> None:
    # The 1–2 word allowance is only for an unknown language; a known one needs 3+ words.
    for text in ("thank you", "ok thanks", "cheers"):
        assert decide_language("cy", "detected", text) == LanguageDecision(
            "cy", "detected", False, None
        )
    assert decide_language("en", "detected", "diolch") == LanguageDecision(
        "en", "detected", False, None
    )


def test_detected_language_is_sticky_until_a_confident_long_message() -> None:
    keep = decide_language("cy", "detected", "Dw i'n feeling really stressed am yr exams")
    assert keep == LanguageDecision("cy", "detected", False, None)
    switch = decide_language("cy", "detected", "Actually I would rather talk about my job")
    assert switch == LanguageDecision("en", "detected", True, None)
    back = decide_language("en", "detected", "Mae'n haws gen i sgwennu fel hyn")
    assert back == LanguageDecision("cy", "detected", True, None)


def test_chosen_language_is_never_switched_by_detection() -> None:
    decision = decide_language("cy", "chosen", "I would like to know more about the groups")
    assert decision == LanguageDecision("cy", "chosen", False, "en")
    decision = decide_language("en", "chosen", "Dw i eisiau gwybod mwy am y grwpiau")
    assert decision == LanguageDecision("en", "chosen", False, "cy")


def test_no_offer_without_a_confident_long_message_in_the_other_language() -> None:
    same = decide_language("cy", "chosen", "Dw i eisiau gwybod mwy am y grwpiau")
    assert same == LanguageDecision("cy", "chosen", False, None)
    short = decide_language("cy", "chosen", "thanks")
    assert short == LanguageDecision("cy", "chosen", False, None)
    unclear = decide_language("en", "chosen", "ok")
    assert unclear == LanguageDecision("en", "chosen", False, None)


def test_decisions_are_deterministic() -> None:
    texts = ["ok", "diolch yn fawr", "can you help me", "Oes na support group yn Bangor?"]
    first = [decide_language(None, "none", t) for t in texts]
    for _ in range(3):
        assert [decide_language(None, "none", t) for t in texts] == first
