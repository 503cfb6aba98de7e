"""One FAQ intent: answer keys, topics named in either language, and follow-up questions."""

from __future__ import annotations

import pytest
import yaml

from bot.content.domain_responses import render_domain
from bot.content.faq import catalogue_key, resolve_answer, retrieval_key, topic_of, topics_named
from bot.content.source import load_source
from bot.settings import ROOT

DATA = ROOT / "data"
FAQ_KEYS = sorted(k for k in load_source(DATA).all_keys() if retrieval_key(k))


def test_every_faq_answer_has_a_retrieval_name_that_maps_back() -> None:
    assert len(FAQ_KEYS) >= 14
    for key in FAQ_KEYS:
        faq = retrieval_key(key)
        assert faq is not None and faq.startswith("faq/")
        assert catalogue_key(faq) == key
    assert retrieval_key("utter_greet") is None
    assert catalogue_key("faq/nothing_like_this") is None


def test_the_generated_domain_declares_one_faq_intent_with_every_answer() -> None:
    domain = yaml.safe_load(render_domain(DATA))
    assert domain["intents"] == [{"faq": {"is_retrieval_intent": True}}]
    answers = {k for k in domain["responses"] if k.startswith("utter_faq/")}
    assert answers == {f"utter_{retrieval_key(k)}" for k in FAQ_KEYS}
    assert not any(k.startswith("utter_peer_support/") for k in domain["responses"])


def test_the_training_data_uses_only_answers_that_exist() -> None:
    names: set[str] = set()
    for path in sorted((DATA / "nlu").glob("*/*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if str(block.get("intent", "")).startswith("faq/"):
                names.add(block["intent"])
    assert {catalogue_key(n) for n in names} == set(FAQ_KEYS)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("is the recovery college free?", {"recovery_college"}),
        ("ydi'r cwrs am ddim?", {"recovery_college"}),
        ("ga i ymuno â'i chwrs hi?", {"recovery_college"}),  # aspirate: cwrs -> chwrs
        ("oes rhaid talu i fynd i'r goleg?", {"recovery_college"}),  # soft: coleg -> goleg
        ("pwy fydd fy nghymheiriaid?", {"peer_support"}),  # nasal: cymheiriaid
        ("do peer supporters get paid", {"peer_support"}),
        ("what happens at a wellbeing session", {"wellbeing"}),
        ("is the wellbeing college online", {"recovery_college"}),
        ("is it free?", set()),
        ("ydi o am ddim?", set()),
    ],
)
def test_topics_named_in_a_question(text: str, topics: set[str]) -> None:
    assert topics_named(text) == topics


RANKING = [
    ("faq/peer_support_cost", 0.6),
    ("faq/recovery_college_cost", 0.3),
    ("faq/recovery_college_online", 0.1),
]


def test_a_generic_follow_up_gets_the_current_topics_answer() -> None:
    assert resolve_answer(RANKING, "is it free?", "recovery_college") == (
        "faq/recovery_college_cost"
    )
    assert resolve_answer(RANKING, "ydi o am ddim?", "recovery_college") == (
        "faq/recovery_college_cost"
    )


def test_a_question_that_names_its_topic_wins_over_the_context() -> None:
    assert resolve_answer(RANKING, "is peer support free?", "recovery_college") == (
        "faq/peer_support_cost"
    )
    assert resolve_answer(RANKING, "is the course free?", "peer_support") == (
        "faq/recovery_college_cost"
    )


def test_without_context_or_a_twin_the_selectors_best_answer_stands() -> None:
    assert resolve_answer(RANKING, "is it free?", None) == "faq/peer_support_cost"
    online = [("faq/recovery_college_online", 0.7), ("faq/peer_support_cost", 0.2)]
    assert resolve_answer(online, "can i do it online?", "peer_support") == (
        "faq/recovery_college_online"
    )
    assert resolve_answer([], "anything", None) is None


def test_what_is_questions_are_twins_across_topics() -> None:
    ranking = [("faq/peer_support_what_is", 0.5), ("faq/wellbeing_what_are_sessions", 0.4)]
    assert resolve_answer(ranking, "what are they?", "wellbeing") == (
        "faq/wellbeing_what_are_sessions"
    )
    assert topic_of("utter_wellbeing/what_are_sessions") == "wellbeing"
    assert topic_of("faq/recovery_college_cost") == "recovery_college"
    assert topic_of("utter_greet") is None
