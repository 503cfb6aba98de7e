"""Serve the published text of a response in a language, filling placeholders.

The database holds what staff publish; the packaged YAML is the fallback when the database
is unreachable, so a person is never left without an answer or the crisis numbers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.content.crisis import CrisisLineInfo, fallback_lines, lines_for, render_lines
from bot.content.model import Button, ChatMessage, Lang, ResponseText
from bot.content.source import ResponseSource, load_source
from bot.store.models import CrisisLine, ResponseRevision

log = logging.getLogger(__name__)
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class UnknownResponse(KeyError):
    """No published text and no packaged text for a key."""


class ResponseCatalogue:
    def __init__(
        self,
        data_dir: Path,
        session_factory: Callable[[], Session] | None = None,
        source: ResponseSource | None = None,
    ) -> None:
        self._source = source or load_source(data_dir)
        self._fallback_lines = fallback_lines(data_dir)
        self._session_factory = session_factory

    @property
    def source(self) -> ResponseSource:
        return self._source

    def text_for(self, key: str, language: Lang) -> ResponseText:
        published = self._published(key, language)
        if published is not None:
            return published
        packaged = self._source.get(key, language)
        if packaged is None:
            raise UnknownResponse(key)
        return packaged

    def has(self, key: str) -> bool:
        return key in self._source.all_keys() or self._published(key, "en") is not None

    def crisis_lines(self, language: Lang, now: datetime | None = None) -> list[CrisisLineInfo]:
        lines = self._stored_crisis_lines() or self._fallback_lines
        return lines_for(lines, language, now or datetime.now(timezone.utc))

    def render(
        self, key: str, language: Lang, values: Mapping[str, object] | None = None
    ) -> ChatMessage:
        response = self.text_for(key, language)
        filled = dict(values or {})

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "crisis_lines" and name not in filled:
                return render_lines(self.crisis_lines(language), language)
            # Actions may send one value per language (`results_cy`, `results_en`).
            return str(filled.get(f"{name}_{language}", filled.get(name, "")))

        cards = filled.get(f"cards_{language}") or []
        return ChatMessage(
            text=PLACEHOLDER.sub(fill, response.text).strip(),
            lang=language,
            buttons=list(response.buttons),
            cards=[c for c in cards if isinstance(c, dict)] if isinstance(cards, list) else [],
            key=key,
        )

    def render_for(
        self, key: str, language: Lang | None, values: Mapping[str, object] | None = None
    ) -> list[ChatMessage]:
        """One message in the conversation's language, or Welsh then English while unknown."""
        if language is not None:
            return [self.render(key, language, values)]
        cy, en = self.render(key, "cy", values), self.render(key, "en", values)
        # The buttons belong under the pair, once (the same payloads in both languages).
        buttons = [
            Button(f"{c.title} / {e.title}" if c.title != e.title else c.title, c.payload)
            for c, e in zip(cy.buttons, en.buttons, strict=False)
        ]
        cy.buttons = []
        en.buttons = buttons
        # Cards are shown once, under the pair, like the buttons.
        cy.cards = []
        return [cy, en]

    def _published(self, key: str, language: Lang) -> ResponseText | None:
        if self._session_factory is None:
            return None
        try:
            with self._session_factory() as session:
                row = session.scalars(
                    select(ResponseRevision)
                    .where(
                        ResponseRevision.response_key == key,
                        ResponseRevision.language == language,
                        ResponseRevision.status == "published",
                    )
                    .order_by(ResponseRevision.id.desc())
                    .limit(1)
                ).first()
        except SQLAlchemyError as exc:
            log.warning("response store unavailable, using packaged text: %s", type(exc).__name__)
            return None
        if row is None:
            return None
        return ResponseText(
            key=key,
            language=language,
            text=row.text,
            buttons=tuple(Button(b["title"], b["payload"]) for b in row.buttons or []),
        )

    def _stored_crisis_lines(self) -> list[CrisisLineInfo]:
        if self._session_factory is None:
            return []
        try:
            with self._session_factory() as session:
                rows = session.scalars(select(CrisisLine).where(CrisisLine.active.is_(True))).all()
                return [
                    CrisisLineInfo.from_mapping(
                        {c.name: getattr(row, c.name) for c in CrisisLine.__table__.columns}
                    )
                    for row in rows
                ]
        except SQLAlchemyError as exc:
            log.warning("crisis lines unavailable, using the fallback: %s", type(exc).__name__)
            return []
