"""Entity extraction quality (area and when) per language on annotated search requests.

    python -m bench.entities_eval

The annotated sets (tests/directory/entity_eval/{en,cy}.yml) were written independently of
the extractor. A prediction counts when entity type and normalised value match the
annotation (what search uses); span-exact figures are reported too.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any

import yaml

from bench.common import ROOT, write_result
from bot.directory.areas import resolve_place
from bot.directory.entities import extract
from bot.directory.schedule import WALES

SETS = ROOT / "tests" / "directory" / "entity_eval"
ANNOTATION = re.compile(r"\[([^\]]+)\]\((\{[^)]*\})\)|\[([^\]]+)\](\{[^}]*\})")
ENTITIES = ("area", "when")


def parse(example: str) -> tuple[str, list[tuple[str, str, int, int]]]:
    """Plain text and (entity, value, start, end) from Rasa's inline annotation."""
    import json

    text, gold, cursor, out = example, [], 0, []
    for match in ANNOTATION.finditer(text):
        out.append(text[cursor : match.start()])
        surface = match.group(1) or match.group(3)
        meta = json.loads(match.group(2) or match.group(4))
        start = sum(len(p) for p in out)
        out.append(surface)
        gold.append((meta["entity"], str(meta.get("value", surface)), start, start + len(surface)))
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out), gold


def f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(score, 4)}


def evaluate(language: str, now: datetime) -> dict[str, Any]:
    doc = yaml.safe_load((SETS / f"{language}.yml").read_text(encoding="utf-8"))
    counts = {e: {"tp": 0, "fp": 0, "fn": 0, "span_tp": 0} for e in ENTITIES}
    errors: list[str] = []
    messages = 0
    for block in doc["nlu"]:
        for line in block["examples"].splitlines():
            if not line.strip().startswith("- "):
                continue
            messages += 1
            text, gold = parse(line.strip()[2:])
            predicted = [
                (e.entity, e.value, e.start, e.end)
                for e in extract(text, now)
                if e.entity in ENTITIES
            ]
            for entity in ENTITIES:
                g = {(v) for (n, v, _, _) in gold if n == entity}
                p = {(v) for (n, v, _, _) in predicted if n == entity}
                counts[entity]["tp"] += len(g & p)
                counts[entity]["fp"] += len(p - g)
                counts[entity]["fn"] += len(g - p)
                gs = {(v, s, t) for (n, v, s, t) in gold if n == entity}
                ps = {(v, s, t) for (n, v, s, t) in predicted if n == entity}
                counts[entity]["span_tp"] += len(gs & ps)
                if g != p:
                    errors.append(f"{entity}: {text!r} gold={sorted(g)} got={sorted(p)}")
    figures: dict[str, Any] = {"messages": messages}
    for entity, c in counts.items():
        figures[entity] = f1(c["tp"], c["fp"], c["fn"])
        figures[entity]["span_exact_f1"] = f1(
            c["span_tp"], c["tp"] + c["fp"] - c["span_tp"], c["tp"] + c["fn"] - c["span_tp"]
        )["f1"]
    figures["errors"] = errors
    return figures


def place_speed() -> float:
    """Milliseconds to read a place from a message once the gazetteer is loaded."""
    messages = [
        "Helo, dw i’n chwilio am grŵp cymorth cymheiriaid ger Llandrindod Wells yr wythnos nesaf",
        "Hi, are there any recovery college courses near me? I live in CF14 and can travel",
        "mae gen i gwestiwn am y sesiynau lles",
    ]
    resolve_place(messages[0])
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for message in messages:
            resolve_place(message)
    return round((time.perf_counter() - started) * 1000 / (rounds * len(messages)), 3)


def main() -> None:
    # Fixed "now" so time labels resolve the same way every run (a Sunday morning).
    now = datetime(2026, 11, 22, 10, 0, tzinfo=WALES)
    figures = {language: evaluate(language, now) for language in ("en", "cy")}
    for language, result in figures.items():
        print(
            f"{language}: area F1 {result['area']['f1']:.3f}, when F1 {result['when']['f1']:.3f} "
            f"on {result['messages']} messages ({len(result['errors'])} disagreements)"
        )
    figures["place_ms_per_message"] = place_speed()
    print(f"place resolution: {figures['place_ms_per_message']} ms a message after the first")
    figures["targets"] = {"f1_each": ">= 0.95"}
    write_result("entities", figures, "make bench  (python -m bench.entities_eval)")


if __name__ == "__main__":
    main()
