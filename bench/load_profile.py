"""Where the web process's time goes per message, without Rasa: a profile of the router.

    python -m bench.load_profile [messages [sqlite|postgres [file.prof]]]   (a tool, not
    part of `make bench`)

The real app (create_app) on a new SQLite database, in this process, behind httpx's ASGI
transport, with Rasa replaced by an instant canned FAQ answer in the NLG endpoint's format,
so everything left is our own code: the API, the rate limits, the safety screen, language,
storage and rendering. The database work that the router runs in worker threads is run
inline here so that cProfile, which sees one thread, sees it too. Prints CPU milliseconds
per message and the functions that cost most.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import logging
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx

from bench.load_people import Corpus, load_corpus, plan_person
from bot.content.nlg import CUSTOM_KEY
from bot.ops.stack import (
    LOCAL_POSTGRES,
    LOCAL_REDIS,
    clear_redis_prefix,
    prepare_database,
    temporary_database,
    unique_redis_prefix,
)
from bot.settings import Settings

T = TypeVar("T")
ANSWER_KEY = "utter_faq/peer_support_what_is"


def canned_rasa(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/":
        return httpx.Response(200, text="Hello from Rasa")
    message = {"text": "Peer support is support from someone who has been there.", "lang": "en"}
    block = {"key": ANSWER_KEY, "messages": [{**message, "buttons": []}]}
    return httpx.Response(200, json=[{"custom": {CUSTOM_KEY: block}}])


async def inline(work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    return work(*args, **kwargs)


async def send_messages(app: Any, corpus: Corpus, total: int) -> int:
    rng = random.Random(1)
    sent = 0
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cymar.test") as http:
        while sent < total:
            plan = plan_person(rng, corpus, buttons=False)
            started = await http.post("/api/conversations", json={"language": plan.language})
            path = f"/api/conversations/{started.json()['conversation_id']}/messages"
            for step in plan.steps:
                response = await http.post(path, json={"text": step.text})
                response.raise_for_status()
                sent += 1
    return sent


@contextlib.contextmanager
def database(kind: str) -> Iterator[tuple[str, str | None, str | None]]:
    """(database URL, Redis URL, Redis key prefix): SQLite alone, or PostgreSQL and Redis
    on this machine's servers (a database and a key prefix of this run's own)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'cymar.db'}", None, None
        return
    prefix = unique_redis_prefix()
    with temporary_database(LOCAL_POSTGRES) as url:
        try:
            yield url, LOCAL_REDIS, prefix
        finally:
            clear_redis_prefix(LOCAL_REDIS, prefix)


def main(total: int = 300, kind: str = "sqlite", dump: str | None = None) -> None:
    from bot.web.app import create_app

    with database(kind) as (url, redis_url, prefix):
        prepare_database(url, directory=False)
        settings = Settings(
            database_url=url,
            rasa_url="http://rasa.test",
            redis_url=redis_url,
            redis_key_prefix=prefix or "cymar",
            run_telegram=False,
            rate_limit_conversation_burst=100_000,
            rate_limit_conversation_per_minute=1_000_000,
        )
        app = create_app(settings, rasa_transport=httpx.MockTransport(canned_rasa))
        logging.getLogger("httpx").setLevel(logging.WARNING)  # this client's own requests
        corpus = load_corpus()
        # CPU time, not wall time: SQLite's fsync at every commit would otherwise dominate.
        profile = cProfile.Profile(time.process_time)

        async def measure() -> tuple[int, float]:
            # One event loop for both: the Redis clients belong to the loop they first ran on.
            await send_messages(app, corpus, 20)  # imports, first queries, caches
            asyncio.to_thread = inline
            cpu = time.process_time()
            profile.enable()
            sent = await send_messages(app, corpus, total)
            profile.disable()
            return sent, time.process_time() - cpu

        sent, cpu = asyncio.run(measure())
    print(f"{sent} messages: {cpu * 1000 / sent:.1f} ms of CPU per message (client included)")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(60)
    if dump:
        profile.dump_stats(dump)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 300, args[1] if len(args) > 1 else "sqlite", *args[2:3])
