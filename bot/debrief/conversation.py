"""/new: the debrief after an interview, one question at a time, saved with its follow-ups."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import Callback, Scope, pattern
from bot.context import BotContext
from bot.conversations import closer, persistent_conversation, reply
from bot.debrief.views import (
    MAX_INTERVIEWERS,
    PERSON_FIELD_STEP,
    PERSON_STEPS,
    TEXT_FIELDS,
    TIMELINE_CHOICES,
    TIMELINE_PHRASES,
    Draft,
    Step,
    call_due,
    edit_menu,
    interview_day,
    person_menu,
    question,
    set_timeline,
    store_person_field,
    summary,
)
from bot.display import esc, when
from bot.domain.timeparse import ParseError, parse_timeline, parse_when
from bot.follow_ups import schedule
from bot.follow_ups.dispatch import dispatch_soon
from bot.inputs import read_text, valid_contact
from storage import applications, follow_ups, users
from storage.applications import InterviewerInput
from storage.models import ApplicationStatus, FollowUpKind

KEY = "debrief"
CONVERSATION_NAME = "debrief"


# ---------------------------------------------------------------------------
# The draft: the debrief's answers so far, JSON-able, kept in user_data (persisted).


def _draft(context: BotContext) -> Draft | None:
    assert context.user_data is not None
    draft = context.user_data.get(KEY)
    return draft if isinstance(draft, dict) else None


def _new_draft(context: BotContext, **prefill: Any) -> Draft:
    assert context.user_data is not None
    draft: Draft = {
        # Buttons carry this token: taps from a finished or cancelled debrief are refused.
        "token": secrets.token_hex(3),
        "people": [],
        "person": {},
        "editing": False,
        "edit_index": None,
        **prefill,
    }
    context.user_data[KEY] = draft
    return draft


def _drop_draft(context: BotContext) -> None:
    assert context.user_data is not None
    context.user_data.pop(KEY, None)


# ---------------------------------------------------------------------------
# Questions


async def _ask(update: Update, context: BotContext, step: Step, prefix: str = "") -> Step:
    draft = _draft(context)
    assert draft is not None
    if step in (Step.SUMMARY, Step.EDIT_PICK, Step.EDIT_PERSON):
        return await _show_summary(update, context) if step is Step.SUMMARY else step
    last_pitch = await _last_pitch(update, context) if step is Step.PITCH else None
    text, keyboard = question(step, draft, last_pitch)
    await reply(update, prefix + text, keyboard)
    return step


async def _last_pitch(update: Update, context: BotContext) -> str | None:
    user = update.effective_user
    assert user is not None
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    return stored.last_pitch if stored else None


# ---------------------------------------------------------------------------
# Summary and editing


async def _user_zone(update: Update, context: BotContext) -> tuple[str, int, int]:
    user = update.effective_user
    assert user is not None
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    if stored is None:
        return "UTC", 9, 14
    return stored.timezone, stored.nudge_hour, stored.default_wait_days


async def _show_summary(update: Update, context: BotContext) -> Step:
    draft = _draft(context)
    assert draft is not None
    draft["editing"] = False
    draft["edit_index"] = None
    tz, hour, wait_days = await _user_zone(update, context)
    text, keyboard = summary(draft, tz=tz, call_at=call_due(draft, tz, hour, wait_days))
    await reply(update, text, keyboard)
    return Step.SUMMARY


async def _show_edit_menu(update: Update, context: BotContext) -> Step:
    draft = _draft(context)
    assert draft is not None
    await reply(update, *edit_menu(draft))
    return Step.EDIT_PICK


async def _show_person_menu(update: Update, context: BotContext, index: int) -> Step:
    draft = _draft(context)
    assert draft is not None
    draft["edit_index"] = index
    await reply(update, *person_menu(draft, index))
    return Step.EDIT_PERSON


# ---------------------------------------------------------------------------
# Answers


async def _after_answer(update: Update, context: BotContext, step: Step) -> Step:
    """The step that follows an accepted answer to `step`."""
    draft = _draft(context)
    assert draft is not None
    if draft["editing"]:
        return await _show_summary(update, context)
    match step:
        case Step.COMPANY:
            return await _ask(update, context, Step.ROLE)
        case Step.ROLE:
            return await _ask(update, context, Step.WHEN)
        case Step.WHEN:
            return await _ask(update, context, Step.PERSON_NAME)
        case Step.PERSON_NAME:
            return await _ask(update, context, Step.PERSON_TITLE)
        case Step.PERSON_TITLE:
            return await _ask(update, context, Step.PERSON_CONTACT)
        case Step.PERSON_CONTACT:
            return await _ask(update, context, Step.PERSON_TOPICS)
        case Step.PERSON_TOPICS:
            draft["people"].append(draft["person"])
            draft["person"] = {}
            if len(draft["people"]) >= MAX_INTERVIEWERS:
                return await _ask(
                    update,
                    context,
                    Step.PITCH,
                    f"That's {MAX_INTERVIEWERS} interviewers, the most I keep per interview.\n\n",
                )
            return await _ask(update, context, Step.MORE)
        case Step.PITCH:
            return await _ask(update, context, Step.TIMELINE)
        case Step.TIMELINE | Step.TIMELINE_OTHER:
            return await _show_summary(update, context)
    raise ValueError(f"no step follows {step!r}")


async def _accept_when(update: Update, context: BotContext, typed: str) -> Step | None:
    """Store when the interview was; None (after a reply) if it can't be used."""
    draft = _draft(context)
    assert draft is not None
    tz, _, _ = await _user_zone(update, context)
    now = context.bot_data.clock()
    try:
        held_at = parse_when(typed, now=now, tz=tz)
    except ParseError as error:
        await reply(update, str(error))
        return None
    if held_at > now + dt.timedelta(minutes=5):
        await reply(
            update,
            f"{when(held_at, tz)} is still ahead. To register an upcoming interview, finish or "
            "/cancel this debrief and use /upcoming. When did the interview you're telling me "
            "about take place?",
        )
        return None
    if held_at < now - dt.timedelta(days=366):
        await reply(
            update, "That's more than a year ago; is the year right? Please type the date again."
        )
        return None
    draft["held_at"] = held_at.isoformat()
    if draft.get("timeline_code") in TIMELINE_PHRASES:
        # A relative timeline ("2 weeks") counts from the interview day, which just changed.
        set_timeline(draft, draft["timeline_code"], tz)
    return await _after_answer(update, context, Step.WHEN)


async def _accept_timeline_text(update: Update, context: BotContext, typed: str) -> Step | None:
    draft = _draft(context)
    assert draft is not None
    tz, _, _ = await _user_zone(update, context)
    held_on = interview_day(draft, tz)
    today = context.bot_data.clock().astimezone(ZoneInfo(tz)).date()
    try:
        end = parse_timeline(typed, held_on=held_on, today=today)
    except ParseError as error:
        await reply(update, str(error))
        return None
    if end is None:
        set_timeline(draft, "nosay", tz)
    else:
        draft["timeline_code"] = "text"
        draft["timeline_text"] = typed
        draft["timeline_date"] = end.isoformat()
        draft["timeline_asked"] = True
    return await _after_answer(update, context, Step.TIMELINE_OTHER)


async def on_text(update: Update, context: BotContext, step: Step) -> Step | int:
    draft = _draft(context)
    if draft is None:
        return await _lost_draft(update, context)
    if step is Step.WHEN:
        typed = await read_text(update, limit=100, what="when the interview took place")
        return step if typed is None else (await _accept_when(update, context, typed) or step)
    if step is Step.TIMELINE:
        # Typing instead of tapping "Other…" is the same answer.
        step = Step.TIMELINE_OTHER
    if step in TEXT_FIELDS:
        field = TEXT_FIELDS[step]
        typed = await read_text(update, limit=field.limit, what=field.what)
        if typed is None:
            return step
        if step is Step.TIMELINE_OTHER:
            return await _accept_timeline_text(update, context, typed) or step
        if step is Step.PERSON_CONTACT and not valid_contact(typed):
            await reply(
                update,
                "That doesn't look like an email address or a phone number. Please send one "
                "like “ana@example.com” or “+49 30 1234567”, or /skip.",
            )
            return step
        if step in PERSON_STEPS:
            store_person_field(draft, field.key, typed)
        else:
            draft[field.key] = typed
        return await _after_answer(update, context, step)
    # MORE, SUMMARY and the edit menus are answered with buttons: show them again.
    hint = "Please use the buttons below, or /cancel to stop this debrief."
    if step is Step.MORE:
        return await _ask(update, context, step, hint + "\n\n")
    await reply(update, hint)
    if step is Step.EDIT_PICK:
        return await _show_edit_menu(update, context)
    if step is Step.EDIT_PERSON and draft["edit_index"] is not None:
        return await _show_person_menu(update, context, draft["edit_index"])
    return await _show_summary(update, context)


async def on_skip(update: Update, context: BotContext, step: Step) -> Step | int:
    draft = _draft(context)
    if draft is None:
        return await _lost_draft(update, context)
    field = TEXT_FIELDS.get(step)
    if field is None or not field.optional:
        await reply(
            update,
            "This one can't be skipped: it's needed for your notes. /cancel stops the debrief.",
        )
        return step
    if step in PERSON_STEPS:
        store_person_field(draft, field.key, None)
    else:
        draft[field.key] = None
    return await _after_answer(update, context, step)


async def on_other(update: Update, context: BotContext, step: Step) -> Step:
    """Stickers, photos, voice and the like where text is expected."""
    field = TEXT_FIELDS.get(step)
    what = field.what if field else "your answer with the buttons above"
    if step is Step.WHEN:
        what = "when the interview took place"
    await read_text(update, limit=1, what=what)
    return step


# ---------------------------------------------------------------------------
# Buttons


async def onbutton(update: Update, context: BotContext, step: Step) -> Step | int:
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    draft = _draft(context)
    if callback is None or draft is None or not callback.args or callback.args[0] != draft["token"]:
        if callback is not None and callback.action == "round":
            await query.answer("Finish or /cancel the debrief in progress first.", show_alert=True)
            return step
        await query.answer("This debrief is closed.")
        return step
    action, args = callback.action, callback.args[1:]
    result = await _button_action(update, context, step, action, args)
    if result is None:
        await query.answer("That button is from an earlier step; please answer the last question.")
        return step
    return result


async def _button_action(
    update: Update, context: BotContext, step: Step, action: str, args: tuple[str, ...]
) -> Step | int | None:
    """Act on a tap that belongs to this debrief; None when it doesn't fit the current step."""
    query = update.callback_query
    assert query is not None
    draft = _draft(context)
    assert draft is not None
    arg = args[0] if args else ""
    if action == "when" and step is Step.WHEN and arg in {"today", "yesterday"}:
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _accept_when(update, context, arg) or step
    if action == "skip" and step in TEXT_FIELDS and TEXT_FIELDS[step].optional:
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await on_skip(update, context, step)
    if action == "more" and step is Step.MORE:
        await query.answer()
        await query.edit_message_reply_markup(None)
        if arg == "add":
            return await _ask(update, context, Step.PERSON_NAME)
        return await _ask(update, context, Step.PITCH)
    if action == "pitch" and step is Step.PITCH:
        last = await _last_pitch(update, context)
        if not last:
            await query.answer("I don't have an earlier pitch; please type one or skip.")
            return step
        await query.answer()
        await query.edit_message_reply_markup(None)
        draft["pitch"] = last
        await reply(update, f"Using your last pitch: “{esc(last)}”")
        return await _after_answer(update, context, Step.PITCH)
    if action == "tl" and step is Step.TIMELINE and arg in {code for code, _ in TIMELINE_CHOICES}:
        await query.answer()
        await query.edit_message_reply_markup(None)
        if arg == "other":
            return await _ask(update, context, Step.TIMELINE_OTHER)
        tz, _, _ = await _user_zone(update, context)
        set_timeline(draft, arg, tz)
        return await _after_answer(update, context, Step.TIMELINE)
    if step is Step.SUMMARY and action in {"save", "edit", "cancel"}:
        await query.answer()
        if action == "save":
            return await _save(update, context)
        if action == "cancel":
            await query.edit_message_reply_markup(None)
            return await cancel_command(update, context)
        await query.edit_message_reply_markup(None)
        return await _show_edit_menu(update, context)
    if step in (Step.EDIT_PICK, Step.EDIT_PERSON) and action in {"ef", "ep", "pf"}:
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _edit_choice(update, context, action, arg)
    return None


async def _edit_choice(update: Update, context: BotContext, action: str, arg: str) -> Step:
    draft = _draft(context)
    assert draft is not None
    if action == "ep":
        index = int(arg) if arg.isdigit() else -1
        if not 0 <= index < len(draft["people"]):
            return await _show_edit_menu(update, context)
        return await _show_person_menu(update, context, index)
    if action == "pf":
        index = draft["edit_index"]
        if index is None or not 0 <= index < len(draft["people"]):
            return await _show_edit_menu(update, context)
        if arg == "remove" and len(draft["people"]) > 1:
            removed = draft["people"].pop(index)
            await reply(update, f"Removed {esc(removed['name'])}.")
            return await _show_summary(update, context)
        if arg in PERSON_FIELD_STEP:
            draft["editing"] = True
            return await _ask(update, context, PERSON_FIELD_STEP[arg])
        return await _show_person_menu(update, context, index)
    # action == "ef"
    targets = {
        "company": Step.COMPANY,
        "role": Step.ROLE,
        "when": Step.WHEN,
        "pitch": Step.PITCH,
        "timeline": Step.TIMELINE,
    }
    if arg in targets:
        draft["editing"] = True
        return await _ask(update, context, targets[arg])
    if arg == "add" and len(draft["people"]) < MAX_INTERVIEWERS:
        # A new person goes through every question, then back to the summary.
        draft["editing"] = False
        return await _ask(update, context, Step.PERSON_NAME)
    return await _show_summary(update, context)


# ---------------------------------------------------------------------------
# Start, save, cancel


async def start_new(update: Update, context: BotContext) -> Step | int:
    user = update.effective_user
    assert user is not None
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    if stored is None:
        await reply(
            update,
            "First, a 30-second setup so your notes are signed and timed right: send /start.",
        )
        return ConversationHandler.END
    _new_draft(context)
    return await _ask(
        update,
        context,
        Step.COMPANY,
        "Let's capture it while it's fresh. /cancel stops at any time.\n\n",
    )


async def start_next_round(update: Update, context: BotContext) -> Step | int:
    """The call nudge's Next round: close what was pending and debrief the new round."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    callback = Callback.parse(query.data)
    application_id = callback.int_arg() if callback else None
    now = context.bot_data.clock()
    session = context.session
    application = (
        await applications.get_application(
            session, application_id=application_id, user_id=user.id
        )
        if application_id
        else None
    )
    if application is None or application.status != ApplicationStatus.OPEN:
        await query.answer("This application is closed or not yours.", show_alert=True)
        return ConversationHandler.END
    await follow_ups.cancel_open(
        session,
        user_id=user.id,
        application_id=application.id,
        kinds=[FollowUpKind.CALL, FollowUpKind.EMAIL],
        now=now,
    )
    company, role = application.company, application.role
    round_number = await applications.next_round_number(session, application_id=application.id)
    await query.answer("Next round!")
    await query.edit_message_reply_markup(None)
    _new_draft(context, company=company, role=role, round=round_number)
    return await _ask(
        update,
        context,
        Step.WHEN,
        f"Round {round_number} at <b>{esc(company)}</b>, well done! I've stopped the call reminder "
        "for the last round. Tell me about this one.\n\n",
    )


async def start_from_upcoming(update: Update, context: BotContext) -> Step | int:
    """The "How did it go?" button after a registered interview: company, role, time filled."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    assert user is not None
    callback = Callback.parse(query.data)
    interview_id = callback.int_arg() if callback else None
    session = context.session
    upcoming = (
        await applications.get_upcoming(session, interview_id=interview_id, user_id=user.id)
        if interview_id
        else None
    )
    stored = await users.get_user(session, user_id=user.id)
    if upcoming is None or stored is None:
        await query.answer("This interview was already debriefed or removed.", show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    company, role = upcoming.application.company, upcoming.application.role
    _new_draft(
        context,
        company=company,
        role=role,
        held_at=upcoming.held_at.isoformat(),
        upcoming_id=upcoming.id,
    )
    return await _ask(
        update,
        context,
        Step.PERSON_NAME,
        f"Debrief: <b>{esc(role)}</b> at <b>{esc(company)}</b>, "
        f"{when(upcoming.held_at, stored.timezone)}. You can fix any of these in the summary. "
        "/cancel stops at any time.\n\n",
    )


async def _save(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    user = update.effective_user
    query = update.callback_query
    assert draft is not None
    assert user is not None
    assert query is not None
    now = context.bot_data.clock()
    held_at = dt.datetime.fromisoformat(draft["held_at"])
    session = context.session
    stored = await users.get_user(session, user_id=user.id)
    if stored is None:
        await reply(update, "I no longer have your settings; send /start, then /new again.")
        _drop_draft(context)
        return ConversationHandler.END
    tz = stored.timezone
    interview = await applications.save_interview(
        session,
        user_id=user.id,
        company=draft["company"],
        role=draft["role"],
        held_at=held_at,
        interviewers=[
            InterviewerInput(
                name=person["name"],
                title=person.get("title"),
                contact=person.get("contact"),
                topics=person.get("topics"),
            )
            for person in draft["people"]
        ],
        pitch=draft.get("pitch"),
        timeline_text=draft.get("timeline_text"),
        timeline_date=dt.date.fromisoformat(draft["timeline_date"])
        if draft.get("timeline_date")
        else None,
        timeline_asked=draft.get("timeline_asked", True),
        upcoming_interview_id=draft.get("upcoming_id"),
    )
    wait_days = stored.default_wait_days
    call_at = await schedule.after_debrief(
        session,
        user=stored,
        interview=interview,
        timeline_date=interview.timeline_date,
        now=now,
    )
    if draft.get("pitch"):
        await users.update_settings(session, user_id=user.id, last_pitch=draft["pitch"])
    round_number = interview.round_number
    _drop_draft(context)
    await query.edit_message_reply_markup(None)
    names = ", ".join(esc(person["name"]) for person in draft["people"])
    wait = "two weeks" if wait_days == 14 else f"{wait_days} days"
    lines = [
        f"Saved: <b>{esc(draft['company'])}</b>, {esc(draft['role'])}"
        + (f", round {round_number}" if round_number > 1 else "")
        + ".",
        f"• Thank-you drafts for {names}: coming in a moment, one message each.",
        f"• Call reminder: {when(call_at, tz)} (your time), the first business morning after "
        + ("their timeline." if draft.get("timeline_date") else f"a wait of {wait}."),
    ]
    if draft.get("timeline_asked") is False:
        lines += [
            "",
            "Tip for next time: at the end of the interview, ask “What are the next steps, and "
            "when can I expect to hear back?” It tells you exactly when a follow-up call is "
            "welcome.",
        ]
    elif not draft.get("timeline_date"):
        lines += [
            "",
            f"They didn't give a timeline, so I'll wait {wait} before the call nudge "
            "(/settings changes this default).",
        ]
    await reply(update, "\n".join(lines))
    dispatch_soon(context.application)
    return ConversationHandler.END


cancel_command = closer(
    KEY,
    lambda update: reply(update, "Debrief cancelled; nothing was saved. Send /new to start again."),
)


async def new_while_active(update: Update, context: BotContext) -> None:
    draft = _draft(context)
    company = f" about {esc(draft['company'])}" if draft and draft.get("company") else ""
    await reply(
        update,
        f"You're in the middle of a debrief{company}. "
        "Carry on with the question above, or /cancel it first.",
    )


async def _lost_draft(update: Update, context: BotContext) -> int:
    await reply(update, "I lost track of this debrief, sorry. Please send /new to start it again.")
    return ConversationHandler.END


async def closed_button(update: Update, context: BotContext) -> None:
    """A debrief button tapped when no debrief is running: nothing changes."""
    query = update.callback_query
    assert query is not None
    await query.answer("This debrief is closed. Send /new to start a new one.")


# ---------------------------------------------------------------------------
# Wiring


def _state_handlers(step: Step) -> list[BaseHandler[Update, BotContext, Any]]:
    async def text(update: Update, context: BotContext) -> Step | int:
        return await on_text(update, context, step)

    async def skip(update: Update, context: BotContext) -> Step | int:
        return await on_skip(update, context, step)

    async def other(update: Update, context: BotContext) -> Step:
        return await on_other(update, context, step)

    async def button(update: Update, context: BotContext) -> Step | int:
        return await onbutton(update, context, step)

    return [
        CommandHandler("skip", skip),
        MessageHandler(filters.TEXT & ~filters.COMMAND, text),
        CallbackQueryHandler(button, pattern=pattern(Scope.DEBRIEF)),
        MessageHandler(~filters.TEXT & ~filters.COMMAND, other),
    ]


def build_handler() -> ConversationHandler[BotContext]:
    """The /new conversation (also entered from a call nudge's Next round button)."""
    return persistent_conversation(
        entry_points=[
            CommandHandler("new", start_new),
            CallbackQueryHandler(start_next_round, pattern=pattern(Scope.DEBRIEF) + "round:"),
            CallbackQueryHandler(start_from_upcoming, pattern=pattern(Scope.DEBRIEF) + "upc:"),
        ],
        states={step: _state_handlers(step) for step in Step},
        fallbacks=[
            CommandHandler("cancel", cancel_command),
            CommandHandler("new", new_while_active),
        ],
        name=CONVERSATION_NAME,
    )


def build_closed_handler() -> CallbackQueryHandler[BotContext, None]:
    """Answers debrief buttons that outlived their debrief."""
    return CallbackQueryHandler(closed_button, pattern=pattern(Scope.DEBRIEF))
