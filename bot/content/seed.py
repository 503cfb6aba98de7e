"""Seed the database from `data/`: response texts and crisis lines.

Idempotent, and careful with staff work: a key's text is (re)published from the YAML only
while the current published revision also came from the seed files, so a staff edit is
never overwritten by `make run`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.crisis import load_file
from bot.content.model import LANGUAGES
from bot.content.source import ResponseSource, load_source
from bot.store.models import CrisisLine, Response, ResponseRevision

log = logging.getLogger(__name__)
SEED_AUTHOR = "seed"


def seed_responses(session: Session, source: ResponseSource) -> int:
    """Publish YAML text for keys that staff have not edited; returns revisions written."""
    written = 0
    now = datetime.now(timezone.utc)
    for key in sorted(source.all_keys()):
        texts = [t for lang in LANGUAGES if (t := source.get(key, lang)) is not None]
        if session.get(Response, key) is None:
            session.add(Response(key=key, topic=texts[0].topic))
            session.flush()
        for text in texts:
            current = session.scalars(
                select(ResponseRevision)
                .where(
                    ResponseRevision.response_key == key,
                    ResponseRevision.language == text.language,
                    ResponseRevision.status == "published",
                )
                .order_by(ResponseRevision.id.desc())
                .limit(1)
            ).first()
            buttons = [b.as_dict() for b in text.buttons]
            if current is not None:
                if current.author != SEED_AUTHOR:
                    continue  # a staff edit wins over the seed file
                if current.text == text.text and current.buttons == buttons:
                    continue
                current.status = "superseded"
            session.add(
                ResponseRevision(
                    response_key=key,
                    language=text.language,
                    text=text.text,
                    buttons=buttons,
                    status="published",
                    author=SEED_AUTHOR,
                    published_at=now,
                )
            )
            written += 1
    return written


def seed_crisis_lines(session: Session, path: Path) -> int:
    """Insert crisis lines that are not in the database yet; staff changes are kept."""
    added = 0
    for info in load_file(path):
        if session.get(CrisisLine, info.slug) is not None:
            continue
        session.add(
            CrisisLine(
                slug=info.slug,
                position=info.position,
                name_en=info.name["en"],
                name_cy=info.name["cy"],
                how_en=info.how["en"],
                how_cy=info.how["cy"],
                when_en=info.when["en"],
                when_cy=info.when["cy"],
                phone=info.phone,
                sms=info.sms,
                opens_at=info.opens_at,
                closes_at=info.closes_at,
                only_language=info.only_language,
            )
        )
        added += 1
    return added


def seed_all(session: Session, data_dir: Path) -> dict[str, int]:
    return {
        "response_revisions": seed_responses(session, load_source(data_dir)),
        "crisis_lines": seed_crisis_lines(session, data_dir / "crisis_lines.yml"),
    }
