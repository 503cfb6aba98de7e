"""Changing the answers Cymar gives: draft -> in review -> approved -> published.

A change always carries both languages (one `ResponseChange`, two `ResponseRevision`
rows), because Welsh is never second: a change with one language missing cannot be
submitted, approved or published. The rules live here, not in the screens, so the command
line and any future API keep them too:

- editing needs `responses.edit`; editing a change that is in review (or approved) sends it
  back to draft, and the approval and any sign-off are cleared (they were for other words);
- approving needs `responses.review`, and nobody who wrote or edited the change may approve
  it (four eyes, whatever roles they hold);
- a lived-experience reviewer (`responses.signoff_lived_experience`) may sign a change off;
  who and when is kept on the change and shown in its history. It is advice the approver
  sees, not a gate: not every organisation has such a reviewer on every day;
- publishing needs `responses.publish` and an approval. It supersedes the published text of
  both languages in one transaction; the NLG endpoint reads the database on every reply
  (bot.content.catalogue, no cache), so the next reply in every process uses it;
- rollback (`responses.rollback`) publishes, as a new change, the text of an earlier
  published version. That text was reviewed and published before, so it goes live at once
  without another review: when a bad edit is live, speed matters more than ceremony. It is
  still checked (both languages, placeholders, buttons) and recorded in the audit log.

Every step is in the audit log under "response:<key>"; never message text, only answer text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.content.completeness import PAYLOAD, placeholders
from bot.content.model import LANGUAGES, Button, Lang
from bot.staff import audit
from bot.store.models import Response, ResponseChange, ResponseRevision, utcnow

EDIT, REVIEW, SIGNOFF = "responses.edit", "responses.review", "responses.signoff_lived_experience"
PUBLISH, ROLLBACK = "responses.publish", "responses.rollback"
OPEN = ("draft", "in_review", "approved")
STATES = ("published", "draft", "in_review", "approved")
TEXT_LIMIT = 2000
TITLE_LIMIT = 40
PAYLOAD_LIMIT = 200
# More than six buttons do not fit a phone screen in the widget or Telegram.
MAX_BUTTONS = 6
IMPORT_AUTHOR = "import"


class Actor(Protocol):
    """Who is acting: a signed-in staff member (bot.web.staff_kit.StaffMember)."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    def can(self, action: str) -> bool: ...


class AnswerRefused(Exception):
    """A step the rules do not allow; `reason` is a staff_text key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProposalInvalid(Exception):
    """The text has problems: {field: staff_text key}."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class AnswerText:
    language: Lang
    text: str
    buttons: tuple[Button, ...] = ()

    def button_dicts(self) -> list[dict[str, str]]:
        return [b.as_dict() for b in self.buttons]

    def lines(self) -> list[str]:
        """The text, then one line a button: what a diff compares."""
        return [*self.text.splitlines(), *(f"[{b.title}] → {b.payload}" for b in self.buttons)]

    @classmethod
    def of(cls, row: ResponseRevision) -> AnswerText:
        lang: Lang = "cy" if row.language == "cy" else "en"
        buttons = tuple(Button(str(b["title"]), str(b["payload"])) for b in row.buttons or [])
        return cls(lang, row.text, buttons)


@dataclass(frozen=True)
class Proposal:
    """Both languages of an answer, as written."""

    cy: AnswerText
    en: AnswerText

    def get(self, language: str) -> AnswerText:
        return self.cy if language == "cy" else self.en

    def same_as(self, other: Proposal | None) -> bool:
        return other is not None and self.cy == other.cy and self.en == other.en


# -- checks ----------------------------------------------------------------------------------


def problems(
    proposal: Proposal, known_placeholders: Iterable[str] | None = None, *, complete: bool = True
) -> dict[str, str]:
    """{form field: staff_text key} for every problem; empty when it may be published.

    `complete=False` (saving a draft) lets one language be empty for now; everything else
    is checked the same. `known_placeholders` are those Cymar fills for this answer: a new
    one would reach people as an empty gap.
    """
    found: dict[str, str] = {}
    for lang in LANGUAGES:
        version = proposal.get(lang)
        text_field = f"text_{lang}"
        if not version.text.strip():
            if complete:
                found[text_field] = "error_answer_empty"
        elif len(version.text) > TEXT_LIMIT:
            found[text_field] = "error_answer_too_long"
        if len(version.buttons) > MAX_BUTTONS:
            found[f"buttons_{lang}"] = "error_too_many_buttons"
        for number, button in enumerate(version.buttons, start=1):
            title, payload = f"title_{lang}_{number}", f"payload_{lang}_{number}"
            if not button.title.strip():
                found[title] = "error_button_title"
            elif len(button.title) > TITLE_LIMIT:
                found[title] = "error_button_title_too_long"
            if len(button.payload) > PAYLOAD_LIMIT or not PAYLOAD.match(button.payload):
                found[payload] = "error_button_payload"
    cy, en = proposal.cy, proposal.en
    if not cy.text.strip() and not en.text.strip():
        found.setdefault("text_cy", "error_answer_empty")
        found.setdefault("text_en", "error_answer_empty")
    if cy.text.strip() and en.text.strip() and placeholders(cy.text) != placeholders(en.text):
        found.setdefault("text_en", "error_placeholders_differ")
    if known_placeholders is not None:
        known = set(known_placeholders)
        for lang in LANGUAGES:
            if placeholders(proposal.get(lang).text) - known:
                found.setdefault(f"text_{lang}", "error_placeholder_unknown")
    compare_buttons = complete or bool(cy.text.strip() and en.text.strip())
    if compare_buttons and "buttons_cy" not in found and "buttons_en" not in found:
        if len(cy.buttons) != len(en.buttons):
            found["buttons_en"] = "error_button_count_differs"
        elif [b.payload for b in cy.buttons] != [b.payload for b in en.buttons]:
            found.setdefault("buttons_en", "error_button_payloads_differ")
    return found


# -- reading the state of answers ------------------------------------------------------------


def published(session: Session, key: str, language: str) -> ResponseRevision | None:
    return session.scalars(
        select(ResponseRevision)
        .where(
            ResponseRevision.response_key == key,
            ResponseRevision.language == language,
            ResponseRevision.status == "published",
        )
        .order_by(ResponseRevision.id.desc())
        .limit(1)
    ).first()


def open_change(session: Session, key: str) -> ResponseChange | None:
    return session.scalars(
        select(ResponseChange)
        .where(ResponseChange.response_key == key, ResponseChange.status.in_(OPEN))
        .order_by(ResponseChange.id.desc())
        .limit(1)
    ).first()


def revisions_of(session: Session, change: ResponseChange) -> dict[str, ResponseRevision]:
    rows = session.scalars(select(ResponseRevision).where(ResponseRevision.change_id == change.id))
    return {row.language: row for row in rows}


def proposal_of(rows: Mapping[Any, ResponseRevision | None]) -> Proposal | None:
    cy, en = rows.get("cy"), rows.get("en")
    if cy is None and en is None:
        return None
    return Proposal(
        AnswerText.of(cy) if cy is not None else AnswerText("cy", ""),
        AnswerText.of(en) if en is not None else AnswerText("en", ""),
    )


def published_proposal(session: Session, key: str) -> Proposal | None:
    return proposal_of({lang: published(session, key, lang) for lang in LANGUAGES})


def known_placeholders(session: Session, key: str) -> set[str]:
    """The placeholders Cymar fills for this answer: those its published text has."""
    current = published_proposal(session, key)
    if current is None:
        return set()
    return placeholders(current.cy.text) | placeholders(current.en.text)


@dataclass(frozen=True)
class AnswerSummary:
    """One line of the answers list."""

    key: str
    topic: str
    state: str
    complete: bool
    signed_off: bool
    text_cy: str
    text_en: str


def summaries(session: Session) -> list[AnswerSummary]:
    """Every answer, by topic then key, with its state and whether both languages are whole."""
    live: dict[tuple[str, str], ResponseRevision] = {}
    for row in session.scalars(
        select(ResponseRevision)
        .where(ResponseRevision.status == "published")
        .order_by(ResponseRevision.id)
    ):
        live[(row.response_key, row.language)] = row
    changes: dict[str, ResponseChange] = {}
    for open_one in session.scalars(
        select(ResponseChange).where(ResponseChange.status.in_(OPEN)).order_by(ResponseChange.id)
    ):
        changes[open_one.response_key] = open_one
    found = []
    for response in session.scalars(select(Response).order_by(Response.topic, Response.key)):
        pair = proposal_of({lang: live.get((response.key, lang)) for lang in LANGUAGES})
        complete = pair is not None and not problems(pair)
        change = changes.get(response.key)
        found.append(
            AnswerSummary(
                key=response.key,
                topic=response.topic,
                state=change.status if change is not None else "published",
                complete=complete,
                signed_off=change is not None and change.signoff_at is not None,
                text_cy=pair.cy.text if pair else "",
                text_en=pair.en.text if pair else "",
            )
        )
    return found


# -- changing ---------------------------------------------------------------------------------


def _need(actor: Actor, action: str) -> None:
    if not actor.can(action):
        raise AnswerRefused("answer_refused_permission")


def _change(session: Session, key: str, change_id: int) -> ResponseChange:
    change = session.get(ResponseChange, change_id)
    if change is None or change.response_key != key:
        raise AnswerRefused("answer_refused_no_change")
    return change


def _texts(proposal: Proposal | None) -> dict[str, Any]:
    """A change as the audit log keeps it: each language's text and buttons."""
    if proposal is None:
        return {}
    return {
        f"{part}_{lang}": value
        for lang in LANGUAGES
        for part, value in (
            ("text", proposal.get(lang).text),
            ("buttons", proposal.get(lang).button_dicts()),
        )
    }


def save_draft(
    session: Session, key: str, proposal: Proposal, actor: Actor, note: str = ""
) -> ResponseChange:
    """Keep an edit as the answer's draft (the open change), sending it back to draft."""
    _need(actor, EDIT)
    if session.get(Response, key) is None:
        raise AnswerRefused("answer_refused_no_change")
    found = problems(proposal, known_placeholders(session, key), complete=False)
    if found:
        raise ProposalInvalid(found)
    existing = open_change(session, key)
    before = None
    if existing is None:
        bases = {lang: published(session, key, lang) for lang in LANGUAGES}
        change = ResponseChange(
            response_key=key,
            kind="edit",
            status="draft",
            author_id=actor.id,
            author_name=actor.username,
            editor_ids=[actor.id],
            base_cy_id=bases["cy"].id if bases["cy"] else None,
            base_en_id=bases["en"].id if bases["en"] else None,
            note=note,
        )
        session.add(change)
        session.flush()
        before = proposal_of(bases)
        rows: dict[str, ResponseRevision] = {}
    else:
        change = existing
        rows = revisions_of(session, change)
        before = proposal_of(rows)
        if proposal.same_as(before) and note == change.note:
            return change
        if actor.id not in (change.editor_ids or []):
            change.editor_ids = [*(change.editor_ids or []), actor.id]
        if change.status != "draft":
            audit.record(
                session,
                actor=actor.id,
                action="response_back_to_draft",
                subject=audit.subject_for("response", key),
                change=change.id,
                was=change.status,
            )
        change.note = note
    _reset_review(change)
    for lang in LANGUAGES:
        version = proposal.get(lang)
        row = rows.get(lang)
        if row is None:
            row = ResponseRevision(response_key=key, language=lang, change_id=change.id)
            session.add(row)
        row.text, row.buttons, row.status, row.author = (
            version.text,
            version.button_dicts(),
            "draft",
            actor.username,
        )
    change.updated_at = utcnow()
    audit.record(
        session,
        actor=actor.id,
        action="response_draft_saved",
        subject=audit.subject_for("response", key),
        before=_texts(before),
        after=_texts(proposal),
        change=change.id,
    )
    return change


def _reset_review(change: ResponseChange) -> None:
    change.status = "draft"
    change.submitted_by = change.submitted_at = None
    change.approved_by = change.approved_at = None
    change.signoff_by = change.signoff_at = None


def _set_status(session: Session, change: ResponseChange, status: str) -> None:
    change.status = status
    for row in revisions_of(session, change).values():
        row.status = status


def _check_whole(session: Session, change: ResponseChange) -> Proposal:
    proposal = proposal_of(revisions_of(session, change))
    if proposal is None:
        raise AnswerRefused("answer_refused_no_change")
    found = problems(proposal, known_placeholders(session, change.response_key))
    if found:
        raise ProposalInvalid(found)
    return proposal


def submit(session: Session, key: str, change_id: int, actor: Actor) -> ResponseChange:
    _need(actor, EDIT)
    change = _change(session, key, change_id)
    if change.status != "draft":
        raise AnswerRefused("answer_refused_state")
    _check_whole(session, change)
    _set_status(session, change, "in_review")
    change.submitted_by, change.submitted_at = actor.id, utcnow()
    _log_step(session, actor, change, "response_submitted")
    return change


def _not_own(actor: Actor, change: ResponseChange) -> None:
    if actor.id == change.author_id or actor.id in (change.editor_ids or []):
        raise AnswerRefused("answer_refused_own_change")


def approve(session: Session, key: str, change_id: int, actor: Actor) -> ResponseChange:
    _need(actor, REVIEW)
    change = _change(session, key, change_id)
    _not_own(actor, change)
    if change.status != "in_review":
        raise AnswerRefused("answer_refused_state")
    _check_whole(session, change)
    _set_status(session, change, "approved")
    change.approved_by, change.approved_at = actor.id, utcnow()
    _log_step(session, actor, change, "response_approved")
    return change


def send_back(session: Session, key: str, change_id: int, actor: Actor) -> ResponseChange:
    """A reviewer returns a change to its author for more work."""
    _need(actor, REVIEW)
    change = _change(session, key, change_id)
    if change.status not in ("in_review", "approved"):
        raise AnswerRefused("answer_refused_state")
    _set_status(session, change, "draft")
    _reset_review(change)
    _log_step(session, actor, change, "response_sent_back")
    return change


def sign_off(session: Session, key: str, change_id: int, actor: Actor) -> ResponseChange:
    _need(actor, SIGNOFF)
    change = _change(session, key, change_id)
    _not_own(actor, change)
    if change.status not in ("in_review", "approved"):
        raise AnswerRefused("answer_refused_state")
    change.signoff_by, change.signoff_at = actor.id, utcnow()
    _log_step(session, actor, change, "response_signed_off")
    return change


def discard(session: Session, key: str, change_id: int, actor: Actor) -> ResponseChange:
    _need(actor, EDIT)
    change = _change(session, key, change_id)
    if change.status not in OPEN:
        raise AnswerRefused("answer_refused_state")
    _set_status(session, change, "discarded")
    _log_step(session, actor, change, "response_draft_discarded")
    return change


def _log_step(session: Session, actor: Actor, change: ResponseChange, action: str) -> None:
    audit.record(
        session,
        actor=actor.id,
        action=action,
        subject=audit.subject_for("response", change.response_key),
        change=change.id,
    )


def _go_live(
    session: Session, change: ResponseChange, proposal: Proposal, actor_id: int | None
) -> Proposal | None:
    """Make the change's text the published text of both languages; returns what it was."""
    key = change.response_key
    before = published_proposal(session, key)
    now = utcnow()
    earlier = {
        row.change_id
        for lang in LANGUAGES
        if (row := published(session, key, lang)) is not None and row.change_id is not None
    }
    session.execute(
        update(ResponseRevision)
        .where(ResponseRevision.response_key == key, ResponseRevision.status == "published")
        .values(status="superseded")
        .execution_options(synchronize_session="fetch")
    )
    for old in earlier:
        previous = session.get(ResponseChange, old)
        if previous is not None and previous.status == "published":
            previous.status = "superseded"
    rows = revisions_of(session, change)
    for lang in LANGUAGES:
        row = rows[lang]
        row.status, row.published_at = "published", now
    change.status = "published"
    change.published_by, change.published_at = actor_id, now
    session.flush()
    return before


def publish(session: Session, key: str, change_id: int, actor: Actor) -> ResponseChange:
    _need(actor, PUBLISH)
    change = _change(session, key, change_id)
    if change.status != "approved" or change.approved_by is None:
        raise AnswerRefused("answer_refused_not_approved")
    proposal = _check_whole(session, change)
    before = _go_live(session, change, proposal, actor.id)
    audit.record(
        session,
        actor=actor.id,
        action="response_published",
        subject=audit.subject_for("response", key),
        before=_texts(before),
        after=_texts(proposal),
        change=change.id,
        approved_by=change.approved_by,
        signed_off_by=change.signoff_by,
    )
    return change


def publish_reviewed(
    session: Session,
    key: str,
    proposal: Proposal,
    *,
    kind: str,
    actor_id: int | None,
    author: str,
    restores: int | None = None,
    note: str = "",
) -> ResponseChange:
    """Publish text that was reviewed elsewhere: an earlier published version (rollback)
    or the files in git (import, reviewed as a pull request). Checked all the same."""
    found = problems(proposal)
    if found:
        raise ProposalInvalid(found)
    bases = {lang: published(session, key, lang) for lang in LANGUAGES}
    change = ResponseChange(
        response_key=key,
        kind=kind,
        status="draft",
        author_id=actor_id,
        author_name=author,
        editor_ids=[actor_id] if actor_id is not None else [],
        base_cy_id=bases["cy"].id if bases["cy"] else None,
        base_en_id=bases["en"].id if bases["en"] else None,
        restores_change_id=restores,
        note=note,
    )
    session.add(change)
    session.flush()
    for lang in LANGUAGES:
        version = proposal.get(lang)
        session.add(
            ResponseRevision(
                response_key=key,
                language=lang,
                change_id=change.id,
                text=version.text,
                buttons=version.button_dicts(),
                status="draft",
                author=author,
            )
        )
    session.flush()
    before = _go_live(session, change, proposal, actor_id)
    audit.record(
        session,
        actor=actor_id,
        action="response_rolled_back" if kind == "rollback" else "response_imported",
        subject=audit.subject_for("response", key),
        before=_texts(before),
        after=_texts(proposal),
        change=change.id,
        restores=restores,
    )
    return change


# -- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same", "added", "removed"
    text: str


@dataclass
class Version:
    """One moment the answer's published text changed, and how, per language."""

    number: int
    revision_id: int  # names the version in forms (any of its revisions)
    change: ResponseChange | None
    published_at: datetime | None
    author: str
    texts: Proposal
    diffs: dict[str, list[DiffLine]] = field(default_factory=dict)
    live: bool = False


def diff_lines(before: Sequence[str], after: Sequence[str]) -> list[DiffLine]:
    found: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=list(before), b=list(after), autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            found.extend(DiffLine("same", line) for line in before[a1:a2])
            continue
        found.extend(DiffLine("removed", line) for line in before[a1:a2])
        found.extend(DiffLine("added", line) for line in after[b1:b2])
    return found


def history(session: Session, key: str) -> list[Version]:
    """Every published version, newest first, each with its per-language diff."""
    rows = list(
        session.scalars(
            select(ResponseRevision)
            .where(
                ResponseRevision.response_key == key,
                ResponseRevision.status.in_(("published", "superseded")),
            )
            .order_by(ResponseRevision.id)
        )
    )
    groups: dict[tuple[str, int], list[ResponseRevision]] = {}
    for row in rows:
        group = ("change", row.change_id) if row.change_id is not None else ("seed", row.id)
        if row.change_id is None:
            # Seeded revisions of both languages are written together: one version.
            for existing, members in groups.items():
                same_seeding = existing[0] == "seed" and members[0].published_at == row.published_at
                if same_seeding and all(m.language != row.language for m in members):
                    group = existing
                    break
        groups.setdefault(group, []).append(row)
    state: dict[str, AnswerText] = {lang: AnswerText(lang, "") for lang in LANGUAGES}
    versions: list[Version] = []
    for number, members in enumerate(groups.values(), start=1):
        previous = dict(state)
        for row in members:
            state[row.language] = AnswerText.of(row)
        change = (
            session.get(ResponseChange, members[0].change_id)
            if members[0].change_id is not None
            else None
        )
        texts = Proposal(state["cy"], state["en"])
        versions.append(
            Version(
                number=number,
                revision_id=members[0].id,
                change=change,
                published_at=members[0].published_at,
                author=members[0].author,
                texts=texts,
                diffs={
                    lang: diff_lines(previous[lang].lines(), texts.get(lang).lines())
                    for lang in LANGUAGES
                },
                live=any(m.status == "published" for m in members),
            )
        )
    return list(reversed(versions))


def rollback(session: Session, key: str, revision_id: int, actor: Actor) -> ResponseChange:
    """Publish again the answer as it was at an earlier published version."""
    _need(actor, ROLLBACK)
    versions = history(session, key)
    target = next((v for v in versions if v.revision_id == revision_id), None)
    if target is None:
        raise AnswerRefused("answer_refused_no_version")
    if target.live or target.texts.same_as(published_proposal(session, key)):
        raise AnswerRefused("answer_refused_already_live")
    return publish_reviewed(
        session,
        key,
        target.texts,
        kind="rollback",
        actor_id=actor.id,
        author=actor.username,
        restores=target.change.id if target.change is not None else None,
        note=f"version {target.number}",
    )
