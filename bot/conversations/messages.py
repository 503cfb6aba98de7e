"""Storing messages: every message gets the next sequence number of its conversation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.content.model import ChatMessage, Lang
from bot.store.models import Conversation, Message


def next_seq(session: Session, conversation: Conversation) -> int:
    """The next seq, with the conversation's row locked until the transaction ends.

    Two web instances (a person's message on one, a supporter's on the other) may append
    to one conversation at the same moment; on PostgreSQL the row lock makes the second
    wait for the first's commit, so both get their own seq and neither fails. SQLite has no
    row locks (SQLAlchemy leaves FOR UPDATE out) and takes one writer at a time anyway.
    """
    session.execute(
        select(Conversation.id)
        .where(Conversation.id == conversation.id)
        .with_for_update(key_share=True)
    )
    current = session.scalar(
        select(func.max(Message.seq)).where(Message.conversation_id == conversation.id)
    )
    return int(current or 0) + 1


def append(
    session: Session,
    conversation: Conversation,
    *,
    sender: str,
    text: str | None,
    lang: Lang | None,
    payload: str | None = None,
    buttons: list[Any] | None = None,
    cards: list[Any] | None = None,
    client_message_id: str | None = None,
    staff_id: int | None = None,
    response_key: str | None = None,
    seq: int | None = None,
) -> Message:
    message = Message(
        conversation_id=conversation.id,
        seq=seq or next_seq(session, conversation),
        sender=sender,
        text=text,
        payload=payload,
        lang=lang,
        buttons=buttons or [],
        cards=cards or [],
        client_message_id=client_message_id,
        staff_id=staff_id,
        response_key=response_key,
    )
    session.add(message)
    session.flush()
    return message


def store_replies(
    session: Session,
    conversation: Conversation,
    messages: list[ChatMessage],
    sender: str = "bot",
    start_seq: int | None = None,
) -> int:
    """Store the assistant's (or the system's) messages; returns the last seq used."""
    seq = start_seq or next_seq(session, conversation)
    for message in messages:
        append(
            session,
            conversation,
            sender=sender,
            text=message.text,
            lang=message.lang,
            buttons=[b.as_dict() for b in message.buttons],
            cards=message.cards,
            response_key=message.key,
            seq=seq,
        )
        message.sender, message.seq = sender, seq
        seq += 1
    return seq - 1


def as_chat(message: Message) -> ChatMessage:
    """A stored message as a screen shows it, with its sender and its place."""
    chat = ChatMessage.from_dict(
        {
            "text": message.text or "",
            "lang": message.lang,
            "buttons": message.buttons,
            "cards": message.cards,
        }
    )
    chat.sender, chat.seq = message.sender, message.seq
    return chat
