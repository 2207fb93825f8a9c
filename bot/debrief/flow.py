"""The debrief's flow, driven by steps.STEPS: each question asked, each answer read, each
button acted on, and the way out (/cancel).

Every state handler gets the sender's stored user and the answers so far, loaded before and
written back after (the wiring in bot/debrief/__init__.py).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.debrief import review
from bot.debrief.answers import GUESS_KEY, KEY, drop, keep_guess, load, take_kept_guess
from bot.debrief.save import save
from bot.debrief.steps import (
    EDIT_TARGETS,
    GUESS_STEP,
    GUESSED,
    PERSON_FIELD_STEP,
    STEPS,
    Context,
    Guess,
    Step,
    store,
    take_guess,
)
from bot.debrief.views import (
    TIMELINE_CHOICES,
    call_due,
    edit_menu,
    guess_question,
    person_menu,
    question,
    summary,
)
from bot.domain.debrief import MAX_INTERVIEWERS, DebriefAnswers
from bot.domain.time.date_guess import languages_for
from bot.ui.callbacks import Callback, DebriefAction
from bot.ui.context import BotContext
from bot.ui.conversations import closer, reply
from bot.ui.display import esc
from bot.ui.inputs import read_text
from storage.models import User

A = DebriefAction


# ---------------------------------------------------------------------------
# Questions, summary and menus


async def ask(
    update: Update,
    context: BotContext,
    user: User,
    answers: DebriefAnswers,
    step: Step,
    prefix: str = "",
) -> Step:
    if step is Step.SUMMARY:
        return await _show_summary(update, context, user, answers)
    if step in (Step.EDIT_PICK, Step.EDIT_PERSON):
        return step
    if step is Step.PERSON_POINTS:
        shown, buttons = review.review(answers)
        await reply(update, prefix + shown, buttons)
        return step
    last_pitch = user.last_pitch if step is Step.PITCH else None
    text, keyboard = question(step, answers, last_pitch)
    await reply(update, prefix + text, keyboard)
    return step


async def _show_summary(
    update: Update, context: BotContext, user: User, answers: DebriefAnswers
) -> Step:
    answers.editing = False
    answers.edit_index = None
    tz = user.timezone
    now = context.bot_data.clock()
    call_at = call_due(answers, tz, user.call_hour, user.default_wait_days, now=now)
    text, keyboard = summary(answers, tz=tz, call_at=call_at, now=now)
    await reply(update, text, keyboard)
    return Step.SUMMARY


async def _show_edit_menu(update: Update, answers: DebriefAnswers) -> Step:
    await reply(update, *edit_menu(answers))
    return Step.EDIT_PICK


async def _show_person_menu(update: Update, answers: DebriefAnswers, index: int) -> Step:
    answers.edit_index = index
    await reply(update, *person_menu(answers, index))
    return Step.EDIT_PERSON


async def _advance(
    update: Update,
    context: BotContext,
    user: User,
    answers: DebriefAnswers,
    step: Step,
    said: str = "",
) -> Step:
    """After an accepted answer to `step`: the next step of the table, or back to the summary."""
    row = STEPS[step]
    if answers.editing and not row.on_while_editing:
        return await _show_summary(update, context, user, answers)
    if row.next is None:
        raise ValueError(f"no step follows {step!r}")
    next_step, prefix = row.next(answers)
    return await ask(update, context, user, answers, next_step, said + prefix)


async def _accept(
    update: Update,
    context: BotContext,
    user: User,
    answers: DebriefAnswers,
    step: Step,
    typed: str,
    said: str = "",
) -> Step:
    """A typed (or tapped-as-typed) answer to `step`: stored and on, or refused and asked again."""
    row = STEPS[step]
    assert row.field is not None
    if row.read is None:
        store(answers, row.field, typed)
    else:
        tz = user.timezone
        sender = update.effective_user
        languages = languages_for(sender.language_code if sender else None)
        now = context.bot_data.clock()
        take_kept_guess(context, answers)  # a new answer replaces a guess not confirmed
        result = row.read(answers, typed, Context(tz=tz, now=now, languages=languages))
        if isinstance(result, Guess):
            keep_guess(context, answers, result)
            await reply(update, *guess_question(answers, result, tz=tz, now=now))
            return GUESS_STEP[step]
        if result is not None:
            await reply(update, result)
            return step
    return await _advance(update, context, user, answers, step, said)


async def _answer_guess(
    update: Update,
    context: BotContext,
    user: User,
    answers: DebriefAnswers,
    step: Step,
    arg: str,
) -> Step:
    """Yes: the guess is stored and the debrief goes on. No: the question is asked again."""
    guess = take_kept_guess(context, answers)
    asked = GUESSED[step]
    if guess is None or guess.step is not asked or arg != "ok":
        return await ask(update, context, user, answers, asked, "OK, let's try again.\n\n")
    take_guess(answers, guess, user.timezone)
    return await _advance(update, context, user, answers, asked)


# ---------------------------------------------------------------------------
# What the user sends in each state


async def on_text(
    update: Update, context: BotContext, user: User, step: Step, answers: DebriefAnswers
) -> Step | int:
    row = STEPS[step]
    said = row.typed_note
    # Refused text at the review leaves the review, and its buttons, as they were.
    stay = step if step is Step.PERSON_POINTS else None
    if row.typed_is is not None:
        step, row = row.typed_is, STEPS[row.typed_is]
    if row.field is not None:
        typed = await read_text(update, limit=row.field.limit, what=row.field.what)
        if typed is None:
            return stay or step
        return await _accept(update, context, user, answers, step, typed, said)
    # MORE, SUMMARY and the edit menus are answered with buttons: show them again.
    hint = "Please use the buttons below, or /cancel to stop this debrief."
    if step is Step.MORE:
        return await ask(update, context, user, answers, step, hint + "\n\n")
    await reply(update, hint)
    if step is Step.EDIT_PICK:
        return await _show_edit_menu(update, answers)
    if step is Step.EDIT_PERSON and answers.edit_index is not None:
        return await _show_person_menu(update, answers, answers.edit_index)
    return await _show_summary(update, context, user, answers)


async def on_skip(
    update: Update, context: BotContext, user: User, step: Step, answers: DebriefAnswers
) -> Step | int:
    if step is Step.PERSON_POINTS:
        # Skipping the review keeps the points as they are shown.
        return await _advance(update, context, user, answers, step)
    field = STEPS[step].field
    if field is None or not field.optional:
        await reply(
            update,
            "This one can't be skipped: it's needed for your notes. /cancel stops the debrief.",
        )
        return step
    store(answers, field, None)
    return await _advance(update, context, user, answers, step)


async def on_other(
    update: Update, context: BotContext, user: User, step: Step, answers: DebriefAnswers
) -> Step:
    """Stickers, photos, voice and the like where text is expected."""
    field = STEPS[step].field
    await read_text(
        update, limit=1, what=field.what if field else "your answer with the buttons above"
    )
    return step


async def on_button(
    update: Update, context: BotContext, user: User, step: Step, answers: DebriefAnswers
) -> Step | int:
    query = update.callback_query
    assert query is not None
    callback = Callback.parse(query.data)
    if callback is None or not callback.args or callback.args[0] != answers.token:
        if callback is not None and callback.action in (A.NEXT_ROUND, A.FROM_TEXT, A.EDIT_SAVED):
            await query.answer("Finish or /cancel the debrief in progress first.", show_alert=True)
            return step
        await query.answer("This debrief is closed.")
        return step
    result = await _button_action(update, context, user, step, answers, callback)
    if result is None:
        await query.answer("That button is from an earlier step; please answer the last question.")
        return step
    return result


async def _button_action(
    update: Update,
    context: BotContext,
    user: User,
    step: Step,
    answers: DebriefAnswers,
    callback: Callback,
) -> Step | int | None:
    """Act on a tap that belongs to this debrief; None when it doesn't fit the current step."""
    query = update.callback_query
    assert query is not None
    action, arg = callback.action, callback.args[1] if len(callback.args) > 1 else ""
    fits: dict[str, bool] = {
        # A question's own buttons still answer it after a typed answer was refused or guessed.
        A.WHEN: step in (Step.WHEN, Step.WHEN_GUESS) and arg in {"today", "yesterday"},
        A.SKIP: bool((field := STEPS[step].field) and field.optional),
        A.MORE: step is Step.MORE,
        A.PITCH: step is Step.PITCH,
        A.TIMELINE: step in (Step.TIMELINE, Step.TIMELINE_OTHER, Step.TIMELINE_GUESS)
        and arg in {code for code, _ in TIMELINE_CHOICES},
        A.GUESS: step in GUESSED and arg in {"ok", "again"},
        A.SAVE: step is Step.SUMMARY,
        A.EDIT: step is Step.SUMMARY,
        A.CANCEL: step is Step.SUMMARY,
        A.EDIT_FIELD: step in (Step.EDIT_PICK, Step.EDIT_PERSON),
        A.EDIT_PERSON: step in (Step.EDIT_PICK, Step.EDIT_PERSON),
        A.PERSON_FIELD: step in (Step.EDIT_PICK, Step.EDIT_PERSON),
        A.POINTS: step is Step.PERSON_POINTS,
    }
    if not fits.get(action, False):
        return None
    if action == A.POINTS:

        async def go_on() -> Step:
            return await _advance(update, context, user, answers, Step.PERSON_POINTS)

        return await review.on_tap(update, answers, callback.args[1:], go_on)
    if action == A.PITCH:
        last = user.last_pitch
        if not last:
            await query.answer("I don't have an earlier pitch; please type one or skip.")
            return step
        await query.answer()
        await query.edit_message_reply_markup(None)
        answers.pitch = last
        await reply(update, f"Using your last pitch: “{esc(last)}”")
        return await _advance(update, context, user, answers, Step.PITCH)
    await query.answer()
    if action == A.SAVE:
        return await save(update, context, user, answers)
    await query.edit_message_reply_markup(None)
    match action:
        case A.WHEN:
            return await _accept(update, context, user, answers, Step.WHEN, arg)
        case A.GUESS:
            return await _answer_guess(update, context, user, answers, step, arg)
        case A.SKIP:
            return await on_skip(update, context, user, step, answers)
        case A.MORE:
            next_step = Step.PERSON_NAME if arg == "add" else Step.PITCH
            return await ask(update, context, user, answers, next_step)
        case A.TIMELINE if arg == "other":
            take_kept_guess(context, answers)  # a guess offered meanwhile is not the answer
            return await ask(update, context, user, answers, Step.TIMELINE_OTHER)
        case A.TIMELINE:
            take_kept_guess(context, answers)
            answers.set_timeline(arg, user.timezone)
            return await _advance(update, context, user, answers, Step.TIMELINE)
        case A.CANCEL:
            return await cancel_command(update, context)
        case A.EDIT:
            return await _show_edit_menu(update, answers)
    return await _edit_choice(update, context, user, answers, action, arg)


async def _edit_choice(
    update: Update,
    context: BotContext,
    user: User,
    answers: DebriefAnswers,
    action: str,
    arg: str,
) -> Step:
    people = answers.people
    if action == A.EDIT_PERSON:
        # ASCII digits only: "²".isdigit() is True, but int("²") raises.
        picked = int(arg) if arg.isascii() and arg.isdigit() else -1
        if not 0 <= picked < len(people):
            return await _show_edit_menu(update, answers)
        return await _show_person_menu(update, answers, picked)
    if action == A.PERSON_FIELD:
        index = answers.edit_index
        if index is None or not 0 <= index < len(people):
            return await _show_edit_menu(update, answers)
        if arg == "remove" and len(people) > 1:
            removed = people.pop(index)
            await reply(update, f"Removed {esc(removed.name)}.")
            return await _show_summary(update, context, user, answers)
        if arg in PERSON_FIELD_STEP:
            answers.editing = True
            return await ask(update, context, user, answers, PERSON_FIELD_STEP[arg])
        return await _show_person_menu(update, answers, index)
    # A.EDIT_FIELD
    if arg in EDIT_TARGETS:
        answers.editing = True
        return await ask(update, context, user, answers, EDIT_TARGETS[arg])
    if arg == "add" and len(people) < MAX_INTERVIEWERS:
        # A new person goes through every question, then back to the summary.
        answers.editing = False
        return await ask(update, context, user, answers, Step.PERSON_NAME)
    return await _show_summary(update, context, user, answers)


# ---------------------------------------------------------------------------
# Leaving


_close = closer(
    KEY,
    lambda update: reply(update, "Debrief cancelled; nothing was saved. Send /new to start again."),
)


async def cancel_command(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(GUESS_KEY, None)
    answers = load(context)
    if answers is not None and answers.saved_interview_id is not None:
        drop(context)
        await reply(update, "Okay, nothing changed: the saved round stays as it was.")
        return ConversationHandler.END
    return await _close(update, context)


async def new_while_active(update: Update, context: BotContext) -> None:
    answers = load(context)
    company = f" about {esc(answers.company)}" if answers and answers.company else ""
    await reply(
        update,
        f"You're in the middle of a debrief{company}. "
        "Carry on with the question above, or /cancel it first.",
    )


async def closed_button(update: Update, context: BotContext) -> None:
    """A debrief button tapped when no debrief is running: nothing changes."""
    query = update.callback_query
    assert query is not None
    await query.answer("This debrief is closed. Send /new to start a new one.")
