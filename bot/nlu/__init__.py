"""Rasa custom NLU components (imported only by the Rasa environment)."""
