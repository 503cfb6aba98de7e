"""Read the reviewed response text from `data/responses_<lang>/*.yml` (one file per topic)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.model import LANGUAGES, Button, Lang, ResponseText
from bot.yaml_files import read_yaml


class ContentError(ValueError):
    """The response files are malformed; the message says which file and key."""


@dataclass(frozen=True)
class ResponseSource:
    """All response texts from the YAML files, by language then key."""

    by_language: dict[Lang, dict[str, ResponseText]]

    def all_keys(self) -> set[str]:
        return {k for texts in self.by_language.values() for k in texts}

    def get(self, key: str, language: Lang) -> ResponseText | None:
        return self.by_language.get(language, {}).get(key)


def _parse_buttons(raw: Any, where: str) -> tuple[Button, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ContentError(f"{where}: buttons must be a list")
    buttons = []
    for item in raw:
        if not isinstance(item, dict) or "title" not in item or "payload" not in item:
            raise ContentError(f"{where}: each button needs a title and a payload")
        buttons.append(Button(str(item["title"]), str(item["payload"])))
    return tuple(buttons)


def load_language_dir(folder: Path, language: Lang) -> dict[str, ResponseText]:
    texts: dict[str, ResponseText] = {}
    for path in sorted(folder.glob("*.yml")):
        doc = read_yaml(path) or {}
        responses = doc.get("responses") or {}
        if not isinstance(responses, dict):
            raise ContentError(f"{path}: 'responses' must be a mapping")
        topic = str(doc.get("topic") or path.stem)
        for key, body in responses.items():
            where = f"{path.name}:{key}"
            if not isinstance(body, dict) or not isinstance(body.get("text"), str):
                raise ContentError(f"{where}: needs a 'text'")
            if key in texts:
                raise ContentError(f"{where}: key defined twice")
            texts[key] = ResponseText(
                key=key,
                language=language,
                text=body["text"].strip(),
                buttons=_parse_buttons(body.get("buttons"), where),
                topic=topic,
            )
    return texts


def load_source(data_dir: Path) -> ResponseSource:
    return ResponseSource(
        {lang: load_language_dir(data_dir / f"responses_{lang}", lang) for lang in LANGUAGES}
    )


def topic_files(data_dir: Path, language: Lang) -> dict[str, str]:
    """Topic name by file stem, so a completeness report can name the file to fix."""
    return {p.stem: p.name for p in sorted((data_dir / f"responses_{language}").glob("*.yml"))}
