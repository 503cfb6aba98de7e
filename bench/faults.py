"""How long a person waits for an answer when part of Cymar fails, and what they get.

    python -m bench.faults        (part of `make bench`; about five minutes here)

Starts its own stack (each Procfile service its own process, bot.ops.stack.start_services)
on free ports with its own SQLite database, and a throwaway PostgreSQL cluster, then stops,
pauses (SIGSTOP) and restarts processes for real. The promise when Rasa is stopped, hung or
restarting is an answer within 3 s; the figures are the time from sending a message to the
whole answer arriving.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.common import write_result
from bot.content.catalogue import ResponseCatalogue
from bot.ops.faults import sqlite_path, sqlite_write_lock, unreadable_sqlite
from bot.ops.stack import ServiceStack, prepare_database, start_services
from bot.ops.throwaway_postgres import start_throwaway_postgres
from bot.settings import ROOT

ANSWER_WITHIN_SECONDS = 3.0
SAMPLES = 5
TEXTS = ResponseCatalogue(ROOT / "data")
TROUBLE = TEXTS.render("utter_trouble", "en").text[:40]
FAQ = "what is peer support?"
SEARCH = "are there any wellbeing sessions in Wrexham next week?"


class Person:
    def __init__(self, base_url: str, language: str = "en") -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        started = self.http.post("/api/conversations", json={"language": language})
        self.id = started.json()["conversation_id"]

    def send(self, text: str, client_message_id: str | None = None) -> tuple[float, str]:
        """(seconds to the whole answer, what the person got)."""
        body: dict[str, Any] = {"text": text}
        if client_message_id:
            body["client_message_id"] = client_message_id
        started = time.perf_counter()
        try:
            response = self.http.post(f"/api/conversations/{self.id}/messages", json=body)
        except httpx.HTTPError:
            return time.perf_counter() - started, "no answer"
        return time.perf_counter() - started, outcome(response)


def outcome(response: httpx.Response) -> str:
    if response.status_code != 200:
        return str(response.json().get("error", {}).get("code", response.status_code))
    messages = response.json()["messages"]
    if not messages:
        return "nothing"
    first = messages[0]["text"]
    if first.startswith(TROUBLE):
        return "trouble"
    if "can't search" in first:
        return "search unavailable"
    return "answer"


def sample(send: Callable[[], tuple[float, str]], n: int = SAMPLES) -> dict[str, Any]:
    results = [send() for _ in range(n)]
    seconds = [s for s, _ in results]
    return {
        "n": n,
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "got": sorted({got for _, got in results}),
    }


def once(result: tuple[float, str]) -> dict[str, Any]:
    return {"s": round(result[0], 3), "got": result[1]}


def wait(check: Callable[[], bool], seconds: float = 300) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise RuntimeError("timed out")
        time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def healthy(stack: ServiceStack) -> bool:
    checks = stack.health()
    return bool(checks) and all(checks.values())


def rasa_figures(stack: ServiceStack) -> dict[str, Any]:
    rasa = stack["rasa"]
    person = Person(stack.base_url)
    figures: dict[str, Any] = {"all_up": sample(lambda: person.send(FAQ), 10)}

    rasa.pause()
    figures["hung_first_turn"] = once(person.send(FAQ))  # waits out the deadline
    figures["hung_later_turns"] = sample(lambda: person.send(FAQ))  # known down: at once
    rasa.resume()
    figures["hung_resumed_to_healthy_s"] = wait(lambda: healthy(stack))
    figures["hung_first_turn_after"] = once(person.send(FAQ))

    rasa.stop()
    fresh = Person(stack.base_url)
    figures["stopped_first_turn"] = once(fresh.send(FAQ))  # connection refused
    figures["stopped_later_turns"] = sample(lambda: fresh.send(FAQ))
    started = time.monotonic()
    rasa.start()
    during: list[tuple[float, str]] = []
    while not rasa.ready():
        during.append(person.send(FAQ))
        time.sleep(2)
    figures["restart_model_load_s"] = round(time.monotonic() - started, 1)
    seconds = [s for s, _ in during]
    figures["restarting_turns"] = {
        "n": len(during),
        "median_s": round(statistics.median(seconds), 3) if seconds else None,
        "max_s": round(max(seconds), 3) if seconds else None,
        "got": sorted({got for _, got in during}),
    }
    figures["restart_ready_to_healthy_s"] = wait(lambda: healthy(stack))
    figures["restart_first_turn_after"] = once(person.send(FAQ))
    return figures


def service_figures(stack: ServiceStack) -> dict[str, Any]:
    person = Person(stack.base_url)
    figures: dict[str, Any] = {}
    actions = stack["actions"]
    actions.stop()
    figures["actions_stopped_search"] = sample(lambda: person.send(SEARCH))
    figures["actions_stopped_faq"] = sample(lambda: person.send(FAQ))
    actions.start()
    actions.wait_ready()

    nlg = stack["nlg"]
    nlg.stop()
    figures["nlg_stopped_faq"] = sample(lambda: person.send(FAQ))
    figures["nlg_stopped_search"] = sample(lambda: person.send(SEARCH))
    nlg.start()
    nlg.wait_ready()
    time.sleep(5.5)  # past the 5 s Rasa leaves a failed NLG endpoint alone
    nlg.pause()
    figures["nlg_hung_first_turn"] = once(person.send(FAQ))  # Rasa's 1 s NLG timeout
    figures["nlg_hung_later_turns"] = sample(lambda: person.send(FAQ))
    nlg.resume()
    wait(lambda: healthy(stack))
    return figures


def sqlite_figures(stack: ServiceStack) -> dict[str, Any]:
    database = sqlite_path(stack.env["DATABASE_URL"])
    person = Person(stack.base_url)
    figures: dict[str, Any] = {}
    with sqlite_write_lock(database, seconds=60):
        figures["sqlite_locked"] = sample(lambda: person.send(FAQ, uuid.uuid4().hex))
    with sqlite_write_lock(database, seconds=0.5):
        figures["sqlite_locked_0_5_s"] = once(person.send(FAQ))
    web = stack["web"]
    web.stop()
    with unreadable_sqlite(database):
        web.start()
        web.wait_ready_to_serve()
        figures["sqlite_unreadable"] = sample(lambda: person.send(FAQ, "unreadable"))
    figures["sqlite_back_resend"] = once(person.send(FAQ, "unreadable"))
    wait(lambda: healthy(stack))
    return figures


def postgres_figures(stack: ServiceStack, workdir: Path) -> dict[str, Any]:
    try:
        cluster = start_throwaway_postgres()
    except LookupError as exc:
        return {"postgres": f"skipped: {exc}"}
    try:
        url = cluster.create_database("cymar_bench_faults")
        prepare_database(url, directory=False)
        web = stack.another_web(workdir, {"DATABASE_URL": url})
        try:
            person = Person(web.base_url)
            figures: dict[str, Any] = {"postgres_up": sample(lambda: person.send(FAQ))}
            cluster.stop()
            figures["postgres_refusing"] = sample(lambda: person.send(FAQ, "pg"))
            started = time.monotonic()
            cluster.start()
            figures["postgres_restart_s"] = round(time.monotonic() - started, 2)
            figures["postgres_back_resend"] = once(person.send(FAQ, "pg"))
            return figures
        finally:
            web.stop()
    finally:
        cluster.destroy()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        stack = start_services(Path(tmp))
        startup = round(time.monotonic() - started, 1)
        try:
            figures: dict[str, Any] = {"stack_startup_s": startup}
            figures.update(rasa_figures(stack))
            figures.update(service_figures(stack))
            figures.update(sqlite_figures(stack))
            (Path(tmp) / "pg-web").mkdir()
            figures.update(postgres_figures(stack, Path(tmp) / "pg-web"))
        finally:
            stack.stop()
    worst = max(
        figures["hung_first_turn"]["s"],
        figures["hung_later_turns"]["max_s"],
        figures["stopped_first_turn"]["s"],
        figures["stopped_later_turns"]["max_s"],
        figures["restarting_turns"]["max_s"] or 0,
    )
    figures["rasa_down_worst_s"] = round(worst, 3)
    figures["targets"] = {"rasa_down_answer_within_s": ANSWER_WITHIN_SECONDS}
    print(
        f"Rasa down: worst wait {worst:.2f} s (target {ANSWER_WITHIN_SECONDS} s); hung first "
        f"turn {figures['hung_first_turn']['s']} s, later {figures['hung_later_turns']['median_s']}"
        f" s; model reload {figures['restart_model_load_s']} s"
    )
    for name, value in figures.items():
        if isinstance(value, dict) and "median_s" in value:
            print(
                f"  {name:28} median {value['median_s']} s, max {value['max_s']} s {value['got']}"
            )
        elif isinstance(value, dict) and "s" in value:
            print(f"  {name:28} {value['s']} s {value['got']}")
    write_result("faults", figures, "make bench  (python -m bench.faults)")


if __name__ == "__main__":
    main()
