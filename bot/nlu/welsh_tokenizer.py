"""Whitespace tokens whose lemma is the Welsh radical form, so mutations share features.

Welsh changes the start of a word after many small words: "Caerdydd" is "yng Nghaerdydd",
"i Gaerdydd"; "lladd" is "ei ladd". Rasa's word-level CountVectorsFeaturizer reads
`token.lemma` (use_lemma, on by default), so mapping every mutated form to its radical lets
the model learn "cymorth" once and recognise "gymorth", "nghymorth" and "chymorth". The
char n-gram featurizer is configured with `use_lemma: false` so it still sees the surface.
English words are left as they are (simplemma's Welsh dictionary does not know them).
"""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.welsh import welsh_lemma


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class WelshAwareTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer plus a mutation-aware lemma on every token."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**WhitespaceTokenizer.get_default_config(), "lemmatize": True}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "WelshAwareTokenizer":
        return cls(config)

    @staticmethod
    def not_supported_languages() -> Optional[List[Text]]:
        return WhitespaceTokenizer.not_supported_languages()

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if not self._config.get("lemmatize", True):
            return tokens
        for token in tokens:
            token.lemma = welsh_lemma(token.text)
        return tokens
