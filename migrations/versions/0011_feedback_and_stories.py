"""feedback and stories: "Was this helpful?" taps and anonymous stories for MSC panels

Neither table has a conversation id or a time of day: both are anonymous by design.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 05:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("response_key", sa.String(length=120), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_answer_feedback_day_key", "answer_feedback", ["day", "response_key"])
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("follows", sa.String(length=40), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("selection_note", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_story_day", "story", ["day"])
    op.create_table(
        "story_tag",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name="fk_story_tag_story_id_story", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "tag"),
    )
    op.create_index("ix_story_tag_tag", "story_tag", ["tag"])


def downgrade() -> None:
    op.drop_index("ix_story_tag_tag", table_name="story_tag")
    op.drop_table("story_tag")
    op.drop_index("ix_story_day", table_name="story")
    op.drop_table("story")
    op.drop_index("ix_answer_feedback_day_key", table_name="answer_feedback")
    op.drop_table("answer_feedback")
