"""After a recovery college "what courses are there?" answer: that college's next courses.

`action_answer_faq` calls this after the courses answer; it stays silent unless a place is
known (said now, or from an earlier search). Each health board has one recovery and
wellbeing college, so the place's health board names the college.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.search_directory import PAGE_SIZE, blocks
from bot.directory.areas import area_by_slug
from bot.directory.search import SearchQuery, search
from bot.settings import get_settings
from bot.store.db import session_scope

COURSES_ANSWER = "utter_recovery_college/courses"
COURSE_KIND = "recovery_college_course"


def list_courses(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Utter the next courses of the college for the place the person named, if any."""
    said = next(tracker.get_latest_entity_values("area"), None)
    area = area_by_slug(str(said or tracker.get_slot("search_area") or ""))
    if area is None:
        return
    college = area.slug if area.kind == "health_board" else area.health_board
    now = datetime.now(timezone.utc)
    query = SearchQuery(now, now + timedelta(days=120), area=college, kind=COURSE_KIND)
    with session_scope(get_settings().database_url) as session:
        result = search(session, query, limit=PAGE_SIZE, now=now)
        if result.hits:
            dispatcher.utter_message(response="utter_directory_courses", **blocks(result))
