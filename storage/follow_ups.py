"""Repository for follow-ups: scheduling them, and what the user does with them (done, snooze,
skip, an outcome, an edit). The dispatcher's claims are in storage/claims.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from storage.claims import UNCLAIMED, update_follow_ups
from storage.models import (
    FOLLOW_UP_RENDERED_WITH,
    MODEL_DRAFT_KINDS,
    OPEN_FOLLOW_UP_STATUSES,
    OPEN_UNCLAIMED_STATUSES,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interviewer,
)


async def schedule(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int,
    kind: FollowUpKind,
    due_at: dt.datetime,
    interview_id: int | None = None,
    interviewer_id: int | None = None,
    no_answer_count: int = 0,
    edited_text: str | None = None,
) -> FollowUp:
    """Add one pending follow-up."""
    follow_up = FollowUp(
        user_id=user_id,
        application_id=application_id,
        interview_id=interview_id,
        interviewer_id=interviewer_id,
        kind=kind,
        status=FollowUpStatus.PENDING,
        due_at=due_at,
        no_answer_count=no_answer_count,
        edited_text=edited_text,
    )
    session.add(follow_up)
    await session.flush()
    return follow_up


async def transition(
    session: AsyncSession,
    *,
    follow_up_id: int,
    user_id: int,
    to_status: FollowUpStatus,
    now: dt.datetime,
    from_statuses: Iterable[FollowUpStatus] = OPEN_FOLLOW_UP_STATUSES,
) -> bool:
    """Move one of the user's follow-ups to `to_status` if it is in `from_statuses` (open).

    A conditional UPDATE, so of two taps racing on one button only one acts.
    """
    return bool(
        await update_follow_ups(
            session,
            FollowUp.id == follow_up_id,
            FollowUp.user_id == user_id,
            FollowUp.status.in_(list(from_statuses)),
            status=to_status,
            acted_at=now,
            **UNCLAIMED,
            updated_at=now,
        )
    )


async def set_call_contact(
    session: AsyncSession, *, follow_up: FollowUp, interviewer: Interviewer, now: dt.datetime
) -> bool:
    """The person a waiting call or email is about, as the user picked them; False when the
    follow-up is no longer waiting (being delivered, done, closed) or the person is not of its
    interview."""
    if interviewer.interview_id != follow_up.interview_id:
        return False
    changed = await update_follow_ups(
        session,
        FollowUp.id == follow_up.id,
        FollowUp.user_id == follow_up.user_id,
        FollowUp.status.in_(OPEN_UNCLAIMED_STATUSES),
        interviewer_id=interviewer.id,
        updated_at=now,
    )
    if changed:
        set_committed_value(follow_up, "interviewer_id", interviewer.id)
        set_committed_value(follow_up, "interviewer", interviewer)
    return bool(changed)


async def reschedule(
    session: AsyncSession,
    *,
    follow_up_id: int,
    user_id: int,
    due_at: dt.datetime,
    now: dt.datetime,
) -> bool:
    """Make an open follow-up of the user's due again at `due_at` (snooze, remind me later)."""
    return bool(
        await update_follow_ups(
            session,
            FollowUp.id == follow_up_id,
            FollowUp.user_id == user_id,
            FollowUp.status.in_(OPEN_UNCLAIMED_STATUSES),
            status=FollowUpStatus.PENDING,
            due_at=due_at,
            # A time the user chose: no longer waiting for Telegram, never brought forward.
            waiting_since=None,
            **UNCLAIMED,
            updated_at=now,
        )
    )


async def cancel_open(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int | None = None,
    interviewer_id: int | None = None,
    kinds: Iterable[FollowUpKind] | None = None,
    except_id: int | None = None,
    now: dt.datetime,
    remember: bool = False,
) -> int:
    """Cancel the user's open follow-ups, narrowed by application, interviewer and kind.

    With `remember` each keeps the status it had (status_before_close) for an undo.
    """
    statement = update(FollowUp).where(
        FollowUp.user_id == user_id, FollowUp.status.in_(OPEN_FOLLOW_UP_STATUSES)
    )
    if application_id is not None:
        statement = statement.where(FollowUp.application_id == application_id)
    if interviewer_id is not None:
        statement = statement.where(FollowUp.interviewer_id == interviewer_id)
    if kinds is not None:
        statement = statement.where(FollowUp.kind.in_(list(kinds)))
    if except_id is not None:
        statement = statement.where(FollowUp.id != except_id)
    result = await session.execute(
        statement.values(
            status=FollowUpStatus.CANCELLED,
            # SQL reads the right-hand side before the update: this is the old status.
            **({"status_before_close": FollowUp.status} if remember else {}),
            **UNCLAIMED,
            updated_at=now,
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def restore_closed(
    session: AsyncSession, *, user_id: int, application_id: int, now: dt.datetime
) -> int:
    """Put back the follow-ups that closing the application cancelled; returns how many.

    One that was being delivered at the time comes back pending: whether it arrived is
    unknown, and a second copy is better than none.
    """
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.user_id == user_id,
            FollowUp.application_id == application_id,
            FollowUp.status == FollowUpStatus.CANCELLED,
            FollowUp.status_before_close.is_not(None),
        )
        .values(
            status=case(
                (FollowUp.status_before_close == FollowUpStatus.SENDING, FollowUpStatus.PENDING),
                else_=FollowUp.status_before_close,
            ),
            status_before_close=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def load_follow_up(session: AsyncSession, *, follow_up_id: int) -> FollowUp | None:
    """A follow-up with everything needed to render it: user, application, interview, people."""
    return (
        await session.scalars(
            select(FollowUp).where(FollowUp.id == follow_up_id).options(*FOLLOW_UP_RENDERED_WITH)
        )
    ).one_or_none()


async def schedule_chases(
    session: AsyncSession, *, chases: Sequence[tuple[FollowUp, dt.datetime]]
) -> list[FollowUp]:
    """The one chase of each sent thank-you, due at its time; returns those added.

    A note chased (or scheduled) before gets no second chase. One query finds the chases
    that exist for the batch, and one flush inserts the new ones.
    """
    if not chases:
        return []
    found = await session.execute(
        select(FollowUp.user_id, FollowUp.interview_id, FollowUp.interviewer_id).where(
            FollowUp.kind == FollowUpKind.THANK_YOU_CHASE,
            FollowUp.user_id.in_({thank_you.user_id for thank_you, _ in chases}),
        )
    )
    existing = {(user_id, interview_id, person_id) for user_id, interview_id, person_id in found}
    added: dict[tuple[int, int | None, int | None], FollowUp] = {}
    for thank_you, due_at in chases:
        note = (thank_you.user_id, thank_you.interview_id, thank_you.interviewer_id)
        if note in existing or note in added:
            continue
        added[note] = FollowUp(
            user_id=thank_you.user_id,
            application_id=thank_you.application_id,
            interview_id=thank_you.interview_id,
            interviewer_id=thank_you.interviewer_id,
            kind=FollowUpKind.THANK_YOU_CHASE,
            status=FollowUpStatus.PENDING,
            due_at=due_at,
            no_answer_count=0,
            # The chase shows the note as it was delivered: the model's, when it was.
            model_draft=thank_you.model_draft,
        )
    session.add_all(added.values())
    await session.flush()
    return list(added.values())


async def settle_thank_you(
    session: AsyncSession,
    *,
    follow_up: FollowUp,
    status: FollowUpStatus,
    now: dt.datetime,
) -> int:
    """After Sent it or Skip on a note or its chase, close the other one for that interviewer.

    The pending chase of a settled note is cancelled: it never comes. The note itself takes
    the status tapped on its chase, so it shows as sent (or skipped) everywhere.
    """
    same_note = (
        FollowUp.user_id == follow_up.user_id,
        FollowUp.interview_id == follow_up.interview_id,
        FollowUp.interviewer_id == follow_up.interviewer_id,
        FollowUp.id != follow_up.id,
        FollowUp.status.in_(OPEN_FOLLOW_UP_STATUSES),
    )
    closed = 0
    for kind, new_status in (
        (FollowUpKind.THANK_YOU_CHASE, FollowUpStatus.CANCELLED),
        (FollowUpKind.THANK_YOU, status),
    ):
        closed += await update_follow_ups(
            session,
            FollowUp.kind == kind,
            *same_note,
            status=new_status,
            acted_at=now,
            **UNCLAIMED,
            updated_at=now,
        )
    return closed


async def set_edited_text(
    session: AsyncSession, *, follow_up_id: int, user_id: int, text: str | None, now: dt.datetime
) -> bool:
    """Store the user's own version of a draft (None: back to the bot's), if the follow-up is
    theirs and still open."""
    return bool(
        await update_follow_ups(
            session,
            FollowUp.id == follow_up_id,
            FollowUp.user_id == user_id,
            FollowUp.status.in_(OPEN_FOLLOW_UP_STATUSES),
            edited_text=text,
            updated_at=now,
        )
    )


# --- Drafts kept with a follow-up: the language model's, or another version (bot/llm/) -----


async def due_for_model_drafts(
    session: AsyncSession, *, now: dt.datetime, lead: dt.timedelta, limit: int
) -> Sequence[FollowUp]:
    """Pending drafts never delivered nor asked about, due within `lead` from now (not
    overdue: the dispatcher is about to send those), unclaimed, soonest first."""
    return (
        await session.scalars(
            select(FollowUp)
            .where(
                FollowUp.status == FollowUpStatus.PENDING,
                FollowUp.due_at <= now + lead,
                FollowUp.due_at >= now,
                FollowUp.kind.in_(MODEL_DRAFT_KINDS),
                FollowUp.sent_at.is_(None),
                FollowUp.claimed_by.is_(None),
                FollowUp.model_draft.is_(None),
            )
            .options(*FOLLOW_UP_RENDERED_WITH)
            .order_by(FollowUp.due_at, FollowUp.id)
            .limit(limit)
        )
    ).all()


async def panel_notes(session: AsyncSession, *, interview_ids: Iterable[int]) -> Sequence[FollowUp]:
    """The thank-you notes of these interviews (every panelist's), not cancelled."""
    return (
        await session.scalars(
            select(FollowUp)
            .where(
                FollowUp.interview_id.in_(list(interview_ids)),
                FollowUp.kind == FollowUpKind.THANK_YOU,
                FollowUp.status != FollowUpStatus.CANCELLED,
            )
            .options(*FOLLOW_UP_RENDERED_WITH)
            .order_by(FollowUp.id)
        )
    ).all()


async def store_model_draft(
    session: AsyncSession,
    *,
    follow_up_id: int,
    value: dict[str, Any],
    now: dt.datetime,
    bring_forward: bool = False,
) -> bool:
    """Keep a draft with a follow-up still pending and unclaimed; `bring_forward` makes it
    due now if it was held for the model. False if it was claimed or closed meanwhile."""
    due = {"due_at": case((FollowUp.due_at > now, now), else_=FollowUp.due_at)}
    return bool(
        await update_follow_ups(
            session,
            FollowUp.id == follow_up_id,
            FollowUp.status == FollowUpStatus.PENDING,
            FollowUp.claimed_by.is_(None),
            model_draft=value,
            updated_at=now,
            **(due if bring_forward else {}),
        )
    )


async def set_model_draft(
    session: AsyncSession,
    *,
    follow_up_id: int,
    user_id: int,
    value: dict[str, Any],
    now: dt.datetime,
) -> bool:
    """Keep another version with a follow-up of `user_id` waiting for the user (not one the
    dispatcher is sending: its message is being made from the old one)."""
    return bool(
        await update_follow_ups(
            session,
            FollowUp.id == follow_up_id,
            FollowUp.user_id == user_id,
            FollowUp.status.in_(OPEN_UNCLAIMED_STATUSES),
            model_draft=value,
            updated_at=now,
        )
    )
