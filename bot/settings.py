"""One settings object for the whole app (not imported by Rasa's environment)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration read from the environment (prefix-free, as operators expect) or `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'cymar.db'}"
    # SQLite: how long a write waits for another process's write lock. Cymar's own writes
    # take milliseconds; beyond this the person is told their message was not stored (with
    # the crisis numbers) and their client sends it again, rather than waiting in silence.
    database_busy_timeout_seconds: float = 2.0
    # honcho sets PORT itself for every process (base port + 100 per process), so the
    # Makefile copies the operator's PORT into WEB_PORT before starting honcho.
    port: int = Field(default=8080, validation_alias=AliasChoices("WEB_PORT", "PORT"))
    host: str = "0.0.0.0"
    # Rasa keeps its own default port and listens on the loopback interface only.
    rasa_port: int = 5005
    rasa_url: str | None = None
    nlg_port: int = 5056
    actions_port: int = 5055
    rasa_timeout_seconds: float = 2.5
    data_dir: Path = ROOT / "data"
    max_message_chars: int = 2000
    # -- peer support handoff
    # How long a request may wait before the person is offered other options.
    handoff_timeout_seconds: float = 300
    # A supporter whose inbox has not been heard from for this long is not "present".
    peer_presence_seconds: float = 60
    # A supporter who drops out mid-chat gets this long to come back before the person is
    # put back in the queue (a page reload or a server restart takes a few seconds).
    peer_reconnect_grace_seconds: float = 45
    # How often the watchdog looks for timeouts and dropped supporters.
    watchdog_interval_seconds: float = 5
    # Fernet key for contact details; generated into var/contact.key when unset.
    contact_key: str | None = None
    # Set SECURE_COOKIES=true wherever staff reach Cymar over HTTPS (any real deployment);
    # off by default so sign-in works on http://localhost.
    secure_cookies: bool = False
    # Optional: a Telegram group where new requests are posted for supporters.
    telegram_bot_token: str | None = None
    telegram_staff_chat_id: int | None = None
    # Where python-telegram-bot sends its requests (a local fake Bot API in tests).
    telegram_base_url: str = "https://api.telegram.org/bot"
    # Production: Telegram posts updates to this public HTTPS URL (served by the web app at
    # the URL's path) instead of the bot long polling. Every update must carry the secret in
    # its X-Telegram-Bot-Api-Secret-Token header (1-256 of A-Z, a-z, 0-9, _ and -).
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    # Per-chat flood control for people: a burst of this many messages, then this many a
    # minute. Messages that show risk are never held back.
    telegram_rate_limit_burst: int = 8
    telegram_rate_limit_per_minute: float = 20
    log_level: str = "INFO"

    @property
    def rasa_base_url(self) -> str:
        return self.rasa_url or f"http://127.0.0.1:{self.rasa_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests clear the cache when they change env."""
    return Settings()
