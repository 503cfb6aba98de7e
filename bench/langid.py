"""Benchmark Welsh/English language identification on the shared dev set.

    python bench/langid.py

Compares, per length bucket and per language:

1. plain langdetect restricted to its ``cy`` and ``en`` profiles;
2. lingua restricted to Welsh and English (heavier; never imported by the product);
3. ``bot.language.detect`` — a None answer counts as wrong, and its coverage (non-None
   rate) and "confident" rate (what may set the conversation language) are reported too.

The dev set has no 1–2 word rows, but chat messages often are that short, so two
synthetic buckets ("1w*", "2w*") are derived from the first one or two words of every
row.  Many of those are names or shared words, so read them comparatively.

The data path can be overridden with CYMAR_LANGID_TSV.  Results go to
bench/results/langid.json.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TSV = Path(__file__).resolve().parents[2] / "shared/data/langid-dev.tsv"
RESULTS = ROOT / "bench/results/langid.json"
BUCKET_ORDER = ("1w*", "2w*", "3-5", "6-10", "11-25")

Guess = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Row:
    lang: str
    bucket: str
    text: str


def load_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = [Row(r["lang"], r["bucket"], r["text"]) for r in reader]
    # Synthetic short buckets: the first one / two words of each sentence.
    short = [
        Row(row.lang, f"{n}w*", " ".join(row.text.split()[:n]))
        for n in (1, 2)
        for row in rows
        if len(row.text.split()) > n
    ]
    return rows + short


def langdetect_guesser() -> Guess:
    # The product's own cy/en-only factory, so this is exactly "plain langdetect" as used.
    from bot.language import langdetect_welsh_probability

    def guess(text: str) -> str | None:
        probability = langdetect_welsh_probability(text)
        if probability is None:
            return None
        return "cy" if probability > 0.5 else "en"

    return guess


def lingua_guesser() -> Guess:
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.WELSH, Language.ENGLISH).build()
    codes = {Language.WELSH: "cy", Language.ENGLISH: "en"}

    def guess(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return codes.get(found) if found is not None else None

    return guess


def ours_guesser() -> Guess:
    from bot.language import _factory, detect

    _factory.cache_clear()  # time our own lazy set-up, not the one langdetect's run left

    def guess(text: str) -> str | None:
        return detect(text).lang

    return guess


def ours_forced_guesser() -> Guess:
    # Same evidence as detect() but never abstains (sign of the score): a like-for-like
    # comparison with the other two, which always answer.
    from bot.language import _analyse

    def guess(text: str) -> str | None:
        evidence = _analyse(text)
        if evidence.letters == 0:
            return None
        return "cy" if evidence.score > 0 else "en"

    return guess


def evaluate(name: str, make: Callable[[], Guess], rows: Sequence[Row]) -> dict[str, Any]:
    started = time.perf_counter()
    guess = make()
    guess("warm up")  # lazy model/profile loading is timed separately from per-call cost
    setup_ms = (time.perf_counter() - started) * 1000

    correct: dict[tuple[str, str], int] = defaultdict(int)
    answered: dict[tuple[str, str], int] = defaultdict(int)
    total: dict[tuple[str, str], int] = defaultdict(int)
    timings: list[float] = []
    errors: list[dict[str, str | None]] = []
    for row in rows:
        t0 = time.perf_counter()
        got = guess(row.text)
        timings.append((time.perf_counter() - t0) * 1000)
        for key in ((row.bucket, row.lang), (row.bucket, "all")):
            total[key] += 1
            answered[key] += got is not None
            correct[key] += got == row.lang
        if got != row.lang and not row.bucket.endswith("*"):
            errors.append({"lang": row.lang, "bucket": row.bucket, "got": got, "text": row.text})

    cells = {
        f"{bucket}/{lang}": {
            "n": total[(bucket, lang)],
            "accuracy": round(correct[(bucket, lang)] / total[(bucket, lang)], 4),
            "coverage": round(answered[(bucket, lang)] / total[(bucket, lang)], 4),
            "precision": round(correct[(bucket, lang)] / max(1, answered[(bucket, lang)]), 4),
        }
        for bucket, lang in sorted(total)
    }
    real = [r for r in rows if not r.bucket.endswith("*")]
    real_correct = sum(correct[(b, "all")] for b in {r.bucket for r in real})
    return {
        "method": name,
        "cells": cells,
        "overall_accuracy_real_buckets": round(real_correct / len(real), 4),
        "setup_ms": round(setup_ms, 1),
        "ms_per_call_mean": round(statistics.fmean(timings), 4),
        "ms_per_call_median": round(statistics.median(timings), 4),
        "ms_per_call_p95": round(sorted(timings)[int(0.95 * len(timings)) - 1], 4),
        "errors_real_buckets": errors,
    }


def confident_rates(rows: Sequence[Row]) -> dict[str, Any]:
    """How often a 3+ word message is detected confidently enough to set the language."""
    from bot.language import CONFIDENT, MIN_WORDS, detect

    rates: dict[str, Any] = {}
    for bucket in ("3-5", "6-10", "11-25"):
        subset = [r for r in rows if r.bucket == bucket]
        if not subset:
            continue
        detections = [(r, detect(r.text)) for r in subset]
        confident = [
            (r, d)
            for r, d in detections
            if d.lang is not None and d.words >= MIN_WORDS and d.confidence >= CONFIDENT
        ]
        rates[bucket] = {
            "confident_rate": round(len(confident) / len(subset), 4),
            "confident_wrong": sum(1 for r, d in confident if d.lang != r.lang),
        }
    return {"threshold": CONFIDENT, "min_words": MIN_WORDS, "buckets": rates}


def print_table(results: Sequence[dict[str, Any]], buckets: Sequence[str]) -> None:
    header = f"{'bucket':7} {'lang':4} " + " ".join(f"{r['method']:>14}" for r in results)
    print(header + f" {'ours coverage':>14} {'ours precision':>14}")
    print("-" * (len(header) + 30))
    ours = results[-1]
    for bucket in buckets:
        for lang in ("cy", "en", "all"):
            key = f"{bucket}/{lang}"
            if key not in ours["cells"]:
                continue
            accs = " ".join(f"{r['cells'][key]['accuracy'] * 100:13.1f}%" for r in results)
            cell = ours["cells"][key]
            print(
                f"{bucket:7} {lang:4} {accs} {cell['coverage'] * 100:13.1f}%"
                f" {cell['precision'] * 100:13.1f}%"
            )
    print()
    for r in results:
        print(
            f"{r['method']:12} overall(real buckets)"
            f" {r['overall_accuracy_real_buckets'] * 100:5.1f}%"
            f"  ms/call mean {r['ms_per_call_mean']:.3f} median {r['ms_per_call_median']:.3f}"
            f" p95 {r['ms_per_call_p95']:.3f}  setup {r['setup_ms']:.0f} ms"
        )


def main() -> int:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere: make `bot` importable
    path = Path(os.environ.get("CYMAR_LANGID_TSV", DEFAULT_TSV))
    rows = load_rows(path)
    methods: list[tuple[str, Callable[[], Guess]]] = [
        ("langdetect", langdetect_guesser),
        ("lingua", lingua_guesser),
        ("ours-forced", ours_forced_guesser),
        ("ours", ours_guesser),
    ]
    results = [evaluate(name, make, rows) for name, make in methods]
    buckets = [b for b in BUCKET_ORDER if any(r.bucket == b for r in rows)]
    print(
        f"{path}: {sum(1 for r in rows if not r.bucket.endswith('*'))} rows (+ synthetic 1w*/2w*)"
    )
    print("accuracy (None counts as wrong); ours = bot.language.detect")
    print_table(results, buckets)
    confident = confident_rates(rows)
    for bucket, figures in confident["buckets"].items():
        print(
            f"ours confident (>= {confident['threshold']}, {confident['min_words']}+ words) "
            f"{bucket}: {figures['confident_rate'] * 100:.1f}% of rows, "
            f"{figures['confident_wrong']} wrong"
        )
    for r in results:
        for error in r["errors_real_buckets"]:
            print(f"  {r['method']} wrong: {error['lang']}->{error['got']} {error['text']!r}")

    versions: dict[str, str | None] = {}
    for package in ("langdetect", "lingua-language-detector"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "data": str(path),
        "rows": len([r for r in rows if not r.bucket.endswith("*")]),
        "python": platform.python_version(),
        "versions": versions,
        "note": "None counts as wrong; 1w*/2w* are first-1/2-word prefixes of every row",
        "results": results,
        "ours_confident": confident,
    }
    RESULTS.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
