"""Rasa entity extractor for directory searches: area, when, topic, language of delivery.

Wraps bot.directory.entities so `rasa shell`, `rasa test` and the live assistant fill the
search form's slots from any message ("sessions in Wrexham next week" fills both at once).
Values are normalised (an area slug, a time label), so the slots hold what search needs.
"""

from datetime import datetime
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.directory.entities import extract
from bot.directory.schedule import WALES


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DirectoryEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds area, when, topic and delivery_language entities with normalised values."""

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
    ) -> "DirectoryEntityExtractor":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        now = datetime.now(WALES)
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue  # button payloads carry their own entities
            found = [
                {
                    "entity": e.entity,
                    "value": e.value,
                    "start": e.start,
                    "end": e.end,
                    "confidence": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for e in extract(text, now)
            ]
            if found:
                message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)
        return messages
