"""A throwaway PostgreSQL cluster of its own, for fault tests and benchmarks that stop the
server: never the machine's shared one, which other people and processes use.

Uses the server binaries Debian installs (`/usr/lib/postgresql/<version>/bin`), a temporary
directory and a free port. PostgreSQL refuses to run as root, so as root it runs as the
`postgres` user (`runuser`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from bot.ops.stack import free_port

BIN_GLOB = "/usr/lib/postgresql/*/bin"
OWNER = "postgres"


def server_bin_dir() -> Path | None:
    """The newest installed server's binaries, or None when there are none."""
    found = [
        p
        for p in Path("/").glob(BIN_GLOB.lstrip("/"))
        if (p / "initdb").exists() and (p / "pg_ctl").exists()
    ]
    return max(
        found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, default=None
    )


@dataclass
class ThrowawayPostgres:
    bin_dir: Path
    directory: Path
    port: int

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg2://{OWNER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", OWNER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", OWNER, "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        """The server goes; connections are refused until `start`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=OWNER, dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def start_throwaway_postgres() -> ThrowawayPostgres:
    """Raises LookupError when no PostgreSQL server binaries are installed."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise LookupError(f"no PostgreSQL server binaries in {BIN_GLOB}")
    directory = Path(tempfile.mkdtemp(prefix="cymar-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, OWNER, OWNER)
    cluster = ThrowawayPostgres(bin_dir, directory, free_port())
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return cluster
