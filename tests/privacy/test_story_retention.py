"""Stories are anonymous but free text: the retention sweep deletes them
STORY_RETENTION_DAYS after the day they were told; "Was this helpful?" taps stay (counts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversations.feedback import wales_today
from bot.privacy.retention import sweep
from bot.settings import Settings
from bot.store.models import AnswerFeedback, Story, StoryTag

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)


def test_old_stories_go_with_their_tags_newer_ones_and_taps_stay(
    sessions: Callable[[], Session], settings: Settings
) -> None:
    keep_days = settings.story_retention_days
    today = wales_today(NOW)
    with sessions() as session, session.begin():
        for text, age in (("old", keep_days + 1), ("last day", keep_days), ("new", 0)):
            story = Story(
                text=text, language="en", day=today - timedelta(days=age), follows="peer_chat"
            )
            story.tags = [StoryTag(tag="hope")]
            session.add(story)
        session.add(
            AnswerFeedback(
                day=today - timedelta(days=keep_days + 400),
                response_key="utter_peer_support/cost",
                language="cy",
                helpful=True,
            )
        )
    report = sweep(sessions, settings, now=NOW)
    assert report.stories_deleted == 1
    with sessions() as session:
        assert sorted(session.scalars(select(Story.text))) == ["last day", "new"]
        assert len(session.scalars(select(StoryTag)).all()) == 2
        assert len(session.scalars(select(AnswerFeedback)).all()) == 1
    assert sweep(sessions, settings, now=NOW).stories_deleted == 0
