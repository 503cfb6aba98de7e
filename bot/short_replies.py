"""Short closed-class replies in Welsh and English: "ie", "nac ydw", "diolch x", "hwyl 'te".

A one- or two-word message carries almost nothing for a statistical classifier to go on,
and DIET guessed these badly under cross-validation ("okay" became a fallback, "ydi" an
FAQ, "bore da" a goodbye). Yet the ways people say yes, no, hello, thanks and goodbye are
a small closed set that a speaker can write down. This module is that list: a message
that is made *only* of these phrases (and fillers, kisses, "cymar", "please") gets its
intent; anything else, including any message with one word more, is left to DIET.

Matching is on a normal form, not on the raw text: folded (case, accents, smart
apostrophes), apostrophes dropped ("that's" = "thats"), punctuation ignored, and every
run of a repeated letter squeezed to one ("hiii", "yesss", "byee", "diolchhh"). The
phrases are squeezed the same way, so "cool" and "col" are the same word here; in a list
this small no two phrases collide.

Welsh answers "yes" and "no" by echoing the verb of the question ("Wyt ti...?" "Ydw."
"Oes...?" "Nag oes."), so the affirm and deny lists hold the echo forms for the
questions Cymar asks, in North and South forms (ydw/odw, nac ydw/nagw/sa i...), with and
without the mutations people do and do not write.

Pure standard library: imported by the Rasa component bot/nlu/short_reply.py and by the
app's tests and benchmarks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.welsh import fold

__all__ = ["PHRASES", "normal_form", "short_reply_intent"]

# The lists read as lists: one line per family of forms, not one phrase per line.
# fmt: off
PHRASES: dict[str, tuple[str, ...]] = {
    "greet": (
        # English, including Welsh-English and texting forms
        "hi", "hiya", "hia", "hey", "heya", "hello", "helo", "hallo", "hullo", "howdy",
        "hi there", "hey there", "hello there", "hiya there", "hey up", "ey up",
        "morning", "good morning", "gd morning", "mornin", "morning all",
        "afternoon", "good afternoon", "evening", "good evening", "evening all",
        "hi again", "hello again", "hey again", "yo", "sup", "wassup", "whats up",
        "greetings", "hi hi", "hey hey", "hello hello",
        "how are you", "how r u", "how are u", "hows it going", "how you doing",
        "hi how are you", "hey how are you", "hello how are you", "hiya how are you",
        # Welsh: South (shwmae) and North (su'mae, sut mae), informal and formal
        "shwmae", "shw mae", "shwmai", "shw mai", "sumae", "sumai", "smae", "sut mae",
        "sut dach chi", "sut wyt ti", "sut ydych chi", "shwd i chi", "shwt i ti",
        "sut hwyl", "shwmae shwmae", "haia", "helo helo", "hai",
        "bore da", "pnawn da", "prynhawn da", "noswaith dda", "noswaith da", "noson dda",
        "bore da i chi", "helo bawb", "shwmae bawb", "haia bawb", "hi all", "hello all",
        "helo shwmae", "helo sut mae", "haia sut mae", "shwmae sut wyt ti",
    ),
    "goodbye": (
        "bye", "bye bye", "byebye", "bye for now", "goodbye", "good bye", "cya", "see ya",
        "see you", "see you later", "see you soon", "see ya later", "later", "laters",
        "ttyl", "ttfn", "tara", "ta ra", "tarra", "ta ta", "tata", "cheerio", "night",
        "nite", "night night", "good night", "goodnight", "gnight", "take care",
        "speak soon", "speak later", "talk later", "talk soon", "catch you later",
        "catch ya later", "im off", "im off now", "im going now", "gotta go", "got to go",
        "have to go now", "have a good day", "have a nice day", "have a good evening",
        "have a good night", "have a good weekend",
        # Welsh
        "hwyl", "hwyl fawr", "hwyl am y tro", "hwyl am nawr", "hwyl am rwan", "hwyl nawr",
        "hwyl rwan", "hwyl wan", "hwyl te", "hwyl tan tro nesa", "hwyl tan y tro nesa",
        "hwyl i ti", "hwyl i chi", "hwyl fawr i ti", "hwyl fawr i chi", "pob hwyl",
        "ta ra te", "ta ra am nawr", "da bo", "da boch", "da boch chi", "da bo ti",
        "nos da", "nos dawch", "nos da i chi", "nos da i ti", "wela i di", "wela i ti",
        "wela i chi", "wela i di wedyn", "wela i chi wedyn", "wela i di fory",
        "wela i chi fory", "wela i di cyn bo hir", "welai di", "welai chi",
        "tan tro nesa", "tan y tro nesa", "tan y tro nesaf", "tan toc", "tan yn fuan",
        "siarad wedyn", "siarad eto", "siarad yn fuan", "cym ofal", "cymer ofal",
        "cymerwch ofal", "dwi off", "dw i off", "wi bant", "dwi bant", "bai", "bai bai",
        "ffarwel",
    ),
    "thanks": (
        "thanks", "thank you", "thankyou", "thank u", "thanks you", "thx", "thnx", "thnks",
        "ty", "tq", "ta", "cheers", "cheers mate", "many thanks", "thanks a lot",
        "thanks so much", "thank you so much", "thanks very much", "thank you very much",
        "thanks a million", "thanks loads", "much appreciated", "appreciate it",
        "i appreciate it", "thanks for that", "thank you for that", "thanks for your help",
        "thank you for your help", "thanks for the help", "thanks for helping",
        "thanks for the info", "thanks for the information", "thats helpful",
        "thats really helpful", "thats very helpful", "that helps", "that helped",
        "brilliant thanks", "great thanks", "lovely thanks", "perfect thanks",
        "diolch", "diolch yn fawr", "diolch yn fawr iawn", "diolch yn fowr", "diolch mawr",
        "diolch o galon", "diolch i ti", "diolch i chi", "diolch yn fawr i ti",
        "diolch yn fawr i chi", "diolch eto", "diolch unwaith eto", "diolch yn dalpe",
        "diolch am hynna", "diolch am hyn", "diolch am dy help", "diolch am eich help",
        "diolch am y wybodaeth", "diolch am y cymorth", "diolch am dy gymorth",
        "diolch am bopeth", "diolch byth", "ta diolch", "mawr diolch", "diolch lot",
        "grt diolch", "gret diolch", "gwych diolch", "lyfli diolch", "ardderchog diolch",
        "diolch lyfli", "diolch gwych", "mae hynna'n help", "mae hynna wedi helpu",
    ),
    "affirm": (
        "yes", "yeah", "yea", "yeh", "yep", "yup", "ya", "yah", "yh", "ye", "aye",
        "ok", "okay", "okey", "k", "kk", "okie", "oki", "okey dokey", "ok then",
        "okay then", "alright then", "sure", "sure thing", "of course", "course",
        "definitely", "defo", "deffo", "absolutely", "certainly", "indeed", "correct",
        "thats right", "thats correct", "right", "exactly", "precisely", "please",
        "yes please", "yes pls", "yes plz", "yeah please", "ok please", "please do",
        "go on", "go on then", "go ahead", "go for it", "lets do it", "lets go",
        "sounds good", "sounds great", "sounds fine", "that sounds good",
        "that would be great", "that would be good", "thatd be great", "thatd be good",
        "that works", "fine", "fine by me", "good", "great", "cool", "perfect", "lovely",
        "grand", "brilliant", "i would", "i do", "i am", "i have", "i will", "i think so",
        "yes i would", "yes i do", "yes i am", "yeah i would", "yes definitely",
        "yes yes", "yeah yeah", "mhm", "mm hm", "uh huh", "yass", "yus", "why not",
        "yes thats right", "tidy", "lush",
        # Welsh: echo answers (am/is/are, there is, did, would, will), North and South
        "ie", "ia", "ydw", "yndw", "odw", "ydy", "ydi", "yndi", "odi", "ody", "ydyn",
        "ydan", "yden", "ydych", "ydach", "oes", "oes plis", "do", "do wir", "bydd",
        "byddai", "bydde", "basa", "baswn", "byswn", "byddwn", "hoffwn", "hoffwn i",
        "licen i", "licien i", "leiciwn i", "gwnaf", "gwna", "medra", "galla", "gallaf",
        "ie plis", "ia plis", "ydw plis", "odw plis", "ie os gwelwch yn dda",
        "ie wir", "ia wir", "ydw wir", "ie ie", "ia ia", "ie iawn", "ia iawn",
        "iawn", "iawn te", "iawn ta", "ocê", "oce", "ocei", "oc", "ocê te", "oce ta",
        "iep", "yndw tad", "ydw tad", "cytuno", "dwi'n cytuno", "dw i'n cytuno",
        "rwy'n cytuno", "wrth gwrs", "siwr", "siwr iawn", "siwr o fod", "yn sicr",
        "yn bendant", "bendant", "hollol", "yn hollol", "cywir", "yn union", "dyna fo",
        "dyna ni", "ie dyna ni", "swnion dda", "mae hynna'n swnio'n dda", "grêt", "gret",
        "gwych", "cwl", "da iawn", "champion", "mynd amdani", "amdani", "plis",
        "os gwelwch yn dda", "pam lai", "ie pam lai", "mae hynna'n iawn", "ffein",
    ),
    "deny": (
        "no", "nope", "nah", "naa", "na", "nay", "n", "no thanks", "no thank you",
        "no ta", "no thx", "no cheers", "nah thanks", "nah ta", "no way", "not really",
        "not at all", "not now", "not today", "not yet", "not right now", "not for now",
        "not at the moment", "no not now", "no not really", "no no", "no i dont",
        "no i wouldnt", "no im not", "no im ok", "no im fine", "no im good", "im ok thanks",
        "im good thanks", "no need", "theres no need", "dont bother", "never", "never mind",
        "nevermind", "i dont think so", "dont think so", "i dont", "i wouldnt", "im not",
        "incorrect", "wrong", "thats wrong", "thats not right", "not quite", "i'll pass",
        "ill pass", "pass", "maybe later", "maybe not", "rather not", "id rather not",
        "nah leave it", "leave it", "no leave it", "hmm no", "um no", "nop",
        # Welsh: echo answers, North and South
        "na", "nage", "nag e", "nid e", "nac ydw", "nag ydw", "nadw", "nagw", "sa i",
        "nac ydy", "nac ydi", "nag ydy", "nadi", "nadyw", "nagyw", "nac ydyn", "nadyn",
        "nagyn", "nac oes", "nag oes", "nagoes", "naddo", "naddo wir", "na fydd",
        "na fyddai", "na fydde", "na faswn", "na hoffwn", "na na", "na wir", "dim diolch",
        "na diolch", "na dim diolch", "nac oes diolch", "nag oes diolch", "dim nawr",
        "dim rwan", "ddim nawr", "ddim rwan", "ddim rili", "dim rili", "dim o gwbl",
        "ddim o gwbl", "byth", "dim angen", "does dim angen", "sdim angen", "sdim isio",
        "dim isio", "smo fi moyn", "sa i moyn", "sai moyn", "dwim isio", "dw i ddim isio",
        "dwi ddim isio", "dw i ddim eisiau", "dwi ddim eisiau", "na sori", "dim ffiars",
        "anghywir", "ddim heddiw", "dim heddiw", "sa i'n credu", "sai'n credu",
        "smo fi'n credu", "dw i ddim yn meddwl", "dwi ddim yn meddwl", "dwim yn meddwl",
        "gwell peidio", "dim ar hyn o bryd", "ddim ar hyn o bryd", "dim diolch dw i'n iawn",
        "na dw i'n iawn", "na dwi'n iawn",
    ),
    "bot_challenge": (
        "are you a bot", "are you a robot", "are you human", "are you a human",
        "are you real", "are you a real person", "are you a person", "are you ai",
        "are you an ai", "are you a machine", "are you a computer", "are you automated",
        "r u a bot", "r u human", "r u real", "u a bot", "u human", "is this a bot",
        "is this a robot", "is this ai", "is this automated", "is this a real person",
        "is this a person", "is this a human", "am i talking to a bot",
        "am i talking to a robot", "am i talking to a machine", "am i talking to ai",
        "am i talking to a computer", "am i chatting to a bot", "bot",
        "are you a chatbot", "is this a chatbot", "you a bot", "you a robot",
        "wyt ti'n berson", "wyt ti'n person", "wyt ti'n berson go iawn", "wyt ti'n robot",
        "wyt ti'n fot", "wyt ti'n bot", "wyt ti'n beiriant", "wyt ti'n ddynol",
        "wyt ti'n go iawn", "ti'n robot", "ti'n berson", "ti'n berson go iawn", "ti'n fot",
        "ti'n ddynol", "ti'n real", "wyt ti'n real", "ydych chi'n berson",
        "ydych chi'n robot", "ydych chi'n ddynol", "ydach chi'n robot", "dach chi'n robot",
        "robot wyt ti", "bot wyt ti", "ai robot wyt ti", "ai bot wyt ti",
        "person wyt ti", "ai person wyt ti", "ai person go iawn wyt ti", "peiriant wyt ti",
        "ydy hwn yn robot", "ydi hwn yn robot", "odi hwn yn robot", "ydy hwn yn fot",
        "ydw i'n siarad efo robot", "ydw i'n siarad gyda robot", "ydw i'n siarad a robot",
        "ydw i'n siarad efo bot", "ydw i'n siarad gyda bot", "odw i'n siarad a robot",
        "ydw i'n siarad efo peiriant", "ydw i'n siarad gyda pheiriant",
    ),
}
# fmt: on

# Welsh yes/no answers echo the verb of the question, so they are a paradigm, not a list:
# every person of "bod" (ydw, wyt, ydy...), "oes", "do", and the future, conditional and
# modal forms Cymar's questions invite ("Hoffech chi...?" "Hoffwn."), in North and South
# spellings, mutated and not. "nac"/"nag" or "na" + soft mutation makes each one "no".
# fmt: off
_BOD = (
    "ydw", "yndw", "odw", "ydy", "ydi", "yndi", "yw", "odi", "ody", "ydyn", "odyn",
    "ydan", "yden", "ydach", "ydych", "odych",
)
_BOD_NEGATIVE = (
    "nadw", "nagw", "nadi", "nady", "nadyw", "nagyw", "nadyn", "nagyn", "nadan", "nagoes",
    "nadach", "nadych", "sa i", "sai", "smo fi",
)
_VERBS = (
    "bydda", "byddaf", "bydd", "byddi", "byddwn", "byddwch", "byddan", "byddai", "bydde",
    "baswn", "byswn", "basa", "bysa", "basen", "gwnaf", "gwna", "gwnawn", "galla", "gallaf",
    "gallwn", "medra", "medraf", "medrwn", "hoffwn", "hoffen", "licien", "licen", "leiciwn",
)
_SOFT = {"b": "f", "g": "", "m": "f", "ll": "l"}  # the mutations these verbs take after "na"
_PRONOUN_OF = {  # the echo answer with its own pronoun ("ydyn nhw", "odw i")
    "ydw": ("i",), "odw": ("i",), "yndw": ("i",), "ydy": ("o", "e", "hi"),
    "ydi": ("o", "hi"), "odi": ("e", "hi"), "ydyn": ("ni", "nhw"), "odyn": ("ni", "nhw"),
    "ydan": ("ni",), "yden": ("ni",),
}
# fmt: on


def _mutated_after_na(verb: str) -> str:
    for radical, mutated in sorted(_SOFT.items(), key=lambda kv: -len(kv[0])):
        if verb.startswith(radical):
            return mutated + verb[len(radical) :]
    return verb


def _echo_answers() -> dict[str, list[str]]:
    yes = [*_BOD, "oes", "do", *_VERBS]
    yes += [f"{verb} {pronoun}" for verb, pronouns in _PRONOUN_OF.items() for pronoun in pronouns]
    no = [f"{neg} {form}" for form in (*_BOD, "oes") for neg in ("nac", "nag")]
    no += [*_BOD_NEGATIVE, "naddo", *(f"na {_mutated_after_na(verb)}" for verb in _VERBS)]
    return {"affirm": yes, "deny": no}


# Words that may stand around a reply without changing it: fillers, kisses, a name.
# fmt: off
_FILLER_WORDS = frozenset({
    "oh", "o", "ah", "aw", "um", "umm", "erm", "er", "hmm", "mm", "well", "wel", "so", "reit",
    "right", "x", "xx", "xxx", "cymar", "bot", "mate", "pal", "love", "lovely", "and", "a",
    "ac", "an", "nd", "then", "te", "ta", "plz", "pls", "please", "plis",
    # whoever is addressed: "bore da bawb", "thanks all", "hi everyone"
    "bawb", "pawb", "all", "everyone", "everybody", "guys", "folks",
})
# fmt: on
# Fillers that are also replies in some list ("ta" is thanks; "right", "please", "plis",
# "lovely" are affirm; "bot" is a bot challenge): only fillers when another phrase is present.
_CONTENT_FILLER_WORDS = frozenset({"ta", "right", "please", "pls", "plz", "plis", "lovely", "bot"})
_REPEATS = re.compile(r"(.)\1+")
# Squeezed like the messages ("all" is "al", "xxx" is "x").
_FILLERS = frozenset(_REPEATS.sub(r"\1", w) for w in _FILLER_WORDS)
_CONTENT_FILLERS = frozenset(_REPEATS.sub(r"\1", w) for w in _CONTENT_FILLER_WORDS)
# When a message holds replies of two kinds, what it means overall ("ok thanks" is
# thanks; "thanks, bye" and "ok bye" are goodbyes). Any other mix goes to DIET.
_MIXES: dict[frozenset[str], str] = {
    frozenset({"affirm", "thanks"}): "thanks",
    frozenset({"thanks", "goodbye"}): "goodbye",
    frozenset({"affirm", "goodbye"}): "goodbye",
    frozenset({"affirm", "thanks", "goodbye"}): "goodbye",
    frozenset({"deny", "thanks"}): "deny",
    frozenset({"greet", "bot_challenge"}): "bot_challenge",
}
_WORD = re.compile(r"[a-z0-9]+")
_MAX_WORDS = 8  # a longer message is never only a short reply


def normal_form(text: str) -> list[str]:
    """Words as matched: folded, apostrophes dropped, repeated letters squeezed."""
    folded = fold(text).replace("'", "")
    return [_REPEATS.sub(r"\1", word) for word in _WORD.findall(folded)]


@lru_cache(maxsize=1)
def _lexicon() -> dict[tuple[str, ...], str]:
    lexicon: dict[tuple[str, ...], str] = {}
    families = [*PHRASES.items(), *_echo_answers().items()]
    for intent, phrases in families:
        for phrase in phrases:
            key = tuple(normal_form(phrase))
            # A phrase listed under two intents (Welsh "na" and English "na") must agree.
            assert lexicon.get(key, intent) == intent, f"{phrase!r} is in two lists"
            lexicon[key] = intent
    return lexicon


def _segment(words: list[str]) -> list[str] | None:
    """Fewest phrases that make up the words exactly (fillers are free), as their intents."""
    lexicon = _lexicon()
    longest = max(len(k) for k in lexicon)
    # best[i]: the intents of the fewest-phrase reading of words[:i], or None
    best: list[list[str] | None] = [None] * (len(words) + 1)
    best[0] = []
    for i in range(len(words)):
        current = best[i]
        if current is None:
            continue
        if words[i] in _FILLERS:
            candidate = best[i + 1]
            if candidate is None or len(current) < len(candidate):
                best[i + 1] = current
        for length in range(1, min(longest, len(words) - i) + 1):
            intent = lexicon.get(tuple(words[i : i + length]))
            if intent is None:
                continue
            reading = [*current, intent]
            candidate = best[i + length]
            if candidate is None or len(reading) < len(candidate):
                best[i + length] = reading
    return best[len(words)]


def short_reply_intent(text: str) -> str | None:
    """The intent of a message made only of short replies, or None to leave it to DIET."""
    words = normal_form(text)
    if not words or len(words) > _MAX_WORDS:
        return None
    if all(w in _FILLERS for w in words):
        # "please", "ta love", "right", "bot" are replies; "oh", "x", "cymar" alone are not.
        key = tuple(w for w in words if w in _CONTENT_FILLERS)
        return _lexicon().get(key) if key else None
    reading = _segment(words)
    if not reading:
        return None
    kinds = frozenset(reading)
    if len(kinds) == 1:
        return reading[0]
    return _MIXES.get(kinds)
