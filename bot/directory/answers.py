"""Is a message only an answer to the search form ("in Bangor", "nos Fercher", "online")?

A message that names a place or a time and says nothing else is an answer to "Where?" or
"When?", whatever a statistical model makes of an unseen town. The NLU component
`bot.nlu.form_answer.FormAnswer` uses this to set the `inform` intent deterministically,
so DIET is only asked about messages that say more ("is there anything in Bangor?").
Pure Python, shared with the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.directory.entities import Entity
from bot.welsh import fold

# Entities that answer the form's questions: a place or a time. "Online?" or "in person?"
# alone is as likely a question about courses, and "in Welsh" a language choice, so those
# are left to the model.
FORM_ENTITIES = frozenset({"area", "when"})
NOT_A_PLACE = frozenset({"online", "anywhere"})

# Words that can surround a place or a time in a short answer, in either language (folded).
FILLER = frozenset(
    """
    in at on near around round by the a an from for to of please pls plz ta thanks thx
    cheers ok okay um umm er erm hmm oh and or maybe probably perhaps somewhere i im i'm am
    live living based me my its it's it is fine would be good best ideally preferably if
    possible only just yes yeah yep sure how what about area town city then
    yn yng ym o ar yr y 'r ac neu plis os gwelwch dda diolch rhywle ger agos dw rwy rydw
    rwyf wi ydw byw tua iawn 'ma yma ie ia ydi bosib posib bosibl ardal dre tref dinas
    gwell well gorau falle efallai fi mi sy sydd efo gyda hefyd jyst rownd cyffiniau
    i'n dwi dwi'n rwy'n wi'n fi'n mae ma 'n online lein arlein
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|'[a-z]+")


def only_answers_the_form(text: str, entities: Iterable[Entity]) -> bool:
    """True if the message is a place, a time or a way of attending, and filler words."""
    found = [e for e in entities if e.entity in FORM_ENTITIES]
    if not any(e.entity == "when" or e.value not in NOT_A_PLACE for e in found):
        return False
    found += [e for e in entities if e.entity in ("delivery", "delivery_language")]
    if not found:
        return False
    rest = fold(text)
    for entity in sorted(found, key=lambda e: len(e.text), reverse=True):
        rest = rest.replace(fold(entity.text), " ")
    return all(word in FILLER for word in _WORD.findall(rest))
