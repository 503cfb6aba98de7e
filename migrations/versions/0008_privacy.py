"""privacy: holder token, anonymous daily counts, job lease; concerns outlive conversations

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0004 created these foreign keys without names: PostgreSQL named them itself, and SQLite's
# batch mode finds them through this naming convention.
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _concern_keys(ondelete: str) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    conversation_fk = (
        "safeguarding_concern_conversation_id_fkey"
        if postgres
        else "fk_safeguarding_concern_conversation_id_conversation"
    )
    handoff_fk = (
        "safeguarding_concern_handoff_id_fkey"
        if postgres
        else "fk_safeguarding_concern_handoff_id_handoff_request"
    )
    with op.batch_alter_table(
        "safeguarding_concern", naming_convention=None if postgres else SQLITE_NAMES
    ) as batch_op:
        batch_op.drop_constraint(conversation_fk, type_="foreignkey")
        batch_op.drop_constraint(handoff_fk, type_="foreignkey")
        batch_op.alter_column(
            "conversation_id",
            existing_type=sa.String(length=32),
            nullable=ondelete == "SET NULL",
        )
        batch_op.create_foreign_key(
            conversation_fk, "conversation", ["conversation_id"], ["id"], ondelete=ondelete
        )
        batch_op.create_foreign_key(
            handoff_fk, "handoff_request", ["handoff_id"], ["id"], ondelete=ondelete
        )


def upgrade() -> None:
    with op.batch_alter_table("conversation") as batch_op:
        batch_op.add_column(sa.Column("holder_token_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("safeguarding_concern") as batch_op:
        batch_op.add_column(sa.Column("detached_at", sa.DateTime(timezone=True), nullable=True))
    _concern_keys("SET NULL")
    op.create_table(
        "usage_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False, server_default="0")
            for name in (
                "conversations",
                "messages_from_people",
                "messages_to_people",
                "handoffs",
                "peer_chats",
                "crisis_flags",
                "callbacks",
                "feedback_helpful",
                "feedback_not_helpful",
                "erased_on_request",
            )
        ),
        sa.PrimaryKeyConstraint("day", "channel", "language"),
    )
    op.create_table(
        "job_lease",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("job_lease")
    op.drop_table("usage_daily")
    # Concerns whose conversation has gone cannot point at it again.
    op.execute("DELETE FROM safeguarding_concern WHERE conversation_id IS NULL")
    _concern_keys("CASCADE")
    with op.batch_alter_table("safeguarding_concern") as batch_op:
        batch_op.drop_column("detached_at")
    with op.batch_alter_table("conversation") as batch_op:
        batch_op.drop_column("holder_token_hash")
