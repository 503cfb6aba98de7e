"""Train one NLU model and parse test messages with it, in the Rasa environment.

    .venv/rasa/bin/python -m bench.nlu_worker JOB.json

`bench.nlu_eval` (app environment) writes the job: a config, a training-data folder, and
test files of plain messages. Parsing goes through the whole trained pipeline, as the live
assistant does, so the FallbackClassifier's `nlu_fallback` and the CrisisOverride count
(`rasa test nlu` undoes fallback predictions, which hides what people would get). Training
and parsing run in one process, so a fold costs one Rasa start, not one per test file.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

RANKING = 5


def parse_all(agent: Any, texts: list[str]) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        out = []
        for text in texts:
            parsed = await agent.parse_message(text)
            selector = parsed.get("response_selector") or {}
            faq = next(
                (selector[k] for k in ("faq", "default") if selector.get(k)),
                {},
            )
            out.append(
                {
                    "text": text,
                    "intent": parsed["intent"]["name"],
                    "confidence": round(float(parsed["intent"]["confidence"]), 4),
                    "intent_ranking": [
                        [r["name"], round(float(r["confidence"]), 4)]
                        for r in (parsed.get("intent_ranking") or [])[:RANKING]
                    ],
                    "answer": (faq.get("response") or {}).get("intent_response_key"),
                    "answer_ranking": [
                        [r["intent_response_key"], round(float(r["confidence"]), 4)]
                        for r in (faq.get("ranking") or [])[:RANKING]
                    ],
                    "entities": sorted({e["entity"] for e in parsed.get("entities") or []}),
                    # DIET's own intent when bot.nlu.short_reply decided (else absent)
                    "diet_intent": (parsed.get("short_reply") or {}).get("diet_intent"),
                }
            )
        return out

    return asyncio.run(run())


def main(job_file: str) -> None:
    logging.disable(logging.WARNING)
    from rasa.model_training import train_nlu

    job = json.loads(Path(job_file).read_text())
    started = time.monotonic()
    model = train_nlu(
        config=job["config"],
        nlu_data=job["train"],
        output=job["model_dir"],
        fixed_model_name="nlu",
        domain=job["domain"],
    )
    seconds = time.monotonic() - started
    if model is None:
        raise SystemExit("training failed")
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    result: dict[str, Any] = {"training_seconds": round(seconds, 1), "tests": {}}
    for name, texts in job["tests"].items():
        result["tests"][name] = parse_all(agent, texts)
    Path(job["out"]).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
