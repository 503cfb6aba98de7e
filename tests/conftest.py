"""Shared fixtures: a real, migrated, seeded SQLite database per test (no mocked database)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.conversations.events import EventHub
from bot.conversations.peer_relay import PeerDesk
from bot.ops.stack import prepare_database
from bot.settings import ROOT, Settings
from bot.store.db import get_sessionmaker


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cymar-test.db'}"
    prepare_database(url, directory=False)
    return url


@pytest.fixture
def directory_database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cymar-directory.db'}"
    prepare_database(url)
    return url


@pytest.fixture
def sessions(database_url: str) -> Callable[[], Session]:
    return get_sessionmaker(database_url)


@pytest.fixture
def catalogue(sessions: Callable[[], Session]) -> ResponseCatalogue:
    return ResponseCatalogue(ROOT / "data", sessions)


@pytest.fixture
def tracker_store_url(tmp_path: Path) -> str:
    """Each test's own Rasa tracker store: erasure and retention must never reach the
    developer's var/rasa-tracker.db."""
    return f"sqlite:///{tmp_path / 'rasa-tracker.db'}"


@pytest.fixture
def settings(database_url: str, tracker_store_url: str) -> Iterator[Settings]:
    # Port 9 (discard) has no listener here: the action server and NLG "are down".
    yield Settings(
        database_url=database_url,
        rasa_url="http://rasa.test",
        actions_port=9,
        nlg_port=9,
        rasa_tracker_store_url=tracker_store_url,
        # Invitations to tell a story are random by design; tests that want one ask for it.
        story_invite_rate=0.0,
    )


@pytest.fixture
def desk(
    sessions: Callable[[], Session], catalogue: ResponseCatalogue, settings: Settings
) -> PeerDesk:
    return PeerDesk(sessions, catalogue, EventHub(), settings)
