"""Real Redis and PostgreSQL (the ones running on this machine), each test on its own
key prefix and its own database, removed afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.ops.stack import (
    LOCAL_POSTGRES,
    LOCAL_REDIS,
    clear_redis_prefix,
    prepare_database,
    temporary_database,
    unique_redis_prefix,
)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = unique_redis_prefix()
    yield prefix
    clear_redis_prefix(LOCAL_REDIS, prefix)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A migrated and seeded PostgreSQL database (without the directory)."""
    with temporary_database(LOCAL_POSTGRES) as url:
        prepare_database(url, directory=False)
        yield url
