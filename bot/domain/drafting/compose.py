"""Drafts the user copies and sends: a thank-you note per interviewer, a call script, an email."""

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.drafting import wording_en as w
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.reading.pitch import read_pitch
from bot.domain.reading.points import note_points, read_points
from bot.domain.reading.typed_text import Casing, expanded, has_shorthand, shorten

# Limits that keep any draft well inside one Telegram message (4096 characters with the
# surrounding text), whatever the user typed.
FIELD_LIMIT = 120
TOPIC_LIMIT = 80
MAX_POINTS = 3
# A thank-you note says what it has to in 90 to 150 words; over that, optional sentences go.
MAX_NOTE_WORDS = 150
MIN_NOTE_WORDS = 90
# A note sent more than this many days after the interview no longer quotes a passed timeline.
LATE_NOTE_DAYS = 7
PITCH_LIMIT = 280
TIMELINE_LIMIT = 60
# A topic said aloud in a 30-second voicemail has to be short.
SPOKEN_TOPIC_WORDS = 8
SPOKEN_TOPIC_LIMIT = 60


@dataclass(frozen=True, slots=True)
class NoteInput:
    """What a thank-you note to one interviewer is made from, as the user typed it."""

    sender_name: str
    company: str
    role: str
    interview_date: datetime.date
    interviewer_name: str
    interviewer_title: str | None = None
    topics: str | None = None
    pitch: str | None = None
    timeline: str | None = None
    seed: int = 0
    round_number: int = 1
    # The points the user approved for this note; None: read from `topics` with the defaults.
    points: tuple[str, ...] | None = None
    # The points kept for the user (never in the note; counted in the suggestions).
    kept: tuple[str, ...] = ()
    # Every panelist's approved points, in panel order: the pitch goes where it answers best.
    panel_points: tuple[tuple[str, ...], ...] = ()
    # Where this person sits in the interview's panel, and how many there are: each panelist's
    # note is built differently, so no two share a sentence.
    panel_position: int = 0
    panel_size: int = 1
    # The day the note is shown, and the day the timeline they gave ends (None when unknown).
    today: datetime.date | None = None
    timeline_end: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A message ready to copy, and what the user could add to make it stronger."""

    subject: str
    body: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CallInput:
    """What a follow-up call, voicemail or email about one interview is made from."""

    sender_name: str
    company: str
    role: str
    interview_date: datetime.date
    contact_name: str | None
    topics: str | None = None
    phone: str | None = None
    seed: int = 0
    # How the contact can be reached, as typed: an email promise only when it holds an address.
    contact: str | None = None
    # The contact's approved points; None: read from `topics` with the defaults.
    points: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class CallScript:
    """Three or four bullets to say on the call, and a voicemail of about 30 seconds."""

    bullets: tuple[str, ...]
    voicemail: str


def join_phrases(phrases: Sequence[str]) -> str:
    """Join phrases the way people write them: "A", "A and B", "A, B and C"."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return w.LIST_SEPARATOR.join(phrases[:-1]) + w.LIST_LAST_SEPARATOR + phrases[-1]


def draft_thank_you(note: NoteInput) -> Draft:
    """A personal thank-you note to one interviewer, with suggestions to make it stronger.

    Only the points the user approved for this person go in (`note.points`; read with the
    safe defaults when the user never reviewed them). Each panelist of an interview (panel
    position 0, 1, 2…) gets their own way into the letter, their own close and their own
    sentences, and the pitch sentences that answer their points best.
    """
    pick = _Picker(note.seed, note.panel_position)
    typed_name, _title_in_name = split_name_title(note.interviewer_name)
    name = salutation_name(proper_case(typed_name))
    role = clean_role(note.role)
    company = _with_company_article(company_name(note.company))
    approved = _approved_points(note)
    chosen = _own_first(choose_points(approved), note)
    questions = [_question(point) for point in chosen if _question(point) is not None]
    topics = [shorten(point, TOPIC_LIMIT) for point in chosen if _question(point) is None]
    late = is_late(note)
    when = None if late else timeline_phrase(note.timeline)
    values = {
        "role": role,
        "company": company,
        "date": format_date(note.interview_date, with_weekday=True),
        "date_plain": format_date(note.interview_date),
        "weekday": w.WEEKDAYS[note.interview_date.weekday()],
        "role_article": _with_indefinite_article(role),
    }

    first, spare = _first_paragraph(note, pick, values, topics, [q for q in questions if q])
    if late:
        # A note that comes late says so first, as a person would.
        first.insert(0, pick("late", w.NOTE_LATE))
    title = _graded(_title_phrase(_mended_title(note.interviewer_title or _title_in_name or "")))
    # Half the ways into a note say something of the person's post, so a panel's notes do not
    # all follow one plan (a cold reader found the title line in 58 of 67 notes).
    says_title = pick.turn("structure", 4) in (0, 2) or not topics or note.round_number > 1
    step = max(note.panel_size, 1)
    if title and says_title:
        title_line = pick("title", w.NOTE_TITLE)
        first.append(_unlike(first[-1], title_line, w.NOTE_TITLE, step, title=title))
    paragraphs = [first]
    pitch = _pitch_share(note)
    if pitch:
        single = topics[0] if len(topics) == 1 and not questions else None
        lead_options = w.NOTE_PITCH_LEADS_WITH_TOPIC if single else w.NOTE_PITCH_LEADS
        lead = _unlike(pitch[0], pick("pitch lead", lead_options), lead_options, step)
        paragraphs.append([lead, *pitch])
    closing = _closing(note, pick, values, late=late, when=when)
    paragraphs.append(closing)
    # Over the length a note should have, the least specific sentences go first.
    droppable = [
        *(first[-1:] if title and says_title else []),
        next(line for line in closing if line in w.NOTE_OFFERS),
        *reversed(pitch[1:]),
        *spare,
    ]
    greeting = _greeting(pick, note.interviewer_name, name)
    # One sender greets and signs a panel's notes the same way, as a person would.
    sign_off = pick.same("sign-off", w.NOTE_SIGN_OFFS)
    sender = signature(note.sender_name)
    thanks_again = pick("thanks again", w.NOTE_THANKS_AGAIN) if approved else None
    body = _fitted(greeting, paragraphs, sign_off, sender, droppable, thanks_again)
    subject = _capitalised(pick("subject", w.NOTE_SUBJECTS).format(**values))
    suggestions = _suggestions(
        note, name or w.INTERVIEWER_FALLBACK, role, approved, chosen, bool(_title_in_name)
    )
    return Draft(subject=subject, body=body, suggestions=suggestions)


def _fitted(
    greeting: str,
    paragraphs: list[list[str]],
    sign_off: str,
    sender: str,
    droppable: list[str],
    thanks_again: str | None,
) -> str:
    """The letter within MIN_NOTE_WORDS to MAX_NOTE_WORDS where it can be: a short note with
    points ends with `thanks_again`; a long one loses the `droppable` sentences in order."""
    body = _letter(greeting, paragraphs, sign_off, sender)
    if len(body.split()) < MIN_NOTE_WORDS and thanks_again is not None:
        # A note with points but little else ends with a word of thanks rather than abruptly.
        paragraphs[-1].append(thanks_again)
        body = _letter(greeting, paragraphs, sign_off, sender)
    droppable = list(droppable)
    while len(body.split()) > MAX_NOTE_WORDS and droppable:
        dropped = droppable.pop(0)
        paragraphs = [[line for line in lines if line is not dropped] for lines in paragraphs]
        body = _letter(greeting, paragraphs, sign_off, sender)
    return body


def _suggestions(
    note: NoteInput,
    who: str,
    role: str,
    approved: Sequence[str],
    chosen: Sequence[str],
    title_in_name: bool,
) -> tuple[str, ...]:
    """What would make the note stronger, said under it to the user (never in it)."""
    suggestions: list[str] = []
    if not approved:
        suggestions.append(w.SUGGEST_TOPICS.format(name=who))
    if note.kept:
        kept = w.SUGGEST_KEPT_ONE if len(note.kept) == 1 else w.SUGGEST_KEPT
        suggestions.append(kept.format(name=who, count=len(note.kept)))
    if not note.pitch or not note.pitch.strip():
        suggestions.append(w.SUGGEST_PITCH.format(role=role))
    if not _field(note.interviewer_title) and not title_in_name:
        suggestions.append(w.SUGGEST_TITLE.format(name=who))
    if len(approved) > len(chosen):
        suggestions.append(
            w.SUGGEST_FEWER_TOPICS.format(count=len(chosen), total=len(approved), name=who)
        )
    if any(len(point) > TOPIC_LIMIT for point in chosen):
        suggestions.append(w.SUGGEST_SHORTER_TOPIC)
    if _pitch_within_limit(note.pitch, (note.company, note.role))[1]:
        suggestions.append(w.SUGGEST_SHORTER_PITCH)
    return tuple(suggestions)


def _first_paragraph(
    note: NoteInput,
    pick: "_Picker",
    values: dict[str, str],
    topics: list[str],
    questions: list[str],
) -> tuple[list[str], list[str]]:
    """The thanks and their points, in one of four orders; a later round says which round.
    Also the sentences a note over length can lose (the question, the further points)."""
    out: list[str] = []
    spare: list[str] = []
    rest = topics[1:]
    structure = pick.turn("structure", 4)
    if note.round_number > 1 or not topics or structure == 0:
        if note.round_number > 1:
            ordinal = w.ORDINALS.get(note.round_number, w.ORDINAL_FALLBACK)
            opening = pick("opening", w.NOTE_OPENINGS_LATER_ROUND)
            out.append(opening.format(ordinal=ordinal, **values))
        else:
            out.append(pick("opening", w.NOTE_OPENINGS).format(**values))
        if topics:
            out.append(pick("first topic", w.NOTE_FIRST_TOPIC).format(topic=topics[0]))
    elif structure == 1:
        opening = pick("point opening", w.NOTE_POINT_OPENINGS)
        out.append(opening.format(topic=topics[0], **values))
        out.append(pick("thanks after point", w.NOTE_THANKS_AFTER_POINT).format(**values))
    elif structure == 2:
        out.append(pick("changed", w.NOTE_CHANGED_OPENINGS).format(topic=topics[0], **values))
        out.append(pick("short thanks", w.NOTE_SHORT_THANKS))
    else:
        out.append(pick("short opening", w.NOTE_SHORT_OPENINGS).format(**values))
        sentence = pick("topic with role", w.NOTE_TOPIC_WITH_ROLE)
        out.append(sentence.format(topic=topics[0], **values))
    if rest:
        joined = join_phrases(rest)
        out.append(pick("more topics", w.NOTE_MORE_TOPICS).format(topics=joined))
        spare.append(out[-1])
    if questions:
        options = w.NOTE_QUESTION if topics else w.NOTE_QUESTION_ONLY
        out.append(pick("question", options).format(question=join_phrases(questions)))
        if topics:
            spare.insert(0, out[-1])
    if not topics and not questions:
        out.append(pick("no topics", w.NOTE_NO_TOPICS))
    return out, spare


_NUMBERED_GRADE = re.compile(r"\b(" + "|".join(w.TITLE_NUMBERED_GRADES) + r")(?= \d)", re.I)


def _mended_title(title: str) -> str:
    """A title as typed in a hurry, as written: "ward mgr" is "ward manager", "msk" "MSK"."""
    return Casing.learnt_from([], ()).mend(expanded(_field(title)))


def _graded(text: str) -> str:
    """ "band 7" as "Band 7", "grade 7" as "Grade 7"."""
    return _NUMBERED_GRADE.sub(lambda match: match.group(1).capitalize(), text)


def _unlike(
    previous: str, chosen: str, options: Sequence[str], step: int, **values: str
) -> str:
    """The chosen wording, or a later one that does not open like the sentence beside it
    ("I appreciated the chance… I appreciated hearing…" reads as a template).

    It moves by the panel's size, at most twice, so each panelist keeps a wording of their
    own (the panel takes consecutive options)."""
    start = options.index(chosen)
    for tries in range(3):
        sentence = options[(start + tries * step) % len(options)].format(**values)
        if sentence.split()[:2] != previous.split()[:2]:
            return sentence
    return chosen.format(**values)


def _own_first(chosen: list[str], note: NoteInput) -> list[str]:
    """The points in the order typed, but one no other panelist has first: panelists compare
    notes, and two that open on the same topic read alike."""
    others = {
        point.casefold()
        for index, points in enumerate(note.panel_points)
        if index != note.panel_position
        for point in points
    }
    own = [point for point in chosen if point.casefold() not in others]
    if not own or own[0] == chosen[0]:
        return chosen
    return [own[0], *(point for point in chosen if point is not own[0])]


def _closing(
    note: NoteInput, pick: "_Picker", values: dict[str, str], *, late: bool, when: str | None
) -> list[str]:
    """Interest, what they said about timing, and an offer, in the order this note takes."""
    interest = pick("interest", w.NOTE_INTEREST).format(**values)
    offer = pick("offer", w.NOTE_OFFERS)
    timing: list[str] = []
    if when and not late:
        timing.append(pick("timeline", w.NOTE_TIMELINE).format(when=when))
    order = pick.turn("closing", 3)
    if order in (0, 2):
        # The offer follows the interest: not both "I am …" or "I would …".
        offer = _unlike(interest, offer, w.NOTE_OFFERS, max(note.panel_size, 1))
    if order == 0:
        return [interest, *timing, offer]
    if order == 1:
        return [*timing, interest, offer]
    return [interest, offer, *timing]


def _greeting(pick: "_Picker", typed_name: str, name: str) -> str:
    """ "Dear Dr. Kowalski,", "Hi Ana,"; "Hello," when no name (or a role) was typed."""
    if not name:
        return w.NOTE_GREETING_NAMELESS
    if _has_honorific(proper_case(split_name_title(typed_name)[0])):
        return w.NOTE_GREETING_FORMAL.format(name=name)
    return pick.same("greeting", w.NOTE_GREETINGS).format(name=name)


_QUESTION = "your question about "


def _question(point: str) -> str | None:
    """A point that is a question they asked ("your question about my …"), or None."""
    return point if point.casefold().startswith(_QUESTION) else None


def _approved_points(note: NoteInput) -> tuple[str, ...]:
    """The points the user approved for this person, or the safe default reading."""
    if note.points is not None:
        return note.points
    return note_points(read_points(note.topics, known=(note.company, note.role)))


def _pitch_share(note: NoteInput) -> list[str]:
    """The sentences of the pitch this person's note carries: those that answer their points."""
    sentences = pitch_sentences(note.pitch, known=(note.company, note.role))
    if not sentences:
        return []
    # Without the panel's points, every panelist counts as having this one's: the pitch is
    # then shared out the same way in every note.
    panel = note.panel_points or (_approved_points(note),) * max(
        note.panel_size, note.panel_position + 1
    )
    position = min(note.panel_position, len(panel) - 1)
    shares = share_pitch(sentences, panel)
    return [sentences[index] for index in shares[position]]


def pitch_sentences(pitch: str | None, *, known: Sequence[str] = ()) -> tuple[str, ...]:
    """The pitch as whole first-person sentences, ready to put in a letter, up to a length a
    note can carry."""
    return _pitch_within_limit(pitch, known)[0]


def _pitch_within_limit(pitch: str | None, known: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """The pitch's sentences that fit PITCH_LIMIT, and whether some were left out for length."""
    out: list[str] = []
    budget = PITCH_LIMIT
    for sentence in read_pitch(pitch, known=known):
        if len(sentence) > budget:
            if not out:
                out.append(shorten(sentence, budget))
            return tuple(out), True
        budget -= len(sentence)
        out.append(sentence)
    return tuple(out), False


def share_pitch(
    sentences: Sequence[str], panel: Sequence[Sequence[str]]
) -> list[tuple[int, ...]]:
    """Which pitch sentences each panelist's note carries (indexes, in the pitch's order).

    A sentence goes to the panelist whose approved points it shares most words with; one that
    answers nobody in particular goes to whoever has least so far. No sentence is in two notes;
    with more panelists than sentences, some notes carry none (they say a little less).
    """
    size = max(len(panel), 1)
    words = [_content_words(" ".join(points)) for points in panel] or [set()]
    taken: list[list[int]] = [[] for _ in range(size)]
    unmatched: list[int] = []
    for index, sentence in enumerate(sentences):
        mine = _content_words(sentence)
        scores = [len(mine & theirs) for theirs in words]
        best = max(scores)
        if best == 0:
            unmatched.append(index)
            continue
        taken[scores.index(best)].append(index)
    for index in unmatched:
        fewest = min(range(size), key=lambda person: (len(taken[person]), person))
        taken[fewest].append(index)
    # Nobody carries three while someone carries none: the pitch is shared out.
    for person in range(size):
        while not taken[person]:
            richest = max(range(size), key=lambda other: (len(taken[other]), -other))
            if len(taken[richest]) < 2:
                break
            taken[person].append(taken[richest].pop())
    return [tuple(sorted(indexes)) for indexes in taken]


_CONTENT_WORD = re.compile(r"[^\W\d_][\w-]{2,}")


def _content_words(text: str) -> set[str]:
    """The words of a text that say what it is about, crudely stemmed ("rotas" is "rota")."""
    out = set()
    for word in _CONTENT_WORD.findall(text.casefold()):
        if word in w.COMMON_WORDS:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out


def choose_points(points: Sequence[str], limit: int = MAX_POINTS) -> list[str]:
    """The one to three most specific points, in the order typed: names and figures first."""
    if len(points) <= limit:
        return list(points)
    ranked = sorted(range(len(points)), key=lambda index: (-_specificity(points[index]), index))
    return [points[index] for index in sorted(ranked[:limit])]


def _specificity(point: str) -> int:
    """More for proper nouns, acronyms and figures, and for a few words over one; less for
    the user's own work ("my portfolio")."""
    words = point.split()
    score = min(len(words), 6)
    score += 3 * sum(
        1 for word in words[1:] if word[:1].isupper() or any(ch.isdigit() for ch in word)
    )
    if not _is_about_them(point):
        score -= 3
    return score


def _is_about_them(point: str) -> bool:
    """Whether a point is about the interviewer's work, not the user's ("my on-call")."""
    folded = f" {point.casefold()} "
    return not any(f" {word} " in folded for word in w.FIRST_PERSON_POINT_WORDS)


def is_late(note: NoteInput) -> bool:
    """More than a week after the interview and past the timeline (or none was given)."""
    if note.today is None or (note.today - note.interview_date).days <= LATE_NOTE_DAYS:
        return False
    return note.timeline_end is None or note.today > note.timeline_end


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_indefinite_article(role: str) -> str:
    return f"{_indefinite_article(role)} {role}"


def _title_phrase(title: str) -> str:
    """A title as a person would say it: "the team's engineering manager", "Head of Design",
    "a staff engineer on the team"; empty for a recruiter's or an unclear title."""
    words = title.split()
    if not words or len(words) > 6:
        return ""
    folded = title.casefold()
    folded_words = {word.strip(".,()") for word in folded.split()}
    if folded_words & w.TITLE_SKIPPED_WORDS:
        return ""
    if folded.startswith(("the ", "a ", "an ", "our ", "their ")):
        return ""
    if (
        folded.startswith(w.TITLE_AS_TYPED_STARTS)
        or words[0] in w.TITLE_AS_TYPED_ACRONYMS
        or "," in title
    ):
        return title
    lowered = " ".join(word if _keeps_case(word) else word.lower() for word in words)
    if folded_words & w.TITLE_ONE_OF_MANY_WORDS:
        return w.TITLE_MEMBER_ONE_OF.format(article=_indefinite_article(lowered), title=lowered)
    if folded_words & w.TITLE_POST_WORDS:
        return w.TITLE_POST.format(title=lowered)
    if folded_words & w.TITLE_LEAD_WORDS:
        return w.TITLE_TEAM_LEAD.format(title=lowered)
    return w.TITLE_MEMBER.format(article=_indefinite_article(lowered), title=lowered)


def _indefinite_article(text: str) -> str:
    """ "a" or "an" as the word is said: "an engineer", "a UX researcher", "an SRE"."""
    first = text.split(maxsplit=1)[0] if text.split() else ""
    if len(first) > 1 and first.isupper():
        return "an" if first[0] in w.ACRONYM_AN_LETTERS else "a"
    return "an" if first[:1].casefold() in "aeiou" else "a"


def _keeps_case(word: str) -> bool:
    """ "SRE" and "iOS" keep their case in a title; "Engineering" does not."""
    letters = [ch for ch in word if ch.isalpha()]
    return (len(letters) > 1 and sum(ch.isupper() for ch in letters) > 1) or (
        bool(letters) and letters[0].islower() and any(ch.isupper() for ch in letters)
    )


def draft_call_script(call: CallInput) -> CallScript:
    """Bullets for a short follow-up call, and the same as a voicemail of about 30 seconds.

    The topic recalled is the interviewer's (never "my on-call experience"); the voicemail
    leaves the user's number when known, and promises an email only when there is an address.
    """
    pick = _Picker(call.seed)
    name = salutation_name(proper_case(split_name_title(call.contact_name or "")[0]))
    sender = signature(call.sender_name)
    values = {
        "name": name,
        "sender": sender,
        "role": clean_role(call.role),
        "company": _with_company_article(company_name(call.company)),
        "date": format_date(call.interview_date),
    }
    topic = _their_topic(call)

    intro = w.CALL_INTRO if name else w.CALL_INTRO_NAMELESS
    if topic:
        interest = pick("call interest", w.CALL_INTEREST_WITH_TOPIC).format(topic=topic, **values)
    else:
        interest = pick("call interest", w.CALL_INTEREST_NO_TOPIC).format(**values)
    bullets = (
        intro.format(**values),
        interest,
        pick("call questions", w.CALL_QUESTIONS),
        pick("call thanks", w.CALL_THANKS),
    )

    greeting = w.VOICEMAIL_GREETING if name else w.VOICEMAIL_GREETING_NAMELESS
    topic_part = w.VOICEMAIL_TOPIC.format(topic=topic) if topic else w.VOICEMAIL_NO_TOPIC
    phone = _field(call.phone)
    reach_parts = [w.VOICEMAIL_PHONE.format(phone=phone)] if phone else []
    if has_email(call.contact):
        reach_parts.append(w.VOICEMAIL_EMAIL)
    reach = " ".join(reach_parts) or w.VOICEMAIL_TRY_AGAIN
    voicemail = " ".join(
        (
            greeting.format(**values),
            w.VOICEMAIL_INTERVIEW.format(**values) + topic_part,
            w.VOICEMAIL_ASK,
            reach,
            w.VOICEMAIL_THANKS,
        )
    )
    return CallScript(bullets=bullets, voicemail=voicemail)


def draft_follow_up_email(call: CallInput) -> Draft:
    """A short, calm email with one question, for when calls go unanswered."""
    pick = _Picker(call.seed)
    name = salutation_name(proper_case(split_name_title(call.contact_name or "")[0]))
    role = clean_role(call.role)
    company = _with_company_article(company_name(call.company))
    date = format_date(call.interview_date)
    topic = _their_topic(call)

    first = w.FOLLOW_UP_OPENING.format(role=role, company=company, date=date)
    first += w.FOLLOW_UP_TOPIC.format(topic=topic) if topic else w.FOLLOW_UP_NO_TOPIC
    paragraph = [
        first,
        pick("follow-up interest", w.FOLLOW_UP_INTEREST),
        pick("follow-up question", w.FOLLOW_UP_QUESTIONS),
    ]
    if not name:
        greeting = w.NOTE_GREETING_NAMELESS
    elif _has_honorific(proper_case(call.contact_name or "")):
        greeting = w.NOTE_GREETING_FORMAL.format(name=name)
    else:
        greeting = pick("greeting", w.NOTE_GREETINGS).format(name=name)
    body = _letter(
        greeting,
        [paragraph, [w.FOLLOW_UP_THANKS]],
        pick("sign-off", w.FOLLOW_UP_SIGN_OFFS),
        signature(call.sender_name),
    )
    subject = pick("follow-up subject", w.FOLLOW_UP_SUBJECTS).format(role=role, date=date)
    subject = _capitalised(subject)
    suggestions: list[str] = []
    if not name:
        suggestions.append(w.SUGGEST_CONTACT)
    if topic is None:
        suggestions.append(w.SUGGEST_CALL_TOPICS)
    return Draft(subject=subject, body=body, suggestions=tuple(suggestions))


def call_contact_index(people: Sequence[tuple[str, str | None]]) -> int:
    """Who of an interview's people (name, title) the call goes to: the recruiter or HR
    contact, else the most senior by title, else the first listed."""
    def rank(index: int) -> tuple[int, int]:
        name, title = people[index]
        typed_title = title or split_name_title(name)[1] or ""
        words = {word.strip(".,()") for word in typed_title.casefold().replace("-", " ").split()}
        if words & w.CALL_CONTACT_TITLE_WORDS:
            return (0, index)
        for level, seniority in enumerate(w.SENIORITY_WORDS, start=1):
            if words & seniority:
                return (level, index)
        return (len(w.SENIORITY_WORDS) + 1, index)

    return min(range(len(people)), key=rank) if people else 0


def call_contact_of(people: Sequence[tuple[str, str | None, str | None]]) -> int:
    """Who of an interview's people (name, title, contact) the call or email goes to: the
    best placed (call_contact_index) among those the user can reach, else among everyone."""
    reachable = [index for index, person in enumerate(people) if person[2]]
    if not reachable:
        return call_contact_index([(name, title) for name, title, _ in people])
    chosen = call_contact_index([(people[index][0], people[index][1]) for index in reachable])
    return reachable[chosen]


def has_email(contact: str | None) -> bool:
    """Whether how a person can be reached, as typed, holds an email address."""
    return contact is not None and re.search(r"[^\s@,;]+@[^\s@,;]+\.\w+", contact) is not None


def _their_topic(call: CallInput) -> str | None:
    """The interviewer's approved point to recall aloud: short, and about them, not the user."""
    points = call.points
    if points is None:
        points = note_points(read_points(call.topics, known=(call.company, call.role)))
    return next(
        (point for point in choose_points(points) if _speakable(point) and _is_about_them(point)),
        None,
    )


def allowed_words_for(item: NoteInput | CallInput) -> tuple[str, ...]:
    """The user's own texts in a draft, so the tone check does not flag "IBM" or "SRE"."""
    texts: tuple[str | None, ...]
    if isinstance(item, NoteInput):
        texts = (
            item.sender_name,
            item.company,
            item.role,
            item.interviewer_name,
            item.interviewer_title,
            item.topics,
            item.pitch,
            item.timeline,
        )
    else:
        texts = (item.sender_name, item.company, item.role, item.contact_name, item.topics)
    return tuple(text for text in texts if text)


def salutation_name(full_name: str) -> str:
    """How to greet someone: "Ana Silva" is "Ana", "Dr. Ana Silva PhD" is "Dr. Silva".

    A degree or a job title is never taken for a name: "the recruiter" greets no one by name.
    """
    tokens = [token.strip(",") for token in _field(full_name).split()]
    tokens = [token for token in tokens if token]
    while len(tokens) > 1 and tokens[-1].replace(".", "").casefold() in w.POST_NOMINALS:
        tokens.pop()
    words = {token.casefold().strip(".()") for token in tokens}
    if not tokens or words <= (w.NAME_IS_ROLE_WORDS | w.TOPIC_DETERMINERS | {"of"}):
        return ""
    if _is_honorific(tokens[0]):
        return f"{tokens[0]} {tokens[-1]}" if len(tokens) > 1 else ""
    return tokens[0]


def signature(sender: str) -> str:
    """The name a note is signed with: proper case, without a title ("Dr. Hana Novak" signs
    and introduces herself as "Hana Novak")."""
    name = proper_case(_field(sender))
    words = name.split()
    if len(words) > 1 and _is_honorific(words[0]):
        return " ".join(words[1:])
    return name


def company_name(typed: str) -> str:
    """The company as a name: "northfield general hospital" is "Northfield General Hospital";
    a name typed with any capital ("IBM", "eBay") stays as typed."""
    text = _field(typed)
    if not text:
        return w.COMPANY_FALLBACK
    if any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in text):
        return text
    words = proper_case(text).split(" ")
    return " ".join(
        word.lower() if 0 < index < len(words) - 1 and word.lower() in w.NAME_SMALL_WORDS else word
        for index, word in enumerate(words)
    )


def _with_company_article(company: str) -> str:
    """ "University of Bristol" as "the University of Bristol" where a sentence names it."""
    words = company.split()
    if (
        len(words) > 2
        and words[0].casefold() in w.COMPANY_ARTICLE_WORDS
        and words[1].casefold() in {"of", "for"}
    ):
        return f"{w.COMPANY_ARTICLE} {company}"
    return company


def clean_role(role: str) -> str:
    """The role as typed, without a trailing "role" the templates already say."""
    text = _field(role)
    words = text.split()
    while len(words) > 1 and words[-1].casefold() in w.ROLE_TRAILING_WORDS:
        words.pop()
    return " ".join(words) or w.ROLE_FALLBACK


def format_date(day: datetime.date, *, with_weekday: bool = False) -> str:
    """ "20 November" or "Wednesday, 20 November", the same whatever the machine's locale."""
    template = w.DATE_WITH_WEEKDAY if with_weekday else w.DATE_PLAIN
    return template.format(
        weekday=w.WEEKDAYS[day.weekday()], day=day.day, month=w.MONTHS[day.month - 1]
    )


def timeline_phrase(timeline: str | None) -> str | None:
    """ "2 weeks" is "within 2 weeks", "Friday" is "by Friday"; None when it would not read well.

    Typed shorthand is spelled out ("2 wks"), day and month names capitalised ("by friday"),
    and the small words people drop put back ("couple of weeks", "end of month", "2 week").
    """
    text = _mended_timeline(expanded(_field(timeline)).rstrip(".!?"))
    if not text or len(text) > TIMELINE_LIMIT or has_shorthand(text):
        return None
    folded = text.casefold()
    first_word = folded.split()[0].strip(",")
    words = set(re.findall(r"\w+", folded))
    if folded.startswith(w.TIMELINE_AS_TYPED):
        return text[0].lower() + text[1:]
    if (folded[0].isdigit() or folded.startswith(w.TIMELINE_COUNTS)) and words & set(
        w.TIMELINE_UNITS
    ):
        return w.TIMELINE_WITHIN.format(timeline=text)
    names = {name.casefold() for name in (*w.WEEKDAYS, *w.MONTHS)}
    if folded.startswith(w.TIMELINE_BY_THE_STARTS):
        return w.TIMELINE_BY_THE.format(timeline=text[0].lower() + text[1:])
    if folded.startswith(w.TIMELINE_BY_STARTS) or first_word in names:
        if first_word not in names:
            text = text[0].lower() + text[1:]
        return w.TIMELINE_BY.format(timeline=text)
    return None


_NAMED_DAY = re.compile(
    r"\b(" + "|".join((*w.WEEKDAYS, *w.MONTHS, *w.DAY_ABBREVIATIONS)) + r")\b\.?",
    re.IGNORECASE,
)
_SINGULAR_UNIT = re.compile(r"\b([2-9]|\d{2,}) (day|week|month)\b")


def _mended_timeline(text: str) -> str:
    """A timeline as a careful person writes it: names capitalised, small words put back."""
    text = _NAMED_DAY.sub(
        lambda match: w.DAY_ABBREVIATIONS.get(match.group(1).casefold(), match.group(1))
        .capitalize(),
        text,
    )
    text = _SINGULAR_UNIT.sub(lambda match: f"{match.group(1)} {match.group(2)}s", text)
    for typed, written in w.TIMELINE_MENDED:
        text = re.sub(typed, written, text, flags=re.IGNORECASE)
    return text


class _Picker:
    """Chooses among wordings from a stable seed; each slot independently, so adding a slot
    does not reshuffle the others."""

    def __init__(self, seed: int, position: int = 0) -> None:
        self._seed = seed
        self._position = position

    def __call__(self, slot: str, options: Sequence[str]) -> str:
        return options[self.turn(slot, len(options))]

    def same(self, slot: str, options: Sequence[str]) -> str:
        """One option for the whole panel (a sender's greeting, their sign-off)."""
        digest = hashlib.blake2b(f"{slot}:{self._seed}".encode(), digest_size=8).digest()
        return options[int.from_bytes(digest, "big") % len(options)]

    def turn(self, slot: str, count: int) -> int:
        """One of `count` choices; the panel's next person takes the next, so panelists never
        share one (up to `count` of them)."""
        digest = hashlib.blake2b(f"{slot}:{self._seed}".encode(), digest_size=8).digest()
        return (int.from_bytes(digest, "big") + self._position) % count


def _sentence(text: str) -> str:
    """A sentence that does not end in "…." or "?." because the user's text ended so."""
    if text.endswith(("….", "?.", "!.")):
        return text[:-1]
    return text


def _letter(greeting: str, paragraphs: list[list[str]], sign_off: str, sender: str) -> str:
    """Greeting, paragraphs and signature, laid out as an email."""
    blocks = [greeting, *(" ".join(paragraph) for paragraph in paragraphs)]
    signature = _field(sender)
    blocks.append(f"{sign_off}\n{signature}" if signature else sign_off)
    return "\n\n".join(blocks)


def _field(text: str | None) -> str:
    """A one-line field as typed, with runs of whitespace made single and a sane length."""
    if text is None:
        return ""
    return shorten(" ".join(text.split()), FIELD_LIMIT)


def _speakable(topic: str) -> bool:
    """Whether a topic is short enough to say in a voicemail or one line of an email."""
    return len(topic.split()) <= SPOKEN_TOPIC_WORDS and len(topic) <= SPOKEN_TOPIC_LIMIT


def _is_honorific(token: str) -> bool:
    return token.rstrip(".").casefold() in w.HONORIFICS


def _has_honorific(full_name: str) -> bool:
    tokens = full_name.split()
    return len(tokens) > 1 and _is_honorific(tokens[0])
