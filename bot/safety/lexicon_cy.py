"""Welsh lexicon for the safety detector.

Everything here matches against the *Welsh view* of a message (see
:mod:`bot.safety.normalise`): folded (so ``sôn`` = ``son``, ``â`` = ``a``,
``trên`` = ``tren``), clitics expanded (``dw i'n`` -> ``dw i yn``, ``mae'r`` ->
``mae yr``, ``'ma`` -> ``yma``, ``'yn hunan`` -> ``fy hunan``), hyphens and
clause punctuation normalised (``hunan-niweidio`` -> ``hunan niweidio``).

Mutation: write words in their *radical* (dictionary) form inside angle brackets,
``<lladd>``, and the detector expands them to every mutated form (``lladd|ladd``;
``<marw>`` -> ``marw|farw``; ``<tabledi>`` -> ``tabledi|dabledi|nhabledi|thabledi``;
``<bywyd>`` -> ``bywyd|fywyd|mywyd``). Stems work too: ``<cymr>\\w*`` covers
cymryd/gymryd/nghymryd/cymrodd. See :func:`bot.welsh.mutations`.

North and south forms are listed side by side: isio/isho/eisiau (north) and
moyn/mo'yn/isie (south); "sa i"/"so i"/"smo fi" (south negatives); "fy hun",
"fy hunan", "'yn hunan" and "yn hunan" (south) for "myself".
"""

from __future__ import annotations

from bot.safety.rule import Rule, any_of, closed_by

# A bare "a"/"ac" (and) is not a clause end ("ddim isio byw a gweithio yn Llundain"),
# but "a dw i", "ac mae" start a new clause.
_GENERIC_CONTINUATIONS = (
    "rhagor", "mwy", "dim mwy", "ddim mwy", "bellach", "mwyach", "fel hyn", "o gwbl",
    "achos", "oherwydd", "a dw", "ac dw", "a fi", "a does", "ac does", "a mae", "ac mae",
    "a neb", "a sneb", "ond", "heno", "nawr", "rwan", "lol", "chwaith", "erbyn hyn",
)  # fmt: skip

MACROS: dict[str, str] = {
    # want (north/south/standard, with common spellings)
    "EISIAU": r"(?:eisiau|eisie|eise|isie|isio|isho|ishio|ishe|eisio|eishe|moyn|mofyn|mo yn|sio)",
    # reflexive: fy hun / fy hunan / 'yn hunan (south) / ei hun / eu hunain ...
    # (?P<who>) decides concern: fy/y/yn/fi -> self, ei/eu -> other. "i hun" is how
    # many people spell "ei hun" (pronounced the same), so "i" is left to cues.
    "HUN": (
        r"(?:(?:fi|mi) )?(?P<who>fy|f|y|yn|fi|ei|i|eu|dy|ein|eich) "
        r"(?:hun|hunan|hunain|(?<=(?:fy|ei) )hyn)"
    ),
    "INTENT": (
        r"(?:@EISIAU|awydd|<dymuno>|<meddwl> am|<meddwl>|<ystyried>|<bwriadu>|<cynllunio>"
        r"|mynd i|am|ar fin|<barod> i|<teimlo> fel|<ysfa> i|<ysfa>|<trio>|<ceisio>|wedi <trio>"
        r"|wedi <ceisio>|<bygwth>|<son> am|<siarad> am|ofn|<temtio> i)"
        r"(?: (?:jest|jyst|just|wir|rili|really|o ddifri))*"
    ),
    "MEDS": (
        r"(?:<tabledi|tabled|tabledau|pils|pilsen|pilsys|pil|cyffuriau|cyffur|moddion"
        r"|meddyginiaeth|meddyginiaethau|paracetamol|parasetamol|poenladdwyr|poen laddwyr"
        r"|gwrthiselyddion|tabledi cysgu|pils cysgu>|meds|pills|tablets|co codamol)"
    ),
    "ADV": r"(?:(?:jest|jyst|just|wir|yn wir|go iawn|rili|really|o ddifri) )*",
    "END": r"(?= \.|$)",
    # negative for "don't want": ddim / dim / sa i / so i / smo fi / sai (south)
    "NEG": r"(?:ddim|dim|sa i|so i|smo fi|smo i|sai|nad wyf|nid wyf|nad ydw i|byth)",
    # "can't": methu / ffaelu (south) / ddim yn gallu / alla i ddim / sa i'n gallu
    "METHU": (
        r"(?:<methu>|<ffaelu>|(?:ddim|dim) yn <gallu>|(?:ddim|dim) yn <medru>|(?:g?alla|f?edra"
        r"|g?allaf|f?edraf|g?allai|f?edrai) (?:i|fi) ddim|sa i yn <gallu>|so i yn <gallu>"
        r"|smo fi yn <gallu>)(?: a| ag)?"
    ),
}

SELF_CUES = frozenset(
    {
        "i", "fi", "mi", "dw", "dwi", "dwin", "rwy", "rwyn", "rydw", "rwyf", "ydw", "wi",
        "win", "fy", "ni", "nes", "wnes", "sai", "hoffwn", "baswn", "fyddwn", "roeddwn",
        "oeddwn", "fin", "rydyn", "ryn",
    }
)  # fmt: skip
OTHER_CUES = frozenset(
    {
        "hi", "o", "e", "fe", "fo", "nhw", "ef", "ei", "eu", "mae", "ma", "maen", "oedd",
        "roedd", "dywedodd", "meddai", "hithau", "yntau", "rhywun",
    }
)  # fmt: skip
# "o" is also "of/from" and "fe" an affirmative particle: they only count as "he"
# right after a verb/conjunction ("mae o", "ei fod o", "bod e", "mae fe").
AMBIGUOUS_PRONOUNS = frozenset({"o", "fe"})
PRONOUN_HOSTS = frozenset(
    {"mae", "ma", "fod", "bod", "oedd", "roedd", "ydy", "ydi", "wnaeth", "naeth", "nath",
     "meddai", "dywedodd", "bydd", "fydd", "mai", "nad", "na", "iddo", "ganddo", "arno",
     "wrtho", "amdano", "efo", "gyda", "a", "ac", "ond", "achos", "ei"}
)  # fmt: skip
# Radical forms; tokens are looked up through bot.welsh.radical_candidates, so
# "fy mrawd", "fy nhad", "ei chwaer", "ei fam" all count.
OTHER_NOUNS = frozenset(
    {
        "ffrind", "ffrindiau", "mab", "merch", "mam", "tad", "dad", "brawd", "chwaer",
        "partner", "gwr", "gwraig", "cariad", "plentyn", "plant", "cydweithiwr",
        "cydweithwraig", "cymydog", "cymdoges", "nain", "taid", "mamgu", "tadcu", "wyr",
        "wyres", "disgybl", "myfyriwr", "myfyrwraig", "cefnder", "cyfnither", "ewythr",
        "modryb", "nith", "nai", "bachgen", "hogyn", "hogan", "crwt", "croten", "claf",
        "cleient", "met", "llysfab", "llysferch", "rhiant", "rhieni",
    }
)  # fmt: skip
SELF_WHO = frozenset({"fy", "f", "y", "yn", "fi", "ein", "mi"})
OTHER_WHO = frozenset({"ei", "eu"})

NEGATORS = frozenset({"ddim", "dim", "byth", "erioed", "na", "nad", "nid", "sa", "so", "smo",
                      "sai", "heb"})  # fmt: skip
NEGATION_FILLERS = frozenset(
    {
        "i", "fi", "yn", "wir", "jest", "jyst", "just", "really", "rili", "wedi", "bod",
        "teimlo", "deimlo", "meddyliau", "feddyliau", "teimladau", "deimladau", "unrhyw",
        "gen", "gyda", "o", "gwbl", "mo",
    }
)  # fmt: skip
RECOVERY_AFTER = (
    r"ers|rhagor|mwyach|bellach|erbyn hyn|am (?:\d+|flwyddyn|fis|wythnos|ddwy|dair|bedair"
    r"|flynyddoedd|fisoedd|wythnosau|sbel|amser hir)"
)

# Whole-token rewrites (before clitics are split).
TOKEN_MAP: dict[str, str] = {
    "mo'yn": "moyn", "sdim": "does dim", "'sdim": "does dim", "s'dim": "does dim",
    "sai": "sa i", "dwin": "dw i yn", "dwi": "dw i",
    "wi'n": "wi yn", "rwyn": "rwy yn", "fin": "fi yn", "jyst": "jest", "mlaen": "ymlaen",
    "'mlaen": "ymlaen", "mla'n": "ymlaen", "mlan": "ymlaen", "'mla'n": "ymlaen",
    "ishio": "isio", "neud": "gwneud", "'neud": "gwneud", "sgwennu": "ysgrifennu",
    "sgwenu": "ysgrifennu", "sgrifennu": "ysgrifennu",
}  # fmt: skip
# Bare "di" is "wedi" after a subject ("dwi di mynd", "ma hi di blino", "os fyswn i
# di mynd"), but "is" after a question word ("be di'r pwynt", "pwy di hi"), so it is
# rewritten only after one of these (see normalise.welsh_view).
WEDI_HOSTS = frozenset(
    {"i", "fi", "mi", "ni", "chi", "nhw", "o", "hi", "e", "fe", "fo", "ti", "mae", "ma", "maen",
     "dw", "wi", "rwy", "ydw", "rydw", "rwyt", "wyt", "ydy", "ydi", "sa", "so", "ddim", "dim",
     "newydd", "erioed", "byth", "heb", "wir", "jest", "rili", "bron"}
)  # fmt: skip
# Clitic after an apostrophe inside a token ("i'n", "mae'r", "wedi'i", "a'r").
ATTACHED_CLITICS: dict[str, str] = {
    "n": "yn", "r": "yr", "i": "ei", "w": "ei", "u": "eu", "m": "fy", "th": "dy",
    "ch": "eich", "ma": "yma", "na": "yna", "yn": "fy", "y": "fy",
}  # fmt: skip
# Token starting with an apostrophe ("'ma", "'di", "'yn hunan" = "fy hunan" in the south).
LEADING_CLITICS: dict[str, str] = {
    "ma": "yma", "na": "yna", "di": "wedi", "da": "gyda", "sio": "isio", "sie": "isie",
    "y": "fy", "yn": "fy", "n": "yn", "r": "yr", "mlaen": "ymlaen", "fory": "yfory",
    "to": "eto", "nes": "wnes", "sdim": "does dim", "ngen": "angen",
}  # fmt: skip

_INFO_BEFORE = (
    r"(?:hyfforddiant|cwrs|cyrsiau|wythnos|diwrnod|mis|ymgyrch|strategaeth|elusen|gweithdy"
    r"|sesiwn|darlith|cynhadledd|traethawd|ymchwil)(?: [a-z]+){0,2}"
    r" (?:atal|ymwybyddiaeth (?:o|am|ynghylch)|ar|am|ynghylch)"
    r"|(?:ystadegau|cyfraddau|cyfradd)(?: (?:ar|am|o))?"
)

RULES: tuple[Rule, ...] = (
    # --- hunanladdiad named ------------------------------------------------------------
    Rule(
        "cy.hunanladdiad",
        # hunanladdiad, hunanladdol, hunan-laddiad, hunanlladdiad (typo), hunanleiddiad.
        r"hun+an ?l?l(?:add|eidd)\w*",
        negatable=True,  # "dw i ddim yn hunanladdol"
        unless_before=_INFO_BEFORE,  # "hyfforddiant atal hunanladdiad"
        unless_after=r"(?:gwleidyddol|economaidd|masnachol|cymdeithasol)",  # figurative
    ),
    Rule(
        "cy.lladd_hun",
        # lladd fy hun / ladd ei hun / lladdodd ei hun / lladd 'yn hunan / fi'n hun
        # An inflected verb may have its subject in between: "lladdodd fy mrawd ei hun".
        # "lad"/"llad" are common misspellings.
        r"(?:<lladd>|l?lad)(?:(?:odd|ais|aist|ith|on|an|ai|wn|af)(?: [a-z]+){1,2}|\w*) @HUN",
        # Idioms: "mae Dad yn lladd ei hun yn gweithio" (working himself to death),
        # "lladd ein hunain yn chwerthin" (killing ourselves laughing).
        unless_after=r"(?:yn )?(?:<chwerthin>|<gweithio>|gwaith|<trio>|<ceisio>|<rhedeg>"
        r"|<hyfforddi>|<astudio>|<adolygu>)",
    ),
    # --- wanting to die / not to live -------------------------------------------------
    Rule(
        "cy.isio_marw",
        # "isio marw" but never "marw isio" (= dying to: "marw isio gwybod").
        r"(?:@EISIAU|awydd|<dymuno>|<barod> i|<haeddu>|hoffwn(?: i| fi)?|hoffen(?: i)?"
        r"|licswn(?: i)?|leciwn(?: i)?|<byddwn> i yn <hoffi>|<baswn> i yn <hoffi>) @ADV"
        r"(?:<marw>|<bod> yn <marw>"
        r"|<bod> wedi <marw>)",
        negatable=True,  # "dw i ddim isio marw"
        # Hyperbole ("isio marw o gywilydd") and end-of-life wishes ("Nain eisiau marw adre").
        unless_after=r"o (?:<cywilydd>|<chwerthin>|<diflastod>|<syched>|<newyn>|embaras|<blinder>)"
        r"|gartref|adref|adre|yn hen|yn hapus",
    ),
    Rule(
        "cy.gwell_gen_i_farw",
        r"(?:gwell|well) (?:gen i|gyda fi|gyda mi|gennyf i|gen i jest|gyda fi jest|gen i wir)"
        r" (?:<marw>|<bod> yn <marw>|<bod> wedi <marw>)",
        unless_after=r"(?:na|nag|nac|yn hytrach)",  # "gwell gen i farw na chanu carioci"
        concern="self",  # "gen i" = I'd rather
    ),
    Rule(
        "cy.dymuno_wedi_marw",
        # "dymuno fy mod i wedi marw", "hoffwn i fod wedi marw", "biti na fyddwn i heb fy ngeni"
        r"(?:<dymuno>|hoffwn|hoffen|biti na|trueni na)(?: [a-z]+){0,4}"
        r" (?:wedi <marw>|yn <marw>|ddim wedi <cael> fy <geni>|heb <cael> fy <geni>"
        r"|erioed wedi <cael> fy <geni>|ddim yn fyw)",
    ),
    Rule(
        "cy.ddim_isio_byw",
        r"@NEG(?: yn)? @ADV@EISIAU (?:<byw>|<bodoli>)"
        + closed_by(*_GENERIC_CONTINUATIONS, "heb", "yn hirach", "yfory", "ar ol", "i fi"),
    ),
    Rule(
        "cy.ddim_isio_bod",
        any_of(
            r"@NEG(?: yn)? @ADV@EISIAU <bod> (?:yn fyw|ar y ddaear|ar y ddaear (?:yma|hon))",
            # "bod yma" alone is weak ("ddim isio bod yma, mae'r parti'n ddiflas").
            r"@NEG(?: yn)? @ADV@EISIAU <bod> (?:yma|ma|o gwmpas|yn y byd(?: (?:yma|hwn))?)"
            r" (?:rhagor|mwy|dim mwy|ddim mwy|bellach|mwyach)",
        ),
    ),
    Rule(
        "cy.ddim_isio_deffro",
        any_of(
            r"@NEG(?: yn)? @ADV@EISIAU <deffro>"
            + closed_by(
                *_GENERIC_CONTINUATIONS,
                "yfory",
                "fory",
                "bore fory",
                "eto",
                "byth",
                "yn y bore",
                "bore",
            ),
            r"(?:a|ac) (?:<peidio>(?: a| ag)?|byth) (?:<deffro>|<dihuno>)",
            r"na (?:wna|wnaf|wnai|wnawn|fydda|fyddaf|fyddai) (?:i|fi) (?:ddim )?(?:<deffro>"
            r"|<dihuno>)",
            r"gobeithio (?:na|nad|mod i ddim|bo fi ddim|bod fi ddim|fy mod i ddim)(?: [a-z]+){0,2}"
            r" (?:<deffro>|<dihuno>)",
        ),
    ),
    Rule(
        "cy.dim_pwynt_byw",
        any_of(
            r"<pwynt> (?:mewn |i (?:fi|mi|ni|fod|ei) |i |o |yn )?(?:<byw>|<bod> yn fyw|<bodoli>"
            r"|<trio> (?:rhagor|mwy|bellach))"
            + closed_by(*_GENERIC_CONTINUATIONS, "heb", "i fi", "i mi"),
            r"<pwynt> (?:mewn |i (?:fi|mi) |i )?(?:(?:<mynd>|<cario>) (?:ymlaen|yn fy mlaen)"
            r"|<dal> i <mynd>)"
            + closed_by(*_GENERIC_CONTINUATIONS, "gyda bywyd", "efo bywyd", "yn byw"),
            r"(?:<rheswm>|<pwrpas>) (?:i|dros)(?: (?:mi|fi|ni))? (?:<byw>|<bod> yn fyw"
            r"|<cario> ymlaen)",
            r"(?:dim|ddim|heb) (?:amynedd|mynadd|awydd|egni) (?:i )?<byw>"
            + closed_by(*_GENERIC_CONTINUATIONS),
            r"(?:dim|ddim) byd (?:ar ol |yn weddill |[a-z]+ )?i <byw> (?:amdano|ar ei gyfer"
            r"|drosto)",
        ),
    ),
    Rule(
        "cy.methu_mynd_ymlaen",
        r"(?:<methu>|<ffaelu>|ddim yn <gallu>|ddim yn <medru>|(?:g?alla|f?edra|g?allaf|f?edraf"
        r"|g?allai"
        r"|f?edrai) (?:i|fi) ddim|sa i yn <gallu>|so i yn <gallu>)(?: a| ag)? @ADV"
        r"(?:(?:<mynd>|<cario>) (?:ymlaen|yn fy mlaen)|<dal> i <mynd>|<byw> fel hyn|<dal> ati)"
        + closed_by(*_GENERIC_CONTINUATIONS, "yn hirach", "gyda bywyd", "efo bywyd", "heb"),
    ),
    Rule(
        "cy.unig_ffordd_allan",  # "yr unig ffordd allan yw marw"
        r"(?:unig|dim) (?:<ffordd> allan|<dihangfa>|<ateb>|<opsiwn>)(?: [a-z]+){0,2}"
        r" (?:<marw>|<hunanladdiad>|<lladd> fy hun|<rhoi> diwedd ar (?:y cyfan|fy <bywyd>))",
    ),
    Rule(
        "cy.faint_yn_hirach",  # "am faint yn hirach alla i ddal ati?"
        r"faint (?:yn )?hirach (?:(?:g?alla|f?edra|g?allaf|f?edraf) (?:i|fi)|dw i yn <gallu>"
        r"|y <gallu> i) (?:<dal> ati|<dal> i <mynd>|<mynd> ymlaen|<cario> ymlaen|<byw>|<ymdopi>"
        r"|<para>)",
    ),
    Rule(
        "cy.haws_peidio_bod",
        # "byddai'n haws jest peidio bod yn fyw" (cf. "easier to just not be alive")
        r"(?:haws|hawddach|gwell) (?:i mi |i fi |jest |i bawb )*(?:<peidio>(?: a| ag)?"
        r" (?:<bod> yn fyw|<bodoli>|<bod> yma|<deffro>)|<bod> yn <marw>)",
    ),
    Rule(
        "cy.wedi_blino_ar_fyw",
        # "wedi blino ar fyw" -- but not "wedi blino'n lân" or "blino ar fyw yn y ddinas".
        r"(?:(?:<blino>|<laru>|llond bol|<cael> digon|<syrffedu>|<syrffed>) (?:ar|o|efo|gyda)"
        r" (?:<byw>|<bywyd>|fy <bywyd>|<bod> yn fyw|<bodoli>)"
        r"|<blino> (?:<gormod>|rhy <blino>) i (?:<byw>|<dal> ati|<cario> ymlaen|<mynd> ymlaen))"
        + closed_by(*_GENERIC_CONTINUATIONS, "yn gyffredinol"),
    ),
    Rule(
        "cy.gwell_hebdda_i",
        # pawb yn well hebdda i / hebddo i / heb fi / yn well eu byd hebddof i
        r"(?:well|hapusach|haws|hawddach|gwell) (?:off |(?:eu|ei) <byd> )?(?:hebdda|hebddo"
        r"|hebddof|hebddaf|hebdd|heb) (?:i|fi|mi)"
        # "heb fi o gwmpas" (without me around) is still "without me".
        r"(?! (?:ni|chi|nhw|ti|fo|hi|e|fe|o(?! gwmpas)|gael|fynd|wneud|ddod)(?![^ ]))",
        concern="self",  # "hebdda i" = without me
    ),
    Rule(
        "cy.gwell_petawn_wedi_marw",
        r"(?:well|haws|hapusach|hawddach)(?: [a-z]+){0,4} (?:petawn i|pe bawn i|taswn i|baswn i"
        r"|tawn i|petawn|swn i|os (?:bydda|byddaf|fydda|wna|dw) i|pan (?:fydda|fyddaf|bydda) i"
        r"|pe bai fi|petai fi)(?: ddim)? (?:wedi <marw>|yn <marw>|ddim yma|ddim o gwmpas"
        r"|wedi <mynd>|heb fy ngeni|erioed wedi <bod>|wedi <lladd> fy hun)",
        concern="self",  # "petawn i" = if I were
    ),
    Rule(
        "cy.gwell_yn_farw",  # "byswn i'n well off yn farw" (cf. "better off dead")
        r"(?:well|gwell) (?:off |<bod> )?(?:yn <marw>|wedi <marw>)",
        unless_after=r"(?:na|nag|nac)",
    ),
    Rule(
        "cy.teimlo_fel_marw",
        # "dw i'n teimlo fel marw" -- closed, so "...ar ôl y parti / efo'r ffliw" doesn't match.
        r"<teimlo> fel <marw>" + closed_by(*_GENERIC_CONTINUATIONS, "drwy yr amser", "o hyd"),
    ),
    Rule(
        "cy.neidio_nawr",
        # "dw i ar y bont a dw i isio neidio" (cf. "I'm going to jump")
        r"(?:@EISIAU|mynd i|am|ar fin|<barod> i) @ADV<neidio>"
        + closed_by("nawr", "rwan", "heno", "lol"),
    ),
    Rule(
        "cy.peidio_bodoli",
        # "hoffwn i beidio bodoli", "isio peidio â bodoli" (not "the shop has ceased to exist")
        r"(?:@EISIAU|hoffwn|hoffen|<dymuno>|<gobeithio>|<barod>)(?: i| fi)? @ADV"
        r"(?:<peidio>(?: a| ag)?|ddim) <bodoli>",
    ),
    Rule(
        "cy.neb_yn_poeni",
        # Perceived burdensomeness / isolation: "fyddai neb yn sylwi petawn i wedi mynd".
        any_of(
            r"neb (?:yn )?(?:<sylwi>|<poeni>|<gweld> (?:fy )?<eisiau>|<colli>|<malio>|<hidio>"
            r"|<becso>|<gofalio>|<crio>|<gweld> <isio>)(?: [a-z]+){0,3} (?:petawn i|pe bawn i"
            r"|taswn i|tawn i|petawn|(?:os )?(?:f|b)(?:y|a)swn i|swn i|(?:f|b)ysen i|tasen i"
            r"|os (?:bydda|byddaf|fydda|fyddwn|byddwn|wna|dw) i|pan (?:fydda|fyddaf|dw|ydw|bo) i)"
            r" (?:wedi <mynd>|wedi <marw>|yn <marw>|<marw>|ddim yma|ddim o gwmpas|<diflannu>"
            r"|wedi <diflannu>)",
            r"neb (?:yn )?fy <colli>(?: i)?@END",
        ),
    ),
    Rule(
        "cy.bywyd_dibwynt",
        # "mae bywyd yn ddibwynt", "mae fy mywyd yn ddiystyr"
        r"<bywyd> (?:yn|mor) (?:hollol |jest |llwyr )?(?:<dibwynt>|<diystyr>|<anobeithiol>"
        r"|<di werth>|<diwerth>|<dibwrpas>)",
        unless_after=r"heb",  # "...heb goffi" is banter
    ),
    Rule(
        "cy.meddwl_am_farw",
        # Rumination: "dw i'n meddwl am farw drwy'r amser" (not "poeni am farw", health worry).
        r"(?:<meddwl> am (?:<marw>|<lladd> fy hun|fy <marwolaeth>|<bod> yn <marw>|fy <angladd>)"
        r"|<dychmygu>\w* (?:fy <angladd>|fy <marwolaeth>|<bod> yn <marw>|fy hun yn <marw>))"
        + closed_by(
            *_GENERIC_CONTINUATIONS,
            "drwy yr amser",
            "trwy yr amser",
            "o hyd",
            "bob",
            "yn aml",
            "lot",
            "llawer",
            "heddiw",
            "eto",
            "weithiau",
            "yn ddiweddar",
        ),
    ),
    Rule(
        "cy.rhaff",
        # Acquiring a rope with no stated purpose ("dw i wedi prynu rhaff heddiw").
        r"(?:<prynu>\w*|<cael>|<cuddio>\w*|gen i|gyda fi) (?:y |yr )?<rhaff>"
        + closed_by(
            "heddiw",
            "heno",
            "ddoe",
            "yn barod",
            "i fi",
            "i mi",
            "rhag ofn",
            "yn fy stafell",
            "yn y sied",
            "yn y car",
            "lol",
            "nawr",
            "rwan",
        ),
    ),
    Rule(
        "cy.cysgu_am_byth",  # "hoffwn i gysgu am byth" (cf. "I want to sleep forever")
        r"(?:@EISIAU|hoffwn|hoffen|licswn|leciwn|<dymuno>|awydd) (?:i |fi )?@ADV<cysgu>"
        r" (?:am byth|a <peidio>(?: a| ag)? <deffro>|a byth <deffro>)",
    ),
    Rule(
        "cy.diflannu",
        r"@EISIAU @ADV<diflannu> (?:am byth|yn llwyr|oddi ar wyneb y ddaear)",
    ),
    # --- ending it ----------------------------------------------------------------------
    Rule(
        "cy.diwedd_ar_fywyd",
        any_of(
            r"<rhoi>\w* (?:diwedd|terfyn|pen) (?:ar|i) (?:(?:fy|ei|eu|y) (?:<bywyd>|hun|hunan)"
            r"|<pethau>|<popeth>|y cyfan|yr cyfan|y cwbl|hyn i gyd|<pob> dim)",
            r"(?:<diweddu>|<gorffen>|<terfynu>|<cymryd>|<dwyn>)\w* (?:fy|ei|eu) <bywyd>"
            r"(?! (?:yn ol|yn y|i))",
            r"<dod>\w* (?:a|ag) (?:fy|ei|eu) <bywyd> i ben",
        ),
    ),
    Rule(
        "cy.dod_a_chyfan_i_ben",
        any_of(
            # "dod â'r cyfan i ben" -- closed, so "...erbyn dydd Gwener" (a project) doesn't match.
            r"<dod>\w* (?:a|ag) (?:y|yr) (?:cyfan|cwbl|holl beth) i ben"
            + closed_by(
                *_GENERIC_CONTINUATIONS, "yfory", "fory", "am byth", "unwaith ac am byth", "cyn"
            ),
            r"@EISIAU @ADV(?:i )?(?:y|yr) (?:cyfan|cwbl|holl beth|<popeth>|<pob> dim|<bywyd>)"
            r" (?:<dod> i ben|<gorffen>|<stopio>|<darfod>|<diweddu>)",
            # gorffen / bennu (south) y cyfan
            r"@INTENT <gorffen|pennu>\w* (?:(?:y|yr) (?:cyfan|cwbl)|<popeth>|<pob> dim|<pethau>)"
            + closed_by("heno", "nawr", "rwan", "am byth", "unwaith ac am byth"),
        ),
    ),
    # --- self-harm --------------------------------------------------------------------
    Rule(
        "cy.hunan_niweidio",
        # hunan-niweidio, hunan niweidio, hunanniweidio, hunan-niwed, hunan-anafu
        r"hunan ?(?:n?iwe?i?d\w*|anaf\w*)",
        negatable=True,  # "dw i erioed wedi hunan-niweidio"
        unless_before=_INFO_BEFORE,
    ),
    Rule("cy.niweidio_hun", r"<niweidio>\w* @HUN"),
    Rule(
        "cy.brifo_hun",
        # Ongoing or intended: "dw i'n brifo fy hun", "isio brifo fy hun",
        # "wedi bod yn torri fy hun". "Brifais fy hun yn y gampfa" / "wnes i dorri fy
        # hun wrth goginio" (past, accidental) have no such context.
        r"(?:@INTENT|yn|<dal> i|<dechrau>|<stopio>|<rhoi> y gorau i|<rhoi> gorau i|<osgoi>|rhag)"
        r" <brifo|anafu|torri|llosgi|crafu|taro|cosbi|dyrnu|llwgu|slasio>\w* @HUN",
        unless_after=r"(?:yn|ym|yng) (?:y|yr) (?:<campfa>|gym|<cegin>|<gardd>|<gem>|<cae>"
        r"|<gweithdy>)|ar y <cae>|wrth|ar <damwain>|yn <damweiniol>|yn <chwarae>|yn <gweithio>"
        r"|i ffwrdd|allan",
    ),
    Rule(
        "cy.brifo_hun_yn_fwriadol",
        r"<brifo|anafu|torri|llosgi|crafu|taro|cosbi|dyrnu|slasio>\w* @HUN (?:yn <bwriadol>"
        r"|ar <pwrpas>|o <pwrpas>|i <ymdopi>|er mwyn (?:<teimlo>|<cosbi>|<ymdopi>))",
    ),
    Rule(
        "cy.torri_hun_eto",
        # "wedi torri'n hun eto heno" -- again = repeated; closed, so "...eto wrth goginio" isn't.
        r"<torri|llosgi|crafu|slasio|brifo|anafu|niweidio>\w* @HUN eto"
        + closed_by(*_GENERIC_CONTINUATIONS, "heddiw", "neithiwr"),
    ),
    Rule(
        "cy.gwaedu",
        # Self-injury emergency: "dw i'n gwaedu ar ôl torri fy hun", "methu stopio'r gwaedu".
        any_of(
            r"<gwaedu> ar ol <torri|llosgi|crafu|slasio>\w* @HUN",
            r"(?:<methu>|ddim yn <gallu>) <stopio> (?:y |yr )?<gwaedu>",
            r"<gwaedu>(?: [a-z]+){0,2} (?:a|ac) (?:dw i |dwi )?(?:yn )?(?:<methu>|ddim yn <gallu>)"
            r" (?:ei |y )?<stopio>",
        ),
    ),
    Rule(
        "cy.torri_breichiau",
        # Plural limbs / wrists / skin only: "torrais fy mraich" = I broke my arm.
        r"(?:@INTENT|yn|<dal> i|<dechrau>|<stopio>) <torri|slasio|sleisio|llosgi|crafu>\w*"
        r" (?P<who>fy|ei|eu|y|yn) (?:<breichiau>|<arddyrnau>|<coesau>|<cluniau>|<croen>)",
    ),
    Rule(
        "cy.torri_eto",
        # Intransitive "torri" in a self-harm sense: "wedi dechrau torri eto".
        r"(?:<dechrau>|<ysfa> i|@EISIAU|<stopio>|<rhoi> y gorau i|<rhoi> gorau i|<dal> i)"
        r" <torri>"
        + closed_by(
            "eto", "ac", "a", "ond", "achos", "oherwydd", "neithiwr", "heno", "ers", "pan", "lol"
        ),
    ),
    # --- overdose / tablets ------------------------------------------------------------
    Rule(
        "cy.gorddos",
        r"(?:g|ng)?or ?ddos\w*",  # gorddos, orddos (soft), ngorddos, gor-ddos, gorddosio
        unless_after=r"o (?:<siocled>|<siwgr>|<caffein>|<coffi>|<teledu>|<cacen>|<losin>"
        r"|<melysion>|<haul>|<cariad>)",
    ),
    Rule(
        "cy.gormod_o_dabledi",
        any_of(
            # ("lot o dabledi" is everyday for many: "dw i'n cymryd lot o dabledi i'r galon")
            r"<cymr|cymer|llync>\w* (?:gormod|llond (?:llaw|<potel>|<bocs>|<paced>)"
            r"|<pob> un|<potel>(?: gyfan)?|<bocs>(?: cyfan)?|<paced>(?: cyfan)?|y cyfan"
            r"|yr holl|fy holl|ei holl|<pentwr>|\d{2,})(?: o)?(?: (?:fy|ei|y|yr|eu))? @MEDS",
            r"<cymr|cymer|llync>\w* (?P<who>fy|ei|y|yr|eu) @MEDS (?:i gyd|gyd|ar unwaith)",
        ),
    ),
    Rule(
        "cy.llwyth_o_dabledi",
        # Just taken "llwyth/lot" of tablets -- but not routine medication
        # ("dw i'n cymryd lot o dabledi bob dydd i'r galon").
        r"(?:newydd|wedi) <cymr|cymer|llync>\w* (?:llwyth|lot|llawer|<pentwr>)(?: o)?"
        r"(?: (?:fy|ei|y|yr|eu))? @MEDS",
        unless_after=r"(?:bob|dros|ar <cyfer>|i (?:y|yr|fy|ei)|yn ystod"
        r"|am (?:flynyddoedd|fisoedd))",
    ),
    Rule(
        "cy.tabledi_yn_barod",  # preparation: "mae fy nhabledi i gyd o fy mlaen"
        # ("yn barod" alone is the pharmacy: "mae'ch tabledi yn barod i'w casglu")
        r"@MEDS (?:i gyd )?(?:wedi eu <cyfri>|wedi eu <cyfrif>|o fy <blaen>|mewn rhes)"
        + closed_by(*_GENERIC_CONTINUATIONS),
    ),
    Rule(
        "cy.casglu_tabledi",
        r"<casglu|celcio|hel|storio|cynilo>\w* (?:(?:fy|ei|y|yr|eu) )?@MEDS",
        # collecting a prescription: "casglu tabledi o'r fferyllfa i Nain"
        unless_after=r"o (?:y |yr )?(?:<fferyllfa>|<meddygfa>|<meddyg>|siop|boots)|ar <cyfer>"
        r"|i <nain|taid|mam|dad|tad|mamgu|tadcu>",
    ),
    Rule(
        "cy.dos_angheuol",
        any_of(
            r"dos (?:angheuol|marwol)",
            r"faint o @MEDS(?: [a-z]+){0,5} (?:<marw>|<lladd>|angheuol|marwol)",
        ),
    ),
    # --- methods ------------------------------------------------------------------------
    Rule(
        "cy.crogi",
        any_of(r"<crogi>\w* @HUN", r"(?:dolen|cwlwm|rhaff) <crogi>"),
    ),
    Rule(
        "cy.neidio_oddi_ar_bont",
        # Needs intent: "neidiodd y plant oddi ar y bont i'r afon yn yr haf" is fun.
        r"@INTENT <neidio|taflu fy hun|taflu ei hun|taflu>\w* (?:oddi ar|o ben|dros|o|i lawr o"
        r"|allan o) (?:y |yr )?<pont|clogwyn|clogwyni|adeilad|to|twr|balconi|ffenest|ffenestr"
        r"|maes parcio|craig|creigiau>",
    ),
    Rule(
        "cy.o_flaen_tren",
        # Needs intent or a reflexive: "neidiodd y ci o flaen y car" is not this.
        any_of(
            r"@INTENT <neidio|camu|gorwedd|cerdded|mynd>\w* (?:o flaen|dan|o dan|i flaen)"
            r" (?:y |yr )?<tren|bws|car|lori|fan|cerbyd>",
            r"<taflu|rhoi>\w* (?:fy|ei|eu) (?:hun|hunan|hunain) (?:o flaen|dan|o dan|i flaen)"
            r" (?:y |yr )?<tren|bws|car|lori|fan|cerbyd>",
        ),
    ),
    Rule(
        "cy.boddi_hun",
        r"<boddi|saethu|gwenwyno|mygu|llwgu|trywanu|tagu|gasio>\w* @HUN",
        unless_after=r"yn (?:fy|ei|y) <troed>|ar <damwain>|yn <chwerthin>",
    ),
    Rule(
        "cy.cerdded_i_r_mor",
        any_of(
            r"<cerdded|nofio>\w* (?:i|i mewn i|allan i) (?:y|yr) (?:mor|mor mawr|afon|llyn)"
            r"(?: [a-z]+){0,2} (?:a|ac) (?:<peidio>|byth)",
            r"@INTENT <cerdded|nofio>\w* (?:i|i mewn i|allan i) (?:y|yr) (?:mor|afon|llyn)@END",
        ),
    ),
    Rule(
        "cy.gyrru_i_wal",
        r"@INTENT <gyrru>\w* (?:(?:fy|y|ei) <car> )?(?:i mewn i|i|oddi ar) (?:y |yr )?"
        r"(?:wal|<coeden>|<pont>|<clogwyn>|lori|afon)",
    ),
    # --- plans, preparations ------------------------------------------------------------
    Rule(
        "cy.nodyn_ffarwel",
        any_of(
            r"(?:nodyn|<llythyr>|<llythyrau>|neges|negeseuon) (?:i )?(?:ffarwel|hwyl fawr"
            r"|<ffarwelio>)",
            r"(?:ffarwel|hwyl fawr) am byth",
            r"(?:dyma|hon yw|hwn yw|dyma yw|hon ydi|hon ydy|hwn ydi|hwn ydy) fy <neges>"
            r" (?:olaf|ola)" + closed_by(*_GENERIC_CONTINUATIONS, "i", "i chi", "i bawb", "erioed"),
        ),
    ),
    Rule(
        "cy.cynllunio_sut",
        # "dw i wedi cynllunio sut i wneud e" (cf. "planned how I'm going to do it")
        r"(?:<cynllunio>|<penderfynu>|<gweithio> allan) (?:sut|pryd|ble) (?:i |dw i am |bydda i"
        r" yn |wna i )?(?:<gwneud> (?:e|o|fe|fo|hyn)|ei <gwneud>|ei <gwneud> (?:e|o)|<lladd> fy hun"
        r"|<gorffen> (?:y|yr) (?:cyfan|cwbl)|<mynd>)",
    ),
    Rule(
        "cy.cadw_fy_hun_yn_saff",
        any_of(
            r"(?:<methu>|ddim yn <gallu>) <cadw> fy hun yn (?:<diogel>|<saff>)",
            r"ddim yn (?:<teimlo> yn )?(?:<diogel>|<saff>) (?:gyda|efo|rhag) fy hun",
        ),
    ),
    Rule(
        "cy.argyfwng",
        any_of(
            r"(?:dw i|dwi|rydw i|rwy|wi|ydw i) (?:mewn|yn cael) (?:<argyfwng>)",
            r"^(?:help )?argyfwng(?: help)?$",  # the keyword on its own
        ),
        unless_before=r"(?:os|pan|rhag ofn)",  # "beth os dw i mewn argyfwng?"
    ),
    Rule(
        "cy.rhoi_pethau_i_ffwrdd",
        r"<rhoi>\w* (?P<who>fy|ei|eu) (?:holl )?(?:<pethau>|eiddo|stwff) i ffwrdd",
        unless_after=r"(?:cyn|wrth|achos|gan) (?:<symud>|i mi <symud>|fy mod i yn <symud>)"
        r"|i (?:elusen|siop elusen)",
    ),
    # --- defeat, entrapment, burdensomeness, warning signs -----------------------------
    # Added after held-out rounds (see the note in lexicon_en): indirect phrasings are
    # flagged even when death is not named, because a gentle check-in costs far less
    # than a miss.
    Rule(
        "cy.methu_cymryd_mwy",
        any_of(
            # "methu cymryd mwy", "dw i ddim yn gallu diodde dim mwy", "methu neud hyn rhagor"
            r"@METHU @ADV(?:<cymryd>|<diodde>|<dioddef>|<ymdopi>|<handlo>|<dal>|<delio>"
            r"|<wynebu>|<brwydro>|<ymladd>|<gwneud> hyn|<byw> efo hyn|<byw> gyda hyn|<byw> fel hyn)"
            r"(?: (?:hyn|hi|o|e|fe|fo|y cyfan|yr cyfan|y boen|<bywyd>|efo hyn|gyda hyn|a hyn"
            r"|ag o|hyn i gyd|diwrnod arall))?"
            r" (?:mwy|rhagor|bellach|mwyach|dim mwy|ddim mwy|yn hirach|dim rhagor|ddim rhagor)"
            + closed_by(*_GENERIC_CONTINUATIONS),
            # bare "dw i'n methu ymdopi" at a clause end
            r"@METHU @ADV(?:<ymdopi>|<diodde>|<dioddef>|<cymryd> hyn|<gwneud> hyn)"
            + closed_by(*_GENERIC_CONTINUATIONS, "o gwbl", "efo dim byd", "gyda dim byd"),
        ),
    ),
    Rule(
        "cy.be_dir_pwynt",
        any_of(
            r"<pwynt> (?:i |yn |o |mewn )?(?:ddim byd|<dim> byd|unrhyw beth|<popeth>|<pob> dim"
            r"|<pob> peth|<codi> yn y bore|<deffro>|<bod> yma|fi|mi)"
            + closed_by(*_GENERIC_CONTINUATIONS),
            r"(?:be|beth) (?:di|ydi|ydy|yw|ywr|ydi yr) (?:y |yr )?<pwynt> (?:bellach|rhagor|mwyach"
            r"|mwy|erbyn hyn|o gwbl|o ddim byd|o unrhyw beth|yn unrhyw beth|o <trio> (?:rhagor"
            r"|mwy|bellach))",
            # the whole message: "be di'r pwynt" (not "be di'r pwynt o'r botwm ma?")
            r"^(?:o |ugh |jest |wir |ond )?(?:be|beth) (?:di|ydi|ydy|yw|ywr) (?:y |yr )?<pwynt>"
            r"(?: (?:bellach|beth bynnag|really|rili|tbh|lol|eniwe|de|ta|yn y byd))?$",
        ),
    ),
    Rule(
        "cy.ddim_yn_saff",
        # "dw i ddim yn saff ar hyn o bryd" (cf. "I'm not safe right now"); "ddim yn
        # teimlo'n saff adre" (abuse, a different service) is not closed and doesn't match.
        r"(?:(?:dw i|wi|fi|rydw i|rwy|ydw i|i) (?:ddim|dim)|sa i|so i|smo fi|smo i)"
        r" (?:yn )?(?:<teimlo> yn )?(?:<saff>|<diogel>)"
        + closed_by(
            "ar hyn o bryd",
            "heno",
            "nawr",
            "rwan",
            "bellach",
            "rhagor",
            "mwyach",
            "ar ben fy hun",
            "ar fy mhen fy hun",
            "gyda fy hun",
            "efo fy hun",
            "yn fy mhen",
            "lol",
            "plis",
            "help",
            "o gwbl",
            "heddiw",
        ),
        unless_before=r"(?:os|pan|rhag ofn)",
    ),
    Rule(
        "cy.tabledi_gen_i_yn_barod",
        # "mae gen i'r tabledi'n barod". "yn barod" is both "ready" and "already" ("mae
        # gen i dabledi yn barod, diolch"), but we err on the safe side; the pharmacy
        # ("mae'ch tabledi yn barod") has no "gen i" and doesn't match.
        r"(?:gen i|gyda fi|gynna i|gennyf i|efo fi|gen i jest)(?: yr| y| fy| yr holl| fy holl)?"
        r" @MEDS(?: i gyd)? (?:yn <parod>|<parod>|wedi eu <cyfri>|wrth fy ochr|wrth y <gwely>"
        r"|o fy <blaen>)",
        unless_after=r"(?:\. )?(?:diolch|gan y <meddyg>|ar <presgripsiwn>"
        r"|i (?:y|yr) (?:<poen>|<cur>))",
    ),
    Rule(
        "cy.baich",
        # Perceived burdensomeness: "dw i'n faich ar bawb", "teimlo fel baich".
        any_of(
            r"(?:dw i|wi|fi|rydw i|rwy|ydw i|mod i|bo fi|bod fi|i) (?:yn )?(?:<teimlo> fel"
            r" |<teimlo> yn )?(?:jest |ond |dim ond |gymaint o |y fath |wir yn |yn )?<baich>",
            r"<baich> (?:ar|i) (?:<pawb>|fy <teulu>|<teulu>|fy ffrindiau|<pobl>|chi gyd|nhw gyd"
            r"|fy <mam>|fy <tad>|fy <rhieni>|fy mhartner|fy nghariad|fy <plant>|<pawb> o <cwmpas>)",
        ),
    ),
    Rule(
        "cy.casau_fy_hun",
        # Self-hatred (see en.hate_self); "casáu fy hun am fwyta'r gacen" is vetoed.
        r"<casau|cashau|ffieiddio>\w* @HUN",
        unless_after=r"am (?:<bwyta>|<prynu>|<anghofio>|<gwylio>|<yfed>|<cysgu>|<archebu>"
        r"|<colli> y)",
    ),
    Rule(
        "cy.isio_i_bopeth_stopio",
        # "dwi isio i bob dim stopio", "isio i'r cyfan ddod i ben" -- not "y boen" (may be
        # physical) nor "hyn" (may be the noise next door).
        r"(?:@EISIAU|<dymuno>|hoffwn|hoffen) @ADV(?:i |i yr |i y |fod |bod |i fy |fy )?(?:<pob> dim"
        r"|<popeth>|<pob> peth|y cyfan|yr cyfan|cyfan|y cwbl|cwbl|hyn i gyd|o i gyd|e i gyd"
        r"|<bywyd>) (?:<stopio>|<dod> i ben|<gorffen>|<darfod>|<diweddu>|<peidio>)",
    ),
    Rule(
        "cy.isio_allan",
        # "dw i'n casáu mywyd a isio allan": wanting *out*, with no place named ("isio
        # allan o fan hyn" is boredom, and "mae'r ci isio allan" has no self subject).
        any_of(
            r"(?:dw i|wi|fi|i|a|ac|jest|rili) (?:yn )?@ADV@EISIAU allan"
            + closed_by(*_GENERIC_CONTINUATIONS, "am byth"),
            r"@EISIAU allan o (?:y |yr |fy )?(?:<bywyd>|hyn i gyd|<pob> dim|<popeth>|y byd)",
        ),
    ),
    Rule(
        "cy.dim_dyfodol",
        # Entrapment / hopelessness: "does dim dyfodol i fi", "ddim yn gweld ffordd allan".
        # Strictly closed: "dim gobaith!" alone is the idiom "no chance", and "dim
        # dyfodol i fi yn y cwmni" is about a job.
        any_of(
            r"(?:dim|ddim|heb) (?:<dyfodol>|<gobaith>) (?:i fi|i mi|gen i|gyda fi)"
            r"(?: (?:o gwbl|bellach|rhagor|mwyach))?@END",
            r"(?:ddim yn|dim yn|<methu>|sa i yn|so i yn) <gweld> (?:unrhyw |dim )?(?:<dyfodol>"
            r"|ffordd allan|ffordd ymlaen|<gobaith>|<diwedd> i hyn|pen draw i hyn)"
            + closed_by(*_GENERIC_CONTINUATIONS, "i fi@END", "i mi@END", "o hyn@END"),
            r"(?:dim|does dim|heb) (?:ffordd allan|<dihangfa>)"
            + closed_by(*_GENERIC_CONTINUATIONS, "i fi", "i mi", "o hyn@END"),
        ),
    ),
    Rule(
        "cy.rhoi_fyny",
        # "dw i'n rhoi fyny ar bob dim", "wedi rhoi'r gorau i fyw"
        r"<rhoi> (?:i fyny|fyny|lan|yr gorau|y gorau|gorau) (?:ar|i) (?:<pob> dim|<popeth>"
        r"|<bywyd>|fy <bywyd>|<byw>|fy hun|y cyfan|y cwbl|yr cyfan|<pob> peth|<trio>)"
        + closed_by(*_GENERIC_CONTINUATIONS),
    ),
    Rule(
        "cy.rhywbeth_stiwpid",
        any_of(
            # third party: "poeni bydd dad yn gwneud rhywbeth stiwpid"
            r"(?:<poeni>|ofn|<ofni>|<pryderu>|<becso>|<pryder>)(?: [a-z]+){0,6} <gwneud>"
            r" rhywbeth (?:stiwpid|<gwirion>|<dwl>|<twp>|<hurt>|<ffol>|<drastig>|<peryglus>)",
            r"(?:mynd i|am|ar fin|<meddwl> am) <gwneud> rhywbeth (?:stiwpid|<gwirion>|<dwl>|<twp>"
            r"|<hurt>|<ffol>|<drastig>)" + closed_by("heno", "nawr", "rwan", "lol"),
        ),
        unless_after=r"fel (?:<prynu>|<gwerthu>|<gadael>|<tecstio>|<ffonio>)|(?:efo|gyda)"
        r" (?:ei|fy) (?:arian|<car>|<gwallt>)",
    ),
    Rule(
        "cy.llythyrau_i_r_teulu",
        # "dwi di sgwennu llythyr i mam cyn i mi fynd" -- letters to family before a
        # departure is a classic warning sign.
        r"<ysgrifennu>\w* (?:llythyr|<llythyrau>|nodyn|nodiadau|<neges>|<negeseuon>)"
        r"(?: [a-z]+){0,4} (?:cyn i (?:mi|fi) <mynd>|ar ol i (?:mi|fi) (?:<mynd>|<marw>)"
        r"|pan (?:fydda|fyddaf|dw) i wedi <mynd>|ar <cyfer> ar ol|i <ffarwelio>"
        r"|i <dweud> hwyl fawr|i <dweud> ffarwel)",
    ),
    Rule(
        "cy.dyma_r_diwedd",
        # "hwyl fawr pawb, dyma'r diwedd" -- not "dyma ddiwedd y rhaglen".
        r"dyma (?:yr|y) <diwedd>"
        + closed_by(*_GENERIC_CONTINUATIONS, "i fi", "i mi", "pawb", "<pawb>", "felly"),
        unless_after=r"(?:diolch|am heddiw|am nawr|am rwan|o (?:y|yr))",
    ),
    Rule(
        "cy.ar_y_bont",
        # A location in a crisis chat ("dw i ar y bont rwan", "yn sefyll ar y dibyn"):
        # closed, so "sefyll ar y bont yn gwylio'r tân gwyllt" does not match.
        any_of(
            r"(?:<sefyll>|<eistedd>) (?:ar|ar ben|ar ymyl|ar <ochr> anghywir) (?:y|yr) (?:<pont>"
            r"|<clogwyn>|<dibyn>|to|<rheilffordd>|<cledrau>|<platfform>)"
            + closed_by(
                "rwan",
                "nawr",
                "heno",
                "eto",
                "a",
                "ac",
                "lol",
                "ar hyn o bryd",
                "ar ben fy hun",
                "plis",
                "help",
            ),
            r"(?:dw i|wi|fi|rydw i|rwy|ydw i) (?:yn )?(?:ar|ar ben|ar ymyl) (?:y|yr) (?:<pont>"
            r"|<clogwyn>|<dibyn>|to)(?: (?:rwan|nawr|rwan hyn|heno|ar hyn o bryd))?@END",
            r"ar <ochr> anghywir (?:y|yr) (?:<rheiliau>|<ffens>|<rhwystr>)",
        ),
    ),
    Rule(
        "cy.amseru",
        # A set time or plan: "heno ydi'r noson", "ma gen i gynllun a dyddiad".
        any_of(
            r"(?:heno|heddiw|fory|yfory) (?:ydi|yw|ydy|fydd|ywr) (?:y|yr) (?:<noson>|<diwrnod>"
            r"|noswaith)" + closed_by(*_GENERIC_CONTINUATIONS),
            r"<cynllun> (?:a|ac) (?:<dyddiad>|amser|<dull>|lle)"
            + closed_by(*_GENERIC_CONTINUATIONS),
        ),
    ),
    Rule(
        "cy.ofn_be_wna_i",
        # "dw i ofn be wna i i fi fy hun"
        r"(?:ofn|<ofni>|<poeni>|<becso>|<pryderu>)(?: [a-z]+){0,2} (?:be|beth) (?:wna i|wnaf i"
        r"|wna fi|alla i|allwn i|fydda i yn ei <gwneud>|dw i am ei <gwneud>|wneith o|wneith e"
        r"|wnaiff o|wnaiff e|wneith hi|wnaiff hi)(?: ei <gwneud>)? i (?:fi |mi )?@HUN",
    ),
    Rule(
        "cy.gwneud_rhywbeth_i_hun",
        # "meddwl gwneud rhywbeth i fi fy hun heno" -- bare "rhywbeth" only: "rhywbeth
        # neis i fi fy hun" (a treat) has an adjective and does not match.
        r"(?:@INTENT|ofn) <gwneud> rhywbeth (?:drwg |stiwpid |<gwirion> |<dwl> |<twp> |<hurt> )?"
        r"i (?:fi |mi )?@HUN",
    ),
    Rule(
        "cy.ddim_yma_fory",
        # "dw i ddim yn meddwl bydda i yma fory"; "fydda i ddim yma fory, dw i ar
        # wyliau" is vetoed.
        any_of(
            r"(?:ddim yn <meddwl>|dim yn <meddwl>|falle na|efallai na|sa i yn <meddwl>|so i yn"
            r" <meddwl>) (?:y |mai |fod )?(?:bydda|fydda|fyddaf|byddaf|bydd|fydd) (?:i|fi)"
            r" (?:yma|o <cwmpas>|yn fyw|dal yma) (?:fory|yfory|heno|llawer hirach|yn hir|yn hirach"
            r"|wythnos nesa|erbyn y bore|erbyn bore fory|am lawer hirach|dros y penwythnos)",
            r"(?:fydda|fyddaf|bydda) (?:i|fi) ddim (?:yma|o <cwmpas>|yn fyw) (?:llawer hirach"
            r"|yn hir|yn hirach|am lawer hirach|erbyn y bore|erbyn bore fory)",
        ),
        unless_after=r"(?:achos|oherwydd|gan|dw i ar|ar <gwyliau>|yn y <gwaith>|yn <gweithio>)",
    ),
    Rule(
        "cy.peidio_bod_yma",
        # "hoffwn i jest peidio bod yma", "isio peidio bod yn fyw"
        r"(?:@EISIAU|hoffwn|hoffen|<dymuno>|<gobeithio>|licswn|leciwn)(?: i| fi)? @ADV"
        r"<peidio>(?: a| ag)? (?:<bod> yn fyw|<bod> o <cwmpas>|<bod> ar y ddaear|<bod> yma"
        + closed_by(*_GENERIC_CONTINUATIONS, "am byth", "yn y byd")
        + r"|<deffro>)",
    ),
    Rule(
        "cy.trefnu_ewyllys",
        # Final arrangements: "wedi sortio fy ewyllys a rhoi'r ci i fy chwaer",
        # "rhoi trefn ar fy materion".
        any_of(
            r"<ewyllys>(?: [a-z]+){0,3} (?:a|ac|wedyn|ac wedyn) (?:<rhoi>|wedi <rhoi>"
            r"|<ffarwelio>|<dweud> hwyl fawr)",
            r"(?:<rhoi>|<cael>) (?:trefn|<popeth> mewn trefn) ar fy (?:materion|<pethau>|<busnes>)",
        ),
    ),
    Rule(
        "cy.geiriau_olaf_yna_distawrwydd",
        # "neges yn deud sori am bopeth a dydi o ddim yn ateb"
        r"(?:hwyl fawr|ffarwel|sori am <popeth>|sori am <pob> dim|sori am bob peth|caru chi gyd"
        r"|caru chi i gyd|edrych ar ol mam|edrych ar ol dad|edrych ar ol y plant)(?: [a-z]+){0,6}"
        r" (?:ddim yn|dim yn|heb|wedi <stopio>) (?:<ateb>|<codi> y <ffon>|<codi>|<ymateb>"
        r"|<darllen>)",
    ),
    Rule(
        "cy.neb_yn_poeni_byw_marw",
        # "does neb yn poeni os dw i'n byw neu'n marw"
        r"neb (?:yn )?(?:<poeni>|<malio>|<hidio>|<becso>|<gofalio>|<sylwi>)(?: [a-z]+){0,4}"
        r" <byw> (?:neu|na|ta) (?:yn )?<marw>",
    ),
    Rule(
        "cy.gormod",
        # Overwhelm at a clause end: "mae o i gyd yn ormod" (cf. "it's all too much").
        r"(?:mae|ma) (?:o|e|hyn|y cyfan|yr cyfan|<pob> dim|<popeth>|<bywyd>) (?:i gyd )?(?:jest )?"
        r"yn (?:ormod|llawer gormod|rhy <llawer>)"
        + closed_by(*_GENERIC_CONTINUATIONS, "i fi", "i mi"),
        unless_before=r"(?:os|pan)",
    ),
    Rule(
        "cy.isio_gorffen_o",
        # "dw i isio gorffen o" at a clause end (cf. "I want to end it"); "isio gorffen o
        # cyn swper" / "gorffen o heno" (homework) are not closed by these words.
        r"(?:@EISIAU|mynd i|<barod> i|<meddwl> am) @ADV<gorffen|diweddu|pennu>\w* (?:o|e|fe|fo"
        r"|hi|hyn|efo hyn|gyda hyn)"
        + closed_by(
            "am byth",
            "unwaith ac am byth",
            "i gyd",
            "rhagor",
            "achos",
            "oherwydd",
            "a dw",
            "ac dw",
            "a fi",
            "lol",
            "ond",
            "y cyfan",
            "yn llwyr",
        ),
    ),
    Rule(
        "cy.chwilio_faint",
        # Researching a dose: "dw i wedi edrych faint o dabledi sydd angen". Counting
        # what is left in the box is vetoed.
        r"(?:<edrych>|<chwilio>|<gwglo>|googlo|<ymchwilio>|<tsiecio>|<checio>)\w*(?: [a-z]+){0,3}"
        r" faint o @MEDS",
        unless_after=r"(?:sydd |sy |sy gen i |sydd gen i |gen i )?(?:ar ol|yn weddill"
        r"|yn y <bocs>|ar <presgripsiwn>)",
    ),
)
