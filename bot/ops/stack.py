"""Start the Procfile's services on free ports with their own SQLite database.

Used by the whole-stack tests and the benchmarks, so both exercise exactly the processes
`make run` starts.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import redis
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, make_url, text

from bot.content.seed import seed_all
from bot.ops.seed import seed_everything
from bot.settings import ROOT
from bot.store.db import session_scope

MODEL = ROOT / "models" / "cymar.tar.gz"
HONCHO = ROOT / ".venv" / "app" / "bin" / "honcho"
SERVICES = ("rasa", "actions", "nlg", "web")
# The PostgreSQL and Redis that run on this machine (and CI's): trust auth, shared by
# everyone, so each run makes its own database and key prefix and removes them after.
LOCAL_POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@contextmanager
def temporary_database(server_url: str = LOCAL_POSTGRES, name: str | None = None) -> Iterator[str]:
    """A new, empty PostgreSQL database for one run; dropped (connections and all) after."""
    name = name or f"cymar_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def unique_redis_prefix() -> str:
    """Letters and digits only: Rasa's lock store refuses anything else."""
    return f"cymartest{uuid.uuid4().hex[:12]}"


def clear_redis_prefix(redis_url: str, prefix: str) -> int:
    """Delete every key under the prefix (what a run left in the shared Redis)."""
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        return int(client.delete(*keys)) if keys else 0
    finally:
        client.close()


def migrate(database_url: str) -> None:
    """Apply the Alembic migrations (never `create_all`: tests run what production runs)."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def prepare_database(database_url: str, directory: bool = True) -> None:
    """Migrate and seed; tests that never search can skip the (slower) directory."""
    migrate(database_url)
    with session_scope(database_url) as session:
        if directory:
            seed_everything(session, ROOT / "data")
        else:
            seed_all(session, ROOT / "data")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    base_url: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def start_stack(
    workdir: Path, startup_seconds: float = 240, extra_env: dict[str, str] | None = None
) -> Stack:
    """Start every service; raises RuntimeError with the log tail if it does not get healthy."""
    if not MODEL.exists():
        raise RuntimeError("No trained model: run `make train` first.")
    database_url = f"sqlite:///{workdir / 'cymar.db'}"
    prepare_database(database_url)
    ports = {name: free_port() for name in ("WEB_PORT", "RASA_PORT", "ACTIONS_PORT", "NLG_PORT")}
    env = {
        **{k: v for k, v in os.environ.items() if k != "RASA_URL"},
        **{name: str(port) for name, port in ports.items()},
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_env or {}),
    }
    log_path = workdir / "stack.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(HONCHO), "start", "-f", "Procfile", *SERVICES],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    stack = Stack(f"http://127.0.0.1:{ports['WEB_PORT']}", env, log_path, process)
    deadline = time.monotonic() + startup_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{stack.base_url}/api/health", timeout=2).status_code == 200:
                return stack
        except httpx.HTTPError:
            pass
        time.sleep(1)
    stack.stop()
    raise RuntimeError(f"the stack did not become healthy:\n{stack.log()[-5000:]}")
