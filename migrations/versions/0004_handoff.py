"""peer support handoff, staff and audit

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:49:21.089600
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting", sa.String(length=30), nullable=True))
    op.create_table(
        "peer_opening_hours",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation_slug", sa.String(length=80), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.String(length=5), nullable=False),
        sa.Column("closes_at", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(["organisation_slug"], ["organisation.slug"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("peer_opening_hours", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_peer_opening_hours_organisation_slug"),
            ["organisation_slug"],
            unique=False,
        )

    op.create_table(
        "staff_account",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("organisation_slug", sa.String(length=80), nullable=True),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("ui_language", sa.String(length=2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_slug"],
            ["organisation.slug"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("telegram_user_id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "callback_request",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("contact_encrypted", sa.Text(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["handled_by"],
            ["staff_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("callback_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_callback_request_conversation_id"), ["conversation_id"], unique=False
        )

    op.create_table(
        "handoff_request",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("accepts_english", sa.Boolean(), nullable=False),
        sa.Column("topic_summary", sa.String(length=200), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("supporter_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("timeout_offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handback_note", sa.Text(), nullable=True),
        sa.Column("asked_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["supporter_id"],
            ["staff_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handoff_request", schema=None) as batch_op:
        batch_op.create_index("ix_handoff_queue", ["status", "urgent", "created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_handoff_request_conversation_id"), ["conversation_id"], unique=False
        )

    op.create_table(
        "staff_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "peer_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.String(length=4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff_request.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handoff_id"),
    )
    op.create_table(
        "safeguarding_concern",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=True),
        sa.Column("raised_by", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff_request.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["raised_by"],
            ["staff_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safeguarding_concern", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safeguarding_concern_conversation_id"), ["conversation_id"], unique=False
        )

    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("response_key", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key("fk_message_staff", "staff_account", ["staff_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_column("awaiting")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_constraint("fk_message_staff", type_="foreignkey")
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("staff_id")
        batch_op.drop_column("response_key")

    with op.batch_alter_table("safeguarding_concern", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safeguarding_concern_conversation_id"))

    op.drop_table("safeguarding_concern")
    op.drop_table("peer_feedback")
    op.drop_table("staff_session")
    with op.batch_alter_table("handoff_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_request_conversation_id"))
        batch_op.drop_index("ix_handoff_queue")

    op.drop_table("handoff_request")
    with op.batch_alter_table("callback_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_request_conversation_id"))

    op.drop_table("callback_request")
    op.drop_table("audit_event")
    op.drop_table("staff_account")
    with op.batch_alter_table("peer_opening_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_peer_opening_hours_organisation_slug"))

    op.drop_table("peer_opening_hours")
