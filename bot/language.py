"""Welsh/English language identification and the conversation-language rules.

Cymar only ever needs to tell Welsh from English, so this module never asks "which of 55
languages is this?" — it asks "cy or en, and how sure are we?".  Three kinds of evidence
are added up as a log-odds score (positive = Welsh):

1. a small hand-written lexicon of very frequent Welsh and English words (function words,
   greetings, conversational words).  On short chat messages these are by far the best
   signal, and in code-switched messages ("ydy'r course am ddim?") the grammatical words
   come from the language the sentence is actually in, so they get the largest weights;
2. orthographic cues for words the lexicon does not know (Welsh "dd", "ll-", "w"/"y" as
   vowels, -au, -ydd, ŵ ŷ …; English -ing, -tion, "ck", q/x/z/v, "ee"/"oo"/"ea"/"ou" …);
3. langdetect with only its ``cy`` and ``en`` profiles loaded, weighted by how much text it
   has seen, because character n-grams are unreliable on a couple of words but very good
   on a sentence.

This module is also imported inside the Rasa environment, so it uses only the standard
library and langdetect, does no I/O at import time, and builds the detector lazily.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Lang = Literal["cy", "en"]
Source = Literal["chosen", "detected", "none"]

# --- thresholds (measured with bench/langid.py; figures in bench/results/langid.json) ------

# |score| below this is "too ambiguous to say".  A single strong lexicon word scores 3, so
# "diolch" or "thanks" still get a language, while "ok", "helo", "hi" (score 0) and a lone
# unknown word guessed only by spelling or n-grams usually do not.  On first-word-only
# snippets of the dev set this abstains on ~43% and is right on 99.6% of the rest.
MIN_SCORE = 1.0
# Confidence (logistic squash of the score) needed before detection may set or switch the
# conversation language, or offer a switch.  0.9 is a score of ~2.2: one strong word more
# than the other side plus some agreement.  On the dev set no 3+ word detection at >= 0.8
# was wrong, and 0.9 keeps 94.7% of 3–5 word rows (all longer rows) confident.  The dev
# set has no code-switching; on hand-written mixed messages ("oes angen booking?",
# "ma fe'n proper stressful") the right answer often sits at 0.8–0.9, so those are left
# to the next message rather than risking a wrong switch.
CONFIDENT = 0.9
# Only messages of this many words may set or switch the language from detection alone.
MIN_WORDS = 3
# A 1–2 word message may set an *unknown* language only when its lexicon words add up to
# a strong word's weight (3) and nothing at all points to the other language: "diolch",
# "shwmae", "bore da", "iawn", "sori" / "thanks", "thank you", "please".  Weaker words
# ("ie", "yes", "no", "great", "hello") and "ok", "helo", "hi", names and emoji leave it
# unknown, so the caller keeps replying in both languages, Welsh first.
SHORT_MIN_LEXICON = 3.0

# langdetect is given at most this weight (in score units); it is scaled down on short
# texts because with under ~30 letters its 7 random trials often split 4/3 or 5/2.
LANGDETECT_WEIGHT = 3.0
LANGDETECT_FULL_LETTERS = 30
# One unknown word's spelling can only say so much: names, loanwords and typos abound.
ORTH_CAP = 1.5
# Capitalised words in mid-sentence are mostly names ("Llanelli", "Bethesda", "Smith"),
# whose spelling says little about the sentence's language.
NAME_FACTOR = 0.3
# Long pastes: the first 1,000 characters (~180 words) decide, which keeps a call under
# ~10 ms however long the message.
MAX_CHARS_ANALYSED = 1000


@dataclass(frozen=True)
class Detection:
    """Result of :func:`detect`; ``lang`` is None when there is no safe answer."""

    lang: Lang | None
    confidence: float  # 0.5 (coin toss) .. 1.0; 0.0 when there were no letters at all
    words: int


@dataclass(frozen=True)
class LanguageDecision:
    """What the conversation language should be after a user message."""

    language: Lang | None
    source: Source
    # True when the conversation language changed, including being set for the first time.
    switched: bool
    # Set when the language was chosen explicitly but the person confidently wrote in the
    # other one: the UI offers a one-tap switch rather than switching behind their back.
    offer: Lang | None


# --- lexicon -------------------------------------------------------------------------------
# Weights: 3 = closed-class / unmistakable, 2 = frequent and unambiguous, 1 = leans one way
# (also a word in the other language, or often borrowed).  Keys are lower case without
# accents, because people on phones often skip them ("dwr", "ty", "rwan").  Words that are
# genuinely shared ("a", "i", "am", "hi", "helo", "ok", "help", "be", "at", "man") are
# deliberately absent: they carry no evidence.


def _weights(spec: dict[float, str]) -> dict[str, float]:
    return {word: weight for weight, words in spec.items() for word in words.split()}


_CY_WORDS = _weights(
    {
        3: (
            # verb "bod" in its many North/South/formal guises
            "mae roedd oedd oes dydy dyw dydi ydy ydi ydyw ydw ydych ydan ydyn yden "
            "dw dwi rwy rwyf wyf rydw rydych rydyn roeddwn roedden doedd odw ody sydd sy "
            "bydd fydd byddai fyddai byddwn fyddwn basai fasai baswn faswn buodd dach dych "
            "wyt ych ydach sai smo dwin dwim rwyn ydyr "
            # prepositions, conjunctions, pronouns, particles
            "yn yr efo hefo gyda gydag wedi ond neu nid nad ddim heb dros drwy trwy "
            "rhwng wrth mewn gen gennych gennyf gennym arna arnat arnoch iddo iddi iddyn "
            "fy dy ein eich eu ti chi ni nhw chdi fi chwi hwn hon hyn hynny hwnnw honno "
            "rhain rheini yma yna fama fanna dyma dyna acw beth sut pam pwy ble lle "
            "pryd sawl achos oherwydd felly hefyd eto rwan nawr ac gan tua iawn "
            # greetings and politeness
            "diolch shwmae sumae smae shwd shwt croeso hwyl plis sori esgusodwch "
            "nage naddo"
        ),
        2: (
            "fe fo os ar da dda fel mwy mwyaf llawer rhy gormod digon ychydig tipyn "
            "mawr fawr gwell gorau drwg ddrwg hapus trist unig isel poeni pryder "
            "gorbryder iselder teimlo teimlad meddwl siarad sgwrs sgwrsio gwybod wybod "
            "gwbod gweld weld gwneud wneud neud mynd fynd dod ddod cael gael gallu allu "
            "angen eisiau isio ishe moyn eisie hoffwn licio hoffi gallaf galla alla allwch "
            "gallwch allech gawn cawn ga gaf caf rhywun rhywbeth unrhyw neb popeth pob bob "
            "gwaith swydd arian pres teulu ffrind ffrindiau pobl plant plentyn tad "
            "mamgu tadcu heddiw yfory fory ddoe wythnos mis blwyddyn amser nos "
            "heno bore prynhawn pnawn noswaith cymorth cefnogaeth cefnogi helpu grwp grwpiau "
            "cwrs cyrsiau gwasanaeth gwybodaeth ffon ffonio rhif ebost cysylltu ateb "
            "cwestiwn gwefan dolen cymru nghymru lloegr tŷ ty adre "
            "adref gartref cartref dwr bwyd ysgol coleg prifysgol meddyg efallai falle "
            "hwyrach gwir wir gwrs rhaid dylwn dylech ddylai gwych ardderchog grêt gret "
            "un dau dwy tri tair pedwar chwech saith wyth naw deg dim ie ia dan "
            "ionawr chwefror ebrill mehefin gorffennaf awst tachwedd rhagfyr "
            "llun mercher gwener sadwrn"
        ),
        1: (
            "o y e mi ma na di pa hen wel cwtsh hiraeth cariad del pert lan mas "
            "bant nol ol haia iau mawrth sul medi hydref mai ir cymraeg gymraeg saesneg "
            # also English words, or used in Welsh English ("my mam", "ok bach")
            "pan faint pump mam nain taid bach"
        ),
    }
)

_EN_WORDS = _weights(
    {
        3: (
            "the and of to in is are was were it that this with for you your yours my we "
            "they he she them their there what how why where when who which would could "
            "should will have has had did not but from about been being "
            "than then these those our us his him its into because "
            "don't dont can't cant won't wont didn't didnt doesn't doesnt isn't isnt aren't "
            "arent wasn't wasnt haven't havent i'm i've ive i'll i'd you're youre it's "
            "that's thats what's whats there's let's thanks thank please"
        ),
        2: (
            "me an as by on no yes yeah yep nope nah if can may might must shall all any "
            "some every each other out up down off over after before again still already "
            "always never sometimes very much many more most here now today tomorrow "
            "yesterday tonight want wanna need know think feel felt get got going gonna "
            "come talk speak say tell ask like just also too only even right sure maybe "
            "good bad great fine sorry someone somebody anyone anything something nothing "
            "everything people person thing things way time day week month year work "
            "money family friend friends kids home morning afternoon evening night "
            "lonely sad worried anxious "
            "one two three four five six seven eight nine ten "
            "january february march april june july august september october november "
            "december monday tuesday wednesday thursday friday saturday sunday "
            "pls plz thx u ur im new old see look find btw omg idk tbh imo"
        ),
        # Content words that Welsh speakers often drop into Welsh sentences ("dwi'n
        # feeling...", "oes na support group?") only lean English.
        1: (
            "do so or her hello hey yo well go r really feeling course group support free "
            "anxiety depressed depression stressed struggling information info phone "
            "number email contact call website link job welsh english wales"
        ),
    }
)

# Clitics written after an apostrophe: "mae'r", "dwi'n", "i'w" are Welsh; "it's", "don't",
# "you're", "I'll" are English.  "'m" is both ("i'm" = "to my" / "I'm") so it is absent.
_CY_CLITICS = {
    "n": 2.0,
    "r": 2.0,
    "w": 2.0,
    "ch": 2.0,
    "th": 1.5,
    "i": 1.5,
    "u": 1.5,
    "ma": 2.0,
    "na": 2.0,
    "di": 2.0,
    "lly": 2.0,
}
_EN_CLITICS = {"s": 2.0, "t": 3.0, "re": 2.0, "ve": 2.0, "ll": 2.0, "d": 2.0}

# --- orthographic cues (for words the lexicon does not know) ---------------------------

_CY_CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern), weight)
    for pattern, weight in (
        (r"[ŵŷâêîôû]", 2.0),  # circumflexes; ŵ and ŷ exist only in Welsh
        (r"^(ll|dd|ngh|mh|nh|ng[^aeiou]|chw|ff)", 2.0),  # impossible English onsets
        (r"^(rh|gw)", 1.0),  # rhyme/rhythm exist, but rh-/gw- are far commoner in Welsh
        (r"dd", 1.0),  # "add", "middle" exist, but dd is Welsh's commonest digraph
        (r"[^aeiouwy]w[^aeiouywhr']", 1.5),  # w as a vowel: cwm, gwlad, drws, hwn
        (r"[^aeiouwy]w$", 1.0),  # enw, marw, cadw
        (r"^w[^aeiouyhr]", 1.5),  # wnes, wneud
        (r"wy|yw|ydd", 1.0),  # mwy, bywyd, mynydd
        (r"ae|eu", 0.75),  # mae, chwarae, neu (rare in native English words)
        (r"..au$", 1.5),  # plural -au: pethau, cyrsiau
        (r"(wch|ych|ech|aeth|iaid|wyr|iad)$", 1.0),  # imperative -wch, -aeth, -iaid …
        (r"si[aw]", 0.75),  # siarad, siwr
    )
)
_EN_CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern), weight)
    for pattern, weight in (
        (r"[qxzv]", 1.5),  # not in native Welsh spelling
        (r"k", 1.0),  # Welsh writes c
        (r"ck|..ing$|(tion|sion)s?$|^wh", 2.0),
        (r"ee|oo|ea|ou|oa|[aeo]y$", 1.5),  # vowel spellings Welsh does not use
        (r"ss|tt|pp|bb|gg", 1.5),  # double consonants Welsh does not write
        (r"..ly$|ment|ness|less|ful$|ous$|able$|ible$|ight|ould", 1.5),
        (r".ph|^th[aeiou]", 0.75),  # Welsh "ph"/"th-" only come from mutations (ei phen)
        (r"j", 0.5),  # Welsh borrows j (jyst, jôc), so weakly
    )
)

# Times: English writes "9:30 am/pm"; Welsh writes "9:30yb/yh".
_TIME_EN = re.compile(r"\d\s*(a\.?m|p\.?m)\b\.?", re.IGNORECASE)
_TIME_CY = re.compile(r"\d\s*(y\.?b|y\.?h)\b\.?", re.IGNORECASE)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+", re.IGNORECASE)
# A word: letters, possibly joined by apostrophes (dwi'n, i'r, don't), possibly a leading
# elision ('di, 'ma).  Digits and underscores are not letters.
_WORD = re.compile(r"'?[^\W\d_]+(?:'[^\W\d_]+)*")
_SENTENCE_END = frozenset(".!?:;\n")


def _fold(word: str) -> str:
    """Lower case without accents, for lexicon look-up ("dŵr" → "dwr")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class _Evidence:
    cy_lexicon: float
    en_lexicon: float
    cy_spelling: float
    en_spelling: float
    langdetect: float  # signed contribution (positive = Welsh)
    words: int
    letters: int

    @property
    def score(self) -> float:
        return (
            self.cy_lexicon
            - self.en_lexicon
            + self.cy_spelling
            - self.en_spelling
            + self.langdetect
        )


def _cue_score(word: str, cues: tuple[tuple[re.Pattern[str], float], ...]) -> float:
    return min(ORTH_CAP, sum(weight for pattern, weight in cues if pattern.search(word)))


def _word_evidence(word: str) -> tuple[float, float, bool]:
    """(cy, en, known) for one word as written (original case)."""
    lower = unicodedata.normalize("NFC", word.lower())
    folded = _fold(word).strip("'")
    circumflex = _CY_CUES[0][0].search(lower) is not None
    cy, en = _CY_WORDS.get(folded, 0.0), _EN_WORDS.get(folded, 0.0)
    if cy or en:
        # "cân", "tŷ", "â" are Welsh even when the folded form collides with English.
        return cy + (2.0 if circumflex else 0.0), 0.0 if circumflex else en, True
    head, *clitics = folded.split("'")
    cy, en = _CY_WORDS.get(head, 0.0), _EN_WORDS.get(head, 0.0)
    known = bool(cy or en)
    for clitic in clitics:
        cy += _CY_CLITICS.get(clitic, 0.0)
        en += _EN_CLITICS.get(clitic, 0.0)
        known = known or clitic in _CY_CLITICS or clitic in _EN_CLITICS
    if not known and len(lower.strip("'")) >= 3:
        plain = lower.strip("'")
        return _cue_score(plain, _CY_CUES), _cue_score(plain, _EN_CUES), False
    return cy, en, known


@functools.lru_cache(maxsize=1)
def _factory() -> Any:  # langdetect is untyped
    """langdetect with only the Welsh and English profiles, seeded so results repeat."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    profiles = [
        (Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in ("cy", "en")
    ]
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def langdetect_welsh_probability(text: str) -> float | None:
    """P(Welsh) from langdetect restricted to cy/en; None when it finds no features."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        probabilities = detector.get_probabilities()
    except LangDetectException:
        return None
    for language in probabilities:
        if language.lang == "cy":
            return float(language.prob)
    return 0.0 if probabilities else None


def _analyse(full_text: str) -> _Evidence:
    full_text = _URL.sub(" ", unicodedata.normalize("NFC", full_text).translate(_APOSTROPHES))
    text = full_text[:MAX_CHARS_ANALYSED]
    matches = list(_WORD.finditer(text))
    word_count = len(matches) if text is full_text else len(_WORD.findall(full_text))
    if not matches:
        return _Evidence(0, 0, 0, 0, 0, 0, 0)
    words = [m.group() for m in matches]
    capitalised = [w[:1].isupper() for w in words]
    # Names are spotted by capitalisation, unless the whole text is shouted or in Title
    # Case ("Great Family Fun"), where capitals say nothing.
    case_is_informative = text.upper() != text and not all(capitalised)
    # One or two capitalised words and nothing else ("Sarah", "Caerdydd", "John Jones").
    names_only = len(words) <= 2 and all(capitalised)

    cy_lex = en_lex = cy_orth = en_orth = 0.0
    kept: list[str] = []  # what langdetect sees: the text without names
    previous_end = 0
    for index, match in enumerate(matches):
        word = match.group()
        cy, en, known = _word_evidence(word)
        gap = text[previous_end : match.start()].strip()
        previous_end = match.end()
        # A capital after ". " or at the start is ordinary sentence case, not a name.
        mid_sentence = index > 0 and not (gap and gap[-1] in _SENTENCE_END)
        if word == "I" or word.startswith("I'"):
            # The English pronoun is always capitalised, so it is neither a name nor, in
            # mid-sentence, easily mistaken for the Welsh "i" (to, me).
            en += 2.0 if word == "I" and mid_sentence and case_is_informative else 0.0
            kept.append(word)
        elif (case_is_informative and capitalised[index] and mid_sentence) or (
            names_only and not known
        ):
            cy, en = cy * NAME_FACTOR, en * NAME_FACTOR
        else:
            kept.append(word)
        if known:
            cy_lex += cy
            en_lex += en
        else:
            cy_orth += cy
            en_orth += en
    cy_orth += 2.0 * len(_TIME_CY.findall(text))
    en_orth += 2.0 * len(_TIME_EN.findall(text))

    langdetect = 0.0
    sample = " ".join(kept)
    letters = sum(ch.isalpha() for ch in sample)
    if letters and not (names_only and cy_lex == en_lex == 0):
        probability = langdetect_welsh_probability(sample)
        if probability is not None:
            reliability = min(1.0, letters / LANGDETECT_FULL_LETTERS)
            langdetect = LANGDETECT_WEIGHT * reliability * (2.0 * probability - 1.0)
    all_letters = sum(ch.isalpha() for ch in "".join(words))
    return _Evidence(cy_lex, en_lex, cy_orth, en_orth, langdetect, word_count, all_letters)


def _confidence(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-abs(score)))


def _to_detection(evidence: _Evidence) -> Detection:
    if evidence.letters == 0:
        return Detection(None, 0.0, 0)
    score = evidence.score
    lang: Lang | None = None
    if abs(score) >= MIN_SCORE:
        lang = "cy" if score > 0 else "en"
    return Detection(lang, round(_confidence(score), 4), evidence.words)


def detect(text: str) -> Detection:
    """Welsh or English?  None for no letters, or for text too short/ambiguous to tell."""
    return _to_detection(_analyse(text))


# --- explicit choice -----------------------------------------------------------------------

_CY_NAME = r"(?:cymraeg|gymraeg|nghymraeg|chymraeg|welsh)"
_EN_NAME = r"(?:saesneg|english)"
# Politeness and greetings that may wrap a request without changing it.
_POLITE_START = re.compile(
    r"^(?:(?:hi|hello|helo|hey|haia|shwmae|sumae|ok|okay|iawn|sorry|sori|um|erm|yes|ie|ia|"
    r"oh|please|plis)\s+)+"
)
_POLITE_END = re.compile(
    r"(?:\s+(?:please|pls|plz|plis|os gwelwch yn dda|os gweli di n dda|os gweli din dda|"
    r"thanks|thank you|diolch|now|nawr|rwan|instead|from now on|only|yn unig|then|te|ta|"
    r"if possible|os yn bosib|with me|to me|for me|(?:efo|gyda|hefo|a) (?:fi|mi)))+$"
)
_REQUESTS = (
    # bare name or code, "in X", "yn X", "X only"
    r"{L}",
    r"(?:in|yn|iaith) {L}",
    # English requests
    r"(?:can|could|may|shall|will|would) (?:we|you|i) (?:please )?"
    r"(?:speak|talk|chat|continue|carry on|go on|switch|change|go|reply|answer|write|"
    r"have (?:this|it)|do (?:this|it)|use)(?: (?:to|in|into|back to|with me in))? {L}",
    r"(?:speak|talk|chat|reply|answer|respond|write|continue|carry on)(?: back)?"
    r"(?: (?:to|with) me)?(?: in)? {L}",
    r"(?:switch|change|go)(?: back)? (?:to|into) {L}",
    r"(?:use|try) {L}",
    r"(?:switch|change)(?: the)?(?: language)? (?:to|into) {L}",
    r"(?:let s|lets) (?:speak|talk|chat|continue|use|switch to|go with)(?: in)? {L}",
    r"i (?:would like|d like|want|wanna|prefer|d prefer|would prefer|d rather)"
    r"(?: to (?:speak|talk|chat|continue|carry on|use|have (?:this|it)|do (?:this|it)))?"
    r"(?: in)? {L}",
    r"do you (?:speak|talk) {L}",
    # Welsh requests ("siarad Saesneg", "newid i'r Saesneg", "ga i siarad Cymraeg")
    r"(?:siarad|siarada|siaradwch|sgwrsio|sgwennu|sgwenna|ysgrifennu|ysgrifennwch|ateb|"
    r"atebwch|ateba|parhau|parhewch|defnyddio|defnyddiwch)(?: (?:efo|gyda|hefo|a) (?:fi|mi))?"
    r"(?: yn| n)? {L}",
    r"newid(?: iaith)?(?: (?:i|ir|i r|in|yn|i n|ir iaith|i r iaith))? {L}",
    r"(?:ga|gaf|gai|ca|caf|gawn|cawn|allwn|gallwn|alla|gallaf|allaf|allwch|gallwch|wnewch|"
    r"newch|wnei|nei|fedrwn|fedra|fedrwch)(?: i| ni| chi| ti| di)?(?: (?:siarad|sgwrsio|ateb|"
    r"sgwennu|ysgrifennu|newid i|newid ir|cael|gael|parhau|cario mlaen))?"
    r"(?: (?:efo|gyda|hefo) (?:fi|mi|ni))?(?: yn)? {L}",
    r"(?:dw i|dwi|dwin|rwy|rwyn|rydw i|rwyf i|wi|win|fi|fin|ydw i)(?: n)? "
    r"(?:isio|eisiau|eisie|ishe|moyn|am|angen|hoffi|licio)"
    r"(?: (?:siarad|sgwrsio|cael|gael|newid i|newid ir|parhau))?(?: yn)? {L}",
    r"(?:hoffwn|licien|liciwn|baswn in hoffi)(?: (?:siarad|sgwrsio|gael|cael|parhau))?"
    r"(?: yn)? {L}",
    r"(?:mae n |maen |ma n )?well (?:gen i|gyda fi|da fi|gennyf)(?: (?:siarad|sgwrsio|gael|cael))?"
    r"(?: yn)? {L}",
    r"(?:wyt |ydych |dych |dach )?(?:ti|chi)(?: yn| n)? siarad {L}",
    r"(?:wyt |ydych |dych |dach )?(?:tin|chin) siarad {L}",
)
# "I don't speak Welsh" / "Dw i ddim yn siarad Saesneg": a clear request for the other one.
_CANNOT = (
    r"(?:i )?(?:dont|do not|cant|can not|cannot|don t|can t) (?:speak|understand|read) "
    r"(?:much |any |very much )?{L}",
    r"(?:dw i|dwi|dydw i|dwi ddim|sa i|sai|smo fi)(?: ddim)?(?: yn)? (?:siarad|deall|darllen) "
    r"(?:llawer o |fawr o )?{L}",
)


def _compile(templates: tuple[str, ...], name: str) -> re.Pattern[str]:
    return re.compile("|".join("(?:" + t.format(L=name) + ")" for t in templates))


_CHOICE: tuple[tuple[re.Pattern[str], Lang], ...] = (
    (re.compile(r"cy|cym"), "cy"),
    (re.compile(r"en|eng"), "en"),
    (_compile(_REQUESTS, _CY_NAME), "cy"),
    (_compile(_REQUESTS, _EN_NAME), "en"),
    (_compile(_CANNOT, _CY_NAME), "en"),
    (_compile(_CANNOT, _EN_NAME), "cy"),
)
# Requests are short; a long message that happens to fit a pattern is not a request.
_CHOICE_MAX_WORDS = 12


def _normalise_request(text: str) -> str:
    folded = _fold(unicodedata.normalize("NFC", text).translate(_APOSTROPHES))
    # Apostrophes become spaces ("i'r" → "i r", "chi'n" → "chi n"); the patterns also
    # accept the forms people type without them ("ir", "chin", "dont", "id like").
    cleaned = " ".join(re.sub(r"[^a-z]+", " ", folded).split())
    cleaned = re.sub(r"\bid\b", "i d", cleaned)
    cleaned = _POLITE_END.sub("", _POLITE_START.sub("", cleaned))
    return _POLITE_END.sub("", cleaned)


def explicit_choice(text: str) -> Lang | None:
    """The language the person explicitly asked for, if the message is such a request.

    Only short, request-shaped messages count: "Cymraeg", "English please", "yn Gymraeg
    plis", "can we speak Welsh?", "newid i'r Saesneg", "cy".  Sentences that merely
    mention a language ("is the course taught in English or Welsh?", "my Welsh is rusty",
    "oes cyrsiau Cymraeg?") are not choices.
    """
    request = _normalise_request(text)
    if not request or len(request.split()) > _CHOICE_MAX_WORDS:
        return None
    for pattern, lang in _CHOICE:
        if pattern.fullmatch(request):
            return lang
    return None


# --- conversation rules ------------------------------------------------------------------


def _other(lang: Lang) -> Lang:
    return "en" if lang == "cy" else "cy"


def _confident(detection: Detection) -> bool:
    return (
        detection.lang is not None
        and detection.words >= MIN_WORDS
        and detection.confidence >= CONFIDENT
    )


def _short_and_clear(evidence: _Evidence, detection: Detection) -> bool:
    """A 1–2 word message whose words all point one way, with at least one strong word."""
    if detection.lang is None or detection.confidence < CONFIDENT:
        return False
    if detection.lang == "cy":
        mine, theirs = evidence.cy_lexicon, evidence.en_lexicon + evidence.en_spelling
    else:
        mine, theirs = evidence.en_lexicon, evidence.cy_lexicon + evidence.cy_spelling
    return mine >= SHORT_MIN_LEXICON and theirs == 0


def decide_language(current: Lang | None, source: Source, text: str) -> LanguageDecision:
    """Apply the conversation-language rules to one user message.

    * An explicit request ("Cymraeg", "English please") wins at once: source "chosen".
    * Otherwise detection only suggests.  It may set an unknown language, or switch a
      detected one, only on a confident message of MIN_WORDS+ words.  While the language
      is unknown, a 1–2 word message may set it only if its words are unambiguous
      ("diolch", "bore da", "thank you"); "helo", "ok", "hi" leave it unknown.
    * A chosen language is never switched by detection; a confident 3+ word message in
      the other language yields ``offer`` instead.
    """
    chosen = explicit_choice(text)
    if chosen is not None:
        return LanguageDecision(chosen, "chosen", chosen != current, None)

    if current is None:
        evidence = _analyse(text)
        detection = _to_detection(evidence)
        if detection.lang is not None and (
            _confident(detection)
            or (detection.words < MIN_WORDS and _short_and_clear(evidence, detection))
        ):
            return LanguageDecision(detection.lang, "detected", True, None)
        return LanguageDecision(None, "none", False, None)

    detection = detect(text)
    other_language_confidently = _confident(detection) and detection.lang == _other(current)
    if source == "chosen":
        offer = _other(current) if other_language_confidently else None
        return LanguageDecision(current, "chosen", False, offer)
    if other_language_confidently:
        return LanguageDecision(_other(current), "detected", True, None)
    return LanguageDecision(current, "detected", False, None)
