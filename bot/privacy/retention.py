"""The retention job: conversations idle for RETENTION_DAYS are deleted, counts kept.

"Older than" means the last activity (a message from the person, the assistant or a peer
supporter), never the start, so a conversation still going on is never cut mid-way; the
delete re-checks the idle time in the same statement, so one that wakes up during a sweep
stays. Detached safeguarding concerns are deleted SAFEGUARDING_RETENTION_DAYS after they
were raised, and anonymous stories STORY_RETENTION_DAYS after the day they were told (they
have no conversation to go with; "Was this helpful?" taps are anonymous counts and stay).
See bot/privacy/erasure.py for what goes and what stays.

Run it as its own process (`retention` in the Procfile): it sweeps at start and then every
RETENTION_INTERVAL_HOURS. A lease row (job_lease) means that however many processes or
machines run it, one sweeps at a time. On demand:

    python -m bot.privacy.retention run          # one sweep now
    python -m bot.privacy.retention serve        # the Procfile process
    python -m bot.privacy.retention stats [--csv]  # the anonymous daily counts
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from bot.conversations.feedback import wales_today
from bot.logging_setup import configure_logging
from bot.privacy.erasure import erase_records
from bot.privacy.rasa_tracker import (
    TrackerStoreUnavailable,
    erase_orphan_trackers,
    expire_trackers,
)
from bot.privacy.redact import write_csv
from bot.privacy.stats import COUNT_FIELDS, daily_counts
from bot.settings import Settings, get_settings
from bot.store.db import get_sessionmaker
from bot.store.models import Conversation, JobLease, SafeguardingConcern, Story, utcnow

log = logging.getLogger(__name__)

LEASE_NAME = "retention"
# Long enough for any sweep; a holder that died lets the next one in after this.
LEASE_SECONDS = 3600
# Conversations deleted per transaction: short transactions keep SQLite's writer lock brief.
BATCH = 100


@dataclass(frozen=True)
class SweepReport:
    conversations_deleted: int
    concerns_deleted: int
    cutoff: datetime
    # Rasa's tracker events past the cutoff, and whole trackers whose conversation is gone.
    tracker_rows_deleted: int = 0
    orphan_trackers_erased: int = 0
    stories_deleted: int = 0


def _known(sessions: Callable[[], Session], ids: list[str]) -> set[str]:
    with sessions() as session:
        return set(session.scalars(select(Conversation.id).where(Conversation.id.in_(ids))))


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def take_lease(
    sessions: Callable[[], Session], holder: str, now: datetime, seconds: float = LEASE_SECONDS
) -> bool:
    """True if this holder may sweep now (nobody holds the lease, or it has expired)."""
    until = now + timedelta(seconds=seconds)
    with sessions() as session, session.begin():
        taken = session.execute(
            update(JobLease)
            .where(
                JobLease.name == LEASE_NAME,
                or_(JobLease.expires_at < now, JobLease.holder == holder),
            )
            .values(holder=holder, expires_at=until)
        )
        if cast(CursorResult[Any], taken).rowcount:
            return True
        if session.get(JobLease, LEASE_NAME) is not None:
            return False
    try:
        with sessions() as session, session.begin():
            session.add(JobLease(name=LEASE_NAME, holder=holder, expires_at=until))
        return True
    except IntegrityError:
        return False  # another process created it a moment ago


def release_lease(sessions: Callable[[], Session], holder: str) -> None:
    with sessions() as session, session.begin():
        session.execute(
            delete(JobLease).where(JobLease.name == LEASE_NAME, JobLease.holder == holder)
        )


def sweep(
    sessions: Callable[[], Session], settings: Settings, now: datetime | None = None
) -> SweepReport:
    """Delete what has outlived its retention period (no lease: callers take it)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=settings.retention_days)
    deleted = 0
    while True:
        with sessions() as session, session.begin():
            ids = list(
                session.scalars(
                    select(Conversation.id)
                    .where(Conversation.last_activity_at < cutoff)
                    .order_by(Conversation.last_activity_at)
                    .limit(BATCH)
                )
            )
            for conversation_id in ids:
                if erase_records(session, conversation_id, "retention", idle_since=cutoff):
                    deleted += 1
        if len(ids) < BATCH:
            break
    # Rasa's tracker store keeps its own copy of the dialogue: the same cutoff, and any
    # tracker whose conversation is gone (an erasure that could not reach the store).
    trackers = orphans = 0
    try:
        trackers = expire_trackers(settings, cutoff)
        orphans = erase_orphan_trackers(settings, lambda ids: _known(sessions, ids))
    except TrackerStoreUnavailable as exc:
        log.warning("Rasa's tracker store unreachable; trackers wait for the next sweep: %s", exc)
    concern_cutoff = now - timedelta(days=settings.safeguarding_retention_days)
    with sessions() as session, session.begin():
        result = session.execute(
            delete(SafeguardingConcern).where(
                SafeguardingConcern.conversation_id.is_(None),
                SafeguardingConcern.created_at < concern_cutoff,
            )
        )
        concerns = cast(CursorResult[Any], result).rowcount
    # A story keeps only its Welsh date, so its age is counted in whole days.
    story_cutoff = wales_today(now) - timedelta(days=settings.story_retention_days)
    with sessions() as session, session.begin():
        result = session.execute(delete(Story).where(Story.day < story_cutoff))
        stories = cast(CursorResult[Any], result).rowcount
    return SweepReport(deleted, concerns, cutoff, trackers, orphans, stories)


def run_once(settings: Settings, now: datetime | None = None) -> SweepReport | None:
    """One guarded sweep; None if another process is sweeping."""
    sessions = get_sessionmaker(settings.database_url)
    holder = holder_name()
    if not take_lease(sessions, holder, now or utcnow()):
        log.info("retention sweep skipped: another process is running it")
        return None
    try:
        report = sweep(sessions, settings, now)
    finally:
        release_lease(sessions, holder)
    log.info(
        "retention sweep: %d conversations, %d safeguarding concerns, %d stories, %d Rasa "
        "tracker events and %d orphaned trackers deleted (conversations idle since before %s)",
        report.conversations_deleted,
        report.concerns_deleted,
        report.stories_deleted,
        report.tracker_rows_deleted,
        report.orphan_trackers_erased,
        report.cutoff.date().isoformat(),
    )
    return report


def serve(settings: Settings) -> None:
    """Sweep at start, then every RETENTION_INTERVAL_HOURS, until stopped."""
    while True:
        try:
            run_once(settings)
        except SQLAlchemyError as exc:
            # The database may be starting or busy: try again at the next interval.
            log.warning("retention sweep failed: %s", type(exc).__name__)
        time.sleep(settings.retention_interval_hours * 3600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.privacy.retention",
        description="Delete conversations idle for RETENTION_DAYS; show the anonymous counts.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="one sweep now")
    commands.add_parser("serve", help="sweep at start and then every RETENTION_INTERVAL_HOURS")
    stats = commands.add_parser("stats", help="the anonymous daily counts")
    stats.add_argument("--csv", action="store_true", help="as CSV on standard output")
    args = parser.parse_args(argv)
    configure_logging()
    settings = get_settings()
    if args.command == "serve":
        serve(settings)
        return 0
    if args.command == "run":
        report = run_once(settings)
        if report is None:
            print("Another process is running the retention sweep; nothing done.")
            return 1
        print(
            f"Deleted {report.conversations_deleted} conversations idle for more than "
            f"{settings.retention_days} days and {report.concerns_deleted} safeguarding "
            f"concerns older than {settings.safeguarding_retention_days} days and "
            f"{report.stories_deleted} stories older than {settings.story_retention_days} days; "
            f"{report.tracker_rows_deleted} of Rasa's tracker events went with them."
        )
        return 0
    with get_sessionmaker(settings.database_url)() as session:
        rows = daily_counts(session)
    fields = ("day", "channel", "language", *COUNT_FIELDS)
    if args.csv:
        write_csv(rows, sys.stdout, fields)
    else:
        print("  ".join(fields))
        for row in rows:
            print("  ".join(str(row[name]) for name in fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
