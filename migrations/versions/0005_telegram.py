"""telegram chats for people, and long button payloads

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:12:40.118302
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "telegram_chat",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("last_sent_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id"),
        sa.UniqueConstraint("conversation_id"),
    )
    op.create_table(
        "telegram_button",
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("payload", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("telegram_button")
    op.drop_table("telegram_chat")
