"""What staff do with feedback: "Was this helpful?" counts per answer, and the anonymous
stories for Most Significant Change review panels (read, tag, select, export, delete).

Every change to a story and every export is audit-logged with `story:<id>` as its subject,
and never with the story's text (what people write to Cymar does not belong in the log).
Exports are redacted again (redaction rules may have improved since a story was stored, and
staff notes may quote details) and guarded against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, delete, exists, func, select
from sqlalchemy.orm import Session, selectinload

from bot.privacy.redact import redact
from bot.staff import audit
from bot.staff.paging import PER_PAGE, Paged, paginate
from bot.store.models import AnswerFeedback, Story, StoryTag

MAX_TAG_CHARS = 40
MAX_TAGS = 20
MAX_NOTE_CHARS = 2000
# Letters (Welsh ones included), digits, spaces and hyphens: a tag is a word or two.
TAG = re.compile(r"^[\w][\w -]*$")
STORY_CSV_COLUMNS = (
    "id",
    "day",
    "language",
    "follows",
    "tags",
    "selected",
    "selection_note",
    "story",
)


def story_subject(story_id: int) -> str:
    return audit.subject_for("story", story_id)


# -- "Was this helpful?" ---------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerCount:
    response_key: str
    language: str
    helpful: int
    not_helpful: int

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def not_helpful_percent(self) -> int:
        return round(100 * self.not_helpful / self.total) if self.total else 0


def answer_counts(
    session: Session, since: date, until: date, language: str | None = None
) -> list[AnswerCount]:
    """Helpful and not helpful per answer and language, Welsh dates inclusive; the answers
    people found least helpful first (what curators should look at)."""
    helpful = func.sum(case((AnswerFeedback.helpful.is_(True), 1), else_=0))
    query = (
        select(AnswerFeedback.response_key, AnswerFeedback.language, helpful, func.count())
        .where(AnswerFeedback.day >= since, AnswerFeedback.day <= until)
        .group_by(AnswerFeedback.response_key, AnswerFeedback.language)
    )
    if language:
        query = query.where(AnswerFeedback.language == language)
    counts = [
        AnswerCount(key, lang, int(yes or 0), int(total) - int(yes or 0))
        for key, lang, yes, total in session.execute(query).tuples()
    ]
    return sorted(counts, key=lambda c: (-c.not_helpful, -c.not_helpful_percent, c.response_key))


# -- stories -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryQuery:
    """What the stories screen and the CSV export filter on; every part is optional."""

    language: str | None = None
    tag: str | None = None
    # True: only stories selected for the panel; False: only those not selected.
    selected: bool | None = None


def statement(query: StoryQuery) -> Select[tuple[Story]]:
    found = select(Story).options(selectinload(Story.tags))
    if query.language:
        found = found.where(Story.language == query.language)
    if query.tag:
        found = found.where(
            exists().where(StoryTag.story_id == Story.id, StoryTag.tag == query.tag)
        )
    if query.selected is not None:
        found = found.where(Story.selected.is_(query.selected))
    return found.order_by(Story.day.desc(), Story.id.desc())


def search(
    session: Session, query: StoryQuery, page: int = 1, per_page: int = PER_PAGE
) -> Paged[Story]:
    return paginate(session, statement(query), page, per_page)


def tags_in_use(session: Session) -> list[str]:
    return list(session.scalars(select(StoryTag.tag).distinct().order_by(StoryTag.tag)))


def normalise_tag(raw: str) -> tuple[str | None, str | None]:
    """(tag, None) or (None, error key): lower case, single spaces, a word or two."""
    tag = " ".join(unicodedata.normalize("NFC", raw).split()).lower()
    if not tag:
        return None, "error_tag_empty"
    if len(tag) > MAX_TAG_CHARS:
        return None, "error_tag_too_long"
    if not TAG.match(tag) or "_" in tag:
        return None, "error_tag_characters"
    return tag, None


def add_tag(session: Session, story: Story, tag: str, actor: int) -> str | None:
    """Tag a story; None, or an error key (too many tags). Tagging twice changes nothing."""
    current = [t.tag for t in story.tags]
    if tag in current:
        return None
    if len(current) >= MAX_TAGS:
        return "error_too_many_tags"
    story.tags.append(StoryTag(tag=tag))
    audit.record(
        session,
        actor=actor,
        action="story_tagged",
        subject=story_subject(story.id),
        before={"tags": current},
        after={"tags": sorted([*current, tag])},
    )
    return None


def remove_tag(session: Session, story: Story, tag: str, actor: int) -> None:
    current = [t.tag for t in story.tags]
    if tag not in current:
        return
    session.execute(delete(StoryTag).where(StoryTag.story_id == story.id, StoryTag.tag == tag))
    session.expire(story, ["tags"])
    audit.record(
        session,
        actor=actor,
        action="story_untagged",
        subject=story_subject(story.id),
        before={"tags": current},
        after={"tags": [t for t in current if t != tag]},
    )


def set_selection(session: Session, story: Story, selected: bool, note: str, actor: int) -> bool:
    """Select (or unselect) a story for the MSC panel, with a note; True if it changed."""
    note = note.strip()[:MAX_NOTE_CHARS] if selected else ""
    before = audit.snapshot(story, ("selected", "selection_note"))
    after = {"selected": selected, "selection_note": note}
    if not audit.changes_between(before, after):
        return False
    story.selected, story.selection_note = selected, note
    audit.record(
        session,
        actor=actor,
        action="story_selection_changed",
        subject=story_subject(story.id),
        before=before,
        after=after,
    )
    return True


def delete_story(session: Session, story: Story, actor: int) -> None:
    """Delete a story for good; the log keeps that it happened (not what it said)."""
    audit.record(
        session,
        actor=actor,
        action="story_deleted",
        subject=story_subject(story.id),
        day=story.day,
        language=story.language,
        follows=story.follows,
        was_selected=story.selected,
    )
    session.delete(story)


def export_csv(session: Session, query: StoryQuery) -> Iterator[str]:
    """The filtered stories as CSV text, a chunk at a time: redacted, formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(STORY_CSV_COLUMNS)
    for story in session.scalars(statement(query).execution_options(yield_per=200)):
        row = [
            str(story.id),
            story.day.isoformat(),
            story.language,
            story.follows,
            "; ".join(t.tag for t in story.tags),
            "yes" if story.selected else "no",
            story.selection_note,
            story.text,
        ]
        writer.writerow([audit.csv_safe(redact(cell)) for cell in row])
        if buffer.tell() > 16_384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def count_matching(session: Session, query: StoryQuery) -> int:
    return int(
        session.scalar(select(func.count()).select_from(statement(query).order_by(None).subquery()))
        or 0
    )
