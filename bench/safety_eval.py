"""Crisis detector recall and false-positive rate per language on our phrase sets.

python -m bench.safety_eval
"""

from __future__ import annotations

import time
from typing import Any

import yaml

from bench.common import ROOT, write_result
from bot.safety import assess

PHRASES = ROOT / "tests" / "safety" / "phrases"
HUGE_CHUNK = (
    "Had a long day at work, the queue at the post office was killing me and my feet "
    "are killing me too. Mae'r tywydd yn ofnadwy yng Nghaerdydd heddiw. "
)


def main() -> None:
    figures: dict[str, Any] = {}
    for language in ("en", "cy"):
        doc = yaml.safe_load((PHRASES / f"{language}.yml").read_text(encoding="utf-8"))
        risk, near = doc["risk"], doc["near_miss"]
        started = time.perf_counter()
        caught = [p for p in risk if assess(p).at_risk]
        false_alarms = [p for p in near if assess(p).at_risk]
        elapsed = time.perf_counter() - started
        figures[language] = {
            "risk_phrases": len(risk),
            "near_misses": len(near),
            "recall": round(len(caught) / len(risk), 4),
            "false_positive_rate": round(len(false_alarms) / len(near), 4),
            "missed": [p for p in risk if p not in caught],
            "false_alarms": false_alarms,
            "mean_ms_per_message": round(elapsed * 1000 / (len(risk) + len(near)), 3),
        }
        print(
            f"{language}: recall {figures[language]['recall']:.1%} on {len(risk)} risk phrases, "
            f"false positives {figures[language]['false_positive_rate']:.1%} "
            f"on {len(near)} near-misses"
        )
    # The longest message a person can send (the router screens all of it, even when it is
    # too long to answer): ordinary text, so every rule is tried and none matches.
    huge = (HUGE_CHUNK * (10_000 // len(HUGE_CHUNK) + 1))[:10_000]
    started = time.perf_counter()
    for _ in range(5):
        assert not assess(huge).at_risk
    figures["ms_for_10000_characters"] = round((time.perf_counter() - started) * 1000 / 5, 1)
    print(f"10,000 characters screened in {figures['ms_for_10000_characters']} ms")
    figures["targets"] = {"recall": 1.0, "false_positive_rate_max": 0.03}
    write_result("safety", figures, "make bench  (python -m bench.safety_eval)")


if __name__ == "__main__":
    main()
