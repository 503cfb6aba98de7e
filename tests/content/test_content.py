"""Response text: both languages complete, served from the database, with a fallback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.content.completeness import check, compare_pair
from bot.content.crisis import BUILT_IN, fallback_lines, lines_for
from bot.content.model import Button, ResponseText
from bot.content.nlg import conversation_language, nlg_response
from bot.content.seed import seed_all
from bot.content.source import load_source
from bot.settings import ROOT
from bot.store.db import get_sessionmaker
from bot.store.models import CrisisLine, ResponseRevision

DATA = ROOT / "data"


def test_the_shipped_responses_are_complete_in_welsh_and_english() -> None:
    assert check(load_source(DATA)) == []


def test_a_missing_welsh_version_is_reported() -> None:
    en = ResponseText("utter_x", "en", "Hello", (Button("Talk", "/talk_to_person"),), "t")
    assert compare_pair("utter_x", None, en) == ["utter_x: the Welsh version is missing"]


def test_different_placeholders_or_buttons_are_reported() -> None:
    cy = ResponseText("utter_x", "cy", "Helo {name}", (), "t")
    en = ResponseText("utter_x", "en", "Hello", (Button("Talk", "/talk_to_person"),), "t")
    problems = compare_pair("utter_x", cy, en)
    assert any("placeholders differ" in p for p in problems)
    assert any("0 Welsh buttons but 1 English" in p for p in problems)


def test_published_staff_text_is_served_at_once(
    catalogue: ResponseCatalogue, sessions: Callable[[], Session]
) -> None:
    with sessions() as session, session.begin():
        session.execute(
            update(ResponseRevision)
            .where(
                ResponseRevision.response_key == "utter_greet",
                ResponseRevision.language == "cy",
            )
            .values(status="superseded")
        )
        session.add(
            ResponseRevision(
                response_key="utter_greet",
                language="cy",
                text="Shwmae! Testun newydd.",
                buttons=[],
                status="published",
                author="curator@example.org",
            )
        )
    assert catalogue.render("utter_greet", "cy").text == "Shwmae! Testun newydd."


def test_reseeding_never_overwrites_a_staff_edit(
    database_url: str, sessions: Callable[[], Session]
) -> None:
    with sessions() as session, session.begin():
        row = (
            session.query(ResponseRevision)
            .filter_by(response_key="utter_thanks", language="en", status="published")
            .one()
        )
        row.status = "superseded"
        session.add(
            ResponseRevision(
                response_key="utter_thanks",
                language="en",
                text="Staff text",
                buttons=[],
                status="published",
                author="editor",
            )
        )
    with sessions() as session, session.begin():
        assert seed_all(session, DATA)["response_revisions"] == 0
    catalogue = ResponseCatalogue(DATA, get_sessionmaker(database_url))
    assert catalogue.render("utter_thanks", "en").text == "Staff text"


def test_the_crisis_reply_lists_the_numbers_in_the_persons_language(
    catalogue: ResponseCatalogue,
) -> None:
    cy = catalogue.render("utter_crisis", "cy").text
    en = catalogue.render("utter_crisis", "en").text
    for number in ("999", "111", "116 123", "85258", "0800 132 737"):
        assert number in cy and number in en
    assert "GIG 111 Cymru" in cy and "NHS 111 Wales" in en
    assert "{crisis_lines}" not in cy


def test_the_welsh_samaritans_line_is_offered_in_welsh_only_while_open() -> None:
    lines = fallback_lines(DATA)
    evening = datetime(2026, 11, 23, 20, 0, tzinfo=timezone.utc)
    morning = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    summer_evening = datetime(2026, 7, 1, 18, 30, tzinfo=timezone.utc)  # 19:30 BST
    assert "samaritans-welsh" in {line.slug for line in lines_for(lines, "cy", evening)}
    assert "samaritans-welsh" in {line.slug for line in lines_for(lines, "cy", summer_evening)}
    assert "samaritans-welsh" not in {line.slug for line in lines_for(lines, "cy", morning)}
    assert "samaritans-welsh" not in {line.slug for line in lines_for(lines, "en", evening)}


def test_crisis_numbers_survive_an_unreachable_database(tmp_path: Path) -> None:
    broken = ResponseCatalogue(DATA, get_sessionmaker(f"sqlite:///{tmp_path}/missing/x.db"))
    text = broken.render("utter_crisis", "en").text
    assert "999" in text and "111" in text


def test_even_without_the_seed_file_999_and_111_remain(tmp_path: Path) -> None:
    assert {line.slug for line in fallback_lines(tmp_path)} == {b.slug for b in BUILT_IN}


def test_staff_can_change_a_crisis_line(
    catalogue: ResponseCatalogue, sessions: Callable[[], Session]
) -> None:
    with sessions() as session, session.begin():
        session.get(CrisisLine, "shout").active = False  # type: ignore[union-attr]
    assert "85258" not in catalogue.render("utter_crisis", "en").text


@pytest.mark.parametrize(
    ("metadata", "expected"), [({"language": "cy"}, "cy"), ({"language": "en"}, "en")]
)
def test_nlg_answers_in_the_language_the_router_sent(
    catalogue: ResponseCatalogue, metadata: dict[str, str], expected: str
) -> None:
    body = {
        "response": "utter_greet",
        "tracker": {"events": [{"event": "user", "metadata": metadata}]},
        "channel": {"name": "rest"},
    }
    messages = nlg_response(catalogue, body)["custom"]["cymar"]["messages"]
    assert [m["lang"] for m in messages] == [expected]


def test_nlg_answers_in_both_languages_welsh_first_while_unknown(
    catalogue: ResponseCatalogue,
) -> None:
    body = {
        "response": "utter_greet",
        "tracker": {"events": [{"event": "user", "metadata": {"language": None}}]},
        "channel": {"name": "rest"},
    }
    messages = nlg_response(catalogue, body)["custom"]["cymar"]["messages"]
    assert [m["lang"] for m in messages] == ["cy", "en"]
    assert messages[0]["buttons"] == [] and messages[1]["buttons"]


def test_nlg_gives_plain_text_to_rasa_shell(catalogue: ResponseCatalogue) -> None:
    body = {
        "response": "utter_iamabot",
        "tracker": {"events": [], "latest_message": {"text": "wyt ti'n robot go iawn?"}},
        "channel": {"name": "cmdline"},
    }
    response = nlg_response(catalogue, body)
    assert response["text"] == catalogue.render("utter_iamabot", "cy").text


def test_an_action_can_ask_for_a_language_explicitly() -> None:
    body = {
        "arguments": {"language": "cy"},
        "tracker": {"events": [{"event": "user", "metadata": {"language": "en"}}]},
    }
    assert conversation_language(body) == ("cy", True)


def test_actions_can_send_one_value_and_card_list_per_language(
    catalogue: ResponseCatalogue,
) -> None:
    arguments = {
        "results_cy": "Grŵp cerdded",
        "results_en": "Walking group",
        "cards_cy": [{"title": "Grŵp cerdded"}],
        "cards_en": [{"title": "Walking group"}],
    }
    body = {
        "response": "utter_directory_results",
        "arguments": arguments,
        "tracker": {"events": [{"event": "user", "metadata": {"language": "cy"}}]},
    }
    (message,) = nlg_response(catalogue, body)["custom"]["cymar"]["messages"]
    assert "Grŵp cerdded" in message["text"] and "Walking" not in message["text"]
    assert message["cards"] == [{"title": "Grŵp cerdded"}]


def test_cards_appear_once_under_a_bilingual_pair(catalogue: ResponseCatalogue) -> None:
    values = {"results": "x", "cards_cy": [{"title": "cy"}], "cards_en": [{"title": "en"}]}
    cy, en = catalogue.render_for("utter_directory_results", None, values)
    assert cy.cards == [] and en.cards == [{"title": "en"}]
