"""What Cymar and Rasa keep about people, for how long, and how it is removed (docs/privacy.md)."""
