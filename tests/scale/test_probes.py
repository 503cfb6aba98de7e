"""Liveness and readiness, as an orchestrator or load balancer calls them."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.content.catalogue import ResponseCatalogue
from bot.settings import Settings
from bot.web.app import create_app
from tests.fakes import FakeRasa


def app_client(settings: Settings, catalogue: ResponseCatalogue) -> TestClient:
    return TestClient(create_app(settings, FakeRasa(catalogue, {}).transport()))


def test_ready_and_live_on_one_machine_without_rasa(
    settings: Settings, catalogue: ResponseCatalogue
) -> None:
    # The conftest settings point Rasa's helpers at nothing: health is degraded, but the
    # instance can take messages (the router answers without Rasa), so it stays ready.
    with app_client(settings, catalogue) as client:
        assert client.get("/api/live").json() == {"status": "ok"}
        ready = client.get("/api/ready")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"started": True, "database": True}
        assert client.get("/api/health").status_code == 503


def test_not_ready_without_the_database_but_still_alive(
    settings: Settings, catalogue: ResponseCatalogue, tmp_path: Path
) -> None:
    broken = settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}"}
    )
    with app_client(broken, catalogue) as client:
        assert client.get("/api/live").status_code == 200
        ready = client.get("/api/ready")
        assert ready.status_code == 503 and ready.json()["checks"]["database"] is False


def test_an_instance_cut_off_from_redis_is_not_ready(
    settings: Settings, catalogue: ResponseCatalogue
) -> None:
    cut_off = settings.model_copy(
        update={"redis_url": "redis://127.0.0.1:1/0", "redis_key_prefix": "cymartestdown"}
    )
    with app_client(cut_off, catalogue) as client:
        assert client.get("/api/live").status_code == 200
        ready = client.get("/api/ready")
        assert ready.status_code == 503 and ready.json()["checks"]["events"] is False
        # It still answers a person (events just do not leave this instance).
        started = client.post("/api/conversations", json={"language": "en"})
        assert started.status_code == 201
