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
    log_level: str = "INFO"

    @property
    def rasa_base_url(self) -> str:
        return self.rasa_url or f"http://127.0.0.1:{self.rasa_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests clear the cache when they change env."""
    return Settings()
