"""After a recovery college "what courses are there?" answer: that college's next courses.

Runs after every recovery college answer and stays silent unless the question was about
courses and a place is known (said now, or from an earlier search). Each health board has
one recovery and wellbeing college, so the place's health board names the college.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.search_directory import PAGE_SIZE, blocks
from bot.directory.areas import area_by_slug
from bot.directory.search import SearchQuery, search
from bot.settings import get_settings
from bot.store.db import session_scope

COURSES_ANSWER = "utter_recovery_college/courses"
COURSE_KIND = "recovery_college_course"


def selected_answer(tracker: Tracker) -> str | None:
    selector = tracker.latest_message.get("response_selector") or {}
    for key in ("recovery_college", "default"):
        response = (selector.get(key) or {}).get("response") or {}
        if response.get("utter_action"):
            return str(response["utter_action"])
    return None


class ActionListCourses(Action):
    def name(self) -> str:
        return "action_list_courses"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if selected_answer(tracker) != COURSES_ANSWER:
            return []
        said = next(tracker.get_latest_entity_values("area"), None)
        area = area_by_slug(str(said or tracker.get_slot("search_area") or ""))
        if area is None:
            return []
        college = area.slug if area.kind == "health_board" else area.health_board
        now = datetime.now(timezone.utc)
        query = SearchQuery(now, now + timedelta(days=120), area=college, kind=COURSE_KIND)
        with session_scope(get_settings().database_url) as session:
            result = search(session, query, limit=PAGE_SIZE, now=now)
            if result.hits:
                dispatcher.utter_message(response="utter_directory_courses", **blocks(result))
        return []
