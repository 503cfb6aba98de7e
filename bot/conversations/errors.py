"""Errors the public API reports: a code, a status and the response key of the message."""

from __future__ import annotations


class ConversationError(Exception):
    """A problem the person can act on; the API shows it in the conversation's language."""

    status = 400
    code = "invalid_request"
    key = "utter_error_invalid_request"

    def __init__(self, language: str | None = None, **values: object) -> None:
        super().__init__(self.code)
        self.language = language
        self.values = values


class InvalidRequest(ConversationError):
    pass


class EmptyMessage(ConversationError):
    status, code, key = 422, "empty_message", "utter_error_empty_message"


class MessageTooLong(ConversationError):
    status, code, key = 413, "message_too_long", "utter_error_message_too_long"


class UnknownPayload(ConversationError):
    status, code, key = 422, "unknown_payload", "utter_error_unknown_payload"


class ConversationNotFound(ConversationError):
    status, code, key = 404, "conversation_not_found", "utter_error_conversation_not_found"


class ConversationClosed(ConversationError):
    status, code, key = 409, "conversation_closed", "utter_error_conversation_closed"


class ReplayMismatch(ConversationError):
    """The same client_message_id arrived again with different content."""

    status, code, key = 409, "replayed_request", "utter_error_invalid_request"


class NotHolder(ConversationError):
    """Deleting a conversation needs the secret given to whoever started it."""

    status, code, key = 403, "not_holder", "utter_error_not_holder"


class OriginNotAllowed(ConversationError):
    """A browser page on a site that is not in WIDGET_ALLOWED_ORIGINS."""

    status, code, key = 403, "origin_not_allowed", "utter_error_origin_not_allowed"


class RequestTooLarge(ConversationError):
    status, code, key = 413, "request_too_large", "utter_error_request_too_large"


class RateLimited(ConversationError):
    """Too many requests; the answer carries Retry-After (seconds)."""

    status, code, key = 429, "rate_limited", "utter_error_rate_limited"

    def __init__(self, language: str | None = None, retry_after: int = 1) -> None:
        super().__init__(language)
        self.retry_after = retry_after


class StorageUnavailable(ConversationError):
    """The database could not store (or read) the conversation, so the message was not
    accepted: nothing is acknowledged that is not stored. The client sends it again (the
    widget does so by itself; the same client_message_id is answered once)."""

    status, code, key = 503, "storage_unavailable", "utter_error_storage_unavailable"
