"""What a follow-up looks like in Telegram: the message text (HTML), what its drafts are made
from, and which buttons it carries (the buttons themselves: keyboards.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.drafting.compose import (
    CallInput,
    CallScript,
    Draft,
    NoteInput,
    call_contact_of,
    draft_call_script,
    draft_follow_up_email,
    draft_thank_you,
    salutation_name,
)
from bot.domain.places.timezones import as_zone
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.reading.points import Point, kept_points, note_points, points_from_json, read_points
from bot.domain.time import timing
from bot.follow_ups.keyboards import (
    call_keyboard,
    contact_keyboard,
    email_keyboard,
    thank_you_keyboard,
)
from bot.follow_ups.rounds import earlier_rounds
from bot.ui.callbacks import DebriefAction, Scope, button_data
from bot.ui.display import cut_to_length, esc, telegram_length, when
from bot.upcoming.views import cancel_interview_button
from storage.models import THANK_YOU_KINDS, FollowUp, FollowUpKind, Interview, Interviewer

# Telegram's limit is 4096 characters; what a tap appends below a kept draft must fit too.
MESSAGE_LIMIT = 4096
STATUS_RESERVE = 300
BODY_LIMIT = MESSAGE_LIMIT - STATUS_RESERVE

# The two reminders of an interview registered ahead (/upcoming).
REMINDER_KINDS = (FollowUpKind.CHECKLIST, FollowUpKind.DEBRIEF_PROMPT)
RENDERED_KINDS = (
    FollowUpKind.THANK_YOU,
    FollowUpKind.THANK_YOU_CHASE,
    FollowUpKind.CALL,
    FollowUpKind.EMAIL,
    *REMINDER_KINDS,  # the checklist and debrief prompt of an interview registered ahead
)


class UnrenderableFollowUpError(ValueError):
    """A follow-up that lacks what its message is made from (e.g. a thank-you without a person)."""


@dataclass(frozen=True, slots=True)
class RenderedFollowUp:
    """A message ready to send: HTML text and its inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None


def keyboard_for(follow_up: FollowUp) -> InlineKeyboardMarkup:
    """The buttons a follow-up's message carries while it waits for the user."""
    if follow_up.kind in THANK_YOU_KINDS:
        return thank_you_keyboard(
            follow_up.id,
            add_point=has_no_points(follow_up),
            another=follow_up.edited_text is None,
        )
    if follow_up.kind in REMINDER_KINDS:
        return reminder_keyboard(follow_up)
    others = follow_up.interview is not None and len(follow_up.interview.interviewers) > 1
    if follow_up.kind == FollowUpKind.EMAIL:
        return email_keyboard(follow_up.id, others=others)
    return call_keyboard(follow_up.id, others=others)


def people_keyboard(follow_up: FollowUp) -> InlineKeyboardMarkup:
    """Call someone else: the interview's people, the one the call or email is about ticked."""
    interview = _interview(follow_up)
    current = _contact_person(follow_up, interview)
    return contact_keyboard(follow_up.id, interview.interviewers, current)


def render(follow_up: FollowUp, *, now: dt.datetime) -> RenderedFollowUp:
    """The message for a follow-up loaded with its user, application, interview and people."""
    return RenderedFollowUp(render_text(follow_up, now=now), keyboard_for(follow_up))


def render_text(follow_up: FollowUp, *, now: dt.datetime) -> str:
    """The message text alone (kept when a tap replaces the buttons)."""
    if follow_up.kind in THANK_YOU_KINDS:
        return _thank_you_text(follow_up, now=now)
    if follow_up.kind == FollowUpKind.CALL:
        return _call_text(follow_up, now=now)
    if follow_up.kind == FollowUpKind.EMAIL:
        return _email_text(follow_up)
    if follow_up.kind in REMINDER_KINDS:
        _interview(follow_up)  # refused, as for the other kinds, when it names none
        return reminder_text(follow_up, now=now)
    raise UnrenderableFollowUpError(f"no message for follow-ups of kind {follow_up.kind!r}")


def note_input(follow_up: FollowUp, *, now: dt.datetime | None = None) -> NoteInput:
    """What the thank-you draft for this follow-up's interviewer is made from."""
    interview, person = _interview(follow_up), follow_up.interviewer
    if person is None:
        raise UnrenderableFollowUpError(f"thank-you follow-up {follow_up.id} names no interviewer")
    # The day the note is shown: when it was delivered, so a note re-shown or kept with the
    # delivery reads the same as the first time.
    now = follow_up.sent_at or now
    panel = list(interview.interviewers)
    position = next((i for i, other in enumerate(panel) if other.id == person.id), 0)
    known = (follow_up.application.company, follow_up.application.role)
    points = interviewer_points(person, known=known)
    return NoteInput(
        sender_name=follow_up.user.sign_name,
        company=follow_up.application.company,
        role=follow_up.application.role,
        interview_date=_local_date(interview.held_at, follow_up.user.timezone),
        interviewer_name=person.name,
        interviewer_title=person.title,
        topics=person.topics,
        pitch=interview.pitch,
        timeline=interview.timeline_text,
        # Stable per interview, and each panelist takes their own place in it: a re-sent note
        # reads the same as the first time, and no two notes of a panel share a sentence.
        seed=interview.id,
        round_number=interview.round_number,
        panel_position=position,
        panel_size=max(len(panel), 1),
        today=_local_date(now, follow_up.user.timezone) if now is not None else None,
        timeline_end=interview.timeline_date,
        points=note_points(points),
        kept=tuple(point.text for point in kept_points(points)),
        panel_points=tuple(note_points(interviewer_points(other, known=known)) for other in panel),
    )


def has_no_points(follow_up: FollowUp) -> bool:
    """Whether a thank-you note (not edited by the user) has no approved point of theirs."""
    person = follow_up.interviewer
    if person is None or follow_up.edited_text is not None:
        return False
    known = (follow_up.application.company, follow_up.application.role)
    return not note_points(interviewer_points(person, known=known))


def interviewer_points(person: Interviewer, *, known: Sequence[str]) -> tuple[Point, ...]:
    """The person's talking points as the user approved them, or the safe default reading."""
    stored = points_from_json(person.points)
    if stored is not None:
        return stored
    return read_points(person.topics, known=known)


def call_input(follow_up: FollowUp) -> CallInput:
    """What the call script and the email alternative are made from: the person best placed
    to say where things stand (or the one the user picked)."""
    interview = _interview(follow_up)
    contact = _contact_person(follow_up, interview)
    known = (follow_up.application.company, follow_up.application.role)
    return CallInput(
        sender_name=follow_up.user.sign_name,
        company=follow_up.application.company,
        role=follow_up.application.role,
        interview_date=_local_date(interview.held_at, follow_up.user.timezone),
        contact_name=contact.name if contact else None,
        topics=contact.topics if contact else None,
        phone=follow_up.user.phone,
        seed=interview.id * 1000,
        contact=contact.contact if contact else None,
        points=note_points(interviewer_points(contact, known=known)) if contact else None,
    )


def _interview(follow_up: FollowUp) -> Interview:
    if follow_up.interview is None:
        raise UnrenderableFollowUpError(f"follow-up {follow_up.id} names no interview")
    return follow_up.interview


def _contact_person(follow_up: FollowUp, interview: Interview) -> Interviewer | None:
    if follow_up.interviewer is not None:
        return follow_up.interviewer
    people = list(interview.interviewers)
    if not people:
        return None
    return people[call_contact_of([(p.name, p.title, p.contact) for p in people])]


def _local_date(moment: dt.datetime, tz: str) -> dt.date:
    return moment.astimezone(as_zone(tz)).date()


def thank_you_draft(follow_up: FollowUp, *, now: dt.datetime | None) -> Draft:
    """The note: the stored draft (the model's, or another version) while it fits the
    debrief as it is now, else ours."""
    note = note_input(follow_up, now=now)
    ours = draft_thank_you(note)
    if follow_up.model_draft is None:
        return ours
    # Only a model, or a tap on Another version, stores a draft: bot.llm is not imported else.
    from bot.llm import stored

    return stored.thank_you(follow_up.model_draft, note, ours) or ours


def email_draft(follow_up: FollowUp) -> Draft:
    """The follow-up email: the stored one while it fits, else ours."""
    call = call_input(follow_up)
    ours = draft_follow_up_email(call)
    if follow_up.model_draft is None:
        return ours
    from bot.llm import stored

    return stored.email(follow_up.model_draft, call, ours) or ours


def call_script(follow_up: FollowUp) -> CallScript:
    """The call script and voicemail: the stored ones while they fit, else ours."""
    call = call_input(follow_up)
    if follow_up.model_draft is None:
        return draft_call_script(call)
    from bot.llm import stored

    return stored.call(follow_up.model_draft, call) or draft_call_script(call)


def _thank_you_text(follow_up: FollowUp, *, now: dt.datetime) -> str:
    draft = thank_you_draft(follow_up, now=now)
    person = follow_up.interviewer
    assert person is not None  # note_input refused a thank-you without a person
    interview = _interview(follow_up)
    name = escape(_display_name(person))
    where = escape(f"{follow_up.application.role} at {follow_up.application.company}")
    if follow_up.kind == FollowUpKind.THANK_YOU_CHASE:
        heading = f"💌 A gentle reminder: your note to <b>{name}</b> is ready whenever you are."
    else:
        heading = f"💌 <b>A thank-you note for {name}</b> · {where}"
    intro = [heading]
    sent_or_now = follow_up.sent_at or now
    if timing.is_late_thank_you(held_at=interview.held_at, now=sent_or_now):
        intro.append(
            "It has been a few days since the interview. A thank-you is still well worth "
            "sending: a late note is remembered far better than none."
        )
    intro.append(_recipient_line(person))
    tips = draft.suggestions if follow_up.edited_text is None else ()
    return _compose(intro, draft, follow_up.edited_text, tips, copy_hint=True)


def _display_name(person: Interviewer) -> str:
    """ "aisha okafor - staff engineer" as "Aisha Okafor" (the title shown on its own)."""
    return proper_case(split_name_title(person.name)[0])


def _recipient_line(person: Interviewer) -> str:
    typed_name, title_in_name = split_name_title(person.name)
    name = proper_case(typed_name)
    title = person.title or title_in_name
    who = escape(name) + (f", {escape(title)}" if title else "")
    if person.contact:
        return f"To: {who} · <code>{escape(person.contact)}</code>"
    first = salutation_name(name)
    whose = f"{escape(first)}'s" if first else "their"
    return (
        f"To: {who}. I don't have {whose} email yet: the recruiter can usually pass it on, "
        "or look on the company site or LinkedIn."
    )


def _call_text(follow_up: FollowUp, *, now: dt.datetime) -> str:
    interview = _interview(follow_up)
    script = call_script(follow_up)
    contact = _contact_person(follow_up, interview)
    where = escape(f"{follow_up.application.role} at {follow_up.application.company}")
    lines = [f"📞 <b>Time for a short follow-up call</b> · {where}"]
    if follow_up.no_answer_count:
        lines.append("No answer last time is perfectly normal. Here is the same script again.")
    else:
        lines.append(_call_reason(interview, now))
    if contact is None:
        lines.append("Ask for the recruiter or the hiring manager.")
    elif contact.contact:
        lines.append(f"Who: {escape(contact.name)} · <code>{escape(contact.contact)}</code>")
    else:
        lines.append(
            f"Who: {escape(contact.name)}. No number yet: the recruiter or the company's "
            "main line can put you through."
        )
    if follow_up.edited_text is not None:
        # The user's own script replaces both the bullets and the voicemail.
        head = "\n\n".join(lines)
        return _fit(
            head, "<b>Your script</b> (tap to copy):\n<pre>{}</pre>", follow_up.edited_text, ()
        )
    bullets = "\n".join(f"• {escape(bullet)}" for bullet in script.bullets)
    head = "\n\n".join([*lines, "<b>What to say</b>\n" + bullets])
    return _fit(head, "<b>If you reach voicemail</b>\n<pre>{}</pre>", script.voicemail, ())


def _call_reason(interview: Interview, now: dt.datetime) -> str:
    """Why a call now: the timeline they gave has passed, or (none given) the time since."""
    tail = "a friendly call now is right on time. One or two questions, a minute or two."
    if interview.timeline_date is not None:
        return f"The timeline they gave has passed, so {tail}"
    days = max((now - interview.held_at).days, 0)
    if days >= 14:
        since = f"{days // 7} weeks"
    elif days >= 7:
        since = "a week"
    else:
        since = f"{days} days" if days != 1 else "a day"
    return f"It has been {since} since the interview, so {tail}"


def _email_text(follow_up: FollowUp) -> str:
    draft = email_draft(follow_up)
    where = escape(f"{follow_up.application.role} at {follow_up.application.company}")
    intro = [
        f"✉️ <b>An email instead of a third call</b> · {where}",
        "Calls can be hard to catch. A short, friendly email asks the same question and "
        "leaves them free to answer when they can.",
    ]
    interview = _interview(follow_up)
    contact = _contact_person(follow_up, interview)
    if contact is not None and contact.contact:
        intro.append(f"To: {escape(contact.name)} · <code>{escape(contact.contact)}</code>")
    tips = draft.suggestions if follow_up.edited_text is None else ()
    return _compose(intro, draft, follow_up.edited_text, tips, copy_hint=False)


def _compose(
    intro: Sequence[str],
    draft: Draft,
    edited_text: str | None,
    tips: Sequence[str],
    *,
    copy_hint: bool,
) -> str:
    """Intro, subject, the body in a one-tap copy block, then tips; within the limit."""
    parts = [*intro, f"Subject: <code>{escape(draft.subject)}</code>"]
    if edited_text is None:
        body = draft.body
        label = "Tap the note to copy it:" if copy_hint else "Tap the email to copy it:"
    else:
        body = edited_text
        label = "Your version (tap to copy):"
    tip_lines = tuple(f"💡 {escape(tip)}" for tip in tips)
    return _fit("\n".join(parts), label + "\n<pre>{}</pre>", body, tip_lines)


def _fit(head: str, template: str, body: str, tips: Sequence[str]) -> str:
    """head, the body in its template, then tips; over the limit tips go, then the body shortens."""
    # Measured as Telegram measures: UTF-16 units (an emoji is two).
    text = "\n\n".join([head, template.format(escape(body)), *tips])
    if telegram_length(text) <= BODY_LIMIT:
        return text
    text = f"{head}\n\n{template.format(escape(body))}"
    if telegram_length(text) <= BODY_LIMIT:
        return text
    room = BODY_LIMIT - telegram_length(head) - 2 - telegram_length(template.format("")) - 1
    shortened = cut_to_length(body, max(room, 0))
    while shortened and telegram_length(escape(shortened)) > room:
        # Escaping lengthens "&" and "<": cut by the excess, which converges in a few steps.
        excess = telegram_length(escape(shortened)) - room
        shortened = shortened[: len(shortened) - max(1, excess // 6)]
    return f"{head}\n\n{template.format(escape(shortened) + '…')}"


# ---------------------------------------------------------------------------
# The two reminders of an interview registered ahead (/upcoming)


def _interview_line(follow_up: FollowUp, now: dt.datetime) -> str:
    interview = follow_up.interview
    assert interview is not None
    tz = follow_up.user.timezone
    starts = interview.held_at.astimezone(as_zone(tz))
    today = now.astimezone(as_zone(tz)).date() == starts.date()
    moment = f"today at {starts:%H:%M}" if today else when(interview.held_at, tz, now=now)
    return (
        f"<b>{esc(follow_up.application.role)}</b> at <b>{esc(follow_up.application.company)}</b>"
        f", {moment}"
    )


def reminder_text(follow_up: FollowUp, *, now: dt.datetime) -> str:
    """The checklist on the day, or the debrief prompt after the end."""
    if follow_up.interview is None:
        raise ValueError(f"follow-up {follow_up.id} names no interview")
    if follow_up.kind == FollowUpKind.CHECKLIST:
        recalled = earlier_rounds(follow_up, now=now)
        return "\n".join(
            [
                f"📋 <b>Interview coming up</b>: {_interview_line(follow_up, now)}.",
                "",
                *recalled,
                *([""] if recalled else []),
                "Three things that make the follow-up easy:",
                "• Near the end, ask about the next steps and the hiring timeline: "
                "“When can I expect to hear back?”",
                "• Get every interviewer's name and email or phone, so each one gets "
                "their own thank-you note.",
                "• Note what each of them cares about; your notes will mention it.",
                "",
                "Good luck! I'll check in half an hour after it ends.",
            ]
        )
    if follow_up.kind == FollowUpKind.DEBRIEF_PROMPT:
        company = esc(follow_up.application.company)
        return (
            f"How did it go at <b>{company}</b>? Let's capture it while it's fresh: "
            "a few questions, then I draft your thank-you notes."
        )
    raise ValueError(f"{follow_up.kind!r} is not an upcoming-interview reminder")


def reminder_keyboard(follow_up: FollowUp) -> InlineKeyboardMarkup:
    """Checklist: cancel the interview. Debrief prompt: start the debrief, details filled."""
    interview_id = follow_up.interview_id
    if follow_up.kind == FollowUpKind.DEBRIEF_PROMPT:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "📝 Debrief now",
                        callback_data=button_data(
                            Scope.DEBRIEF, DebriefAction.FROM_UPCOMING, interview_id
                        ),
                    )
                ]
            ]
        )
    return InlineKeyboardMarkup([[cancel_interview_button(interview_id)]])

