"""Tests for the bilingual safety detector (bot.safety).

The phrase sets in tests/safety/phrases/{en,cy}.yml are hand-written, realistic
messages; every `risk` phrase must flag and no `near_miss` phrase may. They are
also used by the benchmark, so keep them honest: add a phrase that fails, then
fix the *rules*, never special-case a sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.safety import RULE_IDS, SafetyAssessment, assess
from bot.safety.detector import expand
from bot.safety.normalise import english_view, welsh_view

PHRASES = Path(__file__).parent / "phrases"


def _load(lang: str) -> dict[str, Any]:
    with (PHRASES / f"{lang}.yml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(phrase, id=f"{lang}:{phrase[:50]}")
        for lang in ("en", "cy")
        for phrase in _load(lang)[kind]
    ]


# --- phrase sets ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_phrase_sets_are_big_enough_and_unique(lang: str) -> None:
    data = _load(lang)
    assert data["language"] == lang
    assert len(data["risk"]) >= 60
    assert len(data["near_miss"]) >= 30
    assert len(set(data["risk"])) == len(data["risk"])
    assert len(set(data["near_miss"])) == len(data["near_miss"])
    assert not set(data["risk"]) & set(data["near_miss"])


@pytest.mark.parametrize("phrase", _cases("risk"))
def test_risk_phrase_flags(phrase: str) -> None:
    result = assess(phrase)
    assert result.at_risk, phrase
    assert result.concern in ("self", "other")
    assert result.matched


@pytest.mark.parametrize("phrase", _cases("near_miss"))
def test_near_miss_does_not_flag(phrase: str) -> None:
    result = assess(phrase)
    assert not result.at_risk, (phrase, result.matched)
    assert result.concern == "none"
    assert result.matched == ()


# --- concern ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "my friend says she'll kill herself",
        "My friend says she's going to kill herself",
        "my son is self harming",
        "I'm worried my girlfriend is suicidal",
        "my dad keeps saying everyone would be better off without him",
        "Tom has been cutting himself",
        "my sister took an overdose last night",
        "mae fy ffrind yn sôn am ladd ei hun",
        "mae fy merch yn hunan-niweidio",
        "Dw i'n poeni bod fy nghariad yn hunanladdol",
        "mae fy mrawd wedi cymryd gorddos",
        "mae o isio marw",
        "lladdodd fy mrawd ei hun llynedd",
    ],
)
def test_third_party_concern(phrase: str) -> None:
    result = assess(phrase)
    assert result.at_risk
    assert result.concern == "other", result


@pytest.mark.parametrize(
    "phrase",
    [
        "I want to kill myself",
        "my therapist thinks I'm suicidal",  # the speaker, although a 3rd person is named
        "my mum is worried I want to die",
        "is it normal to feel suicidal?",  # "is it": a question, not "Tom is"
        "dw i isio lladd fy hun",
        "mae gen i feddyliau hunanladdol",  # "mae gen i" = I have
        "Does dim pwynt byw",  # Welsh "does" is not English "does"
        "mae pawb yn well hebdda i",
    ],
)
def test_self_concern(phrase: str) -> None:
    result = assess(phrase)
    assert result.at_risk
    assert result.concern == "self", result


def test_self_wins_over_other_when_both_present() -> None:
    result = assess("my friend killed herself last year and now I want to die too")
    assert result.concern == "self"
    assert {"en.kill_self", "en.want_die"} <= set(result.matched)


# --- both languages, always ------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "honestly dw i isio marw",
        "I'm so tired, dw i isio lladd fy hun",
        "dw i jest want to die",
        "sori, I've been self harming eto",
    ],
)
def test_code_switching(phrase: str) -> None:
    assert assess(phrase).at_risk


# --- negation, history, idioms ----------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "I'm not suicidal, just tired",
        "i have never self harmed",
        "I don't want to die, I'm scared of the surgery",
        "dw i ddim yn hunanladdol",
        "dw i erioed wedi hunan-niweidio",
        "dw i ddim isio marw",
        "there's no suicidal thoughts, I'm just sad",
    ],
)
def test_state_denials_do_not_flag(phrase: str) -> None:
    assert not assess(phrase).at_risk


@pytest.mark.parametrize(
    "phrase",
    [
        # History of risk is flagged on purpose (see bot/safety/detector.py).
        "I used to self harm years ago",
        "I haven't self harmed in two years",
        "I'm not suicidal anymore",
        "dw i ddim wedi hunan-niweidio ers blwyddyn",
        # Negation of the *act* is not a veto: often a reassurance from someone at risk.
        "don't worry, I'm not going to kill myself",
        # Denial that is not directly attached does not veto.
        "I can't stop self harming",
        "nobody knows I'm suicidal",
    ],
)
def test_history_and_indirect_negation_still_flag(phrase: str) -> None:
    assert assess(phrase).at_risk


@pytest.mark.parametrize(
    "phrase",
    [
        # Each of these exercises one narrow guard in the lexicons.
        "I want to die my hair purple",  # misspelt "dye" takes an object
        "the deer jumped in front of the car",  # no intent, no reflexive
        "I take lots of tablets for my heart",  # routine medication
        "I'm collecting my tablets from the pharmacy",
        "we got the rope and the tent for camping",  # rope with a purpose
        "I don't want to live and work in London",  # "and" + verb is not a clause end
        "I could kill myself for forgetting her birthday",  # self-reproach idiom
        "what happens if someone is in crisis",
        "dw i'n cymryd lot o dabledi bob dydd i'r galon",
        "mae'ch tabledi yn barod yn y fferyllfa",
        "neidiodd y ci o flaen y car",
        "dw i wedi prynu rhaff a phabell ar gyfer gwersylla",
        "roedd e'n lladd ei hun yn chwerthin",
        "your tablets are ready to collect",  # pharmacy, not preparation
        "I won't be here tomorrow, I'm on holiday",  # an ordinary absence
        "i want out of this group chat",  # "out" with a place named
        "whats the point of this button",  # "what's the point" with an object
        "i dont feel safe walking home in the dark",  # not closed: not safety-planning
        "dim gobaith!",  # "no chance" idiom
        "mae gen i dabledi yn barod, diolch",  # "yn barod" = already
        "dw i am wneud rhywbeth neis i fi fy hun heno",  # a treat
        "mae'r ci isio allan",
    ],
)
def test_idiom_and_context_guards(phrase: str) -> None:
    assert not assess(phrase).at_risk, assess(phrase).matched


# --- output hygiene ---------------------------------------------------------------------


@pytest.mark.parametrize("phrase", _cases("risk")[:40])
def test_matched_never_contains_message_text(phrase: str) -> None:
    result = assess(phrase)
    assert set(result.matched) <= set(RULE_IDS)
    for rule_id in result.matched:
        assert phrase.lower() not in rule_id
    rendered = repr(result)
    # No run of 3+ message words leaks into the (loggable) result.
    words = phrase.lower().split()
    for i in range(len(words) - 2):
        assert " ".join(words[i : i + 3]) not in rendered


def test_matched_ids_are_stable_and_ordered() -> None:
    first = assess("I want to die. I took too many pills. Dw i isio lladd fy hun")
    second = assess("I want to die. I took too many pills. Dw i isio lladd fy hun")
    assert first == second
    order = [RULE_IDS.index(rule_id) for rule_id in first.matched]
    assert order == sorted(order)


def test_assessment_is_frozen() -> None:
    result = assess("hello")
    assert result == SafetyAssessment(at_risk=False, concern="none", matched=())
    with pytest.raises(AttributeError):
        result.at_risk = True  # type: ignore[misc]


# --- robustness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "🙂🙂🙂😭😭",
        "\x00\x01\x02\ufffd\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "".join(chr(i) for i in range(0, 3000)),
        "'''''' --- ... !!! ???",
        "ⓚⓘⓛⓛ",
        "Здравствуйте, как дела?",
        "a" * 10_000,
        "die " * 2_500,
        "kill myself " * 10,  # repeated risk phrase: still one rule id
    ],
)
def test_odd_input_does_not_crash(text: str) -> None:
    result = assess(text)
    assert isinstance(result, SafetyAssessment)
    assert len(result.matched) == len(set(result.matched))


def test_none_and_non_str_are_tolerated() -> None:
    assert not assess(None).at_risk  # type: ignore[arg-type]
    assert not assess(12345).at_risk  # type: ignore[arg-type]


def _filler(n_chars: int) -> str:
    chunk = (
        "Had a long day at work, the queue at the post office was killing me and my feet "
        "are killing me too. Mae'r tywydd yn ofnadwy yng Nghaerdydd heddiw. "
    )
    return (chunk * (n_chars // len(chunk) + 1))[:n_chars]


@pytest.mark.parametrize(
    "buried",
    ["honestly I just want to end it all.", "dw i isio lladd fy hun.", "I've been cutting again."],
)
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_risk_buried_in_long_message_still_flags(buried: str, where: str) -> None:
    filler = _filler(5_000)
    text = {
        "start": f"{buried} {filler}",
        "middle": f"{filler[:2500]}. {buried} {filler[2500:]}",
        "end": f"{filler} {buried}",
    }[where]
    assert len(text) > 5_000
    assert assess(text).at_risk


# --- normalisation ----------------------------------------------------------------------


def test_english_view_expands_contractions_and_text_speak() -> None:
    assert english_view("I don’t wanna die!!").text == "i do not want to die"
    assert english_view("kms").text == "kill myself"
    assert english_view("su1c1dal").text == "suicidal"
    assert english_view("self-harm").text == "self harm"
    assert english_view("I cant go on.").text == "i can not go on"


def test_welsh_view_expands_clitics() -> None:
    assert welsh_view("Dw i’n meddwl").text == "dw i yn meddwl"
    assert welsh_view("mae'r ciw 'ma'n").text == "mae yr ciw yma yn"
    assert welsh_view("lladd 'yn hunan").text == "lladd fy hunan"
    assert welsh_view("hunan-niweidio").text == "hunan niweidio"
    # bare "di" is "wedi" after a subject, but "is" after a question word
    assert welsh_view("dwi di mynd").text == "dw i wedi mynd"
    assert welsh_view("be di'r pwynt").text == "be di yr pwynt"


def test_mutation_expansion() -> None:
    assert expand("<marw>", {}) == "(?:marw|farw)"
    assert set(expand("<tabledi>", {})[3:-1].split("|")) == {
        "tabledi", "dabledi", "nhabledi", "thabledi",
    }  # fmt: skip
    # regex syntax that also uses "<" is left alone
    assert expand("(?P<who>x)(?<=y )", {}) == "(?P<who>x)(?<=y )"
    assert expand("@A <lladd>", {"A": "@B", "B": "b"}) == "b (?:lladd|ladd)"
