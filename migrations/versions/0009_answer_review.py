"""answers: changes (both languages together) move draft -> in review -> approved -> published

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "response_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("response_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("editor_ids", sa.JSON(), nullable=False),
        sa.Column("base_cy_id", sa.Integer(), nullable=True),
        sa.Column("base_en_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signoff_by", sa.Integer(), nullable=True),
        sa.Column("signoff_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("restores_change_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["response_key"], ["response.key"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["staff_account.id"]),
        sa.ForeignKeyConstraint(["submitted_by"], ["staff_account.id"]),
        sa.ForeignKeyConstraint(["approved_by"], ["staff_account.id"]),
        sa.ForeignKeyConstraint(["signoff_by"], ["staff_account.id"]),
        sa.ForeignKeyConstraint(["published_by"], ["staff_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("response_change", schema=None) as batch_op:
        batch_op.create_index("ix_change_key_status", ["response_key", "status"], unique=False)
    with op.batch_alter_table("response_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_response_revision_change_id_response_change",
            "response_change",
            ["change_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_revision_change", ["change_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("response_revision", schema=None) as batch_op:
        batch_op.drop_index("ix_revision_change")
        batch_op.drop_constraint(
            "fk_response_revision_change_id_response_change", type_="foreignkey"
        )
        batch_op.drop_column("change_id")
    with op.batch_alter_table("response_change", schema=None) as batch_op:
        batch_op.drop_index("ix_change_key_status")
    op.drop_table("response_change")
