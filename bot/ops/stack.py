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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from honcho.environ import parse_procfile

from bot.content.seed import seed_all
from bot.ops.seed import seed_everything
from bot.settings import ROOT
from bot.store.db import session_scope

MODEL = ROOT / "models" / "cymar.tar.gz"
HONCHO = ROOT / ".venv" / "app" / "bin" / "honcho"
SERVICES = ("rasa", "actions", "nlg", "web")


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


# -- one process per service: for fault tests that stop, pause and restart one of them ------

# How long to wait for a service before giving up: loading Rasa's model takes 30-80 s on
# two idle cores, several minutes when other work shares them.
READY_WITHIN_SECONDS = 600.0
# What answers 200 once each service is ready (Rasa's `/` answers only once its model is
# loaded: it binds its port after loading).
READY_PATHS = {"rasa": "/", "actions": "/health", "nlg": "/health", "web": "/api/health"}
PORT_VARIABLES = {
    "rasa": "RASA_PORT",
    "actions": "ACTIONS_PORT",
    "nlg": "NLG_PORT",
    "web": "WEB_PORT",
}


def procfile_commands(procfile: Path = ROOT / "Procfile") -> dict[str, str]:
    """The Procfile's command lines by process name, read with honcho's own parser."""
    return dict(parse_procfile(procfile.read_text(encoding="utf-8")).processes)


@dataclass
class Service:
    """One Procfile process run on its own, so a test can stop, crash, pause or restart it.

    The command runs as honcho runs it (through `sh`, so `$RASA_PORT` expands), but with
    `exec`, so the process a signal reaches is the service itself.
    """

    name: str
    command: str
    env: dict[str, str]
    log_path: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", f"exec {self.command}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self, timeout: float = 30) -> None:
        """Stop it as an operator would (SIGTERM), killing it if it does not go in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()  # a paused process cannot act on SIGTERM
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """A crash: SIGKILL, no chance to finish anything."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def pause(self) -> None:
        """SIGSTOP: the kernel still accepts connections on its port, nothing answers them."""
        if self.running:
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.running:
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGCONT)

    def ready(self) -> bool:
        try:
            return httpx.get(self.url + READY_PATHS[self.name], timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_ready(self, seconds: float = READY_WITHIN_SECONDS) -> None:
        """Until its ready path answers 200 (for `web`: every part of the stack is healthy)."""
        self._wait(self.ready, seconds)

    def wait_ready_to_serve(self, seconds: float = 60) -> None:
        """Until it answers HTTP at all, healthy or not (a web process whose database is
        down still answers, honestly)."""
        self._wait(self.answers_http, seconds)

    def answers_http(self) -> bool:
        try:
            httpx.get(self.url + READY_PATHS[self.name], timeout=2)
        except httpx.HTTPError:
            return False
        return True

    def _wait(self, done: Callable[[], bool], seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                break
            if done():
                return
            time.sleep(0.3)
        tail = self.log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{self.name} did not become ready:\n{tail}")


@dataclass
class ServiceStack:
    """The same processes as `start_stack`, each on its own; usable wherever a `Stack` is
    (it has `base_url`, `env`, `client()` and `log()`)."""

    base_url: str
    env: dict[str, str]
    workdir: Path
    services: dict[str, Service]

    def __getitem__(self, name: str) -> Service:
        return self.services[name]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def log(self) -> str:
        return "\n".join(s.log_path.read_text(errors="replace") for s in self.services.values())

    def health(self) -> dict[str, bool]:
        try:
            checks = httpx.get(f"{self.base_url}/api/health", timeout=5).json()["checks"]
        except (httpx.HTTPError, ValueError, KeyError):
            return {}
        return {str(k): bool(v) for k, v in checks.items()}

    def wait_healthy(self, seconds: float = READY_WITHIN_SECONDS) -> None:
        """Until `/api/health` says every part answers (after a service came back)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            checks = self.health()
            if checks and all(checks.values()):
                return
            time.sleep(0.5)
        raise RuntimeError(f"the stack is not healthy: {self.health()}\n{self.log()[-3000:]}")

    def stop(self) -> None:
        for service in reversed(self.services.values()):
            service.stop()

    def another_web(self, workdir: Path, env: dict[str, str] | None = None) -> ServiceStack:
        """A second web process on its own port, sharing this stack's Rasa, actions and NLG,
        with its own settings (e.g. its own DATABASE_URL); started and ready."""
        port = free_port()
        web_env = {**self.env, **(env or {}), "WEB_PORT": str(port)}
        web = Service("web", self.services["web"].command, web_env, workdir / "web.log", port)
        other = ServiceStack(web.url, web_env, workdir, {"web": web})
        web.start()
        try:
            web.wait_ready_to_serve()
        except BaseException:
            web.stop()
            raise
        return other


def start_services(
    workdir: Path,
    startup_seconds: float = READY_WITHIN_SECONDS,
    extra_env: dict[str, str] | None = None,
    database_url: str | None = None,
    directory: bool = True,
) -> ServiceStack:
    """Start every service as its own process; `database_url` defaults to a new SQLite file
    in `workdir` (the caller creates any other database; this migrates and seeds it)."""
    if not MODEL.exists():
        raise RuntimeError("No trained model: run `make train` first.")
    database_url = database_url or f"sqlite:///{workdir / 'cymar.db'}"
    prepare_database(database_url, directory=directory)
    ports = {name: free_port() for name in SERVICES}
    env = {
        **{k: v for k, v in os.environ.items() if k != "RASA_URL"},
        **{PORT_VARIABLES[name]: str(port) for name, port in ports.items()},
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_env or {}),
    }
    commands = procfile_commands()
    services = {
        name: Service(name, commands[name], env, workdir / f"{name}.log", ports[name])
        for name in SERVICES
    }
    stack = ServiceStack(f"http://127.0.0.1:{ports['web']}", env, workdir, services)
    try:
        for service in services.values():
            service.start()
        for service in services.values():
            service.wait_ready(startup_seconds)
        stack.wait_healthy(startup_seconds)
    except BaseException:
        stack.stop()
        raise
    return stack
