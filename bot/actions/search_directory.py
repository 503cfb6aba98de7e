"""Run the directory search the form collected, and answer with text and cards."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.content.model import LANGUAGES
from bot.directory import cards
from bot.directory.search import (
    Alternatives,
    SearchQuery,
    SearchResult,
    alternatives,
    sample_data_in_use,
    search,
)
from bot.directory.when import default_window, window_for_label
from bot.settings import get_settings
from bot.store.db import session_scope

log = logging.getLogger(__name__)
PAGE_SIZE = 3


def build_query(tracker: Tracker, now: datetime) -> SearchQuery:
    label = tracker.get_slot("search_when") or "any"
    try:
        window = window_for_label(str(label), now)
    except ValueError:
        window = default_window(now)
    area = tracker.get_slot("search_area")
    language = tracker.get_slot("search_language")
    delivery = tracker.get_slot("search_delivery")
    return SearchQuery(
        start=window.start,
        end=window.end,
        area=None if area in (None, "anywhere", "online") else str(area),
        online_only=area == "online",
        language=language if language in ("cy", "en", "bsl") else None,
        delivery=delivery if delivery in ("in_person", "phone") else None,
        topic=tracker.get_slot("search_topic"),
        hours=window.hours,
    )


def blocks(result: SearchResult) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for lang in LANGUAGES:
        values[f"results_{lang}"] = "\n\n".join(cards.text_block(h, lang) for h in result.hits)
        values[f"cards_{lang}"] = [cards.card(h, lang) for h in result.hits]
    return values


def _alternative_values(found: Alternatives) -> dict[str, Any]:
    best = found.online or found.nearby or found.later
    values = blocks(best) if best else {f"results_{lang}": "" for lang in LANGUAGES}
    for lang in LANGUAGES:
        values[f"contacts_{lang}"] = "\n".join(
            cards.contact_text(o, lang) for o in found.organisations
        )
    return values


class ActionSearchDirectory(Action):
    def name(self) -> str:
        return "action_search_directory"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        now = datetime.now(timezone.utc)
        query = build_query(tracker, now)
        offset = int(tracker.get_slot("search_offset") or 0)
        settings = get_settings()
        with session_scope(settings.database_url) as session:
            result = search(session, query, limit=PAGE_SIZE, offset=offset, now=now)
            sample = sample_data_in_use(session)
            if result.hits:
                key = (
                    "utter_directory_results" if result.has_more else "utter_directory_results_last"
                )
                dispatcher.utter_message(response=key, **blocks(result))
            elif offset:
                dispatcher.utter_message(response="utter_directory_no_more")
            else:
                found = alternatives(session, query, now=now)
                key = (
                    "utter_directory_none_alternatives"
                    if (found.online or found.nearby or found.later)
                    else "utter_directory_none"
                )
                dispatcher.utter_message(response=key, **_alternative_values(found))
        if sample:
            dispatcher.utter_message(response="utter_directory_sample_note")
        log.info("directory search", extra={"event": f"hits={len(result.hits)}"})
        return [SlotSet("search_offset", float(offset))]
