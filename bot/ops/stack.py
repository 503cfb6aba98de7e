"""Start the Procfile's services on free ports with their own database.

Used by the whole-stack tests and the benchmarks, so both exercise exactly the processes
`make run` starts:
- `start_stack`: one of each process under honcho, with its own SQLite database;
- `start_services`: the same processes, each on its own, so fault tests can stop, crash,
  pause or restart one;
- `start_scaled_stack`: several web and Rasa instances (plus one action server and one NLG
  endpoint) on PostgreSQL and Redis, each instance started from its Procfile line, with a
  round-robin client standing in for the load balancer.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import redis
from alembic import command
from alembic.config import Config
from honcho.environ import parse_procfile
from sqlalchemy import create_engine, make_url, text

from bot.content.seed import seed_all
from bot.ops.seed import seed_everything
from bot.settings import ROOT
from bot.store.db import session_scope

MODEL = ROOT / "models" / "cymar.tar.gz"
HONCHO = ROOT / ".venv" / "app" / "bin" / "honcho"
SERVICES = ("rasa", "actions", "nlg", "web")
# Settings a stack decides for itself, never inherited from the caller's environment.
OWN_SETTINGS = ("RASA_URL", "REDIS_URL", "RASA_TRACKER_STORE_URL", "ACTIONS_URL", "NLG_URL")
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
        **_inherited_env(),
        **{name: str(port) for name, port in ports.items()},
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Rasa's dialogues in a file of this stack's own, not the checkout's var/.
        "RASA_TRACKER_STORE_URL": f"sqlite:///{workdir / 'rasa-tracker.db'}",
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
                warm_up_rasa(ports["RASA_PORT"])
                return stack
        except httpx.HTTPError:
            pass
        time.sleep(1)
    stack.stop()
    raise RuntimeError(f"the stack did not become healthy:\n{stack.log()[-5000:]}")


def warm_up_rasa(port: int | str) -> None:
    """One message straight to Rasa, so that nobody's first message pays for TensorFlow's
    first prediction (seconds on a busy machine, past the router's Rasa timeout). The
    warm-up sender's tracker holds no one's words."""
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    body = {"sender": f"warmup-{uuid.uuid4().hex}", "message": "/greet"}
    httpx.post(url, json=body, timeout=120)


def _inherited_env() -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in OWN_SETTINGS},
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


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
    def kind(self) -> str:
        """The Procfile process this is an instance of ("rasa.2" is a "rasa")."""
        return self.name.split(".")[0]

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
            return httpx.get(self.url + READY_PATHS[self.kind], timeout=2).status_code == 200
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
            httpx.get(self.url + READY_PATHS[self.kind], timeout=2)
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
        **_inherited_env(),
        **{PORT_VARIABLES[name]: str(port) for name, port in ports.items()},
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Rasa's dialogues in a file of this stack's own, not the checkout's var/.
        "RASA_TRACKER_STORE_URL": f"sqlite:///{workdir / 'rasa-tracker.db'}",
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


def _send_to(request: httpx.Request, target: httpx.URL) -> None:
    request.url = request.url.copy_with(host=target.host, port=target.port)
    request.headers["host"] = f"{target.host}:{target.port}"


class RoundRobin(httpx.BaseTransport):
    """A tiny load balancer: each request goes to the next web instance in turn, with no
    stickiness (Cymar needs none: everything a request needs is in the shared stores)."""

    def __init__(self, base_urls: list[str]) -> None:
        self._next = itertools.cycle([httpx.URL(url) for url in base_urls])
        self._transport = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _send_to(request, next(self._next))
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


class AsyncRoundRobin(httpx.AsyncBaseTransport):
    """RoundRobin for asyncio clients (the load bench): each request goes to the next base
    URL in turn. `transport` is what actually sends (default: one connection pool with
    `limits`, so hundreds of simultaneous people are not queued behind httpx's default
    of 100 connections)."""

    def __init__(
        self,
        base_urls: list[str],
        transport: httpx.AsyncBaseTransport | None = None,
        limits: httpx.Limits | None = None,
    ) -> None:
        if not base_urls:
            raise ValueError("a round robin needs at least one base URL")
        self._next = itertools.cycle([httpx.URL(url) for url in base_urls])
        self._transport = transport or httpx.AsyncHTTPTransport(
            limits=limits or httpx.Limits(max_connections=None, max_keepalive_connections=None)
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _send_to(request, next(self._next))
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()


@dataclass
class ScaledStack:
    web: list[Service]
    rasa: list[Service]
    services: list[Service]
    env: dict[str, str]
    workdir: Path

    @property
    def web_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{w.env['WEB_PORT']}" for w in self.web]

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{r.env['RASA_PORT']}" for r in self.rasa]

    @property
    def base_url(self) -> str:
        return self.web_urls[0]

    def client(self, index: int | None = None) -> httpx.Client:
        """One web instance's client, or (no index) the round-robin load balancer's."""
        if index is not None:
            return httpx.Client(base_url=self.web_urls[index], timeout=30)
        return httpx.Client(
            base_url="http://cymar.lb", transport=RoundRobin(self.web_urls), timeout=30
        )

    def instances(self) -> list[Service]:
        return [*self.rasa, *self.services, *self.web]

    def log(self) -> str:
        parts = []
        for instance in self.instances():
            for line in instance.log_path.read_text(errors="replace").splitlines():
                parts.append(f"{instance.name} | {line}")
        return "\n".join(parts)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.web_urls)
        while waiting and time.monotonic() < deadline:
            if not all(i.running for i in self.instances()):
                break
            try:
                if httpx.get(f"{waiting[0]}/api/health", timeout=2).status_code == 200:
                    waiting.pop(0)
                    continue
            except httpx.HTTPError:
                pass
            time.sleep(1)
        if waiting:
            self.stop()
            raise RuntimeError(f"the scaled stack did not become healthy:\n{self.log()[-6000:]}")

    def restart(self, instance: Service, timeout: float = 300) -> None:
        """Kill one instance and start it again on the same port (a crash, or a deploy)."""
        instance.kill()
        instance.start()
        self.wait_healthy(timeout)
        if instance in self.rasa:
            self.warm_up([instance])

    def warm_up(self, rasa: list[Service] | None = None) -> None:
        """Warm up each Rasa instance (see warm_up_rasa)."""
        for instance in rasa or self.rasa:
            warm_up_rasa(instance.env["RASA_PORT"])

    def stop(self) -> None:
        # The web instances first, so nothing is half-way through a turn when Rasa goes.
        for instance in [*self.web, *self.rasa, *self.services]:
            instance.stop()


def start_scaled_stack(
    workdir: Path,
    *,
    web: int = 2,
    rasa: int = 2,
    database_url: str,
    redis_url: str,
    redis_key_prefix: str | None = None,
    tracker_store_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    startup_seconds: float = 480,
) -> ScaledStack:
    """Several web and Rasa instances sharing one database (usually PostgreSQL), one Redis
    and one action server and NLG endpoint. Web instance i talks to Rasa instance i mod
    `rasa`, so requests that alternate between web instances alternate between Rasa ones.

    The database is migrated and seeded here; Rasa's tracker store is `tracker_store_url`
    (default: the same database, where Rasa keeps its own `events` table).
    """
    if not MODEL.exists():
        raise RuntimeError("No trained model: run `make train` first.")
    prepare_database(database_url)
    base = {
        **_inherited_env(),
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": redis_key_prefix or unique_redis_prefix(),
        "RASA_TRACKER_STORE_URL": tracker_store_url or database_url,
        "ACTIONS_PORT": str(free_port()),
        "NLG_PORT": str(free_port()),
        **(extra_env or {}),
    }
    workdir.mkdir(parents=True, exist_ok=True)

    commands = procfile_commands()

    def instance(name: str, **env: str) -> Service:
        settings = {**base, **env}
        port = int(settings[PORT_VARIABLES[name.split(".")[0]]])
        command = commands[name.split(".")[0]]
        return Service(name, command, settings, workdir / f"{name}.log", port)

    rasa_instances = [instance(f"rasa.{i + 1}", RASA_PORT=str(free_port())) for i in range(rasa)]
    services = [instance("actions.1"), instance("nlg.1")]
    web_instances = []
    for i in range(web):
        rasa_port = rasa_instances[i % rasa].env["RASA_PORT"]
        web_instances.append(
            instance(
                f"web.{i + 1}",
                WEB_PORT=str(free_port()),
                RASA_PORT=rasa_port,
                RASA_URL=f"http://127.0.0.1:{rasa_port}",
            )
        )
    stack = ScaledStack(web_instances, rasa_instances, services, base, workdir)
    for each in stack.instances():
        each.start()
    stack.wait_healthy(startup_seconds)
    stack.warm_up()
    return stack
