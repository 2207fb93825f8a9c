"""Model drafts in the background: ask for the drafts due soon, check them, keep the good ones.

Never inside an update's transaction and never in the dispatcher: a repeating job (a restart
loses nothing) finds the notes, call scripts and emails due within the model's lead time
that it has not asked about, asks the model with no transaction open, and stores each
answer (the checked draft, or that there is none) in a short transaction of its own, only
while the follow-up is still pending and unclaimed. The dispatcher never waits: whatever is
stored at send time goes out, else our own draft; a draft whose debrief changed since is
not used (bot/llm/stored.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.error import TelegramError

from bot.config import Settings
from bot.domain.drafting.compose import call_contact_index
from bot.domain.reading.points import kept_points
from bot.follow_ups import messages
from bot.follow_ups.soon import dispatch_soon
from bot.llm import versions
from bot.llm.client import ModelClient, ModelConfig, ModelError
from bot.llm.request import (
    DraftKind,
    ModelRequest,
    call_request,
    email_request,
    thank_you_request,
)
from bot.llm.stored import Stored
from bot.runtime.pipeline import is_transient, pipeline_of
from bot.ui.context import BotContext, BotData
from storage import follow_ups
from storage.models import THANK_YOU_KINDS, FollowUp, FollowUpKind

log = logging.getLogger(__name__)

JOB_NAME = "model-drafts"
SWEEP_SECONDS = 5.0
# Requests in flight at once (a local model answers one at a time anyway), and so how many a
# sweep takes: one round, within LLM_TIMEOUT_SECONDS, so that a debrief saved meanwhile is
# asked about at the next sweep, in time for its notes.
AT_ONCE = 4
BATCH_SIZE = AT_ONCE

AnyApplication = Any


def config_of(settings: Settings) -> ModelConfig:
    # Only called when settings.model_drafts holds: both are set.
    assert settings.llm_base_url is not None
    assert settings.llm_model is not None
    return ModelConfig(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        timeout=settings.llm_timeout_seconds,
        api_key=settings.llm_api_key,
    )


def schedule_model_drafts(application: AnyApplication) -> None:
    """The repeating sweep; run when LLM_BASE_URL is set."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("The JobQueue is missing: install python-telegram-bot[job-queue]")
    job_queue.run_repeating(
        _sweep_job,
        interval=SWEEP_SECONDS,
        first=1,
        name=JOB_NAME,
        # A slow model never doubles a sweep: the next tick waits for this one.
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


async def _sweep_job(context: BotContext) -> None:
    try:
        await sweep(context.application)
    except Exception as error:
        if not is_transient(error):
            raise  # a bug: the error handler logs it with its stack trace
        log.warning("Model drafts: the database could not be reached (%s)", type(error).__name__)


@dataclass(frozen=True, slots=True)
class _Ask:
    """One draft to ask for, with what its answer is checked against."""

    follow_up_id: int
    kind: DraftKind
    request: ModelRequest
    kept: tuple[str, ...]
    stored: Stored
    interview_id: int | None
    interviewer_id: int | None
    position: int


async def sweep(application: AnyApplication) -> int:
    """Ask for the drafts due soon that have no answer yet; returns how many were kept."""
    bot_data: BotData = application.bot_data
    settings = bot_data.settings
    now = bot_data.clock()
    async with bot_data.db() as session:
        rows = await follow_ups.due_for_model_drafts(
            session, now=now, lead=settings.model_drafts_lead, limit=BATCH_SIZE
        )
        asks = []
        for row in rows:
            ask = _ask_for(row, now)
            if ask is not None:
                asks.append(ask)
            await asyncio.sleep(0)  # drafting takes milliseconds: taps go in between
        if not asks:
            return 0
        panels = await panel_bodies(session, {ask.interview_id for ask in asks}, now)
    # Each draft is kept as soon as it is checked; a panel's notes one at a time, each checked
    # against those already kept for the panel.
    locks: dict[int | None, asyncio.Lock] = {}
    async with ModelClient(config_of(settings)) as client:
        kept = await asyncio.gather(
            *(
                _draft(
                    application,
                    client,
                    ask,
                    panels,
                    locks.setdefault(ask.interview_id, asyncio.Lock()),
                )
                for ask in sorted(asks, key=_order)
            )
        )
    return sum(kept)


async def _draft(
    application: AnyApplication,
    client: ModelClient,
    ask: _Ask,
    panels: dict[int | None, dict[int | None, str]],
    panel_lock: asyncio.Lock,
) -> bool:
    """Ask for one draft, check it, keep it; whether a draft was kept."""
    bot_data: BotData = application.bot_data
    answer = await _answer(client, ask, bot_data)
    if answer is None and bot_data.stopping:
        return False  # not asked, or cut short: asked again after the restart
    async with panel_lock:
        panel = panels.setdefault(ask.interview_id, {})
        others = [body for person, body in panel.items() if person != ask.interviewer_id]
        draft = None
        if answer is not None:
            draft = versions.from_answer(
                answer,
                ask.request.facts,
                kept=ask.kept,
                others=others,
                follow_up_id=ask.follow_up_id,
            )
        thank_you = ask.kind == DraftKind.THANK_YOU
        value = ask.stored.answered(ask.request.facts.fingerprint(), draft).to_json()
        async with (
            pipeline_of(application).transaction_turn(),
            bot_data.db.begin() as session,
        ):
            stored = await follow_ups.store_model_draft(
                session,
                follow_up_id=ask.follow_up_id,
                value=value,
                now=bot_data.clock(),
                bring_forward=thank_you and draft is not None,
            )
        if not stored or draft is None:
            return False
        if thank_you:
            panel[ask.interviewer_id] = draft["body"]
            # Held for the model, the note is due now: the dispatcher need not wait its tick.
            dispatch_soon(application)
        return True


def _order(ask: _Ask) -> tuple[int, int, int]:
    return (ask.interview_id or 0, ask.position, ask.follow_up_id)


def _ask_for(row: FollowUp, now: dt.datetime) -> _Ask | None:
    """What to ask the model for this follow-up; None when it cannot be drafted."""
    stored = Stored.of(row.model_draft)
    try:
        if row.kind == FollowUpKind.THANK_YOU:
            note = messages.note_input(row, now=now)
            request = thank_you_request(note, variant=stored.variant)
            kept, position = note.kept, note.panel_position
        else:
            call = messages.call_input(row)
            make = call_request if row.kind == FollowUpKind.CALL else email_request
            request = make(call, variant=stored.variant)
            kept, position = _contact_kept(row), 0
    except messages.UnrenderableFollowUpError:
        return None
    return _Ask(
        follow_up_id=row.id,
        kind=request.facts.kind,
        request=request,
        kept=kept,
        stored=stored,
        interview_id=row.interview_id,
        interviewer_id=row.interviewer_id,
        position=position,
    )


def _contact_kept(row: FollowUp) -> tuple[str, ...]:
    """The points kept for the user about the person a call or email is about."""
    interview = row.interview
    if interview is None:
        return ()
    people = list(interview.interviewers)
    person = row.interviewer
    if person is None and people:
        person = people[call_contact_index([(other.name, other.title) for other in people])]
    if person is None:
        return ()
    known = (row.application.company, row.application.role)
    return tuple(
        point.text for point in kept_points(messages.interviewer_points(person, known=known))
    )


async def panel_bodies(
    session: AsyncSession, interview_ids: set[int | None], now: dt.datetime
) -> dict[int | None, dict[int | None, str]]:
    """Every panelist's note as it would go out now, by interview and interviewer."""
    ids = [interview_id for interview_id in interview_ids if interview_id is not None]
    panels: dict[int | None, dict[int | None, str]] = {}
    for row in await follow_ups.panel_notes(session, interview_ids=ids):
        try:
            body = messages.thank_you_draft(row, now=now).body
        except messages.UnrenderableFollowUpError:
            continue
        panels.setdefault(row.interview_id, {})[row.interviewer_id] = body
        await asyncio.sleep(0)  # a few milliseconds each: taps go in between
    return panels


async def _answer(client: ModelClient, ask: _Ask, bot_data: BotData) -> str | None:
    if bot_data.stopping:
        return None  # a stopping bot waits for the answers in flight only
    started = time.monotonic()
    try:
        answer = await client.complete(ask.request)
    except ModelError as error:
        log.info(
            "No model draft for follow-up %s (%s): the bot's own is used", ask.follow_up_id, error
        )
        return None
    log.info(
        "Model answered for follow-up %s in %.1f s", ask.follow_up_id, time.monotonic() - started
    )
    return answer


async def own_version(session: AsyncSession, row: FollowUp, now: dt.datetime) -> Stored | None:
    """Another version of ours for a note (no model configured), checked; None when none
    passes the checks."""
    current = Stored.of(row.model_draft).another()
    note = messages.note_input(row, now=now)
    panel = await panel_bodies(session, {row.interview_id}, now)
    others = [
        body
        for person, body in panel.get(row.interview_id, {}).items()
        if person != row.interviewer_id
    ]
    shown = messages.thank_you_draft(row, now=now).body
    draft = versions.own_version(note, current.variant, others=others, shown=shown)
    if draft is None:
        return None
    fingerprint = thank_you_request(note).facts.fingerprint()
    return replace(current, asked=current.key(fingerprint), draft=draft)


async def another_version(application: AnyApplication, follow_up_id: int) -> None:
    """After a tap on *Another version*: a new note from the model, checked (else another of
    ours), kept with the follow-up, and shown in place of the delivered message."""
    bot_data: BotData = application.bot_data
    now = bot_data.clock()
    async with bot_data.db() as session:
        row = await follow_ups.load_follow_up(session, follow_up_id=follow_up_id)
        if row is None or row.kind not in THANK_YOU_KINDS:
            return
        note = messages.note_input(row, now=now)
        current = Stored.of(row.model_draft)
        request = thank_you_request(note, variant=current.variant)
        shown = messages.thank_you_draft(row, now=now).body
        panel = await panel_bodies(session, {row.interview_id}, now)
    others = [
        body
        for person, body in panel.get(row.interview_id, {}).items()
        if person != row.interviewer_id
    ]
    draft = None
    try:
        async with ModelClient(config_of(bot_data.settings)) as client:
            answer = await client.complete(request)
    except ModelError as error:
        log.info("No model version for follow-up %s (%s): one of ours", follow_up_id, error)
    else:
        draft = versions.from_answer(
            answer, request.facts, kept=note.kept, others=others, follow_up_id=follow_up_id
        )
    if draft is not None and draft["body"] == shown:
        draft = None
    if draft is None:
        draft = versions.own_version(note, current.variant, others=others, shown=shown)
    if draft is None:
        log.info("No other version of follow-up %s passes the checks: it stays", follow_up_id)
        return
    fingerprint = request.facts.fingerprint()
    value = replace(current, asked=current.key(fingerprint), draft=draft)
    await show_version(application, row, value.to_json())


async def show_version(application: AnyApplication, row: FollowUp, value: dict[str, Any]) -> None:
    """Keep `value` with the follow-up and show the note it makes in the delivered message."""
    bot_data: BotData = application.bot_data
    async with pipeline_of(application).transaction_turn(), bot_data.db.begin() as session:
        if not await follow_ups.set_model_draft(
            session,
            follow_up_id=row.id,
            user_id=row.user_id,
            value=value,
            now=bot_data.clock(),
        ):
            return  # tapped Sent it or Skip meanwhile: that message stands
        fresh = await follow_ups.load_follow_up(session, follow_up_id=row.id)
    if fresh is None or fresh.sent_message_id is None:
        return
    rendered = messages.render(fresh, now=bot_data.clock())
    try:
        await application.bot.edit_message_text(
            rendered.text,
            chat_id=fresh.user.chat_id,
            message_id=fresh.sent_message_id,
            reply_markup=rendered.keyboard,
        )
    except TelegramError as error:
        log.warning("Could not show another version of follow-up %s: %s", row.id, error)


# bot_data.extras: the Another-version tasks in progress (kept referenced until done).
_TASKS = "model versions in progress"


def ask_for_another(application: AnyApplication, follow_up_id: int) -> None:
    """Start `another_version` in the background (after the tap's transaction committed)."""
    tasks: set[asyncio.Task[None]] = application.bot_data.extras.setdefault(_TASKS, set())
    task = asyncio.create_task(_another_logged(application, follow_up_id), name=JOB_NAME)
    tasks.add(task)
    task.add_done_callback(tasks.discard)


async def versions_written(application: AnyApplication) -> None:
    """Wait for the Another-version tasks in progress."""
    await asyncio.gather(*application.bot_data.extras.get(_TASKS, set()))


async def _another_logged(application: AnyApplication, follow_up_id: int) -> None:
    try:
        await another_version(application, follow_up_id)
    except Exception:
        # The note shown stays as it was; the user can tap again.
        log.exception("Could not write another version of follow-up %s", follow_up_id)
