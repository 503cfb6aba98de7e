"""The real router and peer desk fixtures the handoff tests use (Rasa is a stand-in)."""

from tests.router.test_handoff import clock, fake_rasa, peer_desk, router

__all__ = ["clock", "fake_rasa", "peer_desk", "router"]
