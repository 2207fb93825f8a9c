"""Free text outside a conversation: an interview just had (and where), or one ahead."""

from __future__ import annotations

import pytest

from bot.domain.reading.intent import FreeText, Intent, read_free_text

D, U, E = Intent.DEBRIEF, Intent.UPCOMING, Intent.EITHER


@pytest.mark.parametrize(
    ("text", "intent", "company"),
    [
        ("hi, I just had another interview at Mayo Clinic", D, "Mayo Clinic"),
        ("Just had an interview at Stripe!", D, "Stripe"),
        ("just finished my interview at google", D, "google"),
        ("I had an interview at Acme Corp today, went well", D, "Acme Corp"),
        ("Had my final round with Shopify this morning", D, "Shopify"),
        ("had a phone screen with Datadog", D, "Datadog"),
        ("I had the technical round at Deutsche Bahn yesterday", D, "Deutsche Bahn"),
        ("Interview at McKinsey & Company was great.", D, "McKinsey & Company"),
        ("back from my onsite at Meta", D, "Meta"),
        ("I was interviewed by the hiring manager at SAP", D, "SAP"),
        ("Just had an interview with Sarah at Zalando", D, "Zalando"),
        ("just had an interview for the SRE role at N26", D, "N26"),
        ("I just had an interview with Sarah", D, None),
        ("I just had an interview", D, None),
        ("interview done!!", D, None),
        ("Ich hatte gerade ein Vorstellungsgespräch bei Siemens", D, "Siemens"),
        ("Acabo de tener una entrevista en Telefónica", D, "Telefónica"),
        ("had an interview at 3pm", D, None),
        ("just had an interview at the moment I can't talk", D, None),
        ("I have an interview tomorrow at Stripe", U, "Stripe"),
        ("I have an interview tomorrow at 10 with Google", U, "Google"),
        ("interview next week at Airbnb, can you help me prepare?", U, "Airbnb"),
        ("Upcoming interview at Booking.com on Friday", U, "Booking.com"),
        ("I'll have a screening call with Spotify on Monday", U, "Spotify"),
        ("Morgen habe ich ein Vorstellungsgespräch bei BMW", U, "BMW"),
        ("I have an interview at Apple", E, "Apple"),
        ("interview at Netflix", E, "Netflix"),
    ],
)
def test_interviews_are_recognised_with_their_company(
    text: str, intent: Intent, company: str | None
) -> None:
    assert read_free_text(text) == FreeText(intent, company)


@pytest.mark.parametrize(
    "text",
    ["hi", "thanks!", "how does this work?", "I met Sarah at Google", "🙂", "", "at Acme"],
)
def test_other_messages_are_not_about_an_interview(text: str) -> None:
    assert read_free_text(text) == FreeText()


def test_a_long_message_never_yields_a_long_company() -> None:
    found = read_free_text("just had an interview at " + "Very " * 30 + "Long Name")
    assert found.intent is D
    assert found.company is None
