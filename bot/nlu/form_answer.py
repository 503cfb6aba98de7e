"""A message that is only a place or a time is the `inform` intent, whatever DIET guessed.

"Mumbles", "ym Mhenarth plis", "nos Fercher": the answer to the search form's "Where?" or
"When?". DIET cannot know every town in Wales (and every mutated form of its name), but
the directory's gazetteer and time parser do (bot/directory/answers.py). Runs after the
FallbackClassifier, so an unseen town is not a fallback, and before CrisisOverride, so
risk still wins.
"""

from datetime import datetime
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.directory.answers import only_answers_the_form
from bot.directory.entities import extract
from bot.directory.schedule import WALES

INFORM_INTENT = "inform"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FormAnswer(GraphComponent, IntentClassifier):
    """Sets `inform` for messages that only name a place, a time or a way of attending."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": INFORM_INTENT}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FormAnswer":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        now = datetime.now(WALES)
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue  # button payloads say exactly what they mean
            if not only_answers_the_form(text, extract(text, now)):
                continue
            inform = {"name": self.component_config["intent"], "confidence": 1.0}
            message.set(INTENT, inform, add_to_output=True)
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != inform["name"]
            ]
            message.set(INTENT_RANKING_KEY, [inform, *ranking], add_to_output=True)
        return messages
