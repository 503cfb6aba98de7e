"""Migration 0006 renames old roles (curator -> editor) and can be undone."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from bot.settings import ROOT


def alembic(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    return config


def roles(url: str) -> list[list[str]]:
    with create_engine(url).connect() as conn:
        return [
            json.loads(r)
            for (r,) in conn.execute(text("SELECT roles FROM staff_account ORDER BY id"))
        ]


def test_old_role_names_are_renamed_both_ways(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic(url), "0005")
    with create_engine(url).begin() as conn:
        for name, held in (("cara", ["curator", "peer_supporter"]), ("ffion", ["admin"])):
            conn.execute(
                text(
                    "INSERT INTO staff_account (username, display_name, password_hash, roles,"
                    " languages, on_duty, ui_language, active, created_at) VALUES"
                    " (:u, :u, 'scrypt$x$y', :r, '[\"cy\"]', 0, 'cy', 1, '2026-11-01')"
                ),
                {"u": name, "r": json.dumps(held)},
            )
    command.upgrade(alembic(url), "0006")
    assert roles(url) == [["editor", "peer_supporter"], ["admin"]]
    command.downgrade(alembic(url), "0005")
    assert roles(url) == [["curator", "peer_supporter"], ["admin"]]
