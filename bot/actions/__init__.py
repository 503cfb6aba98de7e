"""Custom actions for Rasa's action server: one action per module, thin, no I/O at import."""
