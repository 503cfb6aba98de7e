"""One settings object for the whole app (not imported by Rasa's environment)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration read from the environment (prefix-free, as operators expect) or `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'cymar.db'}"
    # How long a write waits for another's lock (SQLite's busy timeout, PostgreSQL's
    # lock_timeout). Cymar's own writes take milliseconds; beyond this the person is told
    # their message was not stored (with the crisis numbers) and their client sends it
    # again, rather than waiting in silence.
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
    # Where Rasa calls the action server and the NLG endpoint, when they are not on Rasa's
    # own machine (defaults: 127.0.0.1 and the ports above).
    actions_url: str | None = None
    nlg_url: str | None = None
    # -- Rasa's side (read by `python -m bot.ops.rasa_server`, which writes Rasa's endpoints)
    # The interface Rasa listens on: the loopback one unless web instances on other machines
    # call it.
    rasa_interface: str = "127.0.0.1"
    rasa_model: Path = ROOT / "models" / "cymar.tar.gz"
    # Rasa's tracker store (SQLAlchemy URL). Unset: its own SQLite file under var/, so a
    # Rasa restart keeps every dialogue. Several Rasa instances need a shared PostgreSQL
    # database, e.g. postgresql://cymar@db/cymar_rasa (Rasa runs SQLAlchemy 1.4 in its own
    # environment, so it never shares our tables).
    rasa_tracker_store_url: str | None = None
    # -- scaling out: Redis carries live events between web instances, the per-conversation
    # turn lock, the Telegram lease, and Rasa's lock store. Unset: all in-process.
    redis_url: str | None = None
    # Prefixes every Redis key and channel (Rasa's lock store accepts only letters/digits).
    redis_key_prefix: str = "cymar"
    # Set false on web instances that must never run Telegram; with Redis, one instance
    # holding the Telegram lease runs it, the others stand by.
    run_telegram: bool = True
    rasa_timeout_seconds: float = 2.5
    # Turns one web process has with Rasa at once; more wait up to half the timeout, then
    # get the honest "I'm having trouble" at once (see bot/conversations/rasa_client.py).
    # 0 means no limit.
    rasa_max_in_flight: int = 8
    # Above this share of turns not answered in time (over the window), `/api/health` shows
    # an alert and a WARNING is logged once a minute: Rasa needs more capacity or is ill.
    rasa_trouble_alert_share: float = 0.05
    rasa_trouble_window_seconds: float = 300.0
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
    # -- the staff app (/admin)
    # Staff cookies are Secure by default, which is right for production (HTTPS). Chromium
    # and Firefox also keep Secure cookies on http://localhost and http://127.0.0.1, so
    # `make run` works as it is; set SECURE_COOKIES=false only for plain http on another
    # address (or Safari on localhost) in development.
    secure_cookies: bool = True
    # A staff session ends after this long without a request (an open peer inbox counts),
    # and after staff_session_hours whatever happens.
    staff_session_idle_minutes: float = 30
    staff_session_hours: float = 12
    # Sign-in throttling, counted in the database so every web process agrees: this many
    # refusals for one username, or from one address, within the window blocks more tries
    # until the oldest falls out of the window.
    staff_login_max_failures: int = 5
    staff_login_max_failures_per_address: int = 30
    staff_login_window_minutes: float = 15
    # For automation only: `make admin` reads the first admin's password from ADMIN_PASSWORD
    # instead of asking (never from the command line, where `ps` and shell history see it).
    admin_password: SecretStr | None = None
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
    # -- privacy and the public surface (docs/privacy.md)
    # Conversations (messages, handoffs, contact requests, the Telegram chat's row) are
    # deleted this many days after their last message; anonymous daily counts are kept.
    retention_days: int = Field(default=30, ge=1)
    # The retention process sweeps at start and then this often.
    retention_interval_hours: float = Field(default=24, gt=0)
    # Safeguarding concerns are the organisation's record and outlive the conversation
    # (detached from it); set this to the organisation's safeguarding retention policy.
    safeguarding_retention_days: int = Field(default=2190, ge=1)
    # -- feedback and stories (bot/conversations/feedback.py)
    # The share of "Yes, that helped" taps and finished peer chats after which the person
    # is invited to tell a short story ("What difference has this made for you?"); at most
    # once per conversation, never in one that showed risk. 0 turns invitations off.
    story_invite_rate: float = Field(default=0.2, ge=0, le=1)
    # The longest story kept; a longer one is answered with a request to shorten it.
    story_max_chars: int = Field(default=1000, ge=50, le=4000)
    # Stories are anonymous, but they are free text: they are deleted this long after the
    # day they were told (staff can delete one sooner). Set your MSC review cycle's needs.
    story_retention_days: int = Field(default=1095, ge=1)
    # Sites that may embed the widget and call the API from their pages, comma-separated
    # origins ("https://www.example.org,https://college.example"); "*" allows any site.
    # Cymar's own pages (/chat, /widget/demo) are always allowed.
    widget_allowed_origins: str = ""
    # Messages per conversation: a burst, then a steady rate (a message that shows risk
    # is never held back).
    rate_limit_conversation_burst: int = Field(default=8, ge=1)
    rate_limit_conversation_per_minute: float = Field(default=20, gt=0)
    # Requests per client address to /api (many people may share one address: a college or
    # a hospital's wifi, so this is generous).
    rate_limit_client_burst: int = Field(default=60, ge=1)
    rate_limit_client_per_minute: float = Field(default=120, gt=0)

    @field_validator("redis_key_prefix")
    @classmethod
    def _alphanumeric(cls, value: str) -> str:
        if not value.isalnum():
            raise ValueError("REDIS_KEY_PREFIX must be letters and digits only")
        return value

    @property
    def rasa_base_url(self) -> str:
        return self.rasa_url or f"http://127.0.0.1:{self.rasa_port}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """WIDGET_ALLOWED_ORIGINS as a tuple of origins without a trailing slash."""
        return tuple(
            origin.strip().rstrip("/")
            for origin in self.widget_allowed_origins.split(",")
            if origin.strip()
        )

    @property
    def actions_base_url(self) -> str:
        return (self.actions_url or f"http://127.0.0.1:{self.actions_port}").rstrip("/")

    @property
    def nlg_base_url(self) -> str:
        return (self.nlg_url or f"http://127.0.0.1:{self.nlg_port}").rstrip("/")

    @property
    def tracker_store_url(self) -> str:
        return self.rasa_tracker_store_url or f"sqlite:///{ROOT / 'var' / 'rasa-tracker.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests clear the cache when they change env."""
    return Settings()
