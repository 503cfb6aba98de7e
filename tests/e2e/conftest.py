"""Whole-stack fixture: the Procfile's real processes, on free ports, with their own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.ops.stack import Stack, start_stack

# Short handoff timings so waiting, timeouts and dropped supporters happen within a test.
HANDOFF_TIMINGS = {
    "HANDOFF_TIMEOUT_SECONDS": "8",
    "PEER_PRESENCE_SECONDS": "6",
    "PEER_RECONNECT_GRACE_SECONDS": "4",
    "WATCHDOG_INTERVAL_SECONDS": "0.5",
}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    try:
        running = start_stack(tmp_path_factory.mktemp("stack"), extra_env=HANDOFF_TIMINGS)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield running
    running.stop()
