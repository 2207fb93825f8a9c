"""The tone check finds frustrated, pushy or desperate wording and offers calmer words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.drafting.tone import ToneFinding, check_tone


def phrases(text: str, allowed_words: tuple[str, ...] = ()) -> list[str]:
    return [finding.phrase for finding in check_tone(text, allowed_words)]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("I still haven't heard back from you.", "still haven't heard"),
        ("I still haven’t heard anything.", "still haven’t heard"),  # noqa: RUF001
        ("As I mentioned in my last email, I can start in March.", "As I mentioned"),
        ("Please reply ASAP.", "ASAP"),
        ("Could you reply asap", "asap"),
        ("Any update??", "Any update??"),
        ("I really need this job.", "I really need this job"),
        ("Just checking in on my application.", "Just checking in"),
        ("Why haven't you replied?", "Why haven't you"),
        ("You never replied to my email.", "You never replied"),
        ("I am desperate for this role.", "I am desperate"),
        ("Please please let me know.", "Please please"),
        ("Per my last email, here is my portfolio.", "Per my last email"),
        ("I'm still waiting for an answer.", "still waiting"),
        ("It's been weeks since the interview.", "It's been weeks"),
        ("Thanks!!", "!!"),
        ("Where are we???", "???"),
        ("Really?!", "?!"),
        ("I am VERY interested.", "VERY"),
        ("PLEASE CALL ME BACK.", "PLEASE CALL ME BACK"),
        ("Я ОЧЕНЬ жду ответа", "ОЧЕНЬ"),
        ("No one has replied yet.", "No one has replied"),
        ("I'm frustrated by the silence.", "frustrated"),
    ],
)
def test_pushy_frustrated_or_desperate_wording_is_flagged(text: str, flagged: str) -> None:
    assert flagged in phrases(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your time on Tuesday. I enjoyed our conversation about the API.",
        "Is there anything else I can provide to help with your decision?",
        "I can start immediately and I remain very interested in the role.",
        "Our SQL, AWS and HR tools came up, and the CEO joined for the last part!",
        "I am still very interested in joining the team.",
        "Thanks! I look forward to hearing from you.",
        "你好，谢谢你的时间。🙂",  # noqa: RUF001
        "",
    ],
)
def test_calm_text_is_not_flagged(text: str) -> None:
    assert check_tone(text) == []


def test_every_finding_has_a_reason_and_a_calmer_wording() -> None:
    text = "As I mentioned, I still haven't heard back. Any update?? I REALLY need this job!!!"
    findings = check_tone(text)
    assert len(findings) >= 4
    for finding in findings:
        assert finding.reason
        assert finding.suggestion
        assert finding.suggestion != finding.phrase


def test_findings_point_at_the_text_in_order_without_overlaps() -> None:
    text = "Hi!! As I mentioned, ASAP please. WHY haven't you called?? 🙃 THANKS"
    findings = check_tone(text)
    previous_end = 0
    for finding in findings:
        assert text[finding.start : finding.end] == finding.phrase
        assert finding.start >= previous_end
        previous_end = finding.end


def test_shouting_suggestion_is_the_same_words_in_normal_case() -> None:
    [finding] = check_tone("Thank you. PLEASE CALL ME BACK")
    assert finding == ToneFinding(
        phrase="PLEASE CALL ME BACK",
        start=11,
        end=30,
        reason=finding.reason,
        suggestion="Please call me back",
    )


def test_repeated_question_marks_suggest_one() -> None:
    [finding] = check_tone("Where are we???")
    assert finding.suggestion == "?"


def test_user_words_in_capitals_are_names_not_shouting() -> None:
    text = "I enjoyed talking about SRE practice at IBM and the NATS migration."
    assert phrases(text) == ["NATS"]
    assert phrases(text, allowed_words=("IBM", "on-call, NATS migration")) == []


def test_common_acronyms_are_not_shouting() -> None:
    assert check_tone("API SQL AWS CEO CTO HR UX QA USA NYC") == []


@given(st.text(max_size=2000), st.lists(st.text(max_size=50), max_size=5))
def test_any_text_is_checked_without_crashing(text: str, allowed: list[str]) -> None:
    for finding in check_tone(text, allowed):
        assert text[finding.start : finding.end] == finding.phrase
        assert finding.reason


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("Is it decided??", "One “?” is enough."),
        ("Thank you!!!", "One “!” is enough."),
        ("Please CALL ME BACK today.", "Try “call me back” instead."),
        ("Could you reply ASAP?", "Try “when you have a moment” instead."),
        ("As I mentioned, I am keen.", "Leave it out, or say the point again plainly."),
        ("Per my last email, I am keen.", "Try “Following up on my earlier note” instead."),
    ],
)
def test_advice_reads_as_a_sentence(text: str, advice: str) -> None:
    findings = check_tone(text)
    assert [finding.advice for finding in findings] == [advice]
    assert not advice.startswith(("!", "?"))
