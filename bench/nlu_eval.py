"""Intent quality per language by k-fold cross-validation, and what the Welsh lemmas add.

    python -m bench.nlu_eval

How it measures (each choice is there so the figure says what people would get):

- **Folds.** Each language's examples are split into K folds (5, fixed seed), stratified by
  intent and FAQ answer. Near-duplicates ("whats peer support" / "wat is peer suport") are
  grouped first and a group never straddles training and test, so a figure cannot come from
  remembering a spelling variant. For each fold one model is trained on both languages'
  other folds (as production is, one model) and tested on each language's fold. The two
  variants (with and without lemmas) of a fold train side by side; figures are written
  after every fold.
- **What the bot does.** Messages go through the whole trained pipeline in-process
  (`bench.nlu_worker`), so the FallbackClassifier and the CrisisOverride act as they do live.
  `nlu_fallback` and `out_of_scope` get the same kind of reply (Cymar says it cannot help
  with that and offers the same four choices), so for scoring a fallback is the out-of-scope
  outcome: right for an off-topic message, wrong for anything Cymar should have answered.
  The fallback rate, and the F1 there would be with no FallbackClassifier, are reported too.
- **FAQ answers.** Questions about peer support, recovery colleges and wellbeing sessions are
  one retrieval intent, `faq`; the ResponseSelector chooses the answer. `faq_answer_accuracy`
  is the share of FAQ questions that get the labelled answer (intent `faq` and the right key),
  with no conversation context. `faq_answer_accuracy_in_topic` is the same when the person has
  just been talking about that question's topic (a follow-up), resolved by
  `bot.content.faq.resolve_answer` exactly as `action_answer_faq` does.
- **Mutations.** `data/eval/cy_mutated.yml` is a Welsh test set written apart from the
  training data: every message's key word is in a soft, nasal or aspirate mutated form. It is
  scored with every fold's model, with and without the lemma feature.

- **Short replies.** `bot.nlu.short_reply` decides messages made only of closed-class replies
  ("ie", "nac ydw", "thanks x") from a list a person wrote (bot/short_replies.py), not from
  the folds, so on the folds it has seen every such phrase it lists. To keep that visible,
  `short_reply_decided` counts what it decided and `intent_macro_f1_diet_alone` is the
  figure with DIET's own guess in its place (from the same models).
- **Blind sets.** `data/eval/blind_en.yml` and `blind_cy.yml` were written fresh as people
  type, apart from the training data. One model is trained on all the training data and
  tested on them (bench/results/nlu_blind.json). Short messages cannot help being like some
  training example ("nope"), so the figures are also given for `novel`, the messages that
  are not a near-duplicate of any training example.

Results go to bench/results/nlu.json and nlu_blind.json; misclassified examples and
confusions to bench/results/nlu_errors/<variant>_<test>.json.

Seed discipline: look for what to fix on another seed's folds, then report the default
seed's figures, so that the reported folds do not become training data by another name.

    NLU_EVAL_SEED=7 python -m bench.nlu_eval          # other folds (figures go to nlu_seed7.json)
    NLU_EVAL_LEMMAS_ONLY=1 python -m bench.nlu_eval   # skip the run without lemmas
    NLU_EVAL_FOLDS=2,4 python -m bench.nlu_eval       # only some of the folds (quicker, noisier)
    NLU_EVAL_CONFIG=/tmp/trial.yml python -m bench.nlu_eval   # measure a proposed pipeline
    NLU_EVAL_KEEP_PREDICTIONS=/tmp/p python -m bench.nlu_eval # keep every prediction
    NLU_EVAL_BLIND=only python -m bench.nlu_eval       # only the blind sets (or =skip)
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from bench.common import ROOT, write_result
from bot.content.faq import resolve_answer, topic_of
from bot.welsh import fold

DEFAULT_SEED = 20261122
SEED = int(os.environ.get("NLU_EVAL_SEED", DEFAULT_SEED))
K = 5
ONLY_FOLDS = [int(f) for f in os.environ.get("NLU_EVAL_FOLDS", "").split(",") if f.strip()]
LEMMAS_ONLY = os.environ.get("NLU_EVAL_LEMMAS_ONLY", "") not in ("", "0", "false")
ERRORS = ROOT / "bench" / "results" / "nlu_errors"
CONFIG = Path(os.environ.get("NLU_EVAL_CONFIG", ROOT / "config.yml"))
# Where to keep every prediction, to study thresholds without retraining (optional).
KEEP = os.environ.get("NLU_EVAL_KEEP_PREDICTIONS", "")
MUTATED = ROOT / "data" / "eval" / "cy_mutated.yml"
BLIND = {language: ROOT / "data" / "eval" / f"blind_{language}.yml" for language in ("en", "cy")}
BLIND_MODE = os.environ.get("NLU_EVAL_BLIND", "")  # "only", "skip", or both (default)
# Idioms and near-misses the safety detector must not flag ("this queue is killing me"):
# DIET's own `crisis` intent must not fire on them either.
NEAR_MISSES = ROOT / "tests" / "safety" / "phrases"
RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"
ENTITY = re.compile(r"\[([^\]]+)\]\{[^}]*\}|\[([^\]]+)\]\([^)]*\)")
# Two messages whose character trigrams overlap this much are variants of one message
# ("whats a recovery college" / "what is a recvery college"). At 0.6 distinct questions
# were grouped too ("does my gp have to know" / "... agree"), and chains grew to 43.
NEAR_DUPLICATE = 0.7
FALLBACK, OUT_OF_SCOPE = "nlu_fallback", "out_of_scope"
LANGUAGES = ("en", "cy")

Example = tuple[str, str]  # (label, message as written in the data, with entity markup)


def load_nlu(paths: list[Path]) -> list[Example]:
    examples: list[Example] = []
    for path in paths:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in doc.get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((block["intent"], line[2:]))
    return examples


def load_language(language: str) -> list[Example]:
    return load_nlu(sorted((ROOT / "data" / "nlu" / language).glob("*.yml")))


def plain_text(example: str) -> str:
    return ENTITY.sub(lambda m: m.group(1) or m.group(2), example)


def base_intent(label: str) -> str:
    return label.split("/")[0]


def trigrams(text: str) -> frozenset[str]:
    padded = f" {re.sub(r'[^a-z0-9 ]+', '', fold(text))} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicate_groups(texts: list[str]) -> list[int]:
    """Union-find over messages whose trigram Jaccard similarity is >= NEAR_DUPLICATE."""
    grams = [trigrams(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if similarity(grams[i], grams[j]) >= NEAR_DUPLICATE:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(texts))]


def near_duplicates_of(tests: list[Example], training: list[Example]) -> list[str]:
    """Test messages that are a near-duplicate of some training example (should be none)."""
    grams = [trigrams(plain_text(t)) for _, t in training]
    return [
        plain_text(t)
        for _, t in tests
        if any(similarity(trigrams(plain_text(t)), g) >= NEAR_DUPLICATE for g in grams)
    ]


def assign_folds(examples: list[Example], seed: int, k: int = K) -> list[int]:
    """A fold per example: stratified by label, near-duplicate groups kept together."""
    groups = near_duplicate_groups([plain_text(text) for _, text in examples])
    members: dict[int, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        members[group].append(index)
    by_label: dict[str, list[list[int]]] = defaultdict(list)
    for group_members in members.values():
        label = Counter(examples[i][0] for i in group_members).most_common(1)[0][0]
        by_label[label].append(sorted(group_members))
    rng = random.Random(seed)
    fold_of = [0] * len(examples)
    fold_sizes = [0] * k
    for label in sorted(by_label):
        label_groups = sorted(by_label[label])
        rng.shuffle(label_groups)
        label_groups.sort(key=len, reverse=True)  # big groups first, then fill (stable)
        label_counts = [0] * k
        for group_members in label_groups:
            target = min(range(k), key=lambda f: (label_counts[f], fold_sizes[f], f))
            for i in group_members:
                fold_of[i] = target
            label_counts[target] += len(group_members)
            fold_sizes[target] += len(group_members)
    return fold_of


def write_nlu(path: Path, examples: list[Example]) -> None:
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, text in examples:
        by_label[label].append(text)
    blocks = [
        {"intent": label, "examples": "".join(f"- {e}\n" for e in texts)}
        for label, texts in sorted(by_label.items())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8"
    )


def run_workers(jobs: dict[str, dict[str, Any]], tmp: Path) -> dict[str, dict[str, Any]]:
    """One worker per job, side by side (a fold's variants share nothing but the CPU)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    running = {}
    for name, job in jobs.items():
        job_file = tmp / f"job_{name}.json"
        job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        running[name] = subprocess.Popen(
            [str(RASA_PYTHON), "-m", "bench.nlu_worker", str(job_file)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for name, process in running.items():
        out, err = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"NLU worker failed ({name}):\n{out[-2000:]}{err[-4000:]}")
        results[name] = json.loads(Path(jobs[name]["out"]).read_text(encoding="utf-8"))
    return results


def outcome(prediction: dict[str, Any]) -> str:
    """What the person gets, as an intent: a fallback reply is the out-of-scope outcome."""
    intent = str(prediction["intent"])
    return OUT_OF_SCOPE if intent == FALLBACK else intent


def diet_alone(prediction: dict[str, Any]) -> str:
    """The outcome had bot.nlu.short_reply not decided (risk and form answers still win)."""
    diet = prediction.get("diet_intent")
    if diet and prediction["intent"] not in ("crisis", "inform"):
        return OUT_OF_SCOPE if diet == FALLBACK else str(diet)
    return outcome(prediction)


def f1_report(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    labels = sorted(set(gold) | set(predicted))
    report = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[label] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": tp + fn,
        }
    return report


def score(examples: list[Example], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [base_intent(label) for label, _ in examples]
    got = [outcome(p) for p in predictions]
    report = f1_report(gold, got)
    macro = sum(r["f1"] for r in report.values()) / len(report)
    before_fallback = [
        next((str(name) for name, _ in p["intent_ranking"] if name != FALLBACK), OUT_OF_SCOPE)
        for p in predictions
    ]
    raw = f1_report(gold, before_fallback)
    figures: dict[str, Any] = {
        "examples": len(examples),
        "intent_macro_f1": round(macro, 4),
        "intent_accuracy": round(
            sum(g == p for g, p in zip(gold, got, strict=True)) / len(gold), 4
        ),
        "fallback_rate": round(sum(p["intent"] == FALLBACK for p in predictions) / len(gold), 4),
        "in_scope_fallbacks": sum(
            p["intent"] == FALLBACK and g != OUT_OF_SCOPE
            for g, p in zip(gold, predictions, strict=True)
        ),
        "intent_macro_f1_without_fallback": round(sum(r["f1"] for r in raw.values()) / len(raw), 4),
        "f1_by_intent": {label: r["f1"] for label, r in report.items()},
    }
    decided = [
        (g, o) for g, o, p in zip(gold, got, predictions, strict=True) if p.get("diet_intent")
    ]
    if decided:
        alone = f1_report(gold, [diet_alone(p) for p in predictions])
        figures["short_reply_decided"] = len(decided)
        figures["short_reply_correct"] = sum(g == o for g, o in decided)
        figures["intent_macro_f1_diet_alone"] = round(
            sum(r["f1"] for r in alone.values()) / len(alone), 4
        )
    faq = [
        (label, p)
        for (label, _), p in zip(examples, predictions, strict=True)
        if base_intent(label) == "faq"
    ]
    if faq:
        answered = [p["intent"] == "faq" and p["answer"] == label for label, p in faq]
        selector = [p["answer"] == label for label, p in faq]
        in_topic = [
            p["intent"] == "faq"
            and resolve_answer(p["answer_ranking"], p["text"], topic_of(label)) == label
            for label, p in faq
        ]
        figures["faq_questions"] = len(faq)
        figures["faq_answer_accuracy"] = round(sum(answered) / len(faq), 4)
        figures["faq_selector_accuracy"] = round(sum(selector) / len(faq), 4)
        figures["faq_answer_accuracy_in_topic"] = round(sum(in_topic) / len(faq), 4)
    return figures


def crisis_guesses(examples: list[Example], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    """How often an idiom got the crisis intent (from any fold's model; the detector is off)."""
    fired = sorted(
        {t for (_, t), p in zip(examples, predictions, strict=True) if p["intent"] == "crisis"}
    )
    return {
        "parses": len(predictions),
        "crisis_intent": sum(p["intent"] == "crisis" for p in predictions),
        "phrases_with_crisis_intent": fired,
    }


def write_errors(name: str, examples: list[Example], predictions: list[dict[str, Any]]) -> None:
    """Misclassified examples and the most frequent confusions, for people to read."""
    pairs: Counter[str] = Counter()
    errors, answer_errors = [], []
    for (label, text), p in zip(examples, predictions, strict=True):
        gold, got = base_intent(label), outcome(p)
        if gold != got:
            pairs[f"{gold} -> {p['intent']}"] += 1
            errors.append(
                {
                    "text": plain_text(text),
                    "intent": label,
                    "predicted": p["intent"],
                    "confidence": p["confidence"],
                    "ranking": p["intent_ranking"][:3],
                }
            )
        elif gold == "faq" and p["answer"] != label:
            answer_errors.append(
                {"text": plain_text(text), "intent": label, "predicted": p["answer"]}
            )
    ERRORS.mkdir(parents=True, exist_ok=True)
    document = {
        "seed": SEED,
        "confusions": dict(sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))),
        "errors": errors,
        "faq_answer_errors": answer_errors,
    }
    (ERRORS / f"{name}.json").write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def variants() -> dict[str, str]:
    text = CONFIG.read_text()
    found = {"with_welsh_lemmas": text}
    if not LEMMAS_ONLY:
        tokenizer = "  - name: bot.nlu.welsh_tokenizer.WelshAwareTokenizer\n"
        assert tokenizer in text, "the config no longer names the Welsh tokenizer"
        found["without_welsh_lemmas"] = text.replace(
            tokenizer, tokenizer + "    lemmatize: false\n"
        )
    return found


def cross_validate(tmp: Path) -> dict[str, Any]:
    data = {language: load_language(language) for language in LANGUAGES}
    folds = {language: assign_folds(examples, SEED) for language, examples in data.items()}
    mutated = load_nlu([MUTATED]) if MUTATED.exists() else []
    idioms = {
        language: [
            (OUT_OF_SCOPE, phrase)
            for phrase in yaml.safe_load((NEAR_MISSES / f"{language}.yml").read_text("utf-8"))[
                "near_miss"
            ]
        ]
        for language in LANGUAGES
    }
    run_folds = ONLY_FOLDS or list(range(K))
    figures: dict[str, Any] = {
        "cy_mutated_near_duplicates_of_training": near_duplicates_of(mutated, data["cy"])
    }
    configs = {}
    for variant, config_text in variants().items():
        configs[variant] = tmp / f"config_{variant}.yml"
        configs[variant].write_text(config_text)
    gold: dict[str, list[Example]] = defaultdict(list)
    predicted: dict[str, dict[str, list[dict[str, Any]]]] = {v: defaultdict(list) for v in configs}
    seconds: dict[str, list[float]] = {v: [] for v in configs}
    for done, f in enumerate(run_folds, start=1):
        train_dir = tmp / f"fold{f}" / "train"
        tests: dict[str, list[Example]] = {}
        for language, examples in data.items():
            in_fold = [e for e, k in zip(examples, folds[language], strict=True) if k == f]
            rest = [e for e, k in zip(examples, folds[language], strict=True) if k != f]
            write_nlu(train_dir / f"{language}.yml", rest)
            tests[language] = in_fold
        if mutated:
            tests["cy_mutated"] = mutated
        for language in LANGUAGES:
            tests[f"idioms_{language}"] = idioms[language]
        texts = {name: [plain_text(t) for _, t in examples] for name, examples in tests.items()}
        jobs = {
            variant: {
                "config": str(config),
                "train": str(train_dir),
                "domain": str(ROOT / "domain"),
                "model_dir": str(tmp / f"fold{f}" / variant / "model"),
                "out": str(tmp / f"fold{f}" / f"{variant}.json"),
                "tests": texts,
            }
            for variant, config in configs.items()
        }
        results = run_workers(jobs, tmp / f"fold{f}")
        for name, examples in tests.items():
            gold[name].extend(examples)
        for variant, result in results.items():
            seconds[variant].append(result["training_seconds"])
            for name in tests:
                predicted[variant][name].extend(result["tests"][name])
            print(
                f"  fold {f} {variant}: trained in {result['training_seconds']:.0f} s", flush=True
            )
        for variant in configs:
            figures[variant] = summarise(gold, predicted[variant], seconds[variant], variant)
        figures["folds"] = {
            "k": K,
            "run": run_folds[:done],
            "seed": SEED,
            "near_duplicates_grouped_at": NEAR_DUPLICATE,
            # Both variants train side by side, so per-fold seconds are not a training time.
            "note": "training_seconds_per_fold: two models trained at once on a shared CPU",
        }
        publish(figures)  # after every fold, so a long run keeps what it has measured
        print(json.dumps(figures, indent=1, ensure_ascii=False)[:6000], flush=True)
    return figures


def summarise(
    gold: dict[str, list[Example]],
    predicted: dict[str, list[dict[str, Any]]],
    seconds: list[float],
    variant: str,
) -> dict[str, Any]:
    figures: dict[str, Any] = {"training_seconds_per_fold": round(sum(seconds) / len(seconds), 1)}
    if KEEP:
        kept = {n: [[*gold[n][i], p] for i, p in enumerate(predicted[n])] for n in gold}
        Path(f"{KEEP}_{variant}.json").write_text(json.dumps(kept, ensure_ascii=False))
    for name in gold:
        if name.startswith("idioms_"):
            figures[name] = crisis_guesses(gold[name], predicted[name])
            continue
        figures[name] = score(gold[name], predicted[name])
        write_errors(f"{variant}_{name}", gold[name], predicted[name])
    return figures


def publish(figures: dict[str, Any]) -> None:
    figures = dict(figures)
    main_result = figures["with_welsh_lemmas"]
    gap = round(main_result["en"]["intent_macro_f1"] - main_result["cy"]["intent_macro_f1"], 4)
    figures["welsh_gap_to_english"] = gap
    figures["targets"] = {"intent_macro_f1_each": ">= 0.95", "welsh_within": 0.02}
    figures["config"] = str(CONFIG.relative_to(ROOT) if CONFIG.is_relative_to(ROOT) else CONFIG)
    default = SEED == DEFAULT_SEED and CONFIG == ROOT / "config.yml" and not ONLY_FOLDS
    if default:
        name, command = "nlu", "make bench  (python -m bench.nlu_eval)"
    else:
        name = f"nlu_seed{SEED}" + ("" if CONFIG == ROOT / "config.yml" else f"_{CONFIG.stem}")
        command = f"NLU_EVAL_SEED={SEED} NLU_EVAL_CONFIG={CONFIG} python -m bench.nlu_eval"
    path = write_result(name, figures, command)
    print(f"written {path.relative_to(ROOT)}", flush=True)


def blind(tmp: Path) -> dict[str, Any]:
    """Train one model on all the training data; test it on the blind sets."""
    data = {language: load_language(language) for language in LANGUAGES}
    tests = {language: load_nlu([BLIND[language]]) for language in LANGUAGES}
    train_dir = tmp / "blind" / "train"
    for language, examples in data.items():
        write_nlu(train_dir / f"{language}.yml", examples)
    config = tmp / "config_blind.yml"
    config.write_text(CONFIG.read_text())
    job = {
        "config": str(config),
        "train": str(train_dir),
        "domain": str(ROOT / "domain"),
        "model_dir": str(tmp / "blind" / "model"),
        "out": str(tmp / "blind" / "result.json"),
        "tests": {name: [plain_text(t) for _, t in examples] for name, examples in tests.items()},
    }
    result = run_workers({"blind": job}, tmp / "blind")["blind"]
    figures: dict[str, Any] = {"training_seconds": result["training_seconds"]}
    for language in LANGUAGES:
        examples, predictions = tests[language], result["tests"][language]
        similar = set(near_duplicates_of(examples, data[language]))
        novel = [
            (e, p)
            for e, p in zip(examples, predictions, strict=True)
            if plain_text(e[1]) not in similar
        ]
        figures[language] = score(examples, predictions)
        figures[f"{language}_novel"] = score([e for e, _ in novel], [p for _, p in novel])
        figures[f"{language}_near_duplicates_of_training"] = len(similar)
        write_errors(f"blind_{language}", examples, predictions)
    gap = round(figures["en"]["intent_macro_f1"] - figures["cy"]["intent_macro_f1"], 4)
    figures["welsh_gap_to_english"] = gap
    figures["targets"] = {"intent_macro_f1_each": ">= 0.95", "welsh_within": 0.02}
    figures["config"] = str(CONFIG.relative_to(ROOT) if CONFIG.is_relative_to(ROOT) else CONFIG)
    name = "nlu_blind" + ("" if CONFIG == ROOT / "config.yml" else f"_{CONFIG.stem}")
    path = write_result(name, figures, "make bench  (python -m bench.nlu_eval)")
    print(json.dumps(figures, indent=1, ensure_ascii=False)[:4000], flush=True)
    print(f"written {path.relative_to(ROOT)}", flush=True)
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        if BLIND_MODE != "only":
            cross_validate(Path(tmp_name))
        if BLIND_MODE != "skip":
            blind(Path(tmp_name))


if __name__ == "__main__":
    main()
