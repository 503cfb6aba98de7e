"""A message that is only "ie", "nac ydw", "diolch x" or "hwyl 'te" gets that intent.

The words are a closed class a speaker can list (bot/short_replies.py); DIET, which has
a character or two to go on, is left everything else. Runs after the FallbackClassifier
(a known short reply is not a fallback) and before FormAnswer and CrisisOverride, so a
place, a time or a sign of risk still wins.

DIET's own guess stays in the output under `short_reply.diet_intent`, so the NLU
benchmark can report what the model alone would have done (the list and the evaluation
data were both written by people, and the benchmark must not hide that).
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.short_replies import short_reply_intent

SHORT_REPLY = "short_reply"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ShortReply(GraphComponent, IntentClassifier):
    """Sets the intent of a message made only of short closed-class replies."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ShortReply":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue  # button payloads say exactly what they mean
            name = short_reply_intent(text)
            if name is None:
                continue
            before = (message.get(INTENT) or {}).get("name")
            chosen = {"name": name, "confidence": 1.0}
            message.set(INTENT, chosen, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
            message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
            message.set(SHORT_REPLY, {"diet_intent": before}, add_to_output=True)
        return messages
