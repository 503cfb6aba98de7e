"""What the load bench records: each request's outcome and time, and each process's CPU
and peak memory, summarised as the figures the report gives."""

from __future__ import annotations

import json
import math
import os
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

OK = "ok"
TROUBLE = "trouble"
TIMEOUT = "timeout"
TRANSPORT = "transport_error"


@dataclass(frozen=True)
class Sample:
    kind: str  # "start" (a new conversation) or what the message was ("faq", "search"...)
    started: float  # loop time
    seconds: float
    outcome: str  # OK, TROUBLE, TIMEOUT, TRANSPORT or "status_<code>"


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)

    def add(self, kind: str, started: float, outcome: str) -> None:
        self.samples.append(Sample(kind, started, time.perf_counter() - started, outcome))

    def between(self, start: float, end: float) -> list[Sample]:
        return [s for s in self.samples if start <= s.started < end]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the value at least `fraction` of samples are at or under)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_figures(samples: list[Sample]) -> dict[str, Any]:
    ms = [s.seconds * 1000 for s in samples]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1),
    }


def summarise(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """Messages (not conversation starts) give throughput and latency; every request
    counts towards errors. "trouble" (the router's honest "I'm having trouble", i.e. Rasa
    did not answer in time) is a 200 but is counted apart from the errors."""
    messages = [s for s in samples if s.kind != "start"]
    starts = [s for s in samples if s.kind == "start"]
    outcomes = Counter(s.outcome for s in samples)
    failed = sum(n for outcome, n in outcomes.items() if outcome not in (OK, TROUBLE))
    answered = [s for s in messages if s.outcome == OK]
    by_kind: dict[str, Any] = {}
    for kind in sorted({s.kind for s in messages}):
        of_kind = [s for s in messages if s.kind == kind]
        by_kind[kind] = {"n": len(of_kind), "p95_ms": latency_figures(of_kind).get("p95_ms")}
    return {
        "measured_s": round(seconds, 1),
        "messages": len(messages),
        "throughput_msg_s": round(len(messages) / seconds, 2) if seconds else None,
        "answered_msg_s": round(len(answered) / seconds, 2) if seconds else None,
        **{k: v for k, v in latency_figures(messages).items() if k != "n"},
        "requests": len(samples),
        "errors": failed,
        "error_rate": round(failed / len(samples), 4) if samples else None,
        "trouble_replies": outcomes.get(TROUBLE, 0),
        "trouble_rate": round(outcomes.get(TROUBLE, 0) / len(messages), 4) if messages else None,
        "outcomes": dict(sorted(outcomes.items())),
        "conversation_starts": latency_figures(starts),
        "by_kind": by_kind,
    }


# -- processes ----------------------------------------------------------------------------


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    found = False
    for process in _tree(pid):
        try:
            with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM"):
                        total += int(line.split()[1])
                        found = True
        except OSError:
            continue
    return round(total / 1024, 1) if found else None


def own_peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@dataclass
class ProcessWatch:
    """CPU seconds per named process over a stretch of time, so a phase shows where the
    machine's two cores went (the explanation when throughput stops growing)."""

    pids: dict[str, int]
    postgres_databases: tuple[str, ...] = ()

    def _postgres(self) -> dict[int, float]:
        # Backends show their database in their command line: "postgres: postgres db ...".
        found: dict[int, float] = {}
        if not self.postgres_databases:
            return found
        for process in psutil.process_iter(["cmdline", "cpu_times"]):
            words = " ".join(process.info.get("cmdline") or [])
            times = process.info.get("cpu_times")
            if times and any(f" {db} " in f" {words} " for db in self.postgres_databases):
                found[process.pid] = times.user + times.system
        return found

    def _redis(self) -> float:
        for process in psutil.process_iter(["name", "cpu_times"]):
            if process.info.get("name") == "redis-server" and process.info.get("cpu_times"):
                times = process.info["cpu_times"]
                return float(times.user + times.system)
        return 0.0

    def snapshot(self) -> dict[str, Any]:
        cpu: dict[str, float] = {}
        for name, pid in self.pids.items():
            seconds = 0.0
            for process in _tree(pid):
                try:
                    times = process.cpu_times()
                    seconds += times.user + times.system
                except psutil.Error:
                    continue
            cpu[name] = seconds
        own = os.times()
        cpu["load generator"] = own.user + own.system
        machine = psutil.cpu_times()
        return {
            "at": time.monotonic(),
            "cpu": cpu,
            "postgres": self._postgres(),
            "redis": self._redis() if self.postgres_databases else 0.0,
            "busy": machine.user + machine.system + machine.nice + machine.irq + machine.softirq,
            "all": sum(machine),
        }

    @staticmethod
    def difference(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        wall = after["at"] - before["at"]
        cpu = {n: after["cpu"][n] - before["cpu"].get(n, 0.0) for n in after["cpu"]}
        if after["postgres"] or before["postgres"]:
            cpu["postgres (this run's databases)"] = sum(
                seconds - before["postgres"].get(pid, 0.0)
                for pid, seconds in after["postgres"].items()
            )
            cpu["redis-server (shared)"] = after["redis"] - before["redis"]
        machine_all = after["all"] - before["all"]
        return {
            "cores_used": {n: round(s / wall, 2) for n, s in sorted(cpu.items())} if wall else {},
            "machine_busy": round((after["busy"] - before["busy"]) / machine_all, 3)
            if machine_all
            else None,
        }


def log_problems(log_path: Path, most: int = 8) -> dict[str, int]:
    """The warnings and errors a process logged, counted by message. Our processes never
    log message text (docs/operations.md, Logs), so these are safe to keep; lines that
    are not JSON (TensorFlow's own) are left out."""
    counts: Counter[str] = Counter()
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError:
        return {}
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        level = str(record.get("level", ""))
        if level in ("WARNING", "ERROR", "CRITICAL"):
            message = str(record.get("message", ""))[:80]
            counts[f"{level} {record.get('logger', '')}: {message}"] += 1
    return dict(counts.most_common(most))
