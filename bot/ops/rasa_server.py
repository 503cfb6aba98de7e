"""Start Rasa with endpoints written from our settings (the Procfile's `rasa` process).

Rasa reads its stores from an endpoints file, and Rasa's `${VAR}` substitution cannot
leave a section out, so the file is written from `bot/settings.py` at every start:
- the action server and NLG endpoint (through our NLG client, which falls back when the
  endpoint is down);
- the tracker store: always SQL (its own SQLite file by default, so a Rasa restart keeps
  every dialogue; PostgreSQL for several Rasa instances);
- the lock store: Redis when `REDIS_URL` is set (several Rasa instances must share one),
  otherwise Rasa's in-memory one.

Then this process becomes Rasa (`exec`), so signals and exit codes are Rasa's own. Rasa
never runs with `--debug`, and its log level is at least INFO whatever `LOG_LEVEL` says:
Rasa writes message text in its DEBUG lines.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from bot.settings import ROOT, Settings, get_settings

RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"
CREDENTIALS = ROOT / "credentials.yml"
LOGGING_CONFIG = ROOT / "logging.yml"
# Levels Rasa may log at: DEBUG is never among them.
RASA_LEVELS = ("INFO", "WARNING", "ERROR", "CRITICAL")


def redis_lock_store(redis_url: str, key_prefix: str) -> dict[str, Any]:
    """Rasa's RedisLockStore takes a host and separate fields, not a URL."""
    url = urlsplit(redis_url)
    if url.scheme not in ("redis", "rediss"):
        raise ValueError("REDIS_URL must start with redis:// or rediss://")
    store: dict[str, Any] = {
        "type": "redis",
        "url": url.hostname or "localhost",
        "port": url.port or 6379,
        "db": int(url.path.strip("/") or 0),
        "key_prefix": key_prefix,
        "use_ssl": url.scheme == "rediss",
    }
    if url.username:
        store["username"] = unquote(url.username)
    if url.password:
        store["password"] = unquote(url.password)
    return store


def rasa_endpoints(settings: Settings) -> dict[str, Any]:
    endpoints: dict[str, Any] = {
        "action_endpoint": {"url": f"{settings.actions_base_url}/webhook"},
        # Our NLG client (bot/nlu/fallback_nlg.py): if the NLG endpoint is down, it names the
        # response for the router to render from its catalogue, so no reply is dropped.
        "nlg": {
            "url": f"{settings.nlg_base_url}/nlg",
            "type": "bot.nlu.fallback_nlg.NLGWithFallback",
            "timeout_seconds": 1.0,
            "retry_after_seconds": 5,
        },
        # A URL with "://" is used by Rasa's SQLTrackerStore as it stands.
        "tracker_store": {"type": "SQL", "url": settings.tracker_store_url},
    }
    if settings.redis_url:
        endpoints["lock_store"] = redis_lock_store(settings.redis_url, settings.redis_key_prefix)
    return endpoints


def write_endpoints(settings: Settings, path: Path) -> Path:
    """Write the endpoints file (owner-only: it may hold database and Redis passwords)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tracker = settings.tracker_store_url
    if tracker.startswith("sqlite:///"):
        Path(tracker.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    text = "# Written by bot/ops/rasa_server.py from the settings at start; do not edit.\n"
    text += yaml.safe_dump(rasa_endpoints(settings), sort_keys=False)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    # Atomic, so another Rasa instance starting from the same directory never reads half.
    temporary.replace(path)
    return path


def endpoints_path(settings: Settings) -> Path:
    return ROOT / "var" / "rasa" / f"endpoints-{settings.rasa_port}.yml"


def rasa_command(settings: Settings, endpoints: Path) -> list[str]:
    return [
        str(RASA_PYTHON),
        "-m",
        "bot.ops.rasa_entry",
        "run",
        "--model",
        str(settings.rasa_model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(CREDENTIALS),
        "--interface",
        settings.rasa_interface,
        "--port",
        str(settings.rasa_port),
        "--logging-config-file",
        str(LOGGING_CONFIG),
    ]


def rasa_environment(settings: Settings, base: dict[str, str]) -> dict[str, str]:
    level = settings.log_level.upper()
    return {
        **base,
        "LOG_LEVEL": level if level in RASA_LEVELS else "INFO",
        "RASA_TELEMETRY_ENABLED": "false",
        # Rasa imports our NLU components and the log formatter from this checkout.
        "PYTHONPATH": str(ROOT),
        # Rasa's structlog lines as JSON, even when a terminal is attached.
        "FORCE_JSON_LOGGING": "1",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


def main() -> None:
    settings = get_settings()
    if not settings.rasa_model.exists():
        sys.exit(f"No trained model at {settings.rasa_model}: run `make train` first.")
    endpoints = write_endpoints(settings, endpoints_path(settings))
    command = rasa_command(settings, endpoints)
    os.execve(command[0], command, rasa_environment(settings, dict(os.environ)))


if __name__ == "__main__":
    main()
