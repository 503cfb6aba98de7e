"""Rasa's endpoints, written from our settings, are read by Rasa itself as intended."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import yaml

from bot.ops.rasa_server import (
    rasa_command,
    rasa_endpoints,
    rasa_environment,
    redis_lock_store,
    write_endpoints,
)
from bot.ops.stack import LOCAL_POSTGRES, LOCAL_REDIS, temporary_database
from bot.settings import ROOT, Settings

RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"

# Rasa's own loaders, in Rasa's environment: which stores would `rasa run` build?
RASA_READS = """
import json, sys
from rasa.core.utils import AvailableEndpoints
from rasa.core.tracker_store import create_tracker_store
from rasa.core.lock_store import LockStore
endpoints = AvailableEndpoints.read_endpoints(sys.argv[1])
tracker = create_tracker_store(endpoints.tracker_store)
tracker = getattr(tracker, "_tracker_store", tracker)
lock = LockStore.create(endpoints.lock_store)
red = getattr(lock, "red", None)
print(json.dumps({
    "tracker": type(tracker).__name__,
    "tracker_url": tracker.engine.url.render_as_string(hide_password=False)
        if hasattr(tracker, "engine") else None,
    "lock": type(lock).__name__,
    "lock_prefix": getattr(lock, "key_prefix", None),
    "lock_db": red.connection_pool.connection_kwargs.get("db") if red else None,
    "action": endpoints.action.url,
    "nlg": endpoints.nlg.url,
}))
"""


def rasa_reads(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", RASA_READS, str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={"PYTHONPATH": str(ROOT), "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_one_machine_keeps_dialogues_in_its_own_sqlite_file(tmp_path: Path) -> None:
    tracker = tmp_path / "var" / "rasa-tracker.db"
    settings = Settings(rasa_tracker_store_url=f"sqlite:///{tracker}", actions_port=5155)
    path = write_endpoints(settings, tmp_path / "endpoints.yml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    read = rasa_reads(path)
    assert read["tracker"] == "SQLTrackerStore" and read["tracker_url"] == f"sqlite:///{tracker}"
    assert tracker.exists()  # Rasa created its table there, apart from ours
    assert read["lock"] == "InMemoryLockStore"
    assert read["action"] == "http://127.0.0.1:5155/webhook"
    assert str(read["nlg"]).endswith(":5056/nlg")


def test_the_default_tracker_file_is_under_var_apart_from_the_app_database() -> None:
    settings = Settings()
    assert settings.tracker_store_url == f"sqlite:///{ROOT / 'var' / 'rasa-tracker.db'}"
    assert settings.tracker_store_url != settings.database_url


def test_scaled_out_rasa_uses_postgresql_and_the_redis_lock_store(tmp_path: Path) -> None:
    with temporary_database(LOCAL_POSTGRES) as url:
        settings = Settings(
            rasa_tracker_store_url=url,
            redis_url="redis://127.0.0.1:6379/3",
            redis_key_prefix="cymarprod",
            actions_url="http://actions.internal:5055",
            nlg_url="http://nlg.internal:5056/",
        )
        read = rasa_reads(write_endpoints(settings, tmp_path / "endpoints.yml"))
    assert read["tracker"] == "SQLTrackerStore" and read["tracker_url"] == url
    assert read["lock"] == "RedisLockStore"
    assert read["lock_prefix"] == "cymarprod:lock:" and read["lock_db"] == 3
    assert read["action"] == "http://actions.internal:5055/webhook"
    assert read["nlg"] == "http://nlg.internal:5056/nlg"


def test_a_redis_url_with_credentials_and_tls_becomes_rasas_fields() -> None:
    store = redis_lock_store("rediss://cymar:s%40cret@redis.example:6380/2", "cymar")
    assert store == {
        "type": "redis",
        "url": "redis.example",
        "port": 6380,
        "db": 2,
        "key_prefix": "cymar",
        "use_ssl": True,
        "username": "cymar",
        "password": "s@cret",
    }


def test_rasa_never_logs_at_debug_and_never_with_debug_flag() -> None:
    settings = Settings(log_level="DEBUG")
    assert rasa_environment(settings, {})["LOG_LEVEL"] == "INFO"
    assert rasa_environment(Settings(log_level="WARNING"), {})["LOG_LEVEL"] == "WARNING"
    command = rasa_command(settings, Path("endpoints.yml"))
    assert "--debug" not in command and "-vv" not in command
    assert command[command.index("--logging-config-file") + 1] == str(ROOT / "logging.yml")


def test_the_endpoints_file_is_plain_yaml_with_only_what_rasa_needs() -> None:
    endpoints = rasa_endpoints(Settings(redis_url=LOCAL_REDIS))
    assert set(endpoints) == {"action_endpoint", "nlg", "tracker_store", "lock_store"}
    assert yaml.safe_load(yaml.safe_dump(endpoints)) == endpoints


RASA_LOGS_AN_ERROR = """
import structlog
from bot.ops.rasa_entry import prepare
prepare()
from rasa.utils.log_utils import configure_structlog
configure_structlog()
structlog.get_logger().error("rest.message.received.timeout", text="dw i eisiau marw")
import logging
logging.getLogger("rasa.core.processor").info("Loading model")
"""


def test_rasas_own_log_lines_are_json_and_never_carry_what_a_person_wrote() -> None:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", RASA_LOGS_AN_ERROR],
        capture_output=True,
        text=True,
        timeout=180,
        env={"PYTHONPATH": str(ROOT), "FORCE_JSON_LOGGING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    output = done.stdout + done.stderr
    assert "dw i eisiau marw" not in output
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    assert any("rest.message.received.timeout" in entry["message"] for entry in lines)
    assert any(entry["message"] == "Loading model" for entry in lines)
