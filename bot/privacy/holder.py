"""The secret that proves who started a web conversation, for deleting it.

The conversation id is the credential for reading and writing a conversation: it is
random (128 bits), sent only to the person's browser, and never shown to peer supporters.
It does appear in our logs and in the audit table, though, so an id alone must not be
enough to destroy a conversation. `POST /api/conversations` also returns a
`conversation_token` (256 random bits) that only the browser keeps; we store its SHA-256,
and `DELETE /api/conversations/{id}` needs the token itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.store.models import Conversation


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_holder_token() -> tuple[str, str]:
    """A new secret and the hash to keep, for storing with the new conversation itself (one
    transaction: a conversation never exists without its token, and a start costs one
    commit)."""
    token = secrets.token_urlsafe(32)
    return token, _digest(token)


def issue_holder_token(sessions: Callable[[], Session], conversation_id: str) -> str:
    """A new secret for an existing conversation (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with sessions() as session, session.begin():
        session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(holder_token_hash=_digest(token))
        )
    return token


def is_holder(stored_hash: str | None, token: str | None) -> bool:
    """Constant-time comparison; a conversation with no stored hash has no web holder."""
    if not stored_hash or not token or len(token) > 200:
        return False
    return hmac.compare_digest(stored_hash, _digest(token))


def bearer_token(authorization: str | None) -> str | None:
    """The token from an `Authorization: Bearer <token>` header."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None
