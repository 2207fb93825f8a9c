"""control after saving, and the hours users choose

- follow_ups.claimed_by widens to 128: a worker id is bounded by bot/app.worker_name, and a
  long pod hostname made every claim fail on PostgreSQL at 64;
- follow_ups.status_before_close and applications.closed_at: closing an application can be
  undone, restoring exactly the follow-ups it cancelled;
- users.call_hour (business hour for call nudges, Monday to Friday) and users.nudge_minute
  (the reminder time may be "7:30pm");
- interviews.timezone: the zone the interview time was entered in, for the export.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.alter_column(
            "claimed_by", existing_type=sa.String(length=64), type_=sa.String(length=128)
        )
        batch.add_column(sa.Column("status_before_close", sa.String(length=16), nullable=True))
    with op.batch_alter_table("applications") as batch:
        batch.add_column(
            sa.Column("closed_at", storage.models.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("call_hour", sa.Integer(), nullable=False, server_default=sa.text("10"))
        )
        batch.add_column(
            sa.Column("nudge_minute", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("timezone")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("nudge_minute")
        batch.drop_column("call_hour")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("closed_at")
    with op.batch_alter_table("follow_ups") as batch:
        batch.drop_column("status_before_close")
        batch.alter_column(
            "claimed_by", existing_type=sa.String(length=128), type_=sa.String(length=64)
        )
