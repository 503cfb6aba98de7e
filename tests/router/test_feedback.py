""" "Was this helpful?" and stories, through the public API (the real app, router and
migrated SQLite database; Rasa is the stand-in that renders real responses)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.staff.accounts import create_account
from bot.store.models import AnswerFeedback, Conversation, HandoffRequest, Story
from bot.web.app import create_app
from tests.fakes import FakeRasa

ANSWERS = {
    "what is peer support": ["utter_peer_support/what_is"],
    "beth yw cymorth cymheiriaid": ["utter_peer_support/what_is"],
    "is it free": ["utter_peer_support/cost"],
    "what is a recovery college": ["utter_recovery_college/what_is"],
    "beth yw coleg adfer": ["utter_recovery_college/what_is"],
    "groups in wrexham": ["utter_directory_results"],
    "grwpiau yn wrecsam": ["utter_directory_results"],
    # Rasa's guess of risk that the safety screen did not share: the check-in, then an answer.
    "my phone died, what is peer support": ["utter_crisis_check_in", "utter_peer_support/what_is"],
    "thanks": ["utter_thanks"],
}
QUESTION = {"en": "Was this answer helpful?", "cy": "Oedd yr ateb hwn o help?"}
RISKY = "I want to kill myself"


class Person:
    """One person on the widget: starts a conversation, writes and taps."""

    def __init__(self, client: TestClient, language: str = "en") -> None:
        self.client = client
        body = client.post("/api/conversations", json={"language": language}).json()
        self.id = body["conversation_id"]
        self.token = body["conversation_token"]

    def say(self, text: str) -> dict[str, Any]:
        response = self.client.post(f"/api/conversations/{self.id}/messages", json={"text": text})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def press(self, payload: str) -> dict[str, Any]:
        response = self.client.post(
            f"/api/conversations/{self.id}/messages", json={"payload": payload}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


def buttons(turn: dict[str, Any]) -> list[dict[str, str]]:
    return [b for m in turn["messages"] for b in m["buttons"]]


def rating_buttons(turn: dict[str, Any]) -> list[dict[str, str]]:
    return [b for b in buttons(turn) if b["payload"].startswith("/rate_answer")]


def asks(turn: dict[str, Any]) -> bool:
    return bool(rating_buttons(turn))


def tap(person: Person, turn: dict[str, Any], helpful: str) -> dict[str, Any]:
    """Press the Yes or No the turn showed, exactly as the widget would."""
    chosen = [
        b
        for b in rating_buttons(turn)
        if json.loads(b["payload"].removeprefix("/rate_answer"))["helpful"] == helpful
    ]
    assert len(chosen) == 1, buttons(turn)
    return person.press(chosen[0]["payload"])


def texts(turn: dict[str, Any]) -> str:
    return "\n".join(m["text"] for m in turn["messages"])


def stories(sessions: Callable[[], Session]) -> list[Story]:
    with sessions() as session:
        found = list(session.scalars(select(Story).order_by(Story.id)))
        session.expunge_all()
        return found


def ratings(sessions: Callable[[], Session]) -> list[tuple[str, str, bool]]:
    with sessions() as session:
        return [
            (r.response_key, r.language, r.helpful)
            for r in session.scalars(select(AnswerFeedback).order_by(AnswerFeedback.id))
        ]


def make_client(
    settings: Settings, catalogue: ResponseCatalogue, invite_rate: float
) -> Iterator[tuple[TestClient, FakeRasa]]:
    fake = FakeRasa(catalogue, ANSWERS)
    app = create_app(
        settings.model_copy(update={"story_invite_rate": invite_rate}), fake.transport()
    )
    with TestClient(app) as client:
        yield client, fake


@pytest.fixture
def client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    """Story invitations off: only "Was this helpful?"."""
    for client, _ in make_client(settings, catalogue, 0.0):
        yield client


@pytest.fixture
def inviting(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    """Every "Yes" and every finished peer chat invites a story (STORY_INVITE_RATE=1)."""
    for client, _ in make_client(settings, catalogue, 1.0):
        yield client


# -- "Was this helpful?" -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "what is peer support"), ("cy", "beth yw cymorth cymheiriaid")],
)
def test_the_question_follows_an_faq_answer_in_the_persons_language(
    client: TestClient, language: str, text: str
) -> None:
    turn = Person(client, language).say(text)
    answer = turn["messages"][0]
    assert answer["lang"] == language
    # In the answer's own message, so the answer's follow-up buttons stay on screen.
    assert f"\n\n{QUESTION[language]}" in answer["text"]
    titles = [b["title"] for b in rating_buttons(turn)]
    assert titles == (
        ["Yes, it helped", "No, it didn't help"]
        if language == "en"
        else ["Oedd, roedd yn help", "Nac oedd, ddim o help"]
    )
    # The follow-up questions first, then Yes and No, and a person always last.
    payloads = [b["payload"] for b in answer["buttons"]]
    assert payloads[0].startswith("/ask_faq")
    assert payloads[-1] == "/talk_to_person"
    assert all(len(p.encode()) <= 64 for p in payloads if p.startswith("/rate_answer"))


def test_the_question_follows_a_directory_answer_too(client: TestClient) -> None:
    turn = Person(client, "cy").say("grwpiau yn wrecsam")
    assert asks(turn) and QUESTION["cy"] in texts(turn)


def test_it_is_asked_once_per_topic_and_not_after_other_replies(client: TestClient) -> None:
    person = Person(client)
    assert asks(person.say("what is peer support"))
    assert not asks(person.say("is it free"))  # the same topic: peer support
    assert not asks(person.say("thanks"))  # not an answer
    assert asks(person.say("what is a recovery college"))  # a new topic
    assert not asks(person.say("what is a recovery college"))


def test_a_tap_counts_against_the_answer_and_language_once(
    client: TestClient, sessions: Callable[[], Session]
) -> None:
    person = Person(client, "cy")
    answer = person.say("beth yw cymorth cymheiriaid")
    thanks = tap(person, answer, "yes")
    assert thanks["messages"][0]["text"].startswith("Diolch am roi gwybod i ni")
    assert thanks["messages"][0]["lang"] == "cy"
    assert ratings(sessions) == [("utter_peer_support/what_is", "cy", True)]
    tap(person, answer, "yes")  # a second tap on the same question is thanked, not counted
    tap(person, answer, "no")
    assert ratings(sessions) == [("utter_peer_support/what_is", "cy", True)]


def test_no_is_counted_and_thanked_with_a_way_on(
    inviting: TestClient, sessions: Callable[[], Session]
) -> None:
    person = Person(inviting)
    answer = person.say("what is a recovery college")
    reply = tap(person, answer, "no")
    assert "make our answers better" in texts(reply)
    assert buttons(reply)[-1]["payload"] == "/talk_to_person"
    assert "difference" not in texts(reply)  # "No" never leads to a story invitation
    assert ratings(sessions) == [("utter_recovery_college/what_is", "en", False)]


def test_an_older_question_still_counts_for_its_own_answer(
    client: TestClient, sessions: Callable[[], Session]
) -> None:
    # Telegram keeps old buttons: a tap on the first question is about the first answer.
    person = Person(client)
    first = person.say("what is peer support")
    person.say("what is a recovery college")
    tap(person, first, "no")
    assert ratings(sessions) == [("utter_peer_support/what_is", "en", False)]


def test_what_is_kept_cannot_point_back_at_the_person(client: TestClient) -> None:
    table = AnswerFeedback.__table__
    assert set(table.columns.keys()) == {"id", "day", "response_key", "language", "helpful"}
    assert not table.foreign_keys


def test_ignoring_the_question_carries_on_normally(
    client: TestClient, sessions: Callable[[], Session]
) -> None:
    person = Person(client)
    person.say("what is peer support")
    turn = person.say("is it free")
    assert turn["messages"][0]["text"].startswith("Peer support is usually free")
    assert ratings(sessions) == []


def test_a_made_up_rating_is_refused_and_counts_nothing(
    client: TestClient, sessions: Callable[[], Session]
) -> None:
    person = Person(client)
    for payload in (
        '/rate_answer{"helpful": "maybe"}',
        '/rate_answer{"helpful": "yes", "topic": "anything"}',
    ):
        response = client.post(
            f"/api/conversations/{person.id}/messages", json={"payload": payload}
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "unknown_payload"
    # A well-formed tap about a question this conversation was never asked counts nothing,
    # nor does one that does not say which question it answers.
    person.say("what is peer support")
    person.press('/rate_answer{"helpful": "yes", "topic": "wellbeing"}')
    person.press('/rate_answer{"helpful": "yes"}')
    assert ratings(sessions) == []


def test_no_question_with_a_crisis_response_or_a_check_in(client: TestClient) -> None:
    person = Person(client)
    crisis = person.say(f"{RISKY}. what is peer support")
    assert "999" in texts(crisis) and not asks(crisis)
    check_in = person.say("my phone died, what is peer support")
    assert "I may have misunderstood you" in texts(check_in) and not asks(check_in)
    # The next answer, with nothing alarming, asks as usual.
    assert asks(person.say("what is peer support"))


# -- stories -------------------------------------------------------------------------------


def test_yes_may_invite_a_story_which_is_kept_anonymously_and_redacted(
    inviting: TestClient, sessions: Callable[[], Session]
) -> None:
    person = Person(inviting)
    invited = tap(person, person.say("what is peer support"), "yes")
    assert "what difference has this made for you?" in texts(invited)
    assert buttons(invited)[0]["title"] == "Skip"
    story = (
        "I went to a group and felt less alone.\n"
        "Ring me on 07700 900123 or jo@example.com, I live near CF10 1AA."
    )
    thanks = person.say(story)
    assert texts(thanks).startswith("Thank you for sharing that")
    [kept] = stories(sessions)
    assert kept.text == (
        "I went to a group and felt less alone.\n"
        "Ring me on [phone] or [email], I live near [postcode]."
    )
    assert (kept.language, kept.follows, kept.selected) == ("en", "peer_support", False)
    wales_today = datetime.now(timezone.utc).astimezone().date()
    assert abs(kept.day - wales_today) <= timedelta(days=1)
    # Nothing in the row or the table leads back to the conversation.
    assert not Story.__table__.foreign_keys
    assert "conversation_id" not in Story.__table__.columns
    assert person.id not in repr(vars(kept))
    # Afterwards the assistant carries on, and the invitation is not repeated.
    turn = person.say("is it free")
    assert turn["messages"][0]["text"].startswith("Peer support is usually free")
    assert "difference" not in texts(tap(person, person.say("what is a recovery college"), "yes"))
    assert len(stories(sessions)) == 1


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_risky_story_gets_the_crisis_response_and_is_not_kept(
    inviting: TestClient, sessions: Callable[[], Session], language: str
) -> None:
    person = Person(inviting, language)
    question = "what is peer support" if language == "en" else "beth yw cymorth cymheiriaid"
    tap(person, person.say(question), "yes")
    risky = RISKY if language == "en" else "dw i eisiau lladd fy hun"
    reply = person.say(risky)
    first = reply["messages"][0]
    assert first["lang"] == language and "999" in first["text"]
    assert stories(sessions) == []
    # The invitation has lapsed: the next message is answered, not kept as a story.
    person.say("is it free")
    assert stories(sessions) == []


def test_skip_and_buttons_pass_the_invitation_by(
    inviting: TestClient, sessions: Callable[[], Session], catalogue: ResponseCatalogue
) -> None:
    person = Person(inviting)
    tap(person, person.say("what is peer support"), "yes")
    skipped = person.press("/skip_story")
    assert texts(skipped) == catalogue.render("utter_story_skipped", "en").text
    turn = person.say("is it free")
    assert turn["messages"][0]["text"].startswith("Peer support is usually free")
    # Another conversation presses a button instead of writing: no story either.
    other = Person(inviting)
    tap(other, other.say("what is peer support"), "yes")
    other.press('/ask_faq{"faq_key": "peer_support/cost"}')
    other.say("is it free")
    assert stories(sessions) == []


def test_a_story_too_long_is_asked_for_again_and_nothing_is_lost(
    inviting: TestClient, sessions: Callable[[], Session], settings: Settings
) -> None:
    person = Person(inviting, "cy")
    tap(person, person.say("beth yw coleg adfer"), "yes")
    limit = settings.story_max_chars
    reply = person.say(("hir iawn " * limit)[: limit + 10])
    assert f"{limit} nod neu lai" in texts(reply) and reply["messages"][0]["lang"] == "cy"
    assert stories(sessions) == []
    person.say("Mae'r coleg wedi rhoi hyder i mi.")
    [kept] = stories(sessions)
    assert (kept.text, kept.language, kept.follows) == (
        "Mae'r coleg wedi rhoi hyder i mi.",
        "cy",
        "recovery_college",
    )


def test_no_invitation_when_the_rate_is_zero_or_the_conversation_showed_risk(
    client: TestClient, inviting: TestClient
) -> None:
    quiet = Person(client)
    assert "difference" not in texts(tap(quiet, quiet.say("what is peer support"), "yes"))
    flagged = Person(inviting)
    flagged.say(RISKY)
    assert "difference" not in texts(tap(flagged, flagged.say("what is peer support"), "yes"))


def test_a_finished_peer_chat_may_invite_a_story_about_it(
    inviting: TestClient, sessions: Callable[[], Session]
) -> None:
    with sessions() as session, session.begin():
        supporter = create_account(
            session,
            username="sian",
            display_name="Sian",
            password="a long enough password",
            roles=["peer_supporter"],
            languages=["cy", "en"],
        )
        supporter.on_duty, supporter.last_seen_at = True, datetime.now(timezone.utc)
        supporter_id = supporter.id
    person = Person(inviting)
    asked = person.press("/talk_to_person")
    assert asked["state"] == "waiting_for_peer"
    desk = inviting.app.state.desk  # type: ignore[attr-defined]
    with sessions() as session:
        request_id = session.scalars(select(HandoffRequest.id)).one()
    inviting.portal.call(desk.claim, supporter_id, request_id)  # type: ignore[attr-defined]
    # While with a peer, an old "Was this helpful?" button does nothing at all.
    assert person.press('/rate_answer{"helpful": "yes"}')["messages"] == []
    assert inviting.portal.call(desk.end, supporter_id, request_id, None)  # type: ignore[attr-defined]
    invited = person.press('/peer_feedback{"helpful": "yes"}')
    assert "what difference has this made for you?" in texts(invited)
    person.say("Talking to Sian helped me go back to college.")
    [kept] = stories(sessions)
    assert kept.follows == "peer_chat"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1


def test_erasing_the_conversation_leaves_the_anonymous_story_and_counts(
    inviting: TestClient, sessions: Callable[[], Session]
) -> None:
    person = Person(inviting)
    tap(person, person.say("what is peer support"), "yes")
    person.say("It helped me find a group.")
    erased = inviting.delete(
        f"/api/conversations/{person.id}", headers={"Authorization": f"Bearer {person.token}"}
    )
    assert erased.status_code == 204, erased.text
    with sessions() as session:
        assert session.get(Conversation, person.id) is None
    assert [s.text for s in stories(sessions)] == ["It helped me find a group."]
    assert ratings(sessions) == [("utter_peer_support/what_is", "en", True)]
