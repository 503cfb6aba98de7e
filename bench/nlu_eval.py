"""Intent quality per language on a held-out split, and what the Welsh lemmas add.

    python -m bench.nlu_eval

Each language's examples are split 80/20 per intent (fixed seed); one NLU model is trained
on both languages' 80% (as production is), then tested on each language's 20% separately.
The same split is trained again without the mutation-aware lemmas, to measure them, on the
whole Welsh test set and on its examples that contain a mutated word.

Each test's misclassified examples and confusion pairs are written to
bench/results/nlu_errors/<variant>_<test>.json, so people can see what goes wrong.

While working on the training data, two environment variables help:

    NLU_EVAL_SEED=7 python -m bench.nlu_eval      # another split (figures go to nlu_seed7.json)
    NLU_EVAL_LEMMAS_ONLY=1 python -m bench.nlu_eval   # skip the run without lemmas
    NLU_EVAL_CONFIG=/tmp/trial.yml python -m bench.nlu_eval   # measure a proposed pipeline

Look for what to fix on another seed's split, then report the default seed's figures, so that
the fixed held-out split does not become training data by another name.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from bench.common import ROOT, rasa, write_result
from bot.welsh import radical_candidates

DEFAULT_SEED = 20261122
SEED = int(os.environ.get("NLU_EVAL_SEED", DEFAULT_SEED))
LEMMAS_ONLY = os.environ.get("NLU_EVAL_LEMMAS_ONLY", "") not in ("", "0", "false")
ERRORS = ROOT / "bench" / "results" / "nlu_errors"
# To measure a proposed pipeline before changing config.yml (figures go to a separate file).
CONFIG = Path(os.environ.get("NLU_EVAL_CONFIG", ROOT / "config.yml"))
AVERAGES = {"accuracy", "macro avg", "micro avg", "weighted avg"}
ENTITY = re.compile(r"\[([^\]]+)\]\{[^}]*\}|\[([^\]]+)\]\([^)]*\)")


def load_examples(language: str) -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in doc.get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    by_intent[block["intent"]].append(line[2:])
    return by_intent


def split(by_intent: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    rng = random.Random(SEED)
    train, test = {}, {}
    for intent, examples in sorted(by_intent.items()):
        shuffled = examples[:]
        rng.shuffle(shuffled)
        cut = max(1, len(shuffled) // 5)
        test[intent], train[intent] = shuffled[:cut], shuffled[cut:]
    return train, test


def write_nlu(path: Path, by_intent: dict[str, list[str]]) -> None:
    blocks = [
        {"intent": intent, "examples": "".join(f"- {e}\n" for e in examples)}
        for intent, examples in by_intent.items()
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8"
    )


def plain_text(example: str) -> str:
    return ENTITY.sub(lambda m: m.group(1) or m.group(2), example)


def is_mutated(example: str) -> bool:
    """Contains a word whose radical form differs: where lemmas can help."""
    import simplemma

    for word in re.findall(r"[\w’']+", plain_text(example).lower()):
        if simplemma.is_known(word, lang="cy"):
            continue
        if any(simplemma.is_known(c, lang="cy") for c in radical_candidates(word)[1:]):
            return True
    return False


def write_errors(out: Path, name: str) -> None:
    """Misclassified examples and the most frequent confusions, for people to read."""
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    pairs: dict[str, int] = defaultdict(int)
    for error in errors:
        pairs[f"{error['intent']} -> {error['intent_prediction']['name']}"] += 1
    selection_file = out / "response_selection_errors.json"
    selection = json.loads(selection_file.read_text()) if selection_file.exists() else []
    report_file = out / "intent_report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    f1_by_intent = {
        intent: round(scores["f1-score"], 3)
        for intent, scores in sorted(report.items())
        if isinstance(scores, dict) and "support" in scores and intent not in AVERAGES
    }
    ERRORS.mkdir(parents=True, exist_ok=True)
    document = {
        "seed": SEED,
        "f1_by_intent": f1_by_intent,
        "confusions": dict(sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))),
        "errors": [
            {
                "text": e["text"],
                "intent": e["intent"],
                "predicted": e["intent_prediction"]["name"],
                "confidence": round(e["intent_prediction"]["confidence"], 3),
            }
            for e in errors
        ],
        "faq_answer_errors": [
            {
                "text": e.get("text"),
                "intent": e.get("intent_response_key_target"),
                "predicted": (e.get("intent_response_key_prediction") or {}).get("name"),
            }
            for e in selection
        ],
    }
    (ERRORS / f"{name}.json").write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def evaluate(model: Path, test_file: Path, out: Path, name: str = "") -> dict[str, Any]:
    rasa(
        "test",
        "nlu",
        "--model",
        str(model),
        "--nlu",
        str(test_file),
        "--out",
        str(out),
        "--no-plot",
    )
    if name:
        write_errors(out, name)
    report_file = out / "intent_report.json"
    if not report_file.exists():  # e.g. a split whose mutated Welsh test set is empty
        return {"examples": 0}
    report = json.loads(report_file.read_text())
    figures = {
        "intent_macro_f1": round(report["macro avg"]["f1-score"], 4),
        "intent_accuracy": round(report["accuracy"], 4),
        "examples": int(report["macro avg"]["support"]),
    }
    selection = out / "response_selection_report.json"
    if selection.exists():
        rs = json.loads(selection.read_text())
        figures["faq_answer_accuracy"] = round(rs.get("accuracy", 0.0), 4)
    return figures


def train_nlu(train_dir: Path, config: Path, out: Path) -> tuple[Path, float]:
    started = time.monotonic()
    rasa(
        "train",
        "nlu",
        "--nlu",
        str(train_dir),
        "--config",
        str(config),
        "--domain",
        "domain",
        "--out",
        str(out),
        "--fixed-model-name",
        "nlu",
    )
    return out / "nlu.tar.gz", time.monotonic() - started


def main() -> None:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tests: dict[str, Path] = {}
        for language in ("en", "cy"):
            train, test = split(load_examples(language))
            write_nlu(tmp / "train" / f"{language}.yml", train)
            write_nlu(tmp / f"test_{language}.yml", test)
            tests[language] = tmp / f"test_{language}.yml"
            if language == "cy":
                mutated = {i: [e for e in ex if is_mutated(e)] for i, ex in test.items()}
                if any(mutated.values()):
                    write_nlu(tmp / "test_cy_mutated.yml", {i: e for i, e in mutated.items() if e})
                    tests["cy_mutated"] = tmp / "test_cy_mutated.yml"
        config_text = CONFIG.read_text()
        variants = {
            "with_welsh_lemmas": config_text,
            "without_welsh_lemmas": config_text.replace(
                "  - name: bot.nlu.welsh_tokenizer.WelshAwareTokenizer\n",
                "  - name: bot.nlu.welsh_tokenizer.WelshAwareTokenizer\n    lemmatize: false\n",
            ),
        }
        if LEMMAS_ONLY:
            del variants["without_welsh_lemmas"]
        for name, text in variants.items():
            config = tmp / f"config_{name}.yml"
            config.write_text(text)
            model, seconds = train_nlu(tmp / "train", config, tmp / f"models_{name}")
            result: dict[str, Any] = {"nlu_training_seconds": round(seconds, 1)}
            for label, test_file in tests.items():
                result[label] = evaluate(
                    model, test_file, tmp / f"out_{name}_{label}", f"{name}_{label}"
                )
            figures[name] = result
            print(name, json.dumps(result, indent=1))
    main_result = figures["with_welsh_lemmas"]
    gap = round(main_result["en"]["intent_macro_f1"] - main_result["cy"]["intent_macro_f1"], 4)
    figures["welsh_gap_to_english"] = gap
    figures["targets"] = {"intent_macro_f1_each": ">= 0.95", "welsh_within": 0.02}
    figures["seed"] = SEED
    figures["config"] = str(CONFIG.relative_to(ROOT) if CONFIG.is_relative_to(ROOT) else CONFIG)
    if SEED == DEFAULT_SEED and CONFIG == ROOT / "config.yml":
        name, command = "nlu", "make bench  (python -m bench.nlu_eval)"
    else:
        name = f"nlu_seed{SEED}" + ("" if CONFIG == ROOT / "config.yml" else f"_{CONFIG.stem}")
        command = f"NLU_EVAL_SEED={SEED} NLU_EVAL_CONFIG={CONFIG} python -m bench.nlu_eval"
    path = write_result(name, figures, command)
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
