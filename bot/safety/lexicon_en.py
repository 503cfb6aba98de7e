"""English lexicon for the safety detector.

Everything here matches against the *English view* of a message (see
:mod:`bot.safety.normalise`): folded, contractions expanded (``don't`` -> ``do
not``, ``I'm`` -> ``i am``, ``wanna`` -> ``want to``), common misspellings and
text-speak mapped (``kil`` -> ``kill``, ``kms`` -> ``kill myself``), hyphens and
clause punctuation normalised (``self-harm`` -> ``self harm``; ``.``, ``,``,
``!``, ``?`` -> a ``.`` token). Patterns are regexes with ``@MACROS``; see
:class:`bot.safety.rule.Rule`.

Design notes
------------
* A rule names a *risk phrase*, not a risk word: "kill" alone is never a rule
  (this queue is killing me, kill the lights, I could kill for a coffee); "kill
  myself" is. Where a risk phrase has a common idiomatic use ("killing myself
  laughing", "career suicide"), a narrow ``unless_before`` / ``unless_after``
  veto is attached to that rule, with a comment.
* Phrases that are only risky with intent ("jump off a bridge" vs "we jumped off
  the pier as kids", "hurt myself" vs "hurt myself at the gym") require an
  intent/ongoing context (@INTENT, "been", "keep") in front of them.
* When in doubt we flag: a false positive costs one gentle check-in from a
  peer; a false negative can cost a life.
"""

from __future__ import annotations

from bot.safety.rule import Rule, any_of, closed_by

# "and" alone is not a clause end ("don't want to live and work in London"), but
# "and i", "and no one" start a new clause.
_GENERIC_CONTINUATIONS = (
    "and i", "and im", "and it", "and no one", "and everyone", "and my", "and there",
    "and nothing", "and the", "but", "so", "because", "cause", "or", "lol", "tbh",
    "honestly", "i", "if", "now", "tonight", "today", "anymore", "any more", "any longer",
)  # fmt: skip

MACROS: dict[str, str] = {
    # Reflexive pronoun; the (?P<who>) group decides concern (myself -> self,
    # herself -> other). "yourself" stays ambiguous and falls back to cues.
    "REFL": (
        r"(?P<who>myself|himself|herself|themselves|themself|theirselves|hisself|yourself"
        r"|ourselves)"
    ),
    # Someone intending / contemplating / fearing / attempting an act.
    "INTENT": (
        r"(?:want|wants|wanted|wanting|going|gonna|plan|plans|planning|planned|think|thinks"
        r"|thinking|thought|tempted|urge|urges|ready|about|might|considering|consider|considered"
        r"|intend|intends|intending|feel like|felt like|feels like|fantasi[sz]e|fantasi[sz]ing"
        r"|dream|dreaming|will|would|could|should|scared|afraid|worried|tried|try|trying|attempt"
        r"|attempted|attempting|wish|wishing|obsessing|obsessed|thoughts|images|ideas"
        r"|fantasies|dreams)"
        r"(?: (?:to|about|of|on|over|with))?"
        r"(?: (?:just|really|finally|actually|simply|literally|seriously|honestly|maybe|probably))*"
    ),
    "MEDS": (
        r"(?:pills|pill|tablets|tablet|tabs|meds|medication|medications|medicine|medicines"
        r"|paracetamol|paracetemol|paracetamols|painkillers|pain killers|sleeping pills"
        r"|sleeping tablets|antidepressants|anti depressants|co codamol|codeine|ibuprofen|aspirin"
        r"|insulin|sertraline|fluoxetine|citalopram|amitriptyline|mirtazapine|diazepam|tramadol"
        r"|morphine|lithium|propranolol|quetiapine|zopiclone|oxycodone|heroin|fentanyl)"
    ),
    "END": r"(?= \.|$)",
    "ADV": r"(?:(?:just|really|honestly|simply|literally|actually|seriously|kinda|kind of) )*",
}

# Words that, when met looking *backwards* from a match (within its sentence),
# tell us whose risk it is. The detector merges these with the Welsh sets
# because people code-switch ("my ffrind says she wants to die").
SELF_CUES = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "am", "im", "ive"})
OTHER_CUES = frozenset(
    {
        "he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs",
        # 3rd-person verb agreement: "Tom is self harming", "my son has been cutting".
        # ("was" and "does" are left out: "I was", and Welsh "does dim pwynt".)
        "is", "has", "says", "keeps", "wants", "thinks", "feels", "tells",
        "talks", "seems", "cuts", "harms", "hurts", "tries", "threatens", "threatened",
        "someone", "somebody",
    }
)  # fmt: skip
OTHER_NOUNS = frozenset(
    {
        "friend", "friends", "mate", "mates", "pal", "son", "daughter", "partner", "husband",
        "wife", "boyfriend", "girlfriend", "bf", "gf", "mum", "mom", "mam", "mother", "dad",
        "father", "brother", "sister", "sibling", "nan", "nana", "gran", "granny", "grandad",
        "grandpa", "grandma", "grandson", "granddaughter", "child", "kid", "kids", "children",
        "colleague", "coworker", "flatmate", "housemate", "roommate", "neighbour", "neighbor",
        "cousin", "uncle", "aunt", "auntie", "niece", "nephew", "student", "pupil", "client",
        "patient", "teen", "teenager", "fiance", "fiancee", "ex", "bestie", "bff", "person",
        "boy", "girl", "lad", "man", "woman", "stepdad", "stepmum", "stepson", "stepdaughter",
        "parent", "people", "relative", "employee", "resident",
    }
)  # fmt: skip
# Words in a (?P<who>) group.
SELF_WHO = frozenset({"my", "myself", "me", "meself", "our", "ourselves", "we"})
OTHER_WHO = frozenset(
    {"his", "her", "their", "him", "them", "himself", "herself", "themselves", "themself",
     "theirselves", "hisself"}
)  # fmt: skip

# Negation (only for rules with negatable=True): a negator directly in front of
# the match, skipping these fillers, vetoes it: "i am not suicidal",
# "i have never self harmed", "i do not want to die".
NEGATORS = frozenset({"not", "never", "no", "nope", "hardly"})
NEGATION_FILLERS = frozenset(
    {
        "i", "am", "have", "has", "had", "been", "ever", "really", "actually", "honestly",
        "feeling", "felt", "feel", "even", "that", "so", "too", "at", "all", "currently",
        "particularly", "remotely", "being", "totally", "completely", "he", "she", "they",
        "it", "is", "was", "are", "were", "we", "you", "any", "a", "bit", "did",
        "do", "does",
    }
)  # fmt: skip
# ...unless the denial is about the past ("i have not self harmed *in two years*",
# "i am not suicidal *anymore*"): that is a history of risk, which we flag (see
# the note on historical statements in the detector).
RECOVERY_AFTER = (
    r"(?:in|for|since|over) (?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|several|many|a few|few|ages|over|almost|nearly|about|around|the last"
    r"|the past|months|years|weeks|days)|anymore|any more|any longer|these days"
)

# --- token-level normalisation (applied by bot.safety.normalise) ----------------------------

# Whole-token rewrites, applied after folding. Values may be several words.
TOKEN_MAP: dict[str, str] = {
    # contractions, with and without apostrophes
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not",
    "wont": "will not", "don't": "do not", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "wasnt": "was not", "werent": "were not",
    "arent": "are not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not",
    "aint": "am not", "ain't": "am not", "i'm": "i am", "im": "i am", "i've": "i have",
    "ive": "i have", "i'd": "i would", "id": "i would", "i'll": "i will",
    "shes": "she is", "hes": "he is", "its": "it is", "thats": "that is",
    "theres": "there is", "whats": "what is", "wats": "what is", "wot": "what",
    "wanna": "want to", "wana": "want to", "gonna": "going to", "gona": "going to",
    "gotta": "got to", "tryna": "trying to", "finna": "going to", "wanted2": "wanted to",
    "u": "you", "ur": "your", "ppl": "people", "cuz": "because", "coz": "because",
    "cos": "because", "bc": "because", "rn": "right now", "lyf": "life", "2": "to",
    "4": "for", "b4": "before", "nothin": "nothing", "somethin": "something",
    "noone": "no one", "nobody": "no one",
    # text-speak for suicide; "ctb" ("catch the bus") is pro-suicide forum slang
    "kms": "kill myself", "kys": "kill yourself", "ctb": "kill myself",
    "sewerslide": "sewer slide",
    # misspellings
    "kil": "kill", "kll": "kill", "kilk": "kill", "klil": "kill", "kiil": "kill",
    "killin": "killing", "kiling": "killing", "killling": "killing", "kiled": "killed",
    "myslef": "myself", "mysef": "myself", "mysefl": "myself", "myelf": "myself",
    "myslf": "myself", "mself": "myself", "meself": "myself", "miself": "myself",
    "msyelf": "myself", "myselff": "myself", "mysel": "myself", "mysself": "myself",
    "myseld": "myself", "hurtin": "hurting", "cuttin": "cutting", "dyin": "dying",
    "goin": "going", "tryin": "trying", "livin": "living", "harmin": "harming",
    "wnat": "want", "wnt": "want", "wamt": "want", "whant": "want", "watn": "want",
    "wabt": "want", "wnated": "wanted", "dei": "die", "deid": "dead", "ded": "dead",
    "dieing": "dying", "alife": "alive", "overdoes": "overdose",
    "od'd": "overdosed", "oded": "overdosed", "od'ed": "overdosed", "oding": "overdosing",
    "od'ing": "overdosing", "tabs": "tablets", "pils": "pills",
    "anymor": "anymore", "annymore": "anymore", "enymore": "anymore",
    "beter": "better", "betteroff": "better off", "lfe": "life", "lif": "life",
    "wakeup": "wake up", "selfharm": "self harm", "selfharming": "self harming",
    "selfharmed": "self harmed", "sh'ing": "sh", "shing": "sh",
    "hopeing": "hoping", "tierd": "tired",
}  # fmt: skip

# Multi-word rewrites on the joined view (regex, replacement).
PHRASE_MAP: tuple[tuple[str, str], ...] = (
    (r"\b(my|me|her|him|them|your|our) (self|selves)\b", r"\1\2"),
    (r"\bmeself\b", "myself"),
    (r"\bmemyself\b", "myself"),
    (r"\bthemselfs\b", "themselves"),
    (r"\bover dos", "overdos"),
    (r"\bun alive", "unalive"),
    (r"\bself (harm|injur|mutilat)", r"self \1"),
    # Verb glued to the pronoun: "killmyself", "hurtmyself".
    (
        r"\b(kill|killing|hurt|hurting|cut|cutting|harm|harming|hang|hanging|burn|burning"
        r"|drown|shoot|starve|starving)(myself|himself|herself|themselves)\b",
        r"\1 \2",
    ),
    (r"\bself(harm|injur|mutilat)", r"self \1"),
)

# --- rules -------------------------------------------------------------------------------

_SUICIDE_WORD = r"s[uie]{1,3}[cs]{1,2}[iy]{0,2}d(?:e|es|al|ally|le|el|ial|ality|ed|ing)?"
# "suicide prevention training", "suicide awareness week": informational, a
# volunteer or trainee talking -- not a person at risk.
_INFO_CONTEXT = (
    r"(?:(?:prevention|awareness|intervention|first aid|safety) )?"
    r"(?:training|trainer|course|courses|week|day|month|workshop|charity|charities|campaign"
    r"|strategy|lecture|module|event|walk|fundraiser|conference|research|statistics|stats"
    r"|rates|rate|policy|essay|dissertation)"
)

RULES: tuple[Rule, ...] = (
    # --- suicide named ---------------------------------------------------------------
    Rule(
        "en.suicide_word",
        _SUICIDE_WORD,  # suicide, suicidal, sucide, suicidle, suiside, suiscide...
        negatable=True,  # "i am not suicidal" (but "not suicidal anymore" still flags)
        # Figurative or institutional uses: "career suicide", "Suicide Squad",
        # "suicide sprints" (fitness drill), "suicide doors" (cars), news about bombers.
        unless_before=r"(?:career|political|social|commercial|electoral|financial|professional"
        r"|fashion|brand|academic|reputational)"
        r"|(?:trained|training|train|qualified|qualification|course|courses) (?:in|on|about)",
        unless_after=r"(?:squad|doors?|sprints?|drills?|runs?|shifts?|bomb|bomber|bombers|bombing"
        rf"|bombings|blonde|{_INFO_CONTEXT})",
    ),
    Rule(
        "en.euphemism",
        # Social-media euphemisms that dodge moderation: "unalive myself", "sewerslide".
        r"unaliv(?:e|es|ed|ing)|sewer ?slide|self ?delet(?:e|ed|ing|ion)",
    ),
    Rule(
        "en.kill_self",
        # "top myself" is British slang for suicide.
        r"(?:kill|kills|killed|killing|top|tops|topped|topping) @REFL",
        # "I was killing myself laughing"; "killing myself trying to finish this" (overwork).
        unless_after=r"(?:laughing|with laughter|trying|working|running|training|studying"
        r"|revising|to (?:get|finish|meet|make|keep|pay|hit|please)|at (?:work|the gym|training)"
        # self-reproach: "I could kill myself for forgetting her birthday"
        r"|for (?:forgetting|missing|losing|leaving|not (?:checking|bringing|remembering|going))"
        r"|over (?:this|that|the|an?|my|these|those))",
    ),
    Rule(
        "en.end_life",
        r"(?:end|ends|ending|ended|take|takes|taking|took|taken|finish|finishing)"
        r" (?P<who>my|his|her|their|your|our) (?:own )?li(?:fe|ves)",
        # "take my life back", "took his life savings", "take my life one day at a time".
        unless_after=r"(?:back|savings|insurance|story|into"
        r"|in (?:my|his|her|their|your) (?:own )?hands"
        r"|one day at a time|seriously|by the horns)",
    ),
    Rule(
        "en.end_it_all",
        any_of(
            r"end(?:ing|ed)? it all",
            r"(?:want|wants|wanted|wish|need|just want) (?:it all|everything|my life|all of this"
            r"|all this|this life|all of it) to (?:end|stop|be over)",
            # "the pain" alone may be physical; "...to end forever" is not.
            r"(?:want|wants|wanted|wish|need|just want) (?:it|it all|everything|my life|this|all"
            r" of this|all this) (?:to be )?over" + closed_by(*_GENERIC_CONTINUATIONS),
            r"(?:want|wants|wanted|wish|need|just want) (?:it|the pain|this|the hurt) to"
            r" (?:end|stop|be over) (?:forever|for good|permanently|for ever)",
        ),
    ),
    Rule(
        "en.end_it",
        # "I'm going to end it" / "thinking of ending things" -- but "end it with my
        # boyfriend" is a break-up, so the phrase must be closed.
        r"@INTENT (?:end|ending) (?:it|things|everything)"
        + closed_by(
            *_GENERIC_CONTINUATIONS,
            "soon",
            "for good",
            "once and for all",
            "forever",
            "permanently",
            "already",
            "this week",
            "this weekend",
            "before",
        ),
    ),
    # --- wanting to die / not to live ------------------------------------------------
    Rule(
        "en.want_die",
        r"(?:want|wants|wanted|wanting|wish|wishes|wished|ready|deserve|deserves|deserved|pray"
        r"|praying|need|needs|longing|long) (?:to )?@ADV(?:to )?"
        r"(?:die|be dead|be gone|not be alive|not exist|stop existing|not be around)",
        negatable=True,  # "I don't want to die, I'm scared about the operation"
        # Hyperbole and end-of-life wishes: "want to die of embarrassment",
        # "Gran wants to die at home".
        unless_after=r"(?:of|from|with) (?:embarrassment|shame|boredom|cringe|laughter|laughing"
        r"|happiness)|laughing|at home|old|happy|rich|in (?:my|his|her|their) own (?:home|bed)"
        # "want to die my hair purple": a misspelt "dye" takes an object, "die" cannot.
        r"|(?:(?:my|your|his|her|their|the) )?(?:hair|fringe|beard|roots|eyebrows|clothes"
        r"|jeans|shirt|top|dress|shoes|trainers|tips|ends|fabric|wool)"
        r"|(?:it|them) (?:purple|pink|red|blue|green|black|blonde|blond|brown|orange|grey"
        r"|silver)",
    ),
    Rule(
        "en.should_die",
        r"(?:should|ought to) @ADV(?:die|be dead|have died|not be alive|not be here|kill myself)",
    ),
    Rule(
        "en.rather_dead",
        r"rather @ADV(?:be dead|die|not be alive|not exist|not be here|not wake up)",
        unless_after=r"(?:than|then|instead)",  # "I'd rather die than do karaoke"
    ),
    Rule(
        "en.wish_dead",
        any_of(
            r"wish (?:that )?i (?:was|were|had been|would be|could be) (?:dead|gone|never born)",
            r"wish (?:that )?i (?:was|were|had) (?:not|never) (?:here|alive|born|been born|existed"
            r"|around)",
            r"wish (?:that )?i (?:had |would |would have |have |was )?(?:never|not) (?:been born"
            r"|existed|woken up|woke up|wake up)",
            r"wish (?:that )?i (?:could|would|can) @ADV(?:die|not exist|stop existing|not wake up"
            r"|never wake up|disappear forever|disappear for good|fall asleep forever)",
            r"wish (?:that )?i (?:did not|do not) (?:exist|wake up)",
            r"wish (?:that )?i (?:had|would have|would) died",
        ),
    ),
    Rule(
        "en.not_wake",
        any_of(
            r"(?:hope|hoping|hopes|wish|wishing|pray|praying|prayed) (?:that )?"
            r"(?:i|he|she|they) (?:do not|does not|will not|would not|never|did not) (?:ever )?"
            r"wake up",
            r"(?:want|wish|wanna|ready|like) (?:to |i could |i would )?@ADV(?:sleep forever|go to"
            r" sleep forever|fall asleep forever|sleep and (?:not|never) wake up|go to sleep and"
            r" (?:not|never) wake up|fall asleep and (?:not|never) wake up)",
            r"never (?:to )?wake up again",
            r"(?:what if|if only|maybe if) i (?:just )?(?:did not|never|do not|would not|could not)"
            r" wake up",
        ),
    ),
    Rule(
        "en.dont_want_live",
        r"(?:do not|does not|did not|no longer|not|never) (?:really |even |honestly |actually )?"
        r"(?:want|wish|feel like) (?:to )?(?:live|living|carry on|go on|keep going|keep living"
        r"|continue|survive|wake up)"
        + closed_by(
            *_GENERIC_CONTINUATIONS,
            "like this",
            "without",
            "this life",
            "another day",
            "tomorrow",
            "again",
            "ever",
            "in the morning",
            "on this earth",
            "in this world",
        ),
    ),
    Rule(
        "en.dont_want_exist",
        # "be here" alone is too weak ("I don't want to be here, this meeting is boring"),
        # so it needs "anymore" / "on this earth".
        any_of(
            r"(?:do not|does not|did not|no longer|not|never) @ADV(?:want|wish) (?:to )?"
            r"(?:be alive|exist|be on this earth|be in this world)",
            r"(?:do not|does not|did not|no longer|not|never) @ADV(?:want|wish) (?:to )?"
            r"(?:be here|be around)(?: \w+)? (?:anymore|any more|any longer|on this earth"
            r"|in this world)",
        ),
    ),
    Rule(
        "en.no_point_living",
        r"(?:no|not any|not much|not a|nothing|what is the|whats the|do not see the|do not see any"
        r"|can not see the|can not see any|see no|lost the|lost my|lost all|there is no"
        r"|is there any|is there a|any|the) (?:point|reason|reasons|purpose|will|meaning)"
        r" (?:in |of |to |for )?(?:me )?(?:living|being alive|life|going on|carrying on|existing"
        r"|being here|staying alive|live|being around|keep going|keep living|continuing"
        r"|stay alive|go on|carry on)",
        # "no point going on about it", "no point going on to the next round"
        unless_after=r"(?:about|and on|on about|at|to|with|in (?:the|this|that)|here|there)",
    ),
    Rule(
        "en.nothing_to_live_for",
        any_of(
            r"nothing (?:left )?to live for",
            r"not worth living",
            r"(?:life|my life|living|existence) (?:is|feels|seems|is just) (?:not|no longer|never)"
            r" (?:really )?worth (?:living|it|anything|continuing)",
        ),
    ),
    Rule(
        "en.cant_go_on",
        r"(?:can not|can no longer|could not|unable to|do not think i can|not able to) @ADV"
        r"(?:go on|carry on|keep going|keep living|live like this|continue living|do life"
        r"|be alive|be bothered to live|be bothered living|be bothered being alive"
        r"|too tired to live|too tired to keep going|too tired to carry on"
        r"|be bothered to be alive|be bothered existing|be bothered to exist)"
        + closed_by(
            *_GENERIC_CONTINUATIONS,
            "like this",
            "much longer",
            "with life",
            "with living",
            "with this life",
            "with my life",
            "living",
            "without",
            "another day",
        ),
    ),
    Rule(
        "en.only_way_out",
        r"(?:only|no other|no|one) (?:way out|escape|option|solution|answer)(?: left)?"
        r" (?:is |would be |but |except |apart from |other than |than )?(?:dying|death|to die"
        r"|suicide|killing myself|to kill myself|ending it|to end it|ending my life)",
    ),
    Rule(
        "en.how_much_longer",
        r"how (?:much )?(?:longer|long) i (?:can|could|will be able to) (?:keep going|go on"
        r"|carry on|keep doing this|do this|keep living|hold on|cope|keep fighting|last"
        r"|stay alive|survive)",
    ),
    Rule(
        "en.tired_of_living",
        r"(?:tired|sick|weary|exhausted|done|had enough|had it) (?:and tired )?(?:of|with)"
        r" (?:living|being alive|life|existing|being here|this life|my life|everything and everyone"
        r"|everything|it all)"
        + closed_by(*_GENERIC_CONTINUATIONS, "like this", "in general", "at this point"),
    ),
    Rule(
        "en.better_off_without_me",
        any_of(
            r"(?:better|happier|easier) (?:off )?without me",
            r"(?:better|happier|easier) (?:off )?with me (?:gone|dead|out of the way)",
            r"(?:better|happier|easier|simpler|best) (?:for everyone |for them |for all )?"
            r"(?:to|if i)"
            r" @ADV(?:not be alive|be dead|die|not exist|not be here|not wake up|disappear)",
            r"(?:better|happier|easier|fine) (?:off )?(?:for everyone )?if i (?:was|were|had|just)?"
            r" ?(?:dead|gone|died|disappeared|killed myself"
            r"|never existed|had never been born|was never born|not here|not around|not alive"
            r"|did not exist|was not here|were not here|was not around|were not around)",
        ),
        concern="self",  # "without me" / "if I was dead" name the speaker
    ),
    Rule(
        "en.better_off_dead",  # "she'd be better off dead" -> other, by cues
        r"better off (?:dead|not existing|not alive|not being alive|not here|not being here"
        r"|not living"
        r"|never having been born|never born)",
    ),
    Rule(
        "en.nobody_would_care",
        # Perceived burdensomeness / isolation: "nobody would notice if I was gone".
        any_of(
            r"(?:no one|none of them|not one person) (?:would|will|is going to|even)? ?@ADV"
            r"(?:even )?(?:notice|care|miss me|cry|mind|be sad|be bothered|bother)(?: \w+){0,3}"
            r" (?:if|when) i (?:was|were|am|just|finally)? ?(?:dead|gone|died|die|disappeared"
            r"|disappear|killed myself|kill myself|did not wake up|never came back|vanished"
            r"|was not here|were not here|was not around|were not around|was not alive)",
            r"(?:no one|nobody) (?:would|will) (?:even |really )?miss me@END",
        ),
    ),
    Rule(
        "en.life_pointless",
        # Hopelessness about life itself ("my life is pointless"); "...without coffee" is banter.
        r"(?:life|my life|living|existence|everything) (?:is|feels|seems|is just|has become)"
        r" (?:so |completely |totally |just |utterly |fucking |fking )?(?:pointless|meaningless"
        r"|hopeless|worthless|not worth it)",
        unless_after=r"without",
    ),
    Rule(
        "en.think_about_death",
        # Rumination: "I think about dying all the time"; a bare "thinking about death"
        # at a clause end also flags (err on safety).
        any_of(
            r"(?:think|thinking|thought|thoughts) (?:about|of) (?:dying|death|being dead"
            r"|not being here|not existing|not being alive|my death|my funeral)"
            + closed_by(
                "all the time",
                "constantly",
                "a lot",
                "every day",
                "every night",
                "again",
                "lately",
                "recently",
                "loads",
                "more",
                "daily",
                "non stop",
                "nonstop",
            ),
            # picturing one's own death / funeral
            r"(?:imagine|imagining|imagined|picture|picturing|pictured|fantasi[sz]e"
            r"|fantasi[sz]ing|dream|dreaming|daydream|daydreaming|obsess|obsessing|planning)"
            r" (?:about |of |over )?(?:my (?:own )?(?:death|funeral|suicide)|being dead"
            r"|myself dead|not being alive|not existing|dying)",
        ),
    ),
    Rule(
        "en.rope",
        # Acquiring a rope, with no other purpose given, is a known warning sign;
        # "bought a rope for the boat" is closed off by its purpose.
        r"(?:bought|buy|buying|got|ordered|order|found|have|hidden|hid|hiding) (?:a |the |some )?"
        r"(?:rope|ropes)"
        + closed_by(
            "today",
            "tonight",
            "yesterday",
            "ready",
            "for me",
            "for myself",
            "for it",
            "for later",
            "for tonight",
            "to hang",
            "in my room",
            "in the shed",
            "in the garage",
            "in my car",
            "in my bag",
            "just in case",
            "lol",
            "now",
        ),
    ),
    Rule(
        "en.better_off_without_them",
        # Reported burdensomeness ("Dad keeps saying everyone would be better off
        # without him"); "we're better off without him" after a break-up does not match.
        r"(?:everyone|everybody|the world|world|people|the family|his family|her family"
        r"|their family|the kids|everyone else|they all|we all) (?:would |will |is |are )?"
        r"(?:all )?(?:be )?better off without (?:him|her|them)",
        concern="other",
    ),
    Rule(
        "en.disappear",
        any_of(
            r"(?:want|wanna|wish|wanted|need) (?:to |i could |i would )?@ADV(?:disappear|vanish)"
            r" (?:forever|for good|permanently|for ever|off the face of the earth)",
            r"(?:want|wish|wanted|need) (?:to |i could |i would )?@ADV(?:cease to exist|not exist"
            r"|stop existing|stop being alive)",
        ),
    ),
    Rule(
        "en.passive_death",
        any_of(
            r"(?:wish|hope|hoping|want|wanted|pray|praying)(?: that)? (?:a|the|some) (?:car|bus"
            r"|lorry|truck|train) (?:would |will |to )?(?:hit|hits|run over|runs over|kill|kills)"
            r" me",
            r"(?:wish|hope|hoping|pray|praying)(?: that)? i (?:get|got|would get|will get"
            r"|could get) (?:hit|run over|killed)",
            r"(?:wish|hope|hoping|want|wanted|pray|praying)(?: that)? (?:someone|somebody"
            r"|something|god) (?:would |will |could |to )?@ADV(?:kill|end|take) me",
        ),
    ),
    # --- self-harm -----------------------------------------------------------------
    Rule(
        "en.self_harm",
        # "self harm", "self-harming", "self injury"; historical use ("I used to self harm")
        # deliberately still flags -- see detector notes.
        r"self (?:harm\w*|injur\w*|mutilat\w*|hurt|hurting|hurts)",
        negatable=True,  # "i have never self harmed"
        unless_after=_INFO_CONTEXT,
    ),
    Rule("en.harm_self", r"(?:harm|harms|harmed|harming|mutilate|mutilating|mutilated) @REFL"),
    Rule(
        "en.sh",
        # "sh" is only read as self-harm in clear contexts; "sh, the baby's asleep" is not.
        any_of(
            r"sh (?:urges?|scars?|cuts?|wounds?|relapse|again|habit|thoughts|marks|free|clean)",
            r"(?:relapsed?|relapsing|urges? to|urge to|want to|wanting to|doing|did"
            r"|clean (?:from|of)"
            r"|free from|stop|stopped|started|quit|thinking about|tempted to|going to|used to"
            r"|been|my) (?:on |into )?sh(?= \.|$| (?:again|and|but|so|because|last|tonight|lol))",
        ),
    ),
    Rule(
        "en.cut_self",
        r"(?:cut|cuts|cutting|slit|slits|slitting|slash|slashing|slashed|carve|carving|carved"
        r"|slice|sliced|slicing|burn|burns|burnt|burned|burning) @REFL",
        unless_before=r"(?:accidentally|accidently|nearly|almost|never)",
        # accidents and idioms: "cut myself shaving / on a tin", "cut myself off from
        # everyone", "cut myself some slack", "burnt myself on the oven".
        unless_after=r"(?:off|out|loose|free|short|some slack|a (?:break|piece|slice|bit)|shaving"
        r"|chopping|cooking|slicing|peeling|opening|gardening|baking|ironing|on (?:a|an|the|some"
        r"|my|this|that|broken|glass|paper)|by accident|accidentally|with (?:a|the|my)"
        r" (?:bread|kitchen|stanley|craft) knife|in the kitchen)",
    ),
    Rule(
        "en.cut_body",
        # Plural/sensitive body parts only: "cut my arm on the fence" is an injury.
        r"(?:cut|cuts|cutting|slit|slits|slitting|slash|slashing|slashed|slice|sliced|slicing"
        r"|carve|carved|carving) (?P<who>my|his|her|their) (?:wrists?|arms|thighs|legs|skin"
        r"|stomach|hips|body)",
        unless_before=r"(?:accidentally|accidently|nearly|almost)",
        unless_after=r"(?:shaving|on (?:a|an|the|some|broken|glass|paper)|by accident"
        r"|accidentally)",
    ),
    Rule(
        "en.cutting",
        # Intransitive "cutting" in a self-harm sense: "I've started cutting again",
        # "she's been cutting" -- closed, so "been cutting coupons" does not match.
        r"(?:been|started|start|starting|keep|kept|relapsed|relapse|relapsing|back to|urge to"
        r"|urges to|want to|wanting to|thinking about|think about|thought about|tempted to|stop"
        r"|stopped|quit|quitting|clean from|free from|hide|hiding|hid|addicted to|used to"
        r"|habit of|months clean from|years clean from) cutting"
        + closed_by(
            "again",
            "and",
            "but",
            "so",
            "because",
            "since",
            "for",
            "last",
            "when",
            "tonight",
            "lol",
            "i",
            "every",
            "to cope",
            "from",
            "myself",
        ),
    ),
    Rule(
        "en.hide_cuts",
        r"(?:hide|hiding|hid|hidden|cover|covering|covered) (?:up )?(?:the |my |his |her )?"
        r"(?:cuts|scars|marks|burns|wounds) (?:on (?P<who>my|his|her|their)|from)",
    ),
    Rule(
        "en.hurt_self",
        # Ongoing or intended: "I keep hurting myself", "been burning myself", "scared
        # I'm going to hurt myself". A bare "I hurt myself" is usually an injury.
        r"(?:@INTENT|been|keep|keeps|kept|started|start|stop|stopped|from|am|is|are|was|were"
        r"|urge to|urges to|thoughts of) (?:hurt|hurting|injure|injuring|burn|burning|punish"
        r"|punishing|starve|starving|bruise|bruising|hit|hitting|punch|punching|bite|biting"
        r"|scratch|scratching|poison|poisoning) @REFL",
        unless_after=r"(?:at|playing|in (?:the )?(?:gym|garden|kitchen|match|game|training)"
        r"|on (?:the|a|an)|doing|lifting|running|falling|by accident|accidentally|laughing"
        r"|trying|if)",
    ),
    Rule(
        "en.hurt_self_on_purpose",
        r"(?:hurt|hurting|hurts|injured|injure|burnt|burned|burn|hit|punched|bruised|starved"
        r"|cut|scratched|punish|punished|hitting|punching|scratching|biting|burning|cutting"
        r"|bruising) @REFL (?:on purpose|deliberately|intentionally|to cope|again@END"
        r"|again (?:last night|yesterday|today|tonight|this morning)@END|with (?:a |the |my )?"
        r"(?:razor|razor blade|blade|blades|lighter|scissors|compass|glass)"
        r"|to feel|to punish|as (?:a )?punishment|because i deserve|when i am (?:upset|sad|angry"
        r"|stressed)|(?:till|until|til) (?:i|it|they|my \w+) (?:bruise|bruises|bleed|bleeds"
        r"|bled|hurts|hurt|scar|scars|burn|burns))",
    ),
    # --- overdose / pills ----------------------------------------------------------
    Rule(
        "en.overdose",
        r"overdos\w*",
        # "I overdosed on chocolate at Easter" -- hyperbole about food/telly.
        unless_after=r"on (?:chocolate|sugar|caffeine|coffee|netflix|tv|telly|love|cake|carbs"
        r"|sweets|candy|crisps|cheese|sunshine|vitamin \w+|exercise|christmas|easter|cuteness"
        r"|nostalgia|drama|memes|food|pizza|tea|fun|cute|mince pies|biscuits)",
    ),
    Rule(
        "en.od",
        # "od" is only read as overdose after a determiner/verb ("took an od", "going to od").
        r"(?:an|another|to|will|might|tried to|try to|attempted|the|massive|big|intentional"
        r"|deliberate|planning an?|wanna) od(?:ed|d|ing|s)?",
    ),
    Rule(
        "en.took_pills",
        r"(?:took|take|takes|taken|taking|swallowed|swallow|swallowing|down|downed|necked|neck)"
        r" (?:all (?:of )?(?P<who>my|his|her|the|me|their)|too many|too much|a (?:whole )?(?:bottle"
        r"|box|packet|pack|handful|strip|tub)s? of|handfuls of|every one of my"
        r"|the whole (?:bottle|box|packet|pack)(?: of)?|(?:like |about |around |over )?\d{2,})"
        r"(?: \w+)? @MEDS",
    ),
    Rule(
        "en.took_lots_of_pills",
        # "lots of tablets" is also everyday life ("I take lots of tablets for my heart"):
        # only the past tense, without a prescription context.
        r"(?:took|taken|swallowed|downed|necked) (?:loads of|lots of|a load of|a lot of|so many"
        r"|a bunch of|a load|a ton of|tons of)(?: \w+)? @MEDS",
        unless_after=r"for (?:my|his|her|their|the|a) |every (?:day|morning|night)|a day|daily"
        r"|each day|as prescribed|on prescription|over the years|in my life",
    ),
    Rule(
        "en.pills_ready",
        # Preparation: "all my pills lined up", "counted out my tablets".
        any_of(
            r"@MEDS (?:are |is )?(?:all )?(?:lined up|counted out|laid out|set out|in front of me"
            r"|ready to go)",
            r"(?:lined up|laid out|counted out|set out|got out) (?:all )?(?:of )?(?:my |the |his"
            r" |her )?@MEDS",
            r"(?:hid|hiding|hidden|stashed|stashing) (?:some |the |my )?(?:razor blades|razors"
            r"|blades)",
        ),
    ),
    Rule(
        "en.stockpile",
        r"(?:stockpil\w*|hoard\w*|saving up|saving|stash\w*|been saving|saved up)"
        r" (?:up )?(?:my |some |all my |the |his |her )?@MEDS",
        unless_after=r"(?:from|at) (?:the )?(?:pharmacy|chemist|chemists|boots|surgery|gp)"
        r"|money",
    ),
    Rule(
        "en.lethal_dose",
        any_of(
            r"(?:lethal|fatal|deadly|toxic) (?:dose|amount|overdose)",
            r"how (?:many|much) (?:\w+ )?@MEDS(?: \w+){0,3} (?:it takes|would it take|does it take"
            r"|it would take|it will take|to (?:die|kill|overdose|od)|would kill|is lethal"
            r"|would be (?:lethal|fatal|enough))",
        ),
    ),
    # --- methods ------------------------------------------------------------------
    Rule(
        "en.hang",
        any_of(
            r"(?:hang|hanging|hanged|hung) @REFL",
            r"nooses?",
            r"(?:rope|belt|ligature|cord|scarf) (?:round|around) (?:my|his|her|their) neck",
            r"(?:tied|tie|tying|made|making) a ligature",
        ),
    ),
    Rule(
        "en.jump",
        # Needs intent: "we jumped off the pier as kids" is not a crisis.
        r"@INTENT (?:jump|jumping|leap|leaping|throw myself|throwing myself|throw (?:him|her)self)"
        r" (?:off|from|of) (?:a|the|that|this|some|my|our|a tall|the top of|the top of a)"
        r" (?:\w+ )?(?:bridge|building|roof|rooftop|cliff|cliffs|tower|block|balcony|car park"
        r"|multi storey|flyover|overpass|window|top floor|viaduct)",
    ),
    Rule(
        "en.in_front_of",
        # Needs intent, a reflexive or "I": "the deer jumped in front of the car" is not this.
        any_of(
            r"@INTENT (?:jump|jumping|step|stepping|lie|lying|lay|laying|walk|walking)"
            r" (?:out |down )?in front of (?:a|the|an) (?:\w+ )?(?:train|bus|car|lorry|truck"
            r"|tube|van)",
            r"(?:throw|throwing|threw|thrown|put|putting) (?:myself|himself|herself|themselves)"
            r" (?:out |down )?(?:in front of|under) (?:a|the|an) (?:\w+ )?(?:train|bus|car"
            r"|lorry|truck|tube|van)",
            r"i (?:jumped|stepped|lay down|walked out) in front of (?:a|the|an) (?:\w+ )?"
            r"(?:train|bus|car|lorry|truck|tube|van)",
        ),
    ),
    Rule(
        "en.drown_etc",
        r"(?:drown|drowning|drowned|shoot|shooting|shot|gas|gassing|gassed|poison|poisoning"
        r"|poisoned|electrocute|electrocuting|suffocate|suffocating|suffocated|strangle|strangling"
        r"|stab|stabbing|stabbed|smother|smothering|starve|starving|starved|asphyxiate) @REFL",
        unless_before=r"(?:accidentally|accidently|nearly|almost)",
        # "shot myself in the foot", "stabbed myself with a fork".
        unless_after=r"(?:in the foot|in the leg|with (?:a|the|my) (?:fork|pin|needle|pencil"
        r"|compass)|by accident|accidentally|laughing|with work)",
    ),
    Rule(
        "en.weapon_on_self",
        # "thinking of using it on myself" (a gun, a knife...), "put a gun to my head".
        any_of(
            r"(?:use|using|used|turn|turning|turned|point|pointing|pointed) (?:it|the gun|a gun"
            r"|the shotgun|the knife|a knife|the blade|them) (?:on|against) @REFL",
            r"(?:gun|pistol|shotgun|rifle|knife|blade) (?:to|against) (?:my|his|her|their)"
            r" (?:head|throat|chest|wrist|wrists)",
        ),
    ),
    Rule(
        "en.drive_into",
        r"@INTENT (?:drive|driving|crash|crashing|swerve|swerving)"
        r" (?:my car |the car |myself |it )?"
        r"(?:into|off|in to) (?:a|the) (?:\w+ )?(?:wall|tree|bridge|cliff|lorry|truck|river|sea"
        r"|barrier|pillar|motorway)",
    ),
    Rule(
        "en.walk_into_sea",
        any_of(
            r"(?:walk|walking|walked|swim|swimming|swam) (?:out )?(?:into|in to|out to) (?:the )?"
            r"(?:sea|ocean|river|lake|water|waves)(?: \w+){0,2} (?:and|to) (?:not|never|just"
            r"|drown|disappear|keep going|keep walking|keep swimming)",
            r"@INTENT (?:walk|walking|swim|swimming) (?:out )?(?:into|in to|out to) (?:the )?"
            r"(?:sea|ocean|river|lake|water|waves)@END",
        ),
    ),
    # --- plans, preparations, history ----------------------------------------------
    Rule(
        "en.goodbye_note",
        r"(?:wrote|writ\w*|leave|leaving|left|made|making) (?:a |my |some )?(?:goodbye|farewell)"
        r" (?:note|notes|letter|letters|message|messages|video)",
    ),
    Rule(
        "en.goodbye",
        any_of(
            r"saying goodbye to (?:everyone|everybody|you all|all of you|the world|this world)"
            # not "saying goodbye to everyone at work on Friday"
            + closed_by("forever", "for good", "tonight", "now", "i", "because", "lol"),
            r"goodbye (?:forever|for ever|for good|cruel world)",
            r"(?:this is|here is|heres) my (?:last|final) (?:message|post|goodbye|words)"
            + closed_by(*_GENERIC_CONTINUATIONS, "ever", "to you", "to anyone", "to everyone"),
            # "I've written a note." -- closed: "a note for the milkman" is not this.
            r"(?:written|wrote|writing|left|leaving) (?:a|my) (?:final |last )?note@END",
        ),
    ),
    Rule(
        "en.not_around_long",
        r"(?:will not|not going to|wont|will no longer) be (?:here|around|alive)"
        r" (?:much longer|for much longer|for long|by (?:tomorrow|morning|the morning|monday"
        r"|the weekend|next week)|after tonight|tomorrow|tonight|in the morning|next week"
        r"|soon|for christmas|for (?:my|your|his|her) birthday)",
        # "I won't be here tomorrow, I'm on holiday" -- an ordinary absence.
        unless_after=r"(?:\. )?(?:because|cause|cos|as|since|i am (?:off|away|on|at|working|in)"
        r"|on holiday|at work|in work|i have|got|so|but|for (?:work|the meeting|the session))",
    ),
    Rule(
        "en.do_it",
        # "it" = the act, when planned: "planned how I'm going to do it", "tonight's the
        # night I do it", "going to go through with it", "do something stupid".
        any_of(
            r"(?:planned|planning|plan|worked out|figured out|decided) (?:out )?(?:how|when|where)"
            r" (?:i am going to|i will|i would|to|i am gonna|i could|i should|i can)"
            r" (?:do it|end it"
            r"|go through with it|go)",
            r"(?:the night|the day|tonight|today) i (?:am going to|will|do|am gonna) (?:do it|end"
            r" it|go through with it)",
            r"(?:going to|gonna|about to|ready to|finally) go through with it",
            r"(?:going to|gonna|might|about to|scared i will|afraid i will|worried i will|could)"
            r" do something (?:stupid|silly|drastic)"
            # closed tightly: "...do something stupid and text my ex" is not this
            + closed_by("tonight", "today", "soon", "to myself", "honestly", "tbh"),
        ),
    ),
    Rule(
        "en.keep_safe",
        # Safety-planning language: "I can't keep myself safe", "not safe with myself".
        any_of(
            r"(?:can not|can no longer|unable to|struggling to|do not think i can|not able to)"
            r" keep (?:myself|himself|herself|themselves|him|her|them) safe",
            r"(?:not|do not feel|never feel|no longer feel|not feeling) safe (?:with|around|from)"
            r" (?:myself|me|my thoughts|my own thoughts)",
        ),
    ),
    Rule(
        "en.in_crisis",
        any_of(
            r"i am (?:in|having) (?:a )?(?:mental health |suicidal )?crisis",
            r"^(?:help )?crisis(?: help| please| pls)?$",  # the keyword on its own
        ),
        unless_before=r"(?:if|when|whenever|in case)",  # "what do they do if I'm in crisis?"
    ),
    Rule(
        "en.bleeding",
        # Self-injury emergency: "bleeding and can't stop it".
        any_of(
            r"(?:can not|will not|does not|cannot|wont) stop (?:the )?bleeding",
            r"bleeding (?:and|that|which) (?:i )?(?:can not|will not|wont|does not) stop",
            r"bleeding (?:a lot|heavily|badly|loads) from (?:my |his |her )?(?:arm|arms|wrist"
            r"|wrists|leg|legs|thigh|thighs|cuts)",
        ),
    ),
    Rule(
        "en.jump_now",
        # "I'm going to jump" -- closed, so "going to jump in the shower" doesn't match.
        r"(?:going to|gonna|about to|ready to|want to|will|might) (?:just )?jump"
        + closed_by("now", "right now", "tonight", "soon", "and", "i", "lol", "off"),
    ),
    Rule(
        "en.at_the_edge",
        any_of(
            r"(?:on|at) the edge of (?:a|the|this) (?:cliff|roof|bridge|building|platform"
            r"|car park)",
            r"(?:on|standing on|stood on|sat on|sitting on) (?:a|the) (?:ledge|railway line"
            r"|railway tracks|train tracks|tracks|wrong side of the (?:railing|railings|barrier"
            r"|fence))",
            r"i am (?:standing|sat|sitting|stood) on (?:a|the|this) (?:bridge|roof|cliff)"
            + closed_by("now", "right now", "and", "i", "lol"),
        ),
    ),
    Rule(
        "en.goodbye_letters",
        # "wrote letters to my kids saying goodbye" (family, not "my team" at a leaving do)
        r"(?:wrote|writing|written|write|left|leaving|recorded|recording|made|making)"
        r" (?:a |some )?(?:letter|letters|note|notes|message|messages|video|videos) (?:to|for)"
        r" (?:my (?:kids|children|family|mum|mam|mom|dad|parents|partner|wife|husband|son"
        r"|daughter|friends|boyfriend|girlfriend|sister|brother)|everyone|everybody)"
        r"(?: \w+){0,2} (?:saying goodbye|to say goodbye|goodbye|saying sorry for everything)",
    ),
    Rule(
        "en.doing_them_a_favour",
        # Burdensomeness: "I'd be doing them a favour by dying".
        r"(?:doing|do|did) (?:them|everyone|everybody|the world|my family|people|you all|you"
        r"|him|her) a fav(?:ou)?r (?:by|if i)(?: just)? (?:dying|died|die|killing myself"
        r"|kill myself|disappearing|disappeared|not being here|was gone|were gone|was dead"
        r"|ending it)",
        concern="self",
    ),
    Rule(
        "en.giving_away",
        r"(?:giving|given|give|gave) away (?:all )?(?:of )?(?P<who>my|his|her) (?:stuff|things"
        r"|belongings|possessions|pets|savings)",
        # ordinary decluttering / moving house
        unless_after=r"(?:when|before|because|as|to charity|on freecycle)(?: \w+)? (?:moved|move"
        r"|moving|charity)|to charity|on freecycle",
    ),
    Rule(
        "en.method_research",
        any_of(
            r"(?:researching|research|researched|googling|googled|looking up|looked up|searched"
            r"|searching|search|look up) (?:for )?(?:ways|how|methods|the best way|painless ways"
            r"|quick ways|ways how) to (?:die|kill (?:myself|yourself)|end (?:my life|it|it all)"
            r"|overdose|hang)",
            r"(?:painless|quick|quickest|easiest|easy|best|fastest|peaceful) (?:way|ways|method"
            r"|methods) to (?:die|kill (?:myself|yourself)|end (?:my life|it all|it))",
        ),
    ),
    # --- defeat, entrapment, burdensomeness, warning signs ---------------------------
    # Added after held-out rounds showed that indirect phrasings were the main source
    # of misses. Defeat ("can't take it anymore"), entrapment ("can't see a way out")
    # and perceived burdensomeness ("I'm a burden") are the core of the
    # integrated motivational-volitional and interpersonal models of suicide; in a
    # peer-support chat they are flagged even without death being named, because a
    # gentle check-in costs far less than a miss.
    Rule(
        "en.cant_take_it",
        any_of(
            # "can't take it anymore", "can't cope any longer", "can't do this no more".
            r"(?:can not|can no longer|could not|unable to|not able to|do not think i can)"
            r" @ADV(?:take|cope with|cope|handle|do|bear|stand|deal with|face|manage|fight"
            r"|keep doing|keep fighting|keep up|hold on|live with|survive|go through)"
            r"(?: (?:it|this|that|any of this|any of it|this life|life|my life|everything"
            r"|the pain|this pain|how i feel|feeling like this|another day|one more day))?"
            r" (?:anymore|any more|any longer|much longer|for much longer|no more)",
            # "can't keep doing this", "can't go on like this" -- closed, so "can't keep
            # doing this commute" is not read as defeat.
            r"(?:can not|can no longer|could not|unable to|not able to) @ADV(?:keep|go on"
            r"|carry on|live) (?:doing this|doing this to myself|living like this|like this"
            r"|feeling like this|feeling this way)" + closed_by(*_GENERIC_CONTINUATIONS),
            # bare "I can't cope" at a clause end (not "can't cope with the kids' homework")
            r"i (?:just |really |honestly )?(?:can not|can no longer) cope"
            + closed_by(*_GENERIC_CONTINUATIONS, "at all", "with anything", "with life"),
        ),
    ),
    Rule(
        "en.whats_the_point",
        any_of(
            r"(?:what is|what|is there any|is there a|there is no|there is not any|no|not any"
            r"|see no|do not see the|do not see any|can not see the|can not see any) (?:even )?"
            r"(?:the )?point (?:of|in|to) (?:anything|it all|any of it|any of this|everything"
            r"|me|being me|me being here|me being alive|going on|waking up|getting up|bothering"
            r"|even trying|trying anymore|living anymore|my life|this life|life|existing)"
            + closed_by(*_GENERIC_CONTINUATIONS, "anyway", "at all"),
            r"(?:what is|what) (?:even )?the point (?:anymore|any more|any longer|of it anymore"
            r"|of trying anymore|of anything anymore)",
            # the whole message: "whats the point" (not "what's the point of this button?")
            r"^(?:honestly |tbh |like |ugh |seriously |i mean )?(?:so )?(?:what is|what)"
            r" (?:even )?the point(?: (?:anyway|tbh|honestly|lol|though|then|really|of it"
            r"|of it all|anymore))?$",
        ),
    ),
    Rule(
        "en.not_safe",
        # Safety-planning language: "I'm not safe right now". Needs a first-person
        # subject (or none) and a time word / clause end, so "I don't feel safe
        # walking home" and "is it not safe to travel" do not match.
        r"(?:^|i |and |but |so )(?:am not|am no longer|do not feel|am not feeling|no longer feel"
        r"|never feel|feel un|am feeling un|am un|not)(?: really| very| totally| at all)? ?safe"
        + closed_by(
            "right now",
            "now",
            "tonight",
            "today",
            "at the moment",
            "atm",
            "anymore",
            "any more",
            "with myself",
            "around myself",
            "on my own",
            "alone",
            "being alone",
            "by myself",
            "in my head",
            "lol",
            "i",
            "and",
            "please",
            "help",
            "at all",
        ),
        unless_before=r"(?:if|when|whenever|in case|that)",
    ),
    Rule(
        "en.meds_ready",
        # Preparation: "I've got the pills ready", "tablets next to my bed". A pharmacy
        # text ("your tablets are ready to collect") is vetoed.
        any_of(
            r"(?:got|have|has|get|getting|put|keep|kept|laid|set) (?:all )?(?:of )?(?:the |my"
            r" |some |his |her |enough |a load of |loads of |all my )?@MEDS (?:all )?(?:ready"
            r"|out ready|sorted|next to me|by my bed|beside me|in my hand|in front of me"
            r"|counted)",
            r"(?:the|my|his|her) @MEDS (?:are|is) (?:all )?(?:ready|sorted)"
            + closed_by("now", "tonight", "and", "i", "for tonight", "to go"),
        ),
        unless_before=r"(?:your|you)(?: \w+)?",
        unless_after=r"(?:to (?:collect|pick up|be collected)|for (?:collection|pick ?up)"
        r"|at (?:the )?(?:pharmacy|chemist|chemists|boots|surgery))",
    ),
    Rule(
        "en.notes_for_after",
        # "written letters to my family for after I'm gone"
        r"(?:letter|letters|note|notes|message|messages|video|videos|card|cards)(?: \w+){0,5}"
        r" (?:for|to be read|to read|to open|to find) (?:after|when|once) (?:i am|i have|i will be"
        r"|i) (?:gone|dead|died|die|not here|no longer here)",
    ),
    Rule(
        "en.burden",
        # Perceived burdensomeness (interpersonal theory of suicide).
        any_of(
            r"(?:i am|i feel like|i feel|feel like i am|i have become|i am becoming|i have been"
            r"|i will always be|i was born) @ADV(?:just |only |such |nothing but |always |a total"
            r" |a massive |a huge |a big |a |an )*(?:burden|inconvenience to everyone"
            r"|waste of (?:space|oxygen|air|a life|life))",
            r"(?:a )?burden (?:to|on|for) (?:everyone|everybody|my family|my friends|my parents"
            r"|my mum|my mom|my dad|my partner|my wife|my husband|my kids|my children"
            r"|people|you all|them all|the people i love|those around me|everyone around me"
            r"|the world|society)",
        ),
        unless_after=r"of proof",  # "I'm a burden of proof expert"
    ),
    Rule(
        "en.want_out",
        # "I hate my life and want out" -- wanting *out*, with no place named ("I want
        # out of this group chat" does not match).
        any_of(
            r"(?:i|and|just|really|so|honestly) @ADV(?:want|need|wanted|wish i could get) out"
            + closed_by(*_GENERIC_CONTINUATIONS, "for good", "forever", "permanently"),
            r"(?:want|need|wanted|wish i could get) out of (?:this life|life|my life|everything"
            r"|it all|this world|existence|this body|this existence|being alive)",
        ),
    ),
    Rule(
        "en.goodbye_post",
        any_of(
            # "my mate posted a goodbye message", "sent everyone a goodbye text"
            r"(?:posted|posting|post|posts|sent|sending|send|sends|texted|put up|puts up|shared"
            r"|messaged|left|recorded) (?:\w+ ){0,2}(?:a |some |his |her |their |my |this )?"
            r"(?:weird |strange |worrying |scary |sort of |kind of )?(?:goodbye|farewell)"
            r" (?:message|messages|post|posts|text|texts|note|video|status|tweet|snap|story"
            r"|letter|voicemail|voice note)",
            # "said goodbye and isn't answering his phone"
            r"(?:said|saying|says|texted|sent|messaged)(?: \w+){0,3} goodbye(?: \w+){0,6}"
            r" (?:not|no longer|stopped|has stopped) (?:answering|replying|picking up"
            r"|responding|reading)",
            r"(?:said|saying|says|texted|sent|messaged)(?: \w+){0,3} goodbye(?: \w+){0,6}"
            r" (?:phone|mobile) (?:is |was )?(?:off|switched off|turned off|going to voicemail)",
        ),
        # leaving do / retirement / moving away
        unless_after=r"(?:to (?:the |my |his |her )?(?:team|colleague|colleagues|class|group"
        r"|office|work|coworkers|students)|for (?:\w+ )?(?:leaving|retirement|retiring"
        r"|move|moving))",
    ),
    Rule(
        "en.this_is_goodbye",
        r"(?:^|this is|it is|guess this is|so this is|i guess this is) (?:my )?goodbye"
        + closed_by(
            *_GENERIC_CONTINUATIONS,
            "everyone",
            "to everyone",
            "all",
            "forever",
            "for good",
            "then",
            "world",
            "x",
            "xx",
            "love you",
            "i love you",
        ),
        unless_after=r"(?:for now|for today|for tonight|until|till|til|see you|from me for"
        r"|for the (?:day|week|weekend|summer))",
    ),
    Rule(
        "en.wont_matter_soon",
        any_of(
            r"soon (?:it|none of (?:it|this|that)|nothing|none of that) (?:will|is going to)"
            r" (?:not )?matter",
            r"(?:it|none of (?:it|this)|nothing) (?:will not|is not going to|will no longer)"
            r" matter (?:soon|much longer|for much longer|after tonight|by tomorrow|when i am gone"
            r"|once i am gone|where i am going)",
        ),
    ),
    Rule(
        "en.no_way_out",
        # Entrapment. Closed, so "can't see a way out of this maze" / "no future in
        # this job" do not match.
        any_of(
            r"(?:can not|do not|can no longer|could not|never) see (?:a|any|the|my) (?:way out"
            r"|escape|way forward|future|light at the end of the tunnel|end to (?:this|it)|hope)"
            + closed_by(
                *_GENERIC_CONTINUATIONS,
                "at all",
                "for me",
                "for myself",
                "ahead",
                "of this@END",
                "of it@END",
                "of it all",
                "from this@END",
                "anywhere",
                "other than",
                "except",
            ),
            r"(?:there is|there is just|i have|i see|i can see|i have got) no (?:way out|escape"
            r"|future|hope|light|way forward)"
            + closed_by(
                *_GENERIC_CONTINUATIONS, "at all", "for me", "left", "of this@END", "ahead"
            ),
            r"(?:trapped|stuck) (?:in my (?:own )?(?:life|head|mind|body)|with no way out"
            r"|and (?:can not|there is no way to) (?:get out|escape))",
        ),
    ),
    Rule(
        "en.give_up",
        any_of(
            r"(?:give|giving|gave|given|gonna give|going to give) up on (?:everything|life"
            r"|living|myself|it all|me|the world|being alive|existing|my future|my life)"
            + closed_by(*_GENERIC_CONTINUATIONS, "completely", "at this point", "totally"),
            r"(?:ready to|want to|going to|about to|think i will|i am gonna) @ADV give up"
            + closed_by(*_GENERIC_CONTINUATIONS, "completely", "for good", "on everything"),
        ),
        # "ready to give up lol this crossword is impossible"
        unless_after=r"(?:on (?:this|the|that) (?:game|level|crossword|puzzle|diet))",
    ),
    Rule(
        "en.crash_car",
        # "thinking of crashing my car on purpose"
        any_of(
            r"(?:crash|crashing|crashed|drive|driving|drove|swerve|swerving|wrap|wrapping)"
            r" (?:my|the|his|her) (?:car|van|motorbike|bike) (?:\w+ )?(?:on purpose|deliberately"
            r"|intentionally)",
            r"@INTENT (?:crash|crashing|wrap|wrapping) (?:my|the|his|her) (?:car|van|motorbike)"
            + closed_by(*_GENERIC_CONTINUATIONS, "on the way", "on the motorway", "into"),
        ),
    ),
    Rule(
        "en.hate_self",
        # Self-hatred is part of the suicidal mindset and the person chose to say it to
        # a support service, so it flags. Everyday self-reproach ("I hate myself for
        # eating the whole cake") is vetoed.
        r"(?:hate|hates|hated|hating|despise|despises|despising|loathe|loathes|loathing"
        r"|disgusted with|disgusted by|sick of) @REFL",
        unless_after=r"for (?:eating|buying|watching|forgetting|missing|saying yes|agreeing"
        r"|signing up|ordering|drinking|sleeping in|staying up|not (?:going|buying|booking"
        r"|bringing|watching))|(?:a )?(?:little|bit) (?:for|right now)",
    ),
    Rule(
        "en.help_hurt_self",
        # A plea for help after an injury to oneself: "help I've hurt myself". Even
        # if it was an accident it needs urgent help, so it flags.
        any_of(
            r"(?:^|help|help me|please|pls|plz)(?: \w+){0,2} i (?:have |just |had )?(?:hurt|cut"
            r"|harmed|burnt|burned|injured|overdosed) myself",
            r"i (?:have |just )?(?:hurt|cut|harmed|burnt|burned) myself (?:again|badly|really"
            r" badly|bad|so bad|really bad|deep|too deep|deeply|and it will not stop)",
        ),
        unless_after=r"(?:on|at|in|shaving|chopping|cooking|playing|running|at the|lifting"
        r"|falling|by accident|accidentally)",
    ),
    Rule(
        "en.do_something_stupid_worry",
        any_of(
            # third party: "worried my dad will do something stupid"
            r"(?:worried|worry|worrying|scared|afraid|frightened|terrified|fear|fears|concerned"
            r"|panicking|panicked)(?: that)?(?: \w+){0,4} (?:will|might|would|is going to|could"
            r"|may|is gonna|is about to|going to|is planning to|wants to) (?:\w+ )?do something"
            r" (?:stupid|silly|drastic|dangerous|terrible|awful|bad|to (?:himself|herself"
            r"|themselves|myself))",
            # "I might do something to myself"
            r"(?:@INTENT|will|might|could|going to|i will|i might) do something (?:bad |stupid"
            r" |silly |drastic )?to @REFL",
        ),
        unless_after=r"(?:like (?:buy|quit|text|call|ring|sell|spend|drop|leave|get)|with"
        r" (?:his|her|their|my|the) (?:money|car|savings|hair|house))",
    ),
    Rule(
        "en.on_the_bridge",
        # A location in a crisis chat: "standing on the bridge right now", "i'm on the
        # roof". Closed by a time word or clause end, so "standing on the bridge
        # watching the fireworks" does not match.
        r"(?:standing|stood|sat|sitting|sat here|i am|am) (?:on|on top of|at the top of"
        r"|on the edge of|at the edge of) (?:a|the|this|some) (?:\w+ )?(?:bridge|roof|rooftop"
        r"|cliff|cliff edge|ledge|edge|railway|railway line|train tracks|tracks|multi storey"
        r"|car park roof|top floor)"
        + closed_by(
            "now",
            "right now",
            "tonight",
            "again",
            "alone",
            "thinking",
            "looking down",
            "and i",
            "i",
            "lol",
            "please",
            "help",
        ),
    ),
    Rule(
        "en.timing",
        # A set time or plan: "tonight is the night", "I have a plan and a date", "I
        # know how and when". "Tonight's the night" can be a date or a gig; in a
        # support chat we still check in (closed, so "...we celebrate" doesn't match).
        any_of(
            r"(?:tonight|today|tomorrow|this weekend) is the (?:night|day)"
            + closed_by(*_GENERIC_CONTINUATIONS),
            r"(?:have|got|made|set|picked|chosen) (?:a|the|my) (?:plan|method) (?:and|&) (?:a|the"
            r"|my) (?:date|time|place|day|method|way)" + closed_by(*_GENERIC_CONTINUATIONS),
            r"i (?:know|have decided|have worked out|have figured out|decided) (?:exactly )?(?:how"
            r" and when|when and how|how and where|where and when)"
            + closed_by(*_GENERIC_CONTINUATIONS, "i am going to", "i will"),
        ),
    ),
    Rule(
        "en.make_it_through",
        # "I don't think I'll make it through tonight" -- not "make it to the party".
        r"(?:do not think|not sure|doubt|do not know if|will not|might not|may not|not going to"
        r"|can not|i am not gonna) (?:if )?(?:i will |ill |i can |i am going to |i could |i )?"
        r"(?:make it|last|survive|get) (?:through |to |past |until |till )?(?:tonight|the night"
        r"|today|this week|the weekend|tomorrow|morning|the morning|christmas|another day"
        r"|another night|much longer)" + closed_by(*_GENERIC_CONTINUATIONS, "honestly", "tbh"),
        # "I don't think I'll make it to the party tonight" never reaches here, but
        # "won't make it tonight, stuck at work" does.
        unless_after=r"(?:\. )?(?:because|cause|cos|as|since|i am (?:stuck|working|at|in|busy|ill)"
        r"|stuck|at work|sorry|to (?:the|your|my))",
    ),
    Rule(
        "en.scared_what_i_will_do",
        # "I'm scared of what I'll do to myself"
        r"(?:scared|afraid|frightened|terrified|worried|fear|fearful|panicking) (?:of |about )?"
        r"what (?:i will|ill|i might|i could|i am going to|i would|i may|i|he will|she will"
        r"|he might|she might|they might|they will) (?:end up )?(?:do|doing) (?:to @REFL"
        r"|tonight|next)",
    ),
    Rule(
        "en.affairs_in_order",
        # Final arrangements: "getting my affairs in order", "sorted my will and gave
        # the dog to my sister".
        any_of(
            r"(?:getting|got|get|put|putting|sorting|sorted|sort) (?:all )?(?:of )?my affairs in"
            r" order",
            r"tying up (?:all )?my loose ends",
            r"(?:sorted|sorting|written|wrote|made|making|updated|finalised|finished|done|did)"
            r" (?:out )?my will(?: \w+){0,3} (?:and|then|and then) (?:gave|given|giving|give"
            r"|rehomed|found a home for|said goodbye)",
        ),
    ),
    Rule(
        "en.last_words_then_silence",
        # "texted me saying sorry for everything and now he's not answering"
        r"(?:goodbye|sorry for everything|sorry for being a burden|love you all|i love you all"
        r"|look after (?:mum|dad|the kids|my kids|yourself))(?: \w+){0,6} (?:not|no longer"
        r"|stopped|has stopped|will not|is not) (?:answering|replying|picking up|responding"
        r"|reading)",
    ),
    Rule(
        "en.nobody_cares_live_die",
        # "nobody cares if I live or die"
        r"(?:no one|not one person|none of them|nobody) (?:would |will |even |really |actually )*"
        r"(?:care|cares|cared|notice|notices|miss me|give a (?:shit|damn|toss|fuck))(?: \w+){0,2}"
        r" (?:if|whether) i (?:live or die|lived or died|am alive or dead|was alive|am alive"
        r"|am dead|was dead|exist|existed|disappeared|disappear)",
    ),
    Rule(
        "en.all_too_much",
        # Overwhelm at a clause end: "it's all too much" (not "too much for one person").
        r"(?:it is|everything is|its|life is|this is) (?:all )?(?:just )?(?:getting )?(?:way |far"
        r" )?too much(?: for me)?" + closed_by(*_GENERIC_CONTINUATIONS, "now", "to bear"),
        unless_before=r"(?:if|when|in case|that)",
    ),
    Rule(
        "en.looked_up_how_many",
        r"(?:looked up|looking up|googled|googling|searched|searching|researched|researching"
        r"|checked|checking) (?:how many|how much) (?:\w+ )?@MEDS",
        # counting what is left: "checked how many tablets I have left"
        unless_after=r"(?:i have |i have got |are |is |there are )?(?:left|remaining"
        r"|in the (?:box|packet|bottle)|on my prescription)",
    ),
    Rule(
        "en.scratch_till_bleed",
        # "scratching my arms till they bleed", "picking my skin until it bleeds"
        r"(?:scratch|scratches|scratching|scratched|pick|picks|picking|picked|bite|bites|biting"
        r"|bit|claw|clawing|clawed|rub|rubbing|punch|punching|hit|hitting|burn|burning|burnt"
        r"|burned|pinch|pinching|dig|digging) (?:at )?(?P<who>my|his|her|their) (?:arms?|wrists?"
        r"|legs?|thighs?|skin|hands?|face|stomach|hips|body|head|nails into my \w+)(?: \w+){0,2}"
        r" (?:till|until|til|so|to make|and make) (?:it |they |them |i |the skin )?(?:bleed"
        r"|bleeds|bled|bleeding|is raw|are raw|raw|bruise|bruises|bruised|scar|scars)",
    ),
)
