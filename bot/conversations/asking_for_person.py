"""Words that ask for a human, in either language, recognised without the model.

"Talk to a person" must work from anywhere, including in the middle of a form where the
dialogue model might read "a person please" as an answer. These patterns catch the plain
ways of asking; Rasa's `talk_to_person` intent catches the rest.
"""

from __future__ import annotations

import re

from bot.welsh import fold

_PATTERNS = [
    # English
    r"^/?(human|agent|person|operator)$",
    r"\b(talk|speak|chat|get through)\s+(to|with)\s+(a|an|some|the)?\s*"
    r"(real\s+|actual\s+|live\s+)?(person|human|someone|somebody|peer\s*supporter|people|staff)\b",
    r"\b(real|actual|live)\s+(person|human)\b",
    r"\bhuman\s+(please|pls|plz)\b",
    r"\b(can|could)\s+i\s+have\s+a\s+(person|human)\b",
    # Welsh (folded: lower case, no accents, so â is a)
    r"\b(siarad|sgwrsio|sgwrs)\s+(a|ag|efo|gyda|hefo)\s+(pherson|person|rhywun|bod dynol|"
    r"gweithiwr|chymheiriad|cymheiriad|rywun|pobl)\b",
    r"\b(person|bod dynol)\s+go\s+iawn\b",
]
_COMPILED = [re.compile(p) for p in _PATTERNS]
# Asking *whether* it is a person is a different question ("are you a real person?").
_ARE_YOU = re.compile(r"\b(are you|r u|wyt ti|ydych chi|ai person|ai bot)\b")


def asks_for_person(text: str) -> bool:
    folded = fold(text).replace("’", "'")
    if _ARE_YOU.search(folded):
        return False
    return any(p.search(folded) for p in _COMPILED)
