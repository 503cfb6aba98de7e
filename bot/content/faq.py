"""The FAQ: one retrieval intent for every question about what Cymar offers.

Questions about peer support, recovery colleges and wellbeing sessions are one Rasa
retrieval intent, `faq`, and the ResponseSelector picks the answer. They used to be three
intents, but the generic questions people ask ("is it free?", "how do I apply?", "can I do it
online?") belong to no one topic on their own, so DIET was asked to guess a topic it could
not know. Now DIET only decides "this is a question about our services"; which answer is
the ResponseSelector's job, helped by the conversation's current topic.

The answers keep their catalogue keys (`utter_peer_support/cost`: staff edit them, buttons and
the handoff's topic summary name them). Rasa's retrieval key is the same name flattened:
`faq/peer_support_cost` <-> `utter_peer_support/cost`.

Pure standard library (plus bot.welsh), so it runs in either environment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.welsh import radical_candidates, tokens

FAQ_INTENT = "faq"
TOPICS = ("peer_support", "recovery_college", "wellbeing")
# The same question asked of different topics ("what is it?").
_ASPECT_TWINS = {"what_are_sessions": "what_is"}

# Words that name a topic, in radical (unmutated) form for Welsh; a mutated word in the
# message ("i'r goleg", "ei chwrs", "fy nghymheiriaid") is matched through its radicals.
_TOPIC_WORDS: dict[str, frozenset[str]] = {
    "peer_support": frozenset(
        {
            "peer",
            "peers",
            "supporter",
            "supporters",
            "mentor",
            "mentoring",
            "cymheiriaid",
            "cymar",
            "cyfoed",
            "cyfoedion",
            "cefnogwr",
            "cefnogwyr",
            "mentora",
        }
    ),
    "recovery_college": frozenset(
        {
            "college",
            "colleges",
            "course",
            "courses",
            "class",
            "classes",
            "enrol",
            "enroll",
            "coleg",
            "colegau",
            "cwrs",
            "cyrsiau",
            "dosbarth",
            "dosbarthiadau",
            "cofrestru",
        }
    ),
    "wellbeing": frozenset(
        {
            "session",
            "sessions",
            "group",
            "groups",
            "sesiwn",
            "sesiynau",
            "grwp",
            "grwpiau",
        }
    ),
}


def retrieval_key(catalogue_key: str) -> str | None:
    """`utter_peer_support/cost` -> `faq/peer_support_cost`; None for a key outside the FAQ."""
    topic, _, aspect = catalogue_key.removeprefix("utter_").partition("/")
    if topic not in TOPICS or not aspect:
        return None
    return f"{FAQ_INTENT}/{topic}_{aspect}"


def catalogue_key(key: str) -> str | None:
    """`faq/peer_support_cost` -> `utter_peer_support/cost`; None if it is not an FAQ key."""
    intent, _, name = key.partition("/")
    if intent != FAQ_INTENT:
        return None
    for topic in TOPICS:
        if name.startswith(f"{topic}_") and len(name) > len(topic) + 1:
            return f"utter_{topic}/{name[len(topic) + 1 :]}"
    return None


def topic_of(key: str) -> str | None:
    """The topic of a retrieval key (`faq/...`) or a catalogue key (`utter_.../...`)."""
    found = catalogue_key(key) if key.startswith(f"{FAQ_INTENT}/") else key
    if not found or not found.startswith("utter_"):
        return None
    topic = found.removeprefix("utter_").partition("/")[0]
    return topic if topic in TOPICS else None


def _aspect(key: str) -> str:
    found = catalogue_key(key) or ""
    aspect = found.partition("/")[2]
    return _ASPECT_TWINS.get(aspect, aspect)


def topics_named(text: str) -> set[str]:
    """Topics the message names itself ("is the *college* free?", "ydi'r *cwrs* am ddim?")."""
    named = set()
    words = tokens(text)
    for topic, vocabulary in _TOPIC_WORDS.items():
        if any(c in vocabulary for word in words for c in radical_candidates(word)):
            named.add(topic)
    # "wellbeing college" and "coleg lles" are recovery colleges, not wellbeing sessions.
    if "recovery_college" in named:
        named.discard("wellbeing")
    return named


def resolve_answer(
    ranking: Sequence[Sequence[object]] | Iterable[str], text: str, topic: str | None
) -> str | None:
    """The FAQ answer to give, from the ResponseSelector's ranking (best first).

    A question that names its topic gets that topic's answer. A generic follow-up ("is it
    free?") right after talking about a topic gets that topic's version of the same
    question, if it has one. Otherwise the ResponseSelector's best answer stands.
    """
    keys = [str(item[0]) if not isinstance(item, str) else item for item in ranking]
    if not keys:
        return None
    best = keys[0]
    named = topics_named(text)
    if named:
        if topic_of(best) in named:
            return best
        return next((k for k in keys if topic_of(k) in named), best)
    if topic is None or topic_of(best) == topic:
        return best
    aspect = _aspect(best)
    return next((k for k in keys if topic_of(k) == topic and _aspect(k) == aspect), best)
