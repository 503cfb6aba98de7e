"""What a reply looks like everywhere in Cymar: the API, the NLG endpoint and the channels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["cy", "en"]
LANGUAGES: tuple[Lang, Lang] = ("cy", "en")


def as_lang(value: object) -> Lang | None:
    """The value as a language code, or None when it is not "cy" or "en"."""
    if value == "cy":
        return "cy"
    if value == "en":
        return "en"
    return None


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class ResponseText:
    """One language's version of a response key, before placeholders are filled."""

    key: str
    language: Lang
    text: str
    buttons: tuple[Button, ...] = ()
    topic: str = ""


@dataclass
class ChatMessage:
    """One bubble shown to the person; `lang` lets screen readers pronounce it right."""

    text: str
    lang: Lang
    buttons: list[Button] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    key: str | None = None
    # Set for stored messages read back: who said it ("bot", "peer", "user", "system") and
    # its place in the conversation, so a reconnecting screen can resume after it.
    sender: str | None = None
    seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "text": self.text,
            "lang": self.lang,
            "buttons": [b.as_dict() for b in self.buttons],
            "cards": list(self.cards),
        }
        if self.sender is not None:
            body["from"] = self.sender
        if self.seq is not None:
            body["seq"] = self.seq
        return body

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatMessage:
        return cls(
            text=str(data.get("text") or ""),
            lang=as_lang(data.get("lang")) or "en",
            buttons=[
                Button(str(b.get("title", "")), str(b.get("payload", "")))
                for b in data.get("buttons") or []
                if isinstance(b, dict)
            ],
            cards=[c for c in data.get("cards") or [] if isinstance(c, dict)],
            key=data.get("key"),
        )
