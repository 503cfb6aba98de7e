"""Directory search latency with 10,000 services and 100,000 session dates.

    python -m bench.search_latency

Runs on SQLite and, when reachable, PostgreSQL (BENCH_POSTGRES_URL, default the local
server's `cymar_bench` database, created if missing). Each engine gets the real migrations,
then generated services spread over the 22 areas, then 300 searches mixing area, health
board, online-only, language and topic filters over realistic windows.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bench.common import write_result
from bot.directory.areas import areas
from bot.directory.search import SearchQuery, search
from bot.directory.seed import seed_areas
from bot.ops.stack import migrate
from bot.store.models import Organisation, Service, SessionOccurrence

SERVICES = 10_000
OCCURRENCES = 100_000
QUERIES = 300
KINDS = ("peer_support_group", "wellbeing_session", "recovery_college_course", "peer_mentoring")
TOPICS = ("anxiety", "low_mood", "sleep", "mindfulness", "creative", "walking", "carers")


def populate(url: str, now: datetime) -> None:
    rng = random.Random(7)
    engine = create_engine(url)
    local = [a for a in areas() if a.kind == "local_authority"]
    with sessionmaker(engine)() as session, session.begin():
        seed_areas(session)
    with engine.begin() as conn:
        conn.execute(
            insert(Organisation),
            [{"slug": "bench-org", "name_en": "Bench", "name_cy": "Mainc", "sample": True}],
        )
        rows = []
        for i in range(SERVICES):
            area = rng.choice(local)
            online = rng.random() < 0.15
            rows.append(
                {
                    "slug": f"bench-{i}",
                    "organisation_slug": "bench-org",
                    "kind": rng.choice(KINDS),
                    "title_en": f"Service {i}",
                    "title_cy": f"Gwasanaeth {i}",
                    "topics": rng.sample(TOPICS, 2),
                    "area_slug": None if online else area.slug,
                    "health_board_slug": None if online else area.health_board,
                    "in_person": not online,
                    "online": online,
                    "in_welsh": rng.random() < 0.3,
                    "in_english": True,
                    "sample": True,
                }
            )
        conn.execute(insert(Service), rows)
        services = conn.execute(
            text("SELECT id, area_slug, health_board_slug, online, kind FROM service")
        ).all()
        occurrences = []
        seen: set[tuple[int, datetime]] = set()
        n = 0
        while len(occurrences) < OCCURRENCES:
            sid, area_slug, board, online, kind = services[n % len(services)]
            n += 1
            starts = now + timedelta(minutes=rng.randrange(-7 * 24 * 60, 120 * 24 * 60))
            if (sid, starts) in seen:
                continue
            seen.add((sid, starts))
            occurrences.append(
                {
                    "service_id": sid,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=1),
                    "cancelled": rng.random() < 0.02,
                    "area_slug": area_slug,
                    "health_board_slug": board,
                    "online": online,
                    "kind": kind,
                }
            )
        for chunk in range(0, len(occurrences), 10_000):
            conn.execute(insert(SessionOccurrence), occurrences[chunk : chunk + 10_000])
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    engine.dispose()


def queries(now: datetime) -> list[SearchQuery]:
    rng = random.Random(11)
    local = [a.slug for a in areas() if a.kind == "local_authority"]
    boards = [a.slug for a in areas() if a.kind == "health_board"]
    out = []
    for _ in range(QUERIES):
        days = rng.choice((1, 7, 14, 30))
        start = now + timedelta(days=rng.choice((0, 0, 1, 7)))
        roll = rng.random()
        out.append(
            SearchQuery(
                start=start,
                end=start + timedelta(days=days),
                area=rng.choice(boards)
                if roll < 0.2
                else (None if roll > 0.9 else rng.choice(local)),
                online_only=0.9 < roll < 0.95,
                language="cy" if rng.random() < 0.25 else None,
                topic=rng.choice(TOPICS) if rng.random() < 0.3 else None,
            )
        )
    return out


def measure(url: str, now: datetime) -> dict[str, Any]:
    migrate(url)
    started = time.monotonic()
    populate(url, now)
    load_seconds = time.monotonic() - started
    factory = sessionmaker(create_engine(url))
    timings = []
    with factory() as session:
        for q in queries(now)[:20]:  # warm the caches and the query plans
            search(session, q, now=now)
        for q in queries(now):
            t0 = time.perf_counter()
            search(session, q, now=now)
            timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {
        "services": SERVICES,
        "session_dates": OCCURRENCES,
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "max_ms": round(timings[-1], 2),
        "load_seconds": round(load_seconds, 1),
    }


def postgres_url() -> str | None:
    url = os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1/cymar_bench"
    )
    try:
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = make_url(url).database
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # no server here: report SQLite only, and say why
        print(f"PostgreSQL not reachable ({type(exc).__name__}); measuring SQLite only")
        return None
    return url


def main() -> None:
    now = datetime.now(timezone.utc)
    figures: dict[str, Any] = {"targets": {"p95_ms_max": 20}}
    with tempfile.TemporaryDirectory() as tmp:
        figures["sqlite"] = measure(f"sqlite:///{Path(tmp) / 'bench.db'}", now)
    url = postgres_url()
    if url:
        figures["postgresql"] = measure(url, now)
    for engine in ("sqlite", "postgresql"):
        if engine in figures:
            f = figures[engine]
            print(
                f"{engine}: search p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms over {f['queries']}"
            )
    write_result("search", figures, "make bench  (python -m bench.search_latency)")


if __name__ == "__main__":
    main()
