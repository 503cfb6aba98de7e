"""directory sync: remember what each organisation and service last matched in git

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("organisation", "service"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("synced_fingerprint", sa.String(64), nullable=True))


def downgrade() -> None:
    for table in ("organisation", "service"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("synced_fingerprint")
