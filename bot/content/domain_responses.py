"""Derive Rasa's domain `responses:` from the response files, so text is written once.

Rasa needs every `utter_*` key in its domain (for `rasa data validate`, and as the labels of
the ResponseSelector's retrieval intent, `faq`). The FAQ answers appear under their retrieval
names (`utter_faq/peer_support_cost` for the catalogue's `utter_peer_support/cost`, see
bot/content/faq.py); `action_answer_faq` utters the catalogue key. The text Rasa trains on
is the English version; what people see comes from the NLG endpoint. The output is
deterministic so Rasa's fingerprinting only retrains when the responses really change.
Runs in either environment (stdlib + PyYAML only).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from bot.content.faq import FAQ_INTENT, retrieval_key
from bot.content.source import load_source

HEADER = "# Generated from data/responses_en by `python -m bot.content.domain_responses`.\n"
DIALOGUE_DIRS = ("rules", "stories")
UTTER_ACTION = re.compile(r"^\s*-?\s*action:\s*(utter_[a-z_]+)\s*$", re.MULTILINE)


def keys_rasa_utters(data_dir: Path) -> set[str]:
    """Response actions the rules and stories name.

    Only these and the FAQ answers (under their retrieval names) go into the domain.
    Responses that only our actions or the router use (the welcome, the crisis reply,
    errors) stay out, so `rasa data validate --fail-on-warnings` does not report them as
    unused.
    """
    found: set[str] = set()
    for folder in DIALOGUE_DIRS:
        for path in sorted((data_dir / folder).glob("*.yml")):
            found.update(UTTER_ACTION.findall(path.read_text(encoding="utf-8")))
    return found


def render_domain(data_dir: Path) -> str:
    source = load_source(data_dir)
    wanted = keys_rasa_utters(data_dir)
    responses = {}
    for key in sorted(source.all_keys()):
        faq = retrieval_key(key)
        if key not in wanted and faq is None:
            continue
        text = source.get(key, "en") or source.get(key, "cy")
        assert text is not None
        entry: dict[str, object] = {"text": text.text}
        if text.buttons:
            entry["buttons"] = [b.as_dict() for b in text.buttons]
        responses[f"utter_{faq}" if faq else key] = [entry]
    # The FAQ is a retrieval intent; declaring it here, next to its answers, keeps one file
    # as the only place that defines it.
    document = {
        "version": "3.1",
        "intents": [{FAQ_INTENT: {"is_retrieval_intent": True}}],
        "responses": dict(sorted(responses.items())),
    }
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=True, width=100)
    return HEADER + body


def write_domain(data_dir: Path, out: Path) -> bool:
    """Write the file only when it changed (keeps mtimes and fingerprints stable)."""
    rendered = render_domain(data_dir)
    if out.exists() and out.read_text(encoding="utf-8") == rendered:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(rendered, encoding="utf-8")
    return True


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    target = (
        Path(sys.argv[1]).resolve()
        if len(sys.argv) > 1
        else root / "domain" / "responses.generated.yml"
    )
    changed = write_domain(root / "data", target)
    print(f"{target.relative_to(root)}: {'updated' if changed else 'unchanged'}")
