"""Shared fixtures: a real, migrated, seeded SQLite database per test (no mocked database),
each a copy of a template made once a session (tests/seeded.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.content.catalogue import ResponseCatalogue
from bot.conversations.events import EventHub
from bot.conversations.peer_relay import PeerDesk
from bot.settings import ROOT, Settings
from bot.store.db import get_sessionmaker
from tests.seeded import copy_of, make_template


@pytest.fixture(scope="session")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and seeded with everything but the directory."""
    return make_template(tmp_path_factory.mktemp("plain") / "cymar-plain.db", directory=False)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and seeded with everything in data/, the directory included."""
    return make_template(tmp_path_factory.mktemp("seeded") / "cymar-seeded.db", directory=True)


@pytest.fixture
def database_url(plain_template: Path, tmp_path: Path) -> str:
    return copy_of(plain_template, tmp_path / "cymar-test.db")


@pytest.fixture
def directory_database_url(seeded_template: Path, tmp_path: Path) -> str:
    return copy_of(seeded_template, tmp_path / "cymar-directory.db")


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
