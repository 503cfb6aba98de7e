"""Find what a directory search needs in a message: where, when, topic, language of delivery.

Deterministic and shared by Rasa (as an entity extractor, so slots fill from any message)
and the benchmarks. Places and times come from bot.directory.areas and .when, which
understand Welsh mutations; the small bilingual keyword lists here cover the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.directory.areas import resolve_place
from bot.directory.when import parse_when
from bot.welsh import fold, mutations


@dataclass(frozen=True)
class Entity:
    entity: str  # area | when | topic | delivery | delivery_language
    value: str
    start: int
    end: int
    text: str


def _pattern(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


# "online only" and "anywhere" are answers to "Where?", so they are area values.
AREA_WORDS = {
    "online": _pattern(r"online", r"on-line", r"ar-lein", r"ar lein", r"arlein", r"zoom"),
    "anywhere": _pattern(
        r"anywhere",
        r"any where",
        r"unrhyw le",
        r"dim ots (?:ble|lle)",
        r"doesn'?t matter where",
        r"all over wales",
        r"unrhyw ran o gymru",
    ),
}


def _topic(english: tuple[str, ...], welsh: tuple[str, ...]) -> re.Pattern[str]:
    # Welsh words mutate after prepositions ("i ofalwyr", "am gwsg"): match every form.
    forms = {form for word in welsh for form in mutations(word)}
    return _pattern(*english, *sorted(forms, key=len, reverse=True))


TOPICS = {
    "anxiety": _topic((r"anxiety", r"anxious", r"panic\w*"), ("gorbryder", "pryder", "poeni")),
    "low_mood": _topic(
        (r"low mood", r"depress\w*", r"feeling low"), ("hwyliau isel", "iselder", "isel")
    ),
    "sleep": _topic((r"sleep\w*", r"insomnia"), ("cwsg", "cysgu")),
    "mindfulness": _topic((r"mindful\w*", r"meditat\w*"), ("ymwybyddiaeth ofalgar",)),
    "creative": _topic(
        (r"creative", r"craft\w*", r"art", r"arts", r"writing"),
        ("creadigol", "celf", "crefft", "crefftau"),
    ),
    "walking": _topic((r"walk\w*",), ("cerdded",)),
    "carers": _topic((r"carers?", r"caring for"), ("gofalwyr", "gofalwr", "gofalu")),
}
# Language of delivery, not the conversation language: "a group in Welsh".
IN_WELSH = _pattern(
    r"in welsh",
    r"welsh speaking",
    r"welsh-speaking",
    r"welsh language",
    r"drwy gyfrwng y gymraeg",
    r"trwy gyfrwng y gymraeg",
    r"yn gymraeg",
    r"(?:grwp|grwpiau|sesiwn|sesiynau|cwrs|cyrsiau) cymraeg",
)
IN_BSL = _pattern(r"bsl", r"sign language", r"iaith arwyddion")
# How it is delivered, when the person says ("online" is an answer to "where?" above).
DELIVERY = {
    "in_person": _pattern(
        r"in person", r"face to face", r"face-to-face", r"wyneb yn wyneb", r"yn y cnawd"
    ),
    "phone": _pattern(
        r"by phone",
        r"over the phone",
        r"on the phone",
        r"phone call",
        r"dros y ffon",
        r"ar y ffon",
        r"galwad ffon",
    ),
}


def extract(text: str, now: datetime) -> list[Entity]:
    entities: list[Entity] = []
    place = resolve_place(text)
    if place is not None:
        entities.append(
            Entity("area", place.area.slug, place.start, place.end, text[place.start : place.end])
        )
    # Folding keeps character positions for these plain-ASCII keyword lists.
    folded = fold(text) if len(fold(text)) == len(text) else None
    haystack = folded if folded is not None else text.lower()
    if place is None:
        for value, pattern in AREA_WORDS.items():
            if match := pattern.search(haystack):
                entities.append(Entity("area", value, match.start(), match.end(), match.group()))
                break
    window = parse_when(text, now)
    if window is not None and window.span is not None:
        start, end = window.span
        entities.append(Entity("when", window.label, start, end, text[start:end]))
    for value, pattern in TOPICS.items():
        if match := pattern.search(haystack):
            entities.append(Entity("topic", value, match.start(), match.end(), match.group()))
            break
    for value, pattern in DELIVERY.items():
        if match := pattern.search(haystack):
            entities.append(Entity("delivery", value, match.start(), match.end(), match.group()))
            break
    for value, pattern in (("cy", IN_WELSH), ("bsl", IN_BSL)):
        if match := pattern.search(haystack):
            entities.append(
                Entity("delivery_language", value, match.start(), match.end(), match.group())
            )
            break
    return entities
