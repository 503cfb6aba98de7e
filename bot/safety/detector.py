"""Deterministic bilingual (Welsh/English) risk detector.

How a message is assessed
-------------------------
1. It is normalised into an English view and a Welsh view
   (:mod:`bot.safety.normalise`). Both are always checked, whatever language the
   conversation is in, because people code-switch.
2. Every rule of the matching language (:mod:`bot.safety.lexicon_en`,
   :mod:`bot.safety.lexicon_cy`) is run over its view. A rule hit can be vetoed by
   the rule's own idiom guards (``unless_before`` / ``unless_after``) or, for
   ``negatable`` rules, by a direct negation.
3. Each surviving hit gets a concern: ``self`` or ``other`` (worry about a third
   party), from the rule, from a ``(?P<who>)`` group (myself / herself, fy hun /
   ei hun), or from the nearest person cue before the hit in the same sentence
   ("my son *is* self harming", "mae fy *merch* yn hunan-niweidio"). With no cue we
   assume ``self``: the person typing is the one we can help right now.

Policy notes
------------
* Historical statements ("I used to self harm years ago", "roeddwn i'n arfer
  hunan-niweidio", "I'm not suicidal anymore") *are* flagged. Past self-harm and
  attempts are among the strongest predictors of future risk and the person
  chose to bring it up; the crisis response is gentle and a peer can judge. The
  same goes for being bereaved by suicide ("my friend killed herself").
* Negation only vetoes rules naming a *state or wish* ("I'm not suicidal", "I
  don't want to die, I'm scared of the operation"). Statements about an *act*
  ("I'm not going to kill myself") are not vetoed: that sentence is very often a
  reassurance offered by someone who is thinking about it.
* Indirect risk is flagged without death being named: defeat ("can't take it
  anymore", "methu cymryd mwy"), entrapment ("can't see a way out"), perceived
  burdensomeness ("I'm a burden", "dw i'n faich"), self-hatred, preparations and
  timing ("tonight is the night"). Held-out rounds showed these were most of the
  misses; a false alarm here costs one kind check-in, a miss can cost a life.
  Each such rule is closed (clause end or a short list of continuations) so the
  same words with an everyday object ("can't see a way out of this maze") don't match.
* Threats to other people ("I'd kill him if he ate my chips") are out of scope.
* ``matched`` only ever contains rule ids, never message text, so it is safe to log.

Cost: every pattern is compiled once at import (~0.2 s); patterns use bounded gaps
only, so matching is linear in the message length: well under a millisecond for a
typical chat message, under ~0.1 s for 10,000 characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.safety import lexicon_cy, lexicon_en
from bot.safety.normalise import View, english_view, welsh_view
from bot.safety.rule import Concern, Lang, Rule
from bot.welsh import mutations, radical_candidates

__all__ = ["RULE_IDS", "SafetyAssessment", "assess"]


@dataclass(frozen=True)
class SafetyAssessment:
    at_risk: bool
    concern: Concern  # "other" = worry about someone else (third party)
    matched: tuple[str, ...]  # ids of the rules that matched, NEVER the message text


# --- pattern compilation ----------------------------------------------------------------

_MACRO = re.compile(r"@([A-Z][A-Z0-9_]*)")
# <lladd|marw> -- but not the "<" of (?P<name>...), (?<=...) or (?<!...).
_MUTATE = re.compile(r"(?<!\(\?P)(?<!\(\?)<([a-z' |]+)>")


def _expand_mutations(match: re.Match[str]) -> str:
    alternatives: list[str] = []
    for phrase in match.group(1).split("|"):
        first, _, rest = phrase.strip().partition(" ")
        tail = " " + rest if rest else ""
        for form in mutations(first):
            alternatives.append(re.escape(form + tail))
    alternatives.sort(key=len, reverse=True)  # longest first: "nhabledi" before "tabledi"
    return "(?:" + "|".join(dict.fromkeys(alternatives)) + ")"


def expand(pattern: str, macros: Mapping[str, str]) -> str:
    """Expand ``@MACROS`` (recursively) and ``<mutated|words>`` into a plain regex."""
    for _ in range(10):
        expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
        if expanded == pattern:
            break
        pattern = expanded
    else:  # pragma: no cover - guards against a macro that refers to itself
        raise ValueError(f"macro expansion did not terminate: {pattern[:80]}")
    return _MUTATE.sub(_expand_mutations, pattern)


@dataclass(frozen=True)
class _LangTables:
    lang: Lang
    macros: Mapping[str, str]
    negators: frozenset[str]
    fillers: frozenset[str]
    recovery: re.Pattern[str]
    self_cues: frozenset[str]
    other_cues: frozenset[str]


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    tables: _LangTables
    regex: re.Pattern[str]
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None


def _compile(rule: Rule, tables: _LangTables) -> _Compiled:
    body = expand(rule.pattern, tables.macros)
    try:
        regex = re.compile(rf"(?<![^ ])(?:{body})(?![^ ])")
        before = after = None
        if rule.unless_before:
            b = expand(rule.unless_before, tables.macros)
            before = re.compile(rf"(?:^| )(?:{b})$")
        if rule.unless_after:
            a = expand(rule.unless_after, tables.macros)
            after = re.compile(rf" (?:{a})(?![^ ])")
    except re.error as exc:  # pragma: no cover - a broken lexicon must fail loudly at import
        raise ValueError(f"bad pattern in safety rule {rule.id}: {exc}") from exc
    return _Compiled(rule=rule, tables=tables, regex=regex, before=before, after=after)


def _tables(
    lang: Lang,
    macros: Mapping[str, str],
    negators: frozenset[str],
    fillers: frozenset[str],
    recovery: str,
    self_cues: frozenset[str],
    other_cues: frozenset[str],
) -> _LangTables:
    return _LangTables(
        lang=lang,
        macros=macros,
        negators=negators,
        fillers=fillers,
        recovery=re.compile(rf"(?:{recovery})(?![^ ])"),
        self_cues=self_cues,
        other_cues=other_cues,
    )


_EN = _tables(
    "en",
    lexicon_en.MACROS,
    lexicon_en.NEGATORS,
    lexicon_en.NEGATION_FILLERS,
    lexicon_en.RECOVERY_AFTER,
    lexicon_en.SELF_CUES,
    lexicon_en.OTHER_CUES,
)
_CY = _tables(
    "cy",
    lexicon_cy.MACROS,
    lexicon_cy.NEGATORS,
    lexicon_cy.NEGATION_FILLERS,
    lexicon_cy.RECOVERY_AFTER,
    lexicon_cy.SELF_CUES,
    lexicon_cy.OTHER_CUES,
)
_RULES_EN = tuple(_compile(rule, _EN) for rule in lexicon_en.RULES)
_RULES_CY = tuple(_compile(rule, _CY) for rule in lexicon_cy.RULES)

RULE_IDS: tuple[str, ...] = tuple(c.rule.id for c in (*_RULES_EN, *_RULES_CY))
if len(set(RULE_IDS)) != len(RULE_IDS):  # pragma: no cover
    raise ValueError("duplicate safety rule id")

# Pronoun/verb cues are per language (English "am" = I am, Welsh "am" = about;
# Welsh "does dim" is not English "does"). Nouns are shared, since people
# code-switch ("mae fy mate i'n...", "my ffrind says...").
_OTHER_NOUNS = lexicon_en.OTHER_NOUNS | lexicon_cy.OTHER_NOUNS
_SELF_WHO = lexicon_en.SELF_WHO | lexicon_cy.SELF_WHO
_OTHER_WHO = lexicon_en.OTHER_WHO | lexicon_cy.OTHER_WHO
# "is it normal to feel suicidal": "is" here is a question, not "Tom is ...".
_INVERTING = frozenset({"is", "has", "does", "was"})
_INVERTED_SUBJECTS = frozenset({"it", "there", "this", "that", "anyone", "anybody", "everyone"})
_CUE_WINDOW = 10  # tokens looked back, within the sentence
_CONTEXT_CHARS = 120  # characters looked back for unless_before


# --- assessment -------------------------------------------------------------------------


def _token_index(view: View, offset: int) -> int:
    return bisect.bisect_right(view.starts, offset) - 1


def _is_other_noun(token: str) -> bool:
    return any(form in _OTHER_NOUNS for form in radical_candidates(token))


def _cue(tables: _LangTables, view: View, index: int) -> Literal["self", "other"] | None:
    token = view.tokens[index]
    if token in tables.self_cues:
        return "self"
    if token in tables.other_cues:
        if token in _INVERTING:
            nxt = view.tokens[index + 1] if index + 1 < len(view.tokens) else ""
            if nxt in _INVERTED_SUBJECTS:
                return None
        if tables.lang == "cy" and token in lexicon_cy.AMBIGUOUS_PRONOUNS:
            prev = view.tokens[index - 1] if index > 0 else ""
            if prev not in lexicon_cy.PRONOUN_HOSTS:
                return None
        return "other"
    if _is_other_noun(token):
        return "other"
    return None


def _infer_concern(
    compiled: _Compiled, match: re.Match[str], view: View, first: int
) -> Literal["self", "other"]:
    rule = compiled.rule
    if rule.concern != "infer":
        return rule.concern
    who = match.groupdict().get("who")
    if who:
        if who in _SELF_WHO:
            return "self"
        if who in _OTHER_WHO:
            return "other"
    # The first token of the match itself can be a cue ("wants to die"), then
    # look backwards within the sentence.
    index = first
    while index >= 0 and first - index <= _CUE_WINDOW:
        if view.tokens[index] == ".":
            break
        cue = _cue(compiled.tables, view, index)
        if cue:
            return cue
        index -= 1
    return "self"


def _negated(tables: _LangTables, view: View, first: int, end: int) -> bool:
    index = first - 1
    while index >= 0 and view.tokens[index] in tables.fillers:
        index -= 1
    if index < 0 or view.tokens[index] not in tables.negators:
        return False
    # "not suicidal anymore", "heb hunan-niweidio ers blwyddyn": history, keep the flag.
    return tables.recovery.match(view.text, end + 1) is None


def _vetoed(compiled: _Compiled, match: re.Match[str], view: View, first: int) -> bool:
    if compiled.after is not None and compiled.after.match(view.text, match.end()):
        return True
    if compiled.before is not None:
        start = match.start()
        context = view.text[max(0, start - _CONTEXT_CHARS) : start].rstrip()
        if compiled.before.search(context):
            return True
    return compiled.rule.negatable and _negated(compiled.tables, view, first, match.end())


def _run(rules: Iterable[_Compiled], view: View) -> list[tuple[str, Literal["self", "other"]]]:
    hits: list[tuple[str, Literal["self", "other"]]] = []
    if not view.text:
        return hits
    for compiled in rules:
        for match in compiled.regex.finditer(view.text):
            first = _token_index(view, match.start())
            if _vetoed(compiled, match, view, first):
                continue
            hits.append((compiled.rule.id, _infer_concern(compiled, match, view, first)))
    return hits


def assess(text: str) -> SafetyAssessment:
    """Assess one message. Pure, deterministic, no I/O; never raises on odd input."""
    if not isinstance(text, str):  # defensive: callers in Rasa pass whatever they get
        text = "" if text is None else str(text)
    if not text.strip():
        return SafetyAssessment(at_risk=False, concern="none", matched=())
    hits = _run(_RULES_EN, english_view(text)) + _run(_RULES_CY, welsh_view(text))
    if not hits:
        return SafetyAssessment(at_risk=False, concern="none", matched=())
    matched = tuple(rule_id for rule_id in RULE_IDS if any(h[0] == rule_id for h in hits))
    concern: Concern = "self" if any(h[1] == "self" for h in hits) else "other"
    return SafetyAssessment(at_risk=True, concern=concern, matched=matched)
