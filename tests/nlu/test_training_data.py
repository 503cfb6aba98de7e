"""The issue's floor for the training data: every intent, in each language, has at least 40
examples of its own, so neither language is a thin copy of the other."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from bot.settings import ROOT

MINIMUM = 40
# Set by components, never learnt: nlu_fallback by the FallbackClassifier.
NOT_TRAINED = {"nlu_fallback"}


def examples_per_intent(language: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                intent = str(block["intent"]).split("/")[0]
                lines = block["examples"].splitlines()
                counts[intent] += sum(line.strip().startswith("- ") for line in lines)
    return counts


def domain_intents() -> set[str]:
    intents: set[str] = set()
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for intent in yaml.safe_load(path.read_text(encoding="utf-8")).get("intents", []) or []:
            intents.add(next(iter(intent)) if isinstance(intent, dict) else str(intent))
    return intents - NOT_TRAINED


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_intent_has_enough_examples_in_each_language(language: str) -> None:
    counts = examples_per_intent(language)
    thin = {i: counts[i] for i in sorted(domain_intents()) if counts[i] < MINIMUM}
    assert thin == {}, f"{language}: fewer than {MINIMUM} examples for {thin}"


def test_both_languages_train_the_same_intents() -> None:
    assert set(examples_per_intent("cy")) == set(examples_per_intent("en"))
