"""Fixtures for the web tests: the app over https (the staff cookie is Secure)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.web.app import create_app
from tests.fakes import FakeRasa
from tests.web.staff_helpers import BASE_URL, StaffBrowser


@pytest.fixture
def staff_client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    app = create_app(settings, FakeRasa(catalogue).transport())
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def staff_browser(staff_client: TestClient) -> StaffBrowser:
    return StaffBrowser(staff_client)
