"""Load: many people at once, in both languages, against the whole stack.

    python -m bench.load          (part of `make bench`; about eight minutes here)

Two set-ups, each started here on free ports with databases of its own:
- `sqlite`: one of each process (bot.ops.stack.start_services), SQLite;
- `scaled`: two web and two Rasa instances on PostgreSQL (a new database for the app and
  one for Rasa's tracker store, on the local server) and Redis (a key prefix of its own),
  bot.ops.stack.start_scaled_stack, with a round robin standing in for the load balancer.

In each, two kinds of phase:
- realistic: LOAD_LEVELS people at once (default 100 and 400), each waiting
  LOAD_THINK_SECONDS (3-10 s) before every message, over LOAD_SECONDS (after a
  LOAD_RAMP_SECONDS ramp that is not measured, while people arrive);
- capacity: LOAD_CAPACITY_CONCURRENCY people who never wait (a closed loop), alternately
  against the whole stack and against the project's own Rasa server's REST webhook alone
  (same model, same processes, the same kind of text; in `scaled` also one Rasa instance
  of the two), LOAD_CAPACITY_ROUNDS rounds of LOAD_CAPACITY_SECONDS each, so a busy
  machine slows both sides of a ratio alike.

Every stack it starts has its rate limits raised through its own environment (one address
sends everything here); the product's defaults are untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.common import write_result
from bench.load_measure import (
    OK,
    TIMEOUT,
    TRANSPORT,
    TROUBLE,
    ProcessWatch,
    Recorder,
    log_problems,
    own_peak_rss_mb,
    peak_rss_mb,
    percentile,
    summarise,
)
from bench.load_people import Corpus, Plan, Step, button_to_press, load_corpus, plan_person
from bot.content.catalogue import ResponseCatalogue
from bot.ops.stack import (
    LOCAL_POSTGRES,
    LOCAL_REDIS,
    AsyncRoundRobin,
    Service,
    clear_redis_prefix,
    start_scaled_stack,
    start_services,
    temporary_database,
    unique_redis_prefix,
)
from bot.settings import ROOT

# A load test sends everything from one address, far faster than one person could: the
# stacks it starts get budgets no test reaches, through their own environment.
UNLIMITED = {
    "RATE_LIMIT_CONVERSATION_BURST": "100000",
    "RATE_LIMIT_CONVERSATION_PER_MINUTE": "1000000",
    "RATE_LIMIT_CLIENT_BURST": "100000",
    "RATE_LIMIT_CLIENT_PER_MINUTE": "1000000",
}
REQUEST_TIMEOUT_SECONDS = 20.0
LAG_TICK_SECONDS = 0.1
TARGETS = {
    "p95_ms_at_100_with_think_time_max": 300,
    "errors": 0,
    "whole_stack_vs_bare_rasa_min": 0.8,
    "two_rasa_vs_one_min": 1.6,
}
_TEXTS = ResponseCatalogue(ROOT / "data")
# The start of the router's "I'm having trouble" in each language (Rasa did not answer).
TROUBLE_STARTS = tuple(_TEXTS.render("utter_trouble", lang).text[:30] for lang in ("cy", "en"))


@dataclass(frozen=True)
class LoadConfig:
    setups: tuple[str, ...] = ("sqlite", "scaled")
    levels: tuple[int, ...] = (100, 400)
    seconds: float = 25.0
    ramp_seconds: float = 10.0
    think_seconds: tuple[float, float] = (3.0, 10.0)
    capacity_concurrency: int = 8
    capacity_seconds: float = 12.0
    capacity_rounds: int = 2
    seed: int = 20261202

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> LoadConfig:
        """Every knob from the environment (LOAD_*); unset ones keep the defaults."""
        default = cls()

        def numbers(name: str, fallback: tuple[Any, ...], kind: type) -> tuple[Any, ...]:
            raw = env.get(name, "").strip()
            if not raw:
                return fallback
            return tuple(kind(x) for x in raw.replace(" ", "").split(",") if x)

        think = numbers("LOAD_THINK_SECONDS", default.think_seconds, float)
        return cls(
            setups=tuple(
                s for s in env.get("LOAD_SETUPS", ",".join(default.setups)).split(",") if s
            ),
            levels=numbers("LOAD_LEVELS", default.levels, int),
            seconds=float(env.get("LOAD_SECONDS", default.seconds)),
            ramp_seconds=float(env.get("LOAD_RAMP_SECONDS", default.ramp_seconds)),
            think_seconds=(think[0], think[-1]),
            capacity_concurrency=int(
                env.get("LOAD_CAPACITY_CONCURRENCY", default.capacity_concurrency)
            ),
            capacity_seconds=float(env.get("LOAD_CAPACITY_SECONDS", default.capacity_seconds)),
            capacity_rounds=int(env.get("LOAD_CAPACITY_ROUNDS", default.capacity_rounds)),
            seed=int(env.get("LOAD_SEED", default.seed)),
        )


# -- what a response means --------------------------------------------------------------


def web_outcome(response: httpx.Response) -> str:
    if not response.is_success:
        return f"status_{response.status_code}"
    messages = response.json().get("messages") or []
    if any(str(m.get("text", "")).startswith(TROUBLE_STARTS) for m in messages):
        return TROUBLE
    return OK


def rasa_outcome(response: httpx.Response) -> str:
    return OK if response.is_success else f"status_{response.status_code}"


# -- people ---------------------------------------------------------------------------------


@dataclass
class Crowd:
    """What every simulated person in a phase shares."""

    corpus: Corpus
    recorder: Recorder
    ends_at: float  # perf_counter time after which nobody sends anything new
    think: tuple[float, float] | None

    async def pause(self, rng: random.Random) -> None:
        if self.think:
            await asyncio.sleep(rng.uniform(*self.think))

    in_flight: int = 0

    def over(self) -> bool:
        return time.perf_counter() >= self.ends_at

    async def timed(
        self,
        kind: str,
        send: Awaitable[httpx.Response],
        outcome: Callable[[httpx.Response], str],
    ) -> httpx.Response | None:
        """Send, and record how long it took and what came back."""
        started = time.perf_counter()
        self.in_flight += 1
        try:
            response = await send
        except httpx.TimeoutException:
            self.recorder.add(kind, started, TIMEOUT)
            return None
        except httpx.HTTPError:
            self.recorder.add(kind, started, TRANSPORT)
            return None
        finally:
            self.in_flight -= 1
        self.recorder.add(kind, started, outcome(response))
        return response if response.is_success else None


async def web_person(crowd: Crowd, http: httpx.AsyncClient, plan: Plan, rng: random.Random) -> None:
    """A person using the public API, as the widget does."""
    body = {"language": plan.language} if plan.opens_with_language else {}
    response = await crowd.timed("start", http.post("/api/conversations", json=body), web_outcome)
    if response is None:
        return
    conversation = response.json()
    path = f"/api/conversations/{conversation['conversation_id']}/messages"
    reply: list[dict[str, Any]] = conversation.get("messages") or []
    for step in plan.steps:
        await crowd.pause(rng)
        if crowd.over():
            return
        message, kind = web_message(step, reply, rng, crowd.corpus, plan)
        response = await crowd.timed(kind, http.post(path, json=message), web_outcome)
        reply = (response.json().get("messages") or []) if response is not None else []


def web_message(
    step: Step, reply: list[dict[str, Any]], rng: random.Random, corpus: Corpus, plan: Plan
) -> tuple[dict[str, str], str]:
    if step.kind == "button":
        payload = button_to_press(rng, reply)
        if payload is not None:
            return {"payload": payload}, "button"
        return {"text": corpus.pick(rng, "faq", plan.language)}, "faq"
    if step.payload is not None:
        return {"payload": step.payload}, step.kind
    return {"text": step.text or ""}, step.kind


async def rasa_person(
    crowd: Crowd, http: httpx.AsyncClient, plan: Plan, rng: random.Random
) -> None:
    """The same kind of person talking to Rasa's REST webhook directly (text only)."""
    sender = f"load-{uuid.uuid4().hex}"
    for step in plan.steps:
        await crowd.pause(rng)
        if crowd.over():
            return
        body = {"sender": sender, "message": step.text, "metadata": {"language": plan.language}}
        await crowd.timed(step.kind, http.post("/webhooks/rest/webhook", json=body), rasa_outcome)


Person = Callable[[Crowd, httpx.AsyncClient, Plan, random.Random], Awaitable[None]]
# People per HTTP client: httpx's pool does work per request that grows with the requests
# waiting in it, so one client for 400 people cost the load generator a core of its own.
PEOPLE_PER_CLIENT = 25


# -- phases ---------------------------------------------------------------------------------


def client_for(base_urls: list[str]) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    timeout = httpx.Timeout(REQUEST_TIMEOUT_SECONDS)
    if len(base_urls) == 1:
        return httpx.AsyncClient(base_url=base_urls[0], timeout=timeout, limits=limits)
    return httpx.AsyncClient(
        base_url="http://cymar.lb", transport=AsyncRoundRobin(base_urls, limits=limits),
        timeout=timeout,
    )  # fmt: skip


@dataclass
class Phase:
    name: str
    base_urls: list[str]
    person: Person
    people: int
    seconds: float
    ramp_seconds: float = 0.0
    think: tuple[float, float] | None = None
    buttons: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


async def _run(phase: Phase, corpus: Corpus, watch: ProcessWatch, seed: int) -> dict[str, Any]:
    recorder = Recorder()
    started = time.perf_counter()
    measure_from = started + phase.ramp_seconds
    ends_at = measure_from + phase.seconds
    lags: list[float] = []
    async with contextlib.AsyncExitStack() as clients:
        https = [
            await clients.enter_async_context(client_for(phase.base_urls))
            for _ in range(max(1, -(-phase.people // PEOPLE_PER_CLIENT)))
        ]
        crowd = Crowd(corpus, recorder, ends_at, phase.think)

        async def someone(index: int) -> None:
            rng = random.Random(f"{seed}:{phase.name}:{index}")
            http = https[index % len(https)]
            if phase.think:  # arrivals spread over the first think time, not all at once
                await asyncio.sleep(rng.uniform(0, phase.think[1]))
            while not crowd.over():
                plan = plan_person(rng, corpus, buttons=phase.buttons)
                await phase.person(crowd, http, plan, rng)

        async def measure() -> tuple[dict[str, Any], dict[str, Any]]:
            await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
            before = watch.snapshot()
            while time.perf_counter() < ends_at:
                # How late this loop wakes up: the load generator's own delay, which every
                # latency above includes (large means the figures measure the generator).
                asked = time.perf_counter()
                await asyncio.sleep(LAG_TICK_SECONDS)
                lags.append(time.perf_counter() - asked - LAG_TICK_SECONDS)
            return before, watch.snapshot()

        people = [asyncio.create_task(someone(i)) for i in range(phase.people)]
        before, after = await measure()
        # Requests under way at the end finish (and count, if they started in time); people
        # only thinking are sent home.
        drain_until = time.perf_counter() + REQUEST_TIMEOUT_SECONDS + 5
        while crowd.in_flight and time.perf_counter() < drain_until:
            await asyncio.sleep(0.05)
        for task in people:
            task.cancel()
        await asyncio.gather(*people, return_exceptions=True)
    figures = summarise(recorder.between(measure_from, ends_at), phase.seconds)
    return {
        "people": phase.people,
        "think_s": list(phase.think) if phase.think else None,
        **figures,
        **ProcessWatch.difference(before, after),
        "load_generator_lag_ms": {
            "p50": round(percentile(lags, 0.5) * 1000, 1) if lags else None,
            "p99": round(percentile(lags, 0.99) * 1000, 1) if lags else None,
        },
        **phase.extra,
    }


def run_phase(phase: Phase, corpus: Corpus, watch: ProcessWatch, seed: int) -> dict[str, Any]:
    figures = asyncio.run(_run(phase, corpus, watch, seed))
    print(
        f"  {phase.name:34} {figures['throughput_msg_s']:6.1f} msg/s  p50 {figures.get('p50_ms')}"
        f" p95 {figures.get('p95_ms')} p99 {figures.get('p99_ms')} ms  errors "
        f"{figures['errors']}/{figures['requests']}  trouble {figures['trouble_replies']}  "
        f"busy {figures['machine_busy']}  generator lag p99 "
        f"{figures['load_generator_lag_ms']['p99']} ms",
        flush=True,
    )
    return figures


def trouble_alerts(urls: list[str]) -> list[dict[str, Any] | None]:
    """What each web instance's /api/health says of recent turns Rasa did not answer in
    time (its window spans the phase just run and may reach into the one before)."""
    found: list[dict[str, Any] | None] = []
    for url in urls:
        try:
            found.append(httpx.get(f"{url}/api/health", timeout=10).json().get("rasa_turns"))
        except (httpx.HTTPError, ValueError):
            found.append(None)
    return found


def realistic(
    urls: list[str], config: LoadConfig, corpus: Corpus, watch: ProcessWatch
) -> dict[str, Any]:
    phases: dict[str, Any] = {}
    for level in config.levels:
        phase = Phase(
            f"{level} people, {config.think_seconds[0]:g}-{config.think_seconds[1]:g} s think",
            urls,
            web_person,
            level,
            config.seconds,
            config.ramp_seconds,
            config.think_seconds,
        )
        figures = run_phase(phase, corpus, watch, config.seed)
        figures["health_rasa_turns"] = alerts = trouble_alerts(urls)
        print(f"    health alert after this phase: {[a and a.get('alert') for a in alerts]}")
        phases[str(level)] = figures
    return phases


def capacity(
    targets: dict[str, tuple[list[str], Person]],
    config: LoadConfig,
    corpus: Corpus,
    watch: ProcessWatch,
) -> dict[str, Any]:
    """Closed loop against each target in turn, round after round (same text, no buttons)."""
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
    for name, (urls, person) in targets.items():  # a few seconds each, not measured
        warm = Phase(f"warm-up {name}", urls, person, config.capacity_concurrency, 3, buttons=False)
        asyncio.run(_run(warm, corpus, watch, config.seed))
    for number in range(config.capacity_rounds):
        for name, (urls, person) in targets.items():
            phase = Phase(
                f"closed loop {name} (round {number + 1})",
                urls,
                person,
                config.capacity_concurrency,
                config.capacity_seconds,
                buttons=False,
            )
            rounds[name].append(run_phase(phase, corpus, watch, config.seed + number))
    return {
        "people": config.capacity_concurrency,
        "rounds": rounds,
        "answered_msg_s": {
            name: round(statistics.median(r["answered_msg_s"] for r in results), 2)
            for name, results in rounds.items()
        },
    }


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


# -- the two set-ups -----------------------------------------------------------------------


def service_pids(services: list[Service]) -> dict[str, int]:
    return {s.name: s.process.pid for s in services if s.process is not None}


def memory(services: list[Service]) -> dict[str, float | None]:
    return {s.name: peak_rss_mb(s.process.pid) for s in services if s.process is not None}


def problems(services: list[Service]) -> dict[str, dict[str, int]]:
    """What each process warned about during the run (the cause behind an error rate)."""
    return {s.name: found for s in services if (found := log_problems(s.log_path))}


def sqlite_setup(config: LoadConfig, corpus: Corpus) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        load_at_start = os.getloadavg()
        started = time.monotonic()
        stack = start_services(Path(tmp), extra_env=UNLIMITED)
        startup = round(time.monotonic() - started, 1)
        try:
            services = list(stack.services.values())
            watch = ProcessWatch(service_pids(services))
            figures: dict[str, Any] = {
                "description": "SQLite, one web, one Rasa, one action server, one NLG",
                "load_average_at_start": [round(x, 2) for x in load_at_start],
                "startup_s": startup,
                "realistic": realistic([stack.base_url], config, corpus, watch),
            }
            figures["capacity"] = capacity(
                {
                    "whole stack": ([stack.base_url], web_person),
                    "bare Rasa": ([stack["rasa"].url], rasa_person),
                },
                config,
                corpus,
                watch,
            )
            figures["peak_rss_mb"] = memory(services)
            figures["logged_problems"] = problems(services)
        finally:
            stack.stop()
    answered = figures["capacity"]["answered_msg_s"]
    figures["capacity"]["whole_vs_bare_rasa"] = ratio(
        answered["whole stack"], answered["bare Rasa"]
    )
    return figures


@contextlib.contextmanager
def scaled_stores() -> Iterator[tuple[str, str, str]]:
    """A new app database and tracker database on the local PostgreSQL, a Redis prefix."""
    prefix = unique_redis_prefix()
    run = uuid.uuid4().hex[:8]
    with (
        temporary_database(LOCAL_POSTGRES, f"cymar_load_{run}") as app_url,
        temporary_database(LOCAL_POSTGRES, f"cymar_load_{run}_tracker") as tracker_url,
    ):
        try:
            yield app_url, tracker_url, prefix
        finally:
            clear_redis_prefix(LOCAL_REDIS, prefix)


def scaled_setup(config: LoadConfig, corpus: Corpus) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, scaled_stores() as (app_url, tracker_url, prefix):
        load_at_start = os.getloadavg()
        started = time.monotonic()
        stack = start_scaled_stack(
            Path(tmp),
            web=2,
            rasa=2,
            database_url=app_url,
            redis_url=LOCAL_REDIS,
            redis_key_prefix=prefix,
            tracker_store_url=tracker_url,
            extra_env=UNLIMITED,
        )
        startup = round(time.monotonic() - started, 1)
        try:
            services = stack.instances()
            databases = (app_url.rsplit("/", 1)[1], tracker_url.rsplit("/", 1)[1])
            watch = ProcessWatch(service_pids(services), databases)
            figures: dict[str, Any] = {
                "description": "PostgreSQL + Redis, two web and two Rasa instances, one action "
                "server, one NLG",
                "load_average_at_start": [round(x, 2) for x in load_at_start],
                "startup_s": startup,
                "realistic": realistic(stack.web_urls, config, corpus, watch),
            }
            figures["capacity"] = capacity(
                {
                    "whole stack": (stack.web_urls, web_person),
                    "bare Rasa x2": (stack.rasa_urls, rasa_person),
                    "bare Rasa x1": (stack.rasa_urls[:1], rasa_person),
                },
                config,
                corpus,
                watch,
            )
            figures["peak_rss_mb"] = memory(services)
            figures["logged_problems"] = problems(services)
        finally:
            stack.stop()
    answered = figures["capacity"]["answered_msg_s"]
    figures["capacity"]["whole_vs_bare_rasa"] = ratio(
        answered["whole stack"], answered["bare Rasa x2"]
    )
    figures["capacity"]["two_rasa_vs_one"] = ratio(
        answered["bare Rasa x2"], answered["bare Rasa x1"]
    )
    return figures


SETUPS: dict[str, Callable[[LoadConfig, Corpus], dict[str, Any]]] = {
    "sqlite": sqlite_setup,
    "scaled": scaled_setup,
}


def main() -> None:
    config = LoadConfig.from_env()
    corpus = load_corpus()
    figures: dict[str, Any] = {
        "config": {
            "setups": list(config.setups),
            "levels": list(config.levels),
            "seconds": config.seconds,
            "ramp_seconds": config.ramp_seconds,
            "think_seconds": list(config.think_seconds),
            "capacity_concurrency": config.capacity_concurrency,
            "capacity_seconds": config.capacity_seconds,
            "capacity_rounds": config.capacity_rounds,
            "seed": config.seed,
        },
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "messages_available": corpus.counts(),
        "setups": {},
    }
    for name in config.setups:
        print(f"{name}: {SETUPS[name].__name__}", flush=True)
        figures["setups"][name] = SETUPS[name](config, corpus)
    figures["load_generator_peak_rss_mb"] = own_peak_rss_mb()
    figures.update(comparisons(figures["setups"]))
    figures["targets"] = TARGETS
    for line in headline(figures):
        print(line)
    write_result("load", figures, "make bench  (python -m bench.load)")


def comparisons(setups: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if "sqlite" in setups and "scaled" in setups:
        one = setups["sqlite"]["capacity"]["answered_msg_s"]["whole stack"]
        two = setups["scaled"]["capacity"]["answered_msg_s"]["whole stack"]
        found["scaled_vs_sqlite_whole_stack"] = ratio(two, one)
    return found


def headline(figures: dict[str, Any]) -> list[str]:
    lines = []
    for name, setup in figures["setups"].items():
        hundred = setup["realistic"].get("100")
        if hundred:
            lines.append(
                f"{name}: 100 people with think time p95 {hundred['p95_ms']} ms "
                f"(target {TARGETS['p95_ms_at_100_with_think_time_max']}), errors "
                f"{hundred['errors']}, trouble {hundred['trouble_replies']}"
            )
        capacity_figures = setup["capacity"]
        lines.append(
            f"{name}: closed loop {capacity_figures['answered_msg_s']} msg/s; whole stack vs "
            f"bare Rasa {capacity_figures['whole_vs_bare_rasa']} "
            f"(target {TARGETS['whole_stack_vs_bare_rasa_min']})"
            + (
                f"; two Rasa vs one {capacity_figures['two_rasa_vs_one']} "
                f"(target {TARGETS['two_rasa_vs_one_min']})"
                if "two_rasa_vs_one" in capacity_figures
                else ""
            )
        )
        lines.append(f"{name}: peak memory MB {setup['peak_rss_mb']}")
    return lines


if __name__ == "__main__":
    main()
