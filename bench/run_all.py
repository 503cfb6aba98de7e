"""`make bench`: every benchmark in turn; each prints its figures and writes bench/results/."""

from __future__ import annotations

import sys
import time

from bench import (
    api_latency,
    entities_eval,
    faults,
    handoff_latency,
    langid,
    load,
    nlu_eval,
    safety_eval,
    search_latency,
    training_time,
)

STEPS = (
    ("language identification", langid.main),
    ("crisis detector", safety_eval.main),
    ("place and time extraction", entities_eval.main),
    ("directory search latency", search_latency.main),
    ("API latency and memory", api_latency.main),
    ("request to a peer supporter's inbox", handoff_latency.main),
    ("answers when a part is down", faults.main),
    ("many people at once: load and capacity", load.main),
    ("training time", training_time.main),
    ("intent quality per language", nlu_eval.main),
)


def main() -> int:
    failed = []
    for title, step in STEPS:
        print(f"\n==> {title}", flush=True)
        started = time.monotonic()
        try:
            step()
        except (Exception, SystemExit) as exc:  # report every benchmark even if one breaks
            failed.append(title)
            print(f"!! {title} failed: {exc}", file=sys.stderr)
        print(f"    ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
