"""The widget's routes: the loader, the chat page and its options, the crisis numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.content.catalogue import ResponseCatalogue
from bot.settings import ROOT, Settings
from bot.web.app import create_app
from bot.web.widget_routes import WIDGET_DIR, mount_widget, widget_routes
from tests.fakes import FakeRasa


@pytest.fixture
def client(settings: Settings, catalogue: ResponseCatalogue) -> Iterator[TestClient]:
    fake = FakeRasa(catalogue, {})
    with TestClient(create_app(settings, fake.transport())) as test_client:
        yield test_client


def page_config(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="cymar-config">(.*?)</script>', html)
    assert match, "no config in the page"
    return dict(json.loads(match.group(1)))


@pytest.mark.parametrize("language", ["cy", "en"])
def test_crisis_lines_come_from_the_catalogue_with_call_and_text_links(
    client: TestClient, catalogue: ResponseCatalogue, language: str
) -> None:
    response = client.get("/api/crisis-lines", params={"language": language})
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == language
    expected = catalogue.crisis_lines(language)  # type: ignore[arg-type]
    assert [line["slug"] for line in body["lines"]] == [line.slug for line in expected]
    by_slug = {line["slug"]: line for line in body["lines"]}
    assert by_slug["emergency"]["tel_href"] == "tel:999"
    assert by_slug["shout"]["sms_href"] == "sms:85258" and by_slug["shout"]["tel_href"] is None
    assert by_slug["emergency"]["name"] == (
        "Gwasanaethau brys" if language == "cy" else "Emergency services"
    )


def test_crisis_lines_need_a_known_language(client: TestClient) -> None:
    for params in ({}, {"language": "fr"}):
        response = client.get("/api/crisis-lines", params=params)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_request"


def test_the_chat_page_carries_its_options_and_only_talks_to_its_own_origin(
    client: TestClient,
) -> None:
    response = client.get(
        "/chat",
        params={
            "embed": "1",
            "language": "en",
            "accent": "#ABCDEF",
            "title_en": "Help </script><script>alert(1)</script>",
            "exit": "https://example.org/neutral",
        },
    )
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert response.headers["cache-control"] == "no-store"
    assert '<html lang="en">' in response.text
    assert "<script>alert" not in response.text  # the title cannot close the JSON block
    config = page_config(response.text)
    assert config["embed"] is True and config["language"] == "en"
    assert config["accent"] == "#abcdef"
    assert config["exit_url"] == "https://example.org/neutral"
    lines = config["crisis_lines"]
    assert isinstance(lines, dict) and set(lines) == {"cy", "en"}


@pytest.mark.parametrize(
    ("params", "language", "accent", "exit_url"),
    [
        ({}, None, None, "https://www.bbc.co.uk/weather"),
        ({"language": "xx", "accent": "red; background: url(x)"}, None, None, None),
        ({"accent": "fc0"}, None, "#fc0", None),
        ({"exit": "javascript:alert(1)"}, None, None, "https://www.bbc.co.uk/weather"),
    ],
)
def test_unknown_or_unsafe_options_fall_back_to_defaults(
    client: TestClient,
    params: dict[str, str],
    language: str | None,
    accent: str | None,
    exit_url: str | None,
) -> None:
    response = client.get("/chat", params=params)
    config = page_config(response.text)
    assert config["language"] == language and config["accent"] == accent
    assert config["embed"] is False
    if exit_url:
        assert config["exit_url"] == exit_url
    # Welsh first while the language is unknown.
    assert '<html lang="cy">' in response.text or language == "en"


def test_the_loader_the_modules_and_the_demo_are_served(client: TestClient) -> None:
    loader = client.get("/widget.js")
    assert loader.status_code == 200
    assert loader.headers["content-type"].startswith("text/javascript")
    assert "document.currentScript" in loader.text
    for name in ("chat.js", "i18n.js", "chat.css", "launcher.css"):
        assert client.get(f"/widget/static/{name}").status_code == 200, name
    demo = client.get("/widget/demo")
    assert demo.status_code == 200 and '<script src="/widget.js"' in demo.text


def test_the_widget_makes_no_third_party_requests() -> None:
    # Only its own origin (relative addresses) or the loader's origin: no fonts, CDNs or trackers.
    for path in WIDGET_DIR.iterdir():
        if path.suffix in {".js", ".css", ".html"} and path.name != "demo.html":
            text = path.read_text(encoding="utf-8")
            addresses = re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"')]*", text)
            allowed = {"https://www.bbc.co.uk/weather", "https://CYMAR/widget.js"}
            assert set(addresses) <= allowed, (path.name, addresses)


def test_every_widget_label_exists_in_both_languages() -> None:
    source = (WIDGET_DIR / "i18n.js").read_text(encoding="utf-8")
    entries = re.findall(r"^  (\w+): \{\s*cy: \"(.*?)\",\s*en: \"(.*?)\"", source, re.M | re.S)
    keys = re.findall(r"^  (\w+): \{", source, re.M)
    assert len(entries) == len(keys) > 30
    assert all(cy.strip() and en.strip() for _, cy, en in entries)


def test_mount_widget_works_on_any_app(settings: Settings, catalogue: ResponseCatalogue) -> None:
    app = FastAPI()
    app.include_router(widget_routes(settings, catalogue))
    mount_widget(app)
    with TestClient(app) as test_client:
        assert test_client.get("/widget/static/chat.js").status_code == 200
        assert test_client.get("/chat").status_code == 200
    assert Path(ROOT / "bot" / "web" / "widget" / "chat.html").exists()
