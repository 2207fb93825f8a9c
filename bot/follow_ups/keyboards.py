"""The buttons under follow-up messages, built from ids and flags (which message carries
which: messages.keyboard_for; what a tap does: buttons.py, edit.py, later.py)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.reading.names import proper_case, split_name_title
from bot.ui.callbacks import DebriefAction, FollowUpAction, Scope, UpcomingAction, button_data
from storage.models import Interviewer


def _button(
    label: str, action: FollowUpAction, follow_up_id: int, *args: object
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=button_data(Scope.FOLLOW_UP, action, follow_up_id, *args)
    )


def thank_you_keyboard(
    follow_up_id: int, *, add_point: bool = False, another: bool = True
) -> InlineKeyboardMarkup:
    """Sent it · Edit / Remind me later · Skip / Another version (not under the user's own
    version), and *Add what you discussed* under a note that has no point of theirs."""
    rows = [
        [
            _button("✅ Sent it", FollowUpAction.DONE, follow_up_id),
            _button("✏️ Edit", FollowUpAction.EDIT, follow_up_id),
        ],
        [
            _button("⏰ Remind me later", FollowUpAction.LATER, follow_up_id),
            _button("Skip", FollowUpAction.SKIP, follow_up_id),
        ],
    ]
    if another:
        rows.append([_button("🔄 Another version", FollowUpAction.ANOTHER, follow_up_id)])
    if add_point:
        rows.append([_button("📝 Add what you discussed", FollowUpAction.ADD_POINT, follow_up_id)])
    return InlineKeyboardMarkup(rows)


def outcome_row(follow_up_id: int) -> list[InlineKeyboardButton]:
    """Next round · Offer · Rejected. Next round asks first: happened, or scheduled?"""
    return [
        _button("➡️ Next round", FollowUpAction.NEXT_ROUND, follow_up_id),
        _button("🎉 Offer", FollowUpAction.OFFER, follow_up_id),
        _button("Rejected", FollowUpAction.REJECTED, follow_up_id),
    ]


def outcome_keyboard(follow_up_id: int) -> InlineKeyboardMarkup:
    """The outcomes alone, once the call or email is done."""
    return InlineKeyboardMarkup([outcome_row(follow_up_id)])


def call_keyboard(follow_up_id: int, *, others: bool = False) -> InlineKeyboardMarkup:
    """Called · No answer · Snooze / Edit the script · Someone else / Next round · Offer ·
    Rejected. *Someone else* only when the interview had more than one person."""
    edit_row = [_button("✏️ Edit the script", FollowUpAction.EDIT, follow_up_id)]
    if others:
        edit_row.append(_button("👤 Call someone else", FollowUpAction.WHO, follow_up_id))
    return InlineKeyboardMarkup(
        [
            [
                _button("📞 Called", FollowUpAction.DONE, follow_up_id),
                _button("No answer", FollowUpAction.NO_ANSWER, follow_up_id),
                _button("💤 Snooze", FollowUpAction.SNOOZE, follow_up_id),
            ],
            edit_row,
            outcome_row(follow_up_id),
        ]
    )


def email_keyboard(follow_up_id: int, *, others: bool = False) -> InlineKeyboardMarkup:
    """Sent it · Edit · Snooze / (Someone else) / Next round · Offer · Rejected."""
    rows = [
        [
            _button("✅ Sent it", FollowUpAction.DONE, follow_up_id),
            _button("✏️ Edit", FollowUpAction.EDIT, follow_up_id),
            _button("💤 Snooze", FollowUpAction.SNOOZE, follow_up_id),
        ]
    ]
    if others:
        rows.append([_button("👤 Write to someone else", FollowUpAction.WHO, follow_up_id)])
    rows.append(outcome_row(follow_up_id))
    return InlineKeyboardMarkup(rows)


def contact_keyboard(
    follow_up_id: int, people: Sequence[Interviewer], current: Interviewer | None
) -> InlineKeyboardMarkup:
    """The interview's people, one button each (✓ the current one), to pick whom a call or
    email is about; « Back to the message's own buttons."""
    rows = [
        [
            _button(
                f"{'✓ ' if person is current else ''}{_person_label(person)}",
                FollowUpAction.CALL_TO,
                follow_up_id,
                person.id,
            )
        ]
        for person in people
    ]
    rows.append([_button("« Back", FollowUpAction.BACK, follow_up_id)])
    return InlineKeyboardMarkup(rows)


def _person_label(person: Interviewer) -> str:
    name = proper_case(split_name_title(person.name)[0])
    title = person.title or split_name_title(person.name)[1]
    label = f"{name} ({title})" if title else name
    return label if len(label) <= 60 else label[:59] + "…"


def next_round_keyboard(application_id: int) -> InlineKeyboardMarkup:
    """Next round: has it happened (debrief it) or is it scheduled (register it)?"""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✅ It happened: debrief it",
                    callback_data=button_data(
                        Scope.DEBRIEF, DebriefAction.NEXT_ROUND, application_id
                    ),
                )
            ],
            [
                InlineKeyboardButton(
                    "📅 It's scheduled",
                    callback_data=button_data(Scope.UPCOMING, UpcomingAction.AHEAD, application_id),
                )
            ],
        ]
    )
