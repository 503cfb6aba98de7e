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
    figures["targets"] = {"recall": 1.0, "false_positive_rate_max": 0.03}
    write_result("safety", figures, "make bench  (python -m bench.safety_eval)")


if __name__ == "__main__":
    main()
