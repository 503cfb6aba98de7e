"""Whole-stack fixture: the Procfile's real processes, on free ports, with their own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.ops.stack import Stack, start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    try:
        running = start_stack(tmp_path_factory.mktemp("stack"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield running
    running.stop()
