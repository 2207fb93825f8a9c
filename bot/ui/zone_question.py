"""Asking for a time zone, in onboarding and /settings: typed places, buttons, a shared location.

The question comes as two messages: a reply keyboard with “Share my location” (Telegram
asks the user before it sends one), then the question itself with the common zones as
inline buttons. An answer that is not sure (a name several places share, a typo) is
offered back as buttons, never picked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.domain.places.timezones import COMMON_ZONES, ZoneChoice, ZoneMatch, match_zone, zone_at
from bot.ui.display import esc

SHARE_LOCATION = "📍 Share my location"
QUESTION = (
    "Which time zone are you in? Type your city or country (e.g. “Berlin”, “phoenix az”, "
    "“München”), an IANA name like “Europe/Lisbon”, or “UTC+2”; or pick one:"
)
NOT_FOUND = (
    "I couldn't find a time zone for “{typed}”. Try a big city near you (“Lisbon”), your "
    "country, an IANA name (“America/Chicago”) or an offset (“UTC-5”), share your location, "
    "or pick one:"
)
COMMON_CHOICES = tuple(ZoneChoice(zone, zone.replace("_", " ")) for zone in COMMON_ZONES)

# Packs a zone into one button's callback data (each feature has its own scope and token).
ButtonData = Callable[[str], str]


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Your city, e.g. Berlin",
    )


def remove_keyboard() -> ReplyKeyboardRemove:
    return ReplyKeyboardRemove()


async def say_closing(update: Update, text: str) -> None:
    """A conversation closed: say so, and take down a location keyboard it may have left."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=remove_keyboard())


def choice_keyboard(choices: Sequence[ZoneChoice], data: ButtonData) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(choice.label, callback_data=data(choice.zone))]
            for choice in choices
        ]
    )


async def ask(message: Message, data: ButtonData) -> None:
    """The question: the location button first, then the common zones."""
    await message.reply_text(
        f"Tip: tap “{SHARE_LOCATION}” below and I'll work out your zone from it; "
        "Telegram asks you first, and I keep only the zone, not the place.",
        reply_markup=location_keyboard(),
    )
    await message.reply_text(QUESTION, reply_markup=choice_keyboard(COMMON_CHOICES, data))


async def resolve_typed(message: Message, typed: str, data: ButtonData) -> str | None:
    """The zone the text names for sure, or None after offering the choices (or saying why)."""
    found: ZoneMatch = match_zone(typed)
    if found.zone is not None:
        return found.zone
    if not found.choices:
        await message.reply_text(
            NOT_FOUND.format(typed=esc(typed)), reply_markup=choice_keyboard(COMMON_CHOICES, data)
        )
        return None
    question = (
        f"Which of these do you mean by “{esc(typed)}”?"
        if len(found.choices) > 1
        else f"Did you mean this one by “{esc(typed)}”? If not, type your city again."
    )
    await message.reply_text(question, reply_markup=choice_keyboard(found.choices, data))
    return None


async def resolve_location(message: Message, data: ButtonData) -> str | None:
    """The zone of a shared location, or None after asking for a city instead."""
    location = message.location
    zone = zone_at(location.latitude, location.longitude) if location is not None else None
    if zone is None:
        await message.reply_text(
            "I couldn't tell a time zone from that location (out at sea?). Please type your city, "
            "or pick one:",
            reply_markup=choice_keyboard(COMMON_CHOICES, data),
        )
    return zone
