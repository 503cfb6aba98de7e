"""areas of Wales in both languages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:18:50.477905
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "area",
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_cy", sa.String(length=120), nullable=False),
        sa.Column("health_board_slug", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["health_board_slug"],
            ["area.slug"],
        ),
        sa.PrimaryKeyConstraint("slug"),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_service_health_board", "area", ["health_board_slug"], ["slug"]
        )
        batch_op.create_foreign_key("fk_service_area", "area", ["area_slug"], ["slug"])


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_constraint("fk_service_area", type_="foreignkey")
        batch_op.drop_constraint("fk_service_health_board", type_="foreignkey")

    op.drop_table("area")
