"""The router: every message from every channel goes through here."""
