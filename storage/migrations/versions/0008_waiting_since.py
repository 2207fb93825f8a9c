"""follow-ups waiting for Telegram: when they were due, so a delivery brings them all forward

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(
            sa.Column("waiting_since", storage.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch.create_index("ix_follow_ups_waiting", ["status", "waiting_since"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.drop_index("ix_follow_ups_waiting")
        batch.drop_column("waiting_since")
