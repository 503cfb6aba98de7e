"""Button payloads: `/intent` or `/intent{"entity": "value"}`, for intents the domain knows."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.yaml_files import read_yaml

PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)
MAX_PAYLOAD_CHARS = 200


@dataclass(frozen=True)
class Payload:
    intent: str
    entities: dict[str, str]

    def as_rasa_message(self) -> str:
        if not self.entities:
            return f"/{self.intent}"
        return f"/{self.intent}{json.dumps(self.entities, ensure_ascii=False)}"


@lru_cache(maxsize=4)
def domain_intents(domain_dir: Path) -> frozenset[str]:
    """Intent names from the domain files, so a payload can only name a real intent."""
    names: set[str] = set()
    for path in domain_dir.glob("*.yml"):
        doc: Any = read_yaml(path) or {}
        for item in doc.get("intents") or []:
            names.add(next(iter(item)) if isinstance(item, dict) else str(item))
    return frozenset(names)


def parse_payload(raw: str, known_intents: frozenset[str]) -> Payload | None:
    """The payload if it is well-formed and names a known intent, else None."""
    if len(raw) > MAX_PAYLOAD_CHARS:
        return None
    match = PAYLOAD.match(raw.strip())
    if not match or match.group("intent") not in known_intents:
        return None
    entities: dict[str, str] = {}
    if match.group("entities"):
        try:
            parsed = json.loads(match.group("entities"))
        except ValueError:
            return None
        if not isinstance(parsed, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 80 for k, v in parsed.items()
        ):
            return None
        entities = parsed
    return Payload(match.group("intent"), entities)
