"""The public HTTP API (and, later, the widget and staff screens)."""
