"""API latency over 200 sequential messages in both languages, and each process's peak memory.

    python -m bench.api_latency

Starts the real stack (the Procfile's processes) on free ports with its own database.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from bench.common import write_result
from bot.ops.stack import start_stack

MESSAGES = {
    "en": [
        "hi there",
        "what is peer support?",
        "is it free",
        "how do i sign up for a recovery college course",
        "can carers come too",
        "are there any wellbeing sessions near me",
        "are you a real person",
        "thanks that's helpful",
    ],
    "cy": [
        "shwmae",
        "beth yw cymorth gan gymheiriaid?",
        "ydy o am ddim",
        "sut dw i'n cofrestru ar gwrs yn y coleg adfer",
        "ga i ddod â fy ngofalwr",
        "oes sesiynau lles yn agos ata i",
        "wyt ti'n berson go iawn",
        "diolch yn fawr",
    ],
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def peak_memory_mb(root_pid: int) -> dict[str, float]:
    peaks: dict[str, float] = {}
    for child in psutil.Process(root_pid).children(recursive=True):
        try:
            with open(f"/proc/{child.pid}/status") as status:
                hwm = next(line for line in status if line.startswith("VmHWM"))
            name = " ".join(child.cmdline()[1:4])[:60] or child.name()
            peaks[name] = round(int(hwm.split()[1]) / 1024, 1)
        except (OSError, StopIteration, psutil.Error):
            continue
    return peaks


def main(total: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        stack = start_stack(Path(tmp))
        startup = time.monotonic() - started
        latencies: list[float] = []
        errors = 0
        try:
            with stack.client() as http:
                sent = 0
                while sent < total:
                    for language, texts in MESSAGES.items():
                        cid = http.post("/api/conversations", json={"language": language}).json()[
                            "conversation_id"
                        ]
                        for text in texts:
                            if sent >= total:
                                break
                            t0 = time.perf_counter()
                            response = http.post(
                                f"/api/conversations/{cid}/messages", json={"text": text}
                            )
                            latencies.append((time.perf_counter() - t0) * 1000)
                            errors += response.status_code != 200
                            sent += 1
            memory = peak_memory_mb(stack.process.pid)
        finally:
            stack.stop()
    figures: dict[str, Any] = {
        "messages": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "stack_startup_seconds": round(startup, 1),
        "peak_memory_mb": memory,
        "targets": {"p95_ms_max": 150},
    }
    print(
        f"API latency over {len(latencies)} sequential messages: p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, errors {errors}"
    )
    for name, mb in memory.items():
        print(f"  peak memory {mb:7.1f} MB  {name}")
    write_result("api", figures, "make bench  (python -m bench.api_latency)")


if __name__ == "__main__":
    main()
