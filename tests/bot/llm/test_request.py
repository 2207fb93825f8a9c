"""What the model is sent for a note (pure code): only what that note may contain."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from bot.domain.drafting.compose import CallInput, NoteInput
from bot.llm.request import call_request, thank_you_request

NOTE = NoteInput(
    sender_name="priya raman",
    company="Stripeline",
    role="Senior Backend Engineer role",
    interview_date=dt.date(2026, 11, 3),
    interviewer_name="tom becker - engineering manager",
    topics="on-call, pay 90k, he seemed tired",
    pitch="led the rate-limiting rewrite at Monzo; 8 years of Go",
    timeline="2 weeks",
    points=("your on-call rotation (follow-the-sun)",),
    kept=("pay 90k", "he seemed tired"),
    panel_points=(("your on-call rotation (follow-the-sun)",), ("your roadmap for Go services",)),
    panel_position=0,
    panel_size=2,
)


def _sent(request: object) -> str:
    return json.dumps(request.body("m"))  # type: ignore[attr-defined]


def test_a_note_request_carries_the_approved_points_names_and_timeline() -> None:
    sent = _sent(thank_you_request(NOTE))
    for present in (
        "your on-call rotation (follow-the-sun)",
        "Priya Raman",
        "Tom Becker",
        "greet as: Tom",
        "engineering manager",
        "Stripeline",
        "Senior Backend Engineer",
        "Tuesday 3 November",
        "within 2 weeks",
        "note 1 of 2",
        "90-150 words",
    ):
        assert present in sent, present


def test_kept_points_raw_topics_and_other_panelists_points_are_never_sent() -> None:
    sent = _sent(thank_you_request(NOTE))
    for absent in ("90k", "tired", "roadmap"):
        assert absent not in sent, absent


def test_each_pitch_sentence_goes_to_one_panelist_only() -> None:
    first = thank_you_request(NOTE).facts.pitch
    second = thank_you_request(replace(NOTE, panel_position=1)).facts.pitch
    assert not set(first) & set(second)


def test_a_call_request_never_carries_a_phone_or_a_contact() -> None:
    call = CallInput(
        sender_name="Priya",
        company="Stripeline",
        role="SRE",
        interview_date=dt.date(2026, 11, 3),
        contact_name="Tom Becker",
        phone="+44 7700 900123",
        contact="tom@stripeline.example",
        points=("your on-call rotation",),
    )
    sent = _sent(call_request(call))
    assert "7700" not in sent
    assert "tom@stripeline" not in sent
    assert "your on-call rotation" in sent


def test_the_fingerprint_follows_the_facts_not_the_version_asked() -> None:
    fingerprint = thank_you_request(NOTE).facts.fingerprint()
    assert thank_you_request(NOTE, variant=3).facts.fingerprint() == fingerprint
    next_day = replace(NOTE, today=dt.date(2026, 11, 4))
    assert thank_you_request(next_day).facts.fingerprint() == fingerprint
    late = replace(NOTE, today=dt.date(2026, 11, 30))
    assert thank_you_request(late).facts.fingerprint() != fingerprint
    assert "more than a week after" in thank_you_request(late).messages[1]["content"]
    assert "2 weeks" not in thank_you_request(late).messages[1]["content"]
    moved = replace(NOTE, points=("your on-call rotation (follow-the-sun)", "your Go services"))
    assert thank_you_request(moved).facts.fingerprint() != fingerprint
