"""Whole-stack fixture: the Procfile's real processes, on free ports, with their own database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from bot.ops.stack import ServiceStack, Stack, start_services, start_stack
from tests.e2e.peers import staff_cli

# Debian's chromium (installed by `make browser`); Playwright never downloads a browser here.
CHROMIUM = Path("/usr/bin/chromium")

# Short handoff timings so waiting, timeouts and dropped supporters happen within a test.
HANDOFF_TIMINGS = {
    "HANDOFF_TIMEOUT_SECONDS": "8",
    "PEER_PRESENCE_SECONDS": "6",
    "PEER_RECONNECT_GRACE_SECONDS": "4",
    "WATCHDOG_INTERVAL_SECONDS": "0.5",
    # Story invitations are occasional (random) by design; whole-stack tests must not meet
    # one by chance (tests/router/test_feedback.py turns them on where they are the point).
    "STORY_INVITE_RATE": "0",
}
# The widget tests embed it on host pages on ports chosen as they run: any site may embed
# this stack (tests/e2e/test_privacy.py checks the allow-list with a web process of its own).
OPEN_EMBEDDING = {"WIDGET_ALLOWED_ORIGINS": "*"}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    try:
        # Rasa loads its model in about a minute on an idle machine; the machine is shared,
        # so allow for it being busy.
        running = start_stack(
            tmp_path_factory.mktemp("stack"),
            startup_seconds=600,
            extra_env={**HANDOFF_TIMINGS, **OPEN_EMBEDDING},
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def faults_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceStack]:
    """A stack of its own, each service its own process, for the tests that stop, crash,
    pause and restart them (tests/e2e/test_faults*.py); the shared `stack` is never touched.
    A supporter gets a minute to reconnect, so a web restart does not re-queue their chat."""
    try:
        running = start_services(
            tmp_path_factory.mktemp("faults"),
            extra_env={**HANDOFF_TIMINGS, "PEER_RECONNECT_GRACE_SECONDS": "60"},
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield running
    running.stop()


@pytest.fixture
def staff(stack: Stack) -> Iterator[list[str]]:
    """Usernames made by a test; all go off duty afterwards so tests do not see each other."""
    made: list[str] = []
    yield made
    for username in made:
        staff_cli(stack, "duty", "--username", username, "off")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make browser` (make test does).")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        await launched.close()
