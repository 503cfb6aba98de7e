"""What the person is told when part of Cymar is down, instead of silence or an error.

Rasa down or hanging is the router's `utter_trouble`; the database down is
`errors.StorageUnavailable`. This module covers the action server: Rasa carries on without
a custom action that cannot run, so a directory search comes back as an empty turn
(measured: every search, form question and language switch). The person is told the
search cannot run, and given the local organisations' contacts when they named a place, a
person to talk to and the crisis numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import httpx
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.content.model import LANGUAGES, ChatMessage, Lang
from bot.directory.areas import resolve_place
from bot.directory.cards import contact_text
from bot.directory.search import organisations_serving
from bot.store.models import Message

log = logging.getLogger(__name__)
# How many of the person's recent messages may name the place they are looking in.
RECENT_MESSAGES = 5


async def answers(url: str, timeout_seconds: float = 0.5) -> bool:
    """True when a service's health URL answers 200 (a stopped one refuses at once)."""
    try:
        async with httpx.AsyncClient(timeout=timeout_seconds) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


def recent_texts(
    sessions: Callable[[], Session], conversation_id: str, latest: str | None
) -> list[str]:
    """The person's latest words first, then their earlier messages, newest first."""
    texts = [latest] if latest else []
    try:
        with sessions() as session:
            texts += [
                t
                for t in session.scalars(
                    select(Message.text)
                    .where(Message.conversation_id == conversation_id, Message.sender == "user")
                    .order_by(Message.seq.desc())
                    .limit(RECENT_MESSAGES)
                )
                if t
            ]
    except SQLAlchemyError as exc:
        log.warning("could not read earlier messages: %s", type(exc).__name__)
    return texts


def directory_unavailable(
    catalogue: ResponseCatalogue,
    sessions: Callable[[], Session],
    language: Lang | None,
    texts: Iterable[str],
) -> list[ChatMessage]:
    area = next((place.area.slug for t in texts if (place := resolve_place(t))), None)
    values: dict[str, object] = {}
    if area is not None:
        try:
            with sessions() as session:
                organisations = organisations_serving(session, area)
                for lang in LANGUAGES:
                    values[f"contacts_{lang}"] = "\n".join(
                        f"- {contact_text(o, lang)}" for o in organisations
                    )
        except SQLAlchemyError as exc:
            log.warning("could not read organisations: %s", type(exc).__name__)
            values = {}
    key = "utter_directory_unavailable_contacts" if values.get("contacts_en") else None
    return catalogue.render_for(key or "utter_directory_unavailable", language, values)
