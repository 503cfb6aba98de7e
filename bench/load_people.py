"""The people the load bench simulates, and what they write.

Every message comes from the project's own data, in both languages: FAQ questions, wellbeing
session searches and their follow-ups ("in Wrexham", "next week") and small talk from
data/nlu, crisis phrasings and near-misses from the safety phrase sets, and everyday
sentences that are none of these from /work/shared/data (Welsh and English). A person picks
a language, opens a conversation (with the language, or without it and then chooses),
writes a handful of messages, and sometimes presses a button from the reply before.
"""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from bench.common import ROOT

Lang = Literal["cy", "en"]
LANGUAGES: tuple[Lang, ...] = ("cy", "en")
SHARED = ROOT.parent.parent / "shared" / "data"
PHRASES = ROOT / "tests" / "safety" / "phrases"

SMALL_TALK = ("greet", "thanks", "what_can_you_do", "bot_challenge")
# Buttons a simulated person never presses: asking for a person changes what the bench
# measures (the peer desk, not the bot), and a callback asks for contact details.
NOT_PRESSED = ("/talk_to_person", "/request_callback", "/handoff_english", "/cancel_handoff")
# What a person writes next, as weights (out of 100). Crisis messages are rare but always
# present, so the safety path is under load too.
NEXT_MESSAGE = {
    "faq": 40,
    "search": 24,
    "small_talk": 12,
    "button": 10,
    "everyday": 6,
    "near_miss": 5,
    "crisis": 3,
}
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


@dataclass(frozen=True)
class Corpus:
    """Messages by kind and language."""

    texts: dict[str, dict[Lang, list[str]]]

    def pick(self, rng: random.Random, kind: str, language: Lang) -> str:
        return rng.choice(self.texts[kind][language])

    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: {lang: len(v) for lang, v in by.items()} for kind, by in self.texts.items()}


@dataclass(frozen=True)
class Step:
    """One thing a person sends: a text, a payload, or (`kind == "button"`) one of the
    buttons on the last reply, chosen when that reply has arrived."""

    kind: str
    text: str | None = None
    payload: str | None = None


@dataclass
class Plan:
    language: Lang
    opens_with_language: bool
    steps: list[Step] = field(default_factory=list)


def nlu_examples(path: Path) -> dict[str, list[str]]:
    """Examples by intent from a Rasa NLU file (annotations removed)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, list[str]] = {}
    for item in document.get("nlu") or []:
        if "intent" not in item or not isinstance(item.get("examples"), str):
            continue
        lines = [line.strip()[2:].strip() for line in item["examples"].splitlines()]
        examples = [ANNOTATION.sub(lambda m: m.group(1) or m.group(2), x) for x in lines if x]
        found.setdefault(item["intent"], []).extend(examples)
    return found


def everyday_sentences(path: Path) -> dict[Lang, list[str]]:
    found: dict[Lang, list[str]] = {"cy": [], "en": []}
    if not path.exists():
        return found
    with path.open(encoding="utf-8", newline="") as tsv:
        for row in csv.DictReader(tsv, delimiter="\t"):
            if row.get("lang") in found and row.get("text"):
                found[row["lang"]].append(row["text"])  # type: ignore[index]
    return found


def load_corpus(root: Path = ROOT, shared: Path = SHARED) -> Corpus:
    texts: dict[str, dict[Lang, list[str]]] = {}

    def add(kind: str, language: Lang, examples: list[str]) -> None:
        texts.setdefault(kind, {"cy": [], "en": []})[language].extend(examples)

    for language in LANGUAGES:
        intents: dict[str, list[str]] = {}
        for path in sorted((root / "data" / "nlu" / language).glob("*.yml")):
            for intent, examples in nlu_examples(path).items():
                intents.setdefault(intent, []).extend(examples)
        add("faq", language, [x for i, v in intents.items() if i.startswith("faq/") for x in v])
        add("search", language, intents.get("find_wellbeing_session", []))
        add("inform", language, intents.get("inform", []))
        add("small_talk", language, [x for i in SMALL_TALK for x in intents.get(i, [])])
        phrases = yaml.safe_load((PHRASES / f"{language}.yml").read_text(encoding="utf-8"))
        add("crisis", language, list(phrases["risk"]))
        add("near_miss", language, list(phrases["near_miss"]))
    for language, sentences in everyday_sentences(shared / "langid-dev.tsv").items():
        add("everyday", language, sentences)
    # Without the shared sentences, out-of-scope examples stand in for everyday ones.
    for language in LANGUAGES:
        if not texts["everyday"][language]:
            texts["everyday"][language] = list(texts["small_talk"][language])
    empty = [f"{k}/{lang}" for k, by in texts.items() for lang, v in by.items() if not v]
    if empty:
        raise RuntimeError(f"no messages for {', '.join(empty)}")
    return Corpus(texts)


def choose_language_payload(language: Lang) -> str:
    return "/choose_language" + json.dumps({"language": language})


def plan_person(rng: random.Random, corpus: Corpus, *, buttons: bool = True) -> Plan:
    """A person's visit. `buttons=False` (the capacity comparison with bare Rasa) keeps to
    text that Rasa itself answers: no payloads, and the language given at the start."""
    language: Lang = rng.choice(LANGUAGES)
    opens_with_language = not buttons or rng.random() < 0.5
    plan = Plan(language, opens_with_language)
    if not opens_with_language and rng.random() < 0.6:
        # The active offer's Cymraeg / English button; otherwise their first message decides.
        plan.steps.append(Step("choose_language", payload=choose_language_payload(language)))
    kinds = list(NEXT_MESSAGE)
    weights = list(NEXT_MESSAGE.values())
    for _ in range(rng.randint(3, 6)):
        kind = rng.choices(kinds, weights)[0]
        if kind == "button" and not buttons:
            kind = "faq"
        if kind == "button":
            plan.steps.append(Step("button"))
            continue
        plan.steps.append(Step(kind, text=corpus.pick(rng, kind, language)))
        if kind == "search" and rng.random() < 0.5:
            plan.steps.append(Step("inform", text=corpus.pick(rng, "inform", language)))
    return plan


def button_to_press(rng: random.Random, reply: list[dict[str, object]]) -> str | None:
    """A button from the reply that a person looking around might press, if any."""
    payloads = [
        str(button.get("payload"))
        for message in reply
        for button in message.get("buttons") or []  # type: ignore[attr-defined]
        if isinstance(button, dict)
        and isinstance(button.get("payload"), str)
        and not str(button["payload"]).startswith(NOT_PRESSED)
    ]
    return rng.choice(payloads) if payloads else None
