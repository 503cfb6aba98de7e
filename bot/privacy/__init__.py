"""Privacy: erasing and expiring what Cymar and Rasa keep about a person."""
