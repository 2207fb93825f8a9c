"""Typed SQLAlchemy models: every table the bot stores, with UTC timestamps and cascades."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, joinedload, mapped_column, relationship


def utcnow() -> dt.datetime:
    """The current instant, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no offset, so naive values read from it are UTC by construction.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# Constraint names are fixed so Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Buttons carry these tables' ids: SQLite must never hand an erased row's id to a new one
# (its default is max(id) + 1). PostgreSQL's sequences never go back anyway.
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


class ApplicationStatus(StrEnum):
    OPEN = "open"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class InterviewStatus(StrEnum):
    HELD = "held"
    UPCOMING = "upcoming"
    CANCELLED = "cancelled"


class FollowUpKind(StrEnum):
    THANK_YOU = "thank_you"
    THANK_YOU_CHASE = "thank_you_chase"
    CALL = "call"
    EMAIL = "email"
    CHECKLIST = "checklist"
    DEBRIEF_PROMPT = "debrief_prompt"


# Kinds that go together wherever follow-ups are handled.
THANK_YOU_KINDS = (FollowUpKind.THANK_YOU, FollowUpKind.THANK_YOU_CHASE)  # a note, its chase
CALL_KINDS = (FollowUpKind.CALL, FollowUpKind.EMAIL)  # the call, or the email instead of it
# What a language model drafts (bot/llm/): notes, call scripts, follow-up emails.
MODEL_DRAFT_KINDS = (FollowUpKind.THANK_YOU, FollowUpKind.CALL, FollowUpKind.EMAIL)


class FollowUpStatus(StrEnum):
    PENDING = "pending"  # waiting for its due time
    SENDING = "sending"  # claimed by a dispatcher; the lease says until when
    SENT = "sent"  # delivered, waiting for the user's tap
    DONE = "done"  # the user did it
    SKIPPED = "skipped"  # the user chose not to
    CANCELLED = "cancelled"  # made moot (an outcome, a newer follow-up)
    PAUSED = "paused"  # the user blocked the bot; resumes on /start
    FAILED = "failed"  # could not be delivered after bounded retries


OPEN_FOLLOW_UP_STATUSES = (FollowUpStatus.PENDING, FollowUpStatus.SENDING, FollowUpStatus.SENT)
# Open and not being delivered: what the user's changes may touch (a message being made
# is made from the row as it was claimed).
OPEN_UNCLAIMED_STATUSES = (FollowUpStatus.PENDING, FollowUpStatus.SENT)

# A new user's settings until they change them in /settings (onboarding asks for the rest).
DEFAULT_CALL_HOUR = 10
DEFAULT_WAIT_DAYS = 14


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    sign_name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    nudge_hour: Mapped[int] = mapped_column(Integer, default=9)
    nudge_minute: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Call nudges go at this hour on a weekday (business hours), whatever the nudge hour.
    call_hour: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_CALL_HOUR, server_default=str(DEFAULT_CALL_HOUR)
    )
    default_wait_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_WAIT_DAYS)
    phone: Mapped[str | None] = mapped_column(String(40))
    last_pitch: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    applications: Mapped[list[JobApplication]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class JobApplication(Base):
    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_user_status", "user_id", "status"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.OPEN)
    # When it was closed (an outcome): an undo within a day reopens it.
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="applications", lazy="raise")
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Interview.round_number",
        lazy="raise",
    )


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_application", "application_id", "round_number"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("applications.id", ondelete="CASCADE")
    )
    round_number: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default=InterviewStatus.HELD)
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The IANA zone the user was in when they entered `held_at` (the export shows it there).
    timezone: Mapped[str | None] = mapped_column(String(64))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    timeline_text: Mapped[str | None] = mapped_column(String(200))
    timeline_date: Mapped[dt.date | None] = mapped_column(Date)
    # False when the user says they did not ask about the hiring timeline.
    timeline_asked: Mapped[bool] = mapped_column(Boolean, default=True)
    pitch: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[JobApplication] = relationship(back_populates="interviews", lazy="raise")
    interviewers: Mapped[list[Interviewer]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Interviewer.position",
        lazy="raise",
    )


class Interviewer(Base):
    __tablename__ = "interviewers"
    __table_args__ = (Index("ix_interviewers_interview", "interview_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("interviews.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(100))
    contact: Mapped[str | None] = mapped_column(String(200))
    topics: Mapped[str | None] = mapped_column(Text)
    # The talking points as the user approved them (bot/domain/reading/points.py, as JSON); None for
    # an interviewer saved before the review existed: read from `topics` with the defaults.
    points: Mapped[Any] = mapped_column(JSON, nullable=True)

    interview: Mapped[Interview] = relationship(back_populates="interviewers", lazy="raise")


class FollowUp(Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        # The dispatcher's "what is due now" query: status first, then due time.
        Index("ix_follow_ups_due", "status", "due_at"),
        Index("ix_follow_ups_lease", "status", "lease_expires_at"),
        Index("ix_follow_ups_user", "user_id", "status"),
        Index("ix_follow_ups_application", "application_id"),
        # Follow-ups waiting for Telegram to answer again: brought forward when it does.
        Index("ix_follow_ups_waiting", "status", "waiting_since"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Denormalised owner: every button checks it, and blocking the bot pauses by it.
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("applications.id", ondelete="CASCADE")
    )
    interview_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("interviews.id", ondelete="CASCADE")
    )
    interviewer_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("interviewers.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default=FollowUpStatus.PENDING)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    acted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # How many "No answer" taps led here: the second one offers an email instead.
    no_answer_count: Mapped[int] = mapped_column(Integer, default=0)
    # The user's own edit of the drafted text, shown instead of the draft.
    edited_text: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # When it was due while Telegram could not be reached (network, timeout, 5xx), until it
    # is delivered: a delivery brings every waiting follow-up forward, and one delivered
    # more than an hour late says when it was due.
    waiting_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The draft as delivered, in plain text (bot/follow_ups/as_sent.py), for the export.
    sent_subject: Mapped[str | None] = mapped_column(String(300))
    sent_text: Mapped[str | None] = mapped_column(Text)
    # Another draft kept with the follow-up: the language model's, checked, or another
    # version of ours (bot/llm/stored.py, as JSON). None: our own draft, drawn from the rows.
    model_draft: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    # What an open follow-up was when closing its application cancelled it: an undo restores it.
    status_before_close: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(lazy="raise")
    application: Mapped[JobApplication] = relationship(lazy="raise")
    interview: Mapped[Interview | None] = relationship(lazy="raise")
    interviewer: Mapped[Interviewer | None] = relationship(lazy="raise")


# Everything a follow-up's message is made from: the user, the application with every round
# and its people (a later round's checklist recalls the earlier ones), the interview with
# its people, the person. One joined query for the rows and what they point to, one per
# collection: half the time of a query per relationship. Relationships never load lazily
# (lazy="raise"): a query that forgets one fails at once, naming it.
FOLLOW_UP_RENDERED_WITH: Final = (
    joinedload(FollowUp.user, innerjoin=True),
    joinedload(FollowUp.application, innerjoin=True)
    .selectinload(JobApplication.interviews)
    .selectinload(Interview.interviewers),
    joinedload(FollowUp.interview).selectinload(Interview.interviewers),
    joinedload(FollowUp.interviewer),
)


class ConversationState(Base):
    """One ConversationHandler's state for one key (PTB persistence)."""

    __tablename__ = "conversation_states"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class UserData(Base):
    """PTB's per-user data: the partial answers of a conversation in progress."""

    __tablename__ = "user_data"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class HandledUpdate(Base):
    """A Telegram update whose unit of work committed, or that was given up on (`error`).

    Kept for a bounded window (see storage/updates.py): a redelivery within it is skipped,
    and after Telegram restarts its ids at random (a week without updates) nothing is
    mistaken for old.
    """

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    error: Mapped[str | None] = mapped_column(Text)


class HeldUpdate(Base):
    """An update confirmed to Telegram before it was handled, kept here until it is.

    Long polling can only confirm updates in order; one stuck for long (a database
    retrying) would otherwise keep Telegram from sending anything newer.
    """

    __tablename__ = "held_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[Any] = mapped_column(JSON)
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutgoingReply(Base):
    """A Bot API call a handled update makes, stored in the update's own transaction.

    Written with the commit, deleted once made: at start, what is still here goes out (a
    crash after the commit repeats a reply rather than losing it). One that Telegram kept
    refusing with flood waits for many minutes is kept with `given_up_at` until the user's
    next message, which says so.
    """

    __tablename__ = "outgoing_replies"
    # A row is deleted by id once made: an id never names a newer reply.
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # The user of a private chat (a 403 pauses their follow-ups); None in a group.
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    channel: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(64))
    params: Mapped[Any] = mapped_column(JSON)
    files: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    given_up_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
