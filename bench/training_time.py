"""Time a full `rasa train` (NLU and dialogue) from scratch, as a clean clone would.

python -m bench.training_time
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import psutil

from bench.common import rasa, write_result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        rasa(
            "train",
            "--force",
            "--domain",
            "domain",
            "--data",
            "data/nlu",
            "data/rules",
            "data/stories",
            "--config",
            "config.yml",
            "--out",
            tmp,
            "--fixed-model-name",
            "b",
        )
        seconds = time.monotonic() - started
        size_mb = (Path(tmp) / "b.tar.gz").stat().st_size / 1e6
    peak = psutil.Process().memory_info().rss  # this process only; Rasa's is in the API bench
    figures = {
        "training_seconds": round(seconds, 1),
        "model_size_mb": round(size_mb, 1),
        "bench_process_rss_mb": round(peak / 1e6, 1),
        "targets": {"training_seconds_max": 300},
    }
    print(f"full training: {seconds:.0f} s, model {size_mb:.1f} MB")
    write_result("training", figures, "make bench  (python -m bench.training_time)")


if __name__ == "__main__":
    main()
