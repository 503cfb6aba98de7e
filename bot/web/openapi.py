"""The public API's OpenAPI description (`/api/openapi.json`), written out in full.

The routes read their bodies by hand (so every kind of bad input gets our bilingual error),
which leaves FastAPI nothing to describe them from; this module says what they accept and
answer, and `tests/web/test_openapi.py` fuzzes the app against it with schemathesis, and
checks that every /api route is described. Only /api is public: the chat page, the widget
loader and the staff screens are pages, not an API, and are left out.
"""

from __future__ import annotations

from typing import Any

LANG = {"type": "string", "enum": ["cy", "en"]}
LANG_OR_NULL = {"enum": ["cy", "en", None]}
STATE = {"type": "string", "enum": ["bot", "waiting_for_peer", "with_peer", "closed"]}
ERROR_CODES = [
    "invalid_request",
    "empty_message",
    "unknown_payload",
    "message_too_long",
    "conversation_not_found",
    "conversation_closed",
    "replayed_request",
    "not_holder",
    "origin_not_allowed",
    "request_too_large",
    "rate_limited",
]

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "description": "Every 4xx answer. The message is in the conversation's language; "
        "while that is unknown (lang null) it is Welsh, a blank line, then English.",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "lang"],
                "properties": {
                    "code": {"type": "string", "enum": ERROR_CODES},
                    "message": {"type": "string", "minLength": 1},
                    "lang": LANG_OR_NULL,
                },
            }
        },
    },
    "Button": {
        "type": "object",
        "required": ["title", "payload"],
        "properties": {"title": {"type": "string"}, "payload": {"type": "string"}},
    },
    "Card": {
        "type": "object",
        "description": "A directory result; the same facts are in the message text.",
        "required": ["title"],
        "properties": {
            "title": {"type": "string"},
            "organisation": {"type": ["string", "null"]},
            "area": {"type": ["string", "null"]},
            "starts_at": {"type": ["string", "null"]},
            "ends_at": {"type": ["string", "null"]},
            "when": {"type": ["string", "null"]},
            "delivery": {"type": ["array", "string", "null"]},
            "language": {"type": ["string", "null"]},
            "place": {"type": ["string", "null"]},
            "cost": {"type": ["string", "null"]},
            "booking": {"type": ["string", "null"]},
            "url": {"type": ["string", "null"]},
            "sample": {"type": "boolean"},
        },
    },
    "Message": {
        "type": "object",
        "required": ["text", "lang", "buttons", "cards", "from", "seq"],
        "properties": {
            "text": {"type": "string"},
            "lang": LANG,
            "buttons": {"type": "array", "items": {"$ref": "#/components/schemas/Button"}},
            "cards": {"type": "array", "items": {"$ref": "#/components/schemas/Card"}},
            "from": {"type": "string", "enum": ["bot", "peer", "system", "user"]},
            "seq": {"type": ["integer", "null"], "minimum": 1},
        },
    },
    "Turn": {
        "type": "object",
        "required": ["conversation_id", "language", "state", "messages"],
        "properties": {
            "conversation_id": {"type": "string"},
            "language": LANG_OR_NULL,
            "state": STATE,
            "messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}},
        },
    },
    "NewConversation": {
        "allOf": [
            {"$ref": "#/components/schemas/Turn"},
            {
                "type": "object",
                "required": ["conversation_token"],
                "properties": {
                    "conversation_token": {
                        "type": "string",
                        "description": "Only given here, only to whoever started the "
                        "conversation: deleting it needs this (Authorization: Bearer).",
                    }
                },
            },
        ]
    },
    "NewConversationRequest": {
        "type": "object",
        "properties": {
            "language": LANG_OR_NULL,
            "channel": {"type": "string", "enum": ["web", "api"]},
        },
    },
    "MessageRequest": {
        "type": "object",
        "description": "Exactly one of text (what the person wrote) or payload (a button's).",
        "properties": {
            "text": {"type": "string"},
            "payload": {"type": "string"},
            "client_message_id": {"type": "string", "minLength": 1, "maxLength": 64},
        },
        "oneOf": [{"required": ["text"]}, {"required": ["payload"]}],
    },
    "CrisisLine": {
        "type": "object",
        "required": ["slug", "name", "how", "when", "phone", "sms", "tel_href", "sms_href"],
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "how": {"type": "string"},
            "when": {"type": "string"},
            "phone": {"type": ["string", "null"]},
            "sms": {"type": ["string", "null"]},
            "tel_href": {"type": ["string", "null"]},
            "sms_href": {"type": ["string", "null"]},
        },
    },
    "CrisisLines": {
        "type": "object",
        "required": ["language", "lines"],
        "properties": {
            "language": LANG,
            "lines": {"type": "array", "items": {"$ref": "#/components/schemas/CrisisLine"}},
        },
    },
    "Live": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "checks"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "degraded"]},
            "checks": {"type": "object", "additionalProperties": {"type": "boolean"}},
            # /api/health only: turns Rasa did not answer in time, recently.
            "rasa_turns": {
                "type": "object",
                "required": ["window_seconds", "turns", "not_answered_in_time", "alert"],
                "properties": {
                    "window_seconds": {"type": "number"},
                    "turns": {"type": "integer", "minimum": 0},
                    "not_answered_in_time": {"type": "number", "minimum": 0, "maximum": 1},
                    "alert": {"type": "boolean"},
                },
            },
        },
    },
}


def _json(schema: str, description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        **extra,
    }


def _error(description: str, **extra: Any) -> dict[str, Any]:
    return _json("Error", description, **extra)


RETRY_AFTER = {
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before sending again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    }
}
COMMON_ERRORS = {
    "403": _error("A browser page on a site not in WIDGET_ALLOWED_ORIGINS (origin_not_allowed)."),
    "413": _error("The body is too large (request_too_large, message_too_long)."),
    "429": _error("Too many requests; see Retry-After (rate_limited).", **RETRY_AFTER),
}
CONVERSATION_ID = {
    "name": "conversation_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "From POST /api/conversations.",
}
FROM_NEW = {"conversation_id": "$response.body#/conversation_id"}

PATHS: dict[str, Any] = {
    "/api/conversations": {
        "post": {
            "operationId": "startConversation",
            "summary": "Start a conversation",
            "description": "Without a language, the welcome comes in Welsh, then English.",
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/NewConversationRequest"}
                    }
                },
            },
            "responses": {
                "201": {
                    **_json("NewConversation", "The new conversation and its welcome."),
                    "links": {
                        "GetConversation": {
                            "operationId": "getConversation",
                            "parameters": FROM_NEW,
                        },
                        "SendMessage": {"operationId": "sendMessage", "parameters": FROM_NEW},
                    },
                },
                "400": _error("Invalid JSON, or an unknown language or channel."),
                **COMMON_ERRORS,
            },
        }
    },
    "/api/conversations/{conversation_id}": {
        "get": {
            "operationId": "getConversation",
            "summary": "The conversation so far",
            "parameters": [
                CONVERSATION_ID,
                {
                    "name": "after_seq",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 999_999_999},
                    "description": "Only the messages after this seq (a client reconnecting).",
                },
            ],
            "responses": {
                "200": _json("Turn", "Every message (or those after after_seq)."),
                "400": _error("after_seq is not a whole number."),
                "404": _error("Unknown or expired conversation."),
                **COMMON_ERRORS,
            },
        },
        "delete": {
            "operationId": "deleteConversation",
            "summary": "Erase the conversation everywhere",
            "description": "Needs the conversation_token given when it started. Once "
            "erased it stays erased: a repeat answers 404, which means the same (it is gone).",
            "parameters": [CONVERSATION_ID],
            "security": [{"holderToken": []}],
            "responses": {
                "204": {"description": "Erased."},
                "403": _error("Not the holder's token (not_holder), or another site."),
                "404": _error("No such conversation (never was, expired, or already erased)."),
                "413": COMMON_ERRORS["413"],
            },
        },
    },
    "/api/conversations/{conversation_id}/messages": {
        "post": {
            "operationId": "sendMessage",
            "summary": "Send the person's message or a button's payload",
            "parameters": [CONVERSATION_ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/MessageRequest"}}
                },
            },
            "responses": {
                "200": _json("Turn", "The replies (none while with a peer supporter)."),
                "400": _error("Invalid JSON, wrong types, or both/neither of text and payload."),
                "404": _error("Unknown or expired conversation."),
                "409": _error("The conversation is closed, or a replayed id with new content."),
                "422": _error("Empty text, or a payload that names nothing known."),
                **COMMON_ERRORS,
            },
        }
    },
    "/api/crisis-lines": {
        "get": {
            "operationId": "crisisLines",
            "summary": "The crisis numbers open now, in one language",
            "parameters": [{"name": "language", "in": "query", "required": True, "schema": LANG}],
            "responses": {
                "200": _json("CrisisLines", "The lines open now, with tel: and sms: links."),
                "400": _error("No language, or not cy or en."),
                "403": COMMON_ERRORS["403"],
            },
        }
    },
    "/api/health": {
        "get": {
            "operationId": "health",
            "summary": "Whether every part answers",
            "responses": {
                "200": _json("Health", "Everything answers."),
                "503": _json("Health", "Something does not answer; checks say what."),
            },
        }
    },
    "/api/live": {
        "get": {
            "operationId": "live",
            "summary": "Liveness: this process answers (no I/O)",
            "responses": {"200": _json("Live", "The process is up.")},
        }
    },
    "/api/ready": {
        "get": {
            "operationId": "ready",
            "summary": "Readiness: this instance can take messages (database, and Redis if set)",
            "responses": {
                "200": _json("Health", "Ready."),
                "503": _json("Health", "Not ready; checks say what."),
            },
        }
    },
}


def describe_api(title: str, version: str) -> dict[str, Any]:
    """The whole document served at /api/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": "Cymar's public conversation API; see docs/api.md.",
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "holderToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The conversation_token from POST /api/conversations.",
                }
            },
        },
    }
