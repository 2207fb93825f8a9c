"""Drafts the user copies and sends: a thank-you note per interviewer, a call script, an email."""

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import wording_en as w
from bot.domain.names import proper_case, split_name_title
from bot.domain.topics import (
    join_phrases,
    lower_ordinary_first_word,
    read_topics,
    shorten,
)

# Limits that keep any draft well inside one Telegram message (4096 characters with the
# surrounding text), whatever the user typed.
FIELD_LIMIT = 120
TOPIC_LIMIT = 80
MAX_POINTS = 3
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


@dataclass(frozen=True, slots=True)
class CallScript:
    """Three or four bullets to say on the call, and a voicemail of about 30 seconds."""

    bullets: tuple[str, ...]
    voicemail: str


def draft_thank_you(note: NoteInput) -> Draft:
    """A personal thank-you note to one interviewer, with suggestions to make it stronger.

    Each panelist of an interview (panel_position 0, 1, 2…) gets their own structure and their
    own sentences: the wording lists are read in turn, so no two notes of a panel share one.
    """
    pick = _Picker(note.seed, note.panel_position)
    typed_name, title_in_name = split_name_title(note.interviewer_name)
    full_name = proper_case(typed_name)
    name = salutation_name(full_name)
    role = clean_role(note.role)
    company = _field(note.company) or w.COMPANY_FALLBACK
    title = _title_phrase(_field(note.interviewer_title) or title_in_name or "")
    date_plain = format_date(note.interview_date)
    date = format_date(note.interview_date, with_weekday=True)
    reading = read_topics(note.topics)
    chosen = choose_points(reading.points)
    topics = [shorten(topic, TOPIC_LIMIT) for topic in chosen]
    pitch = _Pitch.parse(note.pitch)
    late = _is_late(note)
    when = None if late else timeline_phrase(note.timeline)
    values = {
        "role": role,
        "company": company,
        "date": date,
        "date_plain": date_plain,
        "role_article": _with_indefinite_article(role),
    }

    structure = (note.seed + note.panel_position) % 3 if topics else 0
    first_paragraph: list[str] = []
    rest = topics[1:]
    if note.round_number > 1 or structure == 0 or not topics:
        if note.round_number > 1:
            ordinal = w.ORDINALS.get(note.round_number, w.ORDINAL_FALLBACK)
            opening = pick("opening", w.NOTE_OPENINGS_LATER_ROUND)
            first_paragraph.append(opening.format(ordinal=ordinal, **values))
        else:
            first_paragraph.append(pick("opening", w.NOTE_OPENINGS).format(**values))
        if topics:
            first_paragraph.append(pick("first topic", w.NOTE_FIRST_TOPIC).format(topic=topics[0]))
    elif structure == 1:
        opening = pick("opening with topic", w.NOTE_OPENINGS_WITH_TOPIC)
        first_paragraph.append(opening.format(topic=topics[0], **values))
    else:
        first_paragraph.append(pick("short thanks", w.NOTE_SHORT_THANKS).format(**values))
        sentence = pick("topic with role", w.NOTE_TOPIC_WITH_ROLE)
        first_paragraph.append(sentence.format(topic=topics[0], **values))
    if rest:
        more = pick("more topics", w.NOTE_MORE_TOPICS)
        joined = join_phrases(rest)
        first_paragraph.append(more.format(topics=joined, Topics=_capitalised(joined)))
    if not topics:
        first_paragraph.append(pick("no topics", w.NOTE_NO_TOPICS).format(**values))
    if title:
        first_paragraph.append(pick("title", w.NOTE_TITLE).format(title=title))

    paragraphs = [first_paragraph]
    # The pitch is tied to the person's point when the note has only one, so it is not listed
    # twice; with more, the lead refers back to the conversation.
    theirs = topics[0] if len(topics) == 1 and _is_about_them(topics[0]) else None
    if pitch.sentences or pitch.phrases:
        paragraphs.append(pitch.render(pick, note.panel_position, note.panel_size, theirs))

    last_paragraph = [pick("interest", w.NOTE_INTEREST).format(**values)]
    if late:
        last_paragraph.append(pick("late", w.NOTE_LATE))
    elif when:
        last_paragraph.append(pick("timeline", w.NOTE_TIMELINE).format(when=when))
    last_paragraph.append(pick("offer", w.NOTE_OFFERS))
    paragraphs.append(last_paragraph)

    if not name:
        greeting = w.NOTE_GREETING_NAMELESS
    elif _has_honorific(full_name):
        greeting = w.NOTE_GREETING_FORMAL.format(name=name)
    else:
        greeting = pick("greeting", w.NOTE_GREETINGS).format(name=name)
    body = _letter(
        greeting, paragraphs, pick("sign-off", w.NOTE_SIGN_OFFS), proper_case(note.sender_name)
    )
    subject = pick("subject", w.NOTE_SUBJECTS).format(**values)

    who = name or w.INTERVIEWER_FALLBACK
    suggestions: list[str] = []
    if not reading.points:
        suggestions.append(w.SUGGEST_TOPICS.format(name=who))
    if reading.left_out:
        items = "; ".join(
            w.SUGGEST_LEFT_OUT_ITEM.format(text=item.text, reason=item.reason)
            for item in reading.left_out
        )
        suggestions.append(w.SUGGEST_LEFT_OUT.format(name=who, items=items))
    if not pitch.sentences and not pitch.phrases:
        suggestions.append(w.SUGGEST_PITCH.format(role=role))
    if not title and not _field(note.interviewer_title) and not title_in_name:
        suggestions.append(w.SUGGEST_TITLE.format(name=who))
    if len(reading.points) > len(chosen):
        suggestions.append(
            w.SUGGEST_FEWER_TOPICS.format(count=len(chosen), total=len(reading.points), name=who)
        )
    if any(len(topic) > TOPIC_LIMIT for topic in chosen):
        suggestions.append(w.SUGGEST_SHORTER_TOPIC)
    if pitch.shortened:
        suggestions.append(w.SUGGEST_SHORTER_PITCH)
    return Draft(subject=subject, body=body, suggestions=tuple(suggestions))


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


def _is_late(note: NoteInput) -> bool:
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
    sender = proper_case(_field(call.sender_name))
    values = {
        "name": name,
        "sender": sender,
        "role": clean_role(call.role),
        "company": _field(call.company) or w.COMPANY_FALLBACK,
        "date": format_date(call.interview_date),
    }
    topic = _their_topic(call.topics)

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
    company = _field(call.company) or w.COMPANY_FALLBACK
    date = format_date(call.interview_date)
    topic = _their_topic(call.topics)

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
        proper_case(call.sender_name),
    )
    subject = pick("follow-up subject", w.FOLLOW_UP_SUBJECTS).format(role=role, date=date)
    suggestions: list[str] = []
    if not name:
        suggestions.append(w.SUGGEST_CONTACT)
    if topic is None:
        suggestions.append(w.SUGGEST_CALL_TOPICS)
    return Draft(subject=subject, body=body, suggestions=tuple(suggestions))


def has_email(contact: str | None) -> bool:
    """Whether how a person can be reached, as typed, holds an email address."""
    return contact is not None and re.search(r"[^\s@,;]+@[^\s@,;]+\.\w+", contact) is not None


def _their_topic(topics: str | None) -> str | None:
    """The interviewer's point to recall aloud: short, and about them rather than the user."""
    points = read_topics(topics).points
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
    """How to greet someone: "Ana Silva" is "Ana", "Dr. Ana Silva" is "Dr. Silva"."""
    tokens = [token.strip(",") for token in _field(full_name).split()]
    tokens = [token for token in tokens if token]
    if not tokens:
        return ""
    if _is_honorific(tokens[0]) and len(tokens) > 1:
        return f"{tokens[0]} {tokens[-1]}"
    return tokens[0]


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
    """ "2 weeks" is "within 2 weeks", "Friday" is "by Friday"; None when it would not read well."""
    text = _field(timeline).rstrip(".!?")
    if not text or len(text) > TIMELINE_LIMIT:
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


class _Picker:
    """Chooses among wordings from a stable seed; each slot independently, so adding a slot
    does not reshuffle the others."""

    def __init__(self, seed: int, position: int = 0) -> None:
        self._seed = seed
        self._position = position

    def __call__(self, slot: str, options: Sequence[str]) -> str:
        digest = hashlib.blake2b(f"{slot}:{self._seed}".encode(), digest_size=8).digest()
        # The panel's next person takes the next option, so panelists never share one.
        return options[(int.from_bytes(digest, "big") + self._position) % len(options)]


@dataclass(frozen=True, slots=True)
class _Pitch:
    """The user's pitch split into noun phrases ("8 years of Python") and sentences ("I led…")."""

    phrases: tuple[str, ...]
    sentences: tuple[str, ...]
    shortened: bool

    @classmethod
    def parse(cls, pitch: str | None) -> "_Pitch":
        """Split the pitch into fragments and make each one read well in a note."""
        phrases: list[str] = []
        sentences: list[str] = []
        budget = PITCH_LIMIT
        shortened = False
        for fragment in _pitch_fragments(pitch):
            if budget <= len(w.ELLIPSIS) + 10:
                shortened = True
                break
            if len(fragment) > budget:
                if phrases or sentences:
                    shortened = True
                    break
                fragment = shorten(fragment, budget)
                shortened = True
            budget -= len(fragment)
            sentence = _as_first_person_sentence(fragment)
            if sentence is None:
                phrases.append(lower_ordinary_first_word(fragment))
            else:
                sentences.append(sentence)
        return cls(tuple(phrases), tuple(sentences), shortened)

    def render(
        self, pick: "_Picker", position: int, panel_size: int, topic: str | None
    ) -> list[str]:
        """The pitch for one panelist's note: a lead (tied to their point when there is one),
        then their share of what the user brings. A share already used in an earlier note of
        the panel is joined to the lead, so it is not pasted as the same sentence."""
        if topic is not None:
            template = pick("pitch lead", w.NOTE_PITCH_LEADS_WITH_TOPIC)
            lead = template.format(topic=topic, Topic=_capitalised(topic))
        else:
            lead = pick("pitch lead", w.NOTE_PITCH_LEADS)
        parts: list[str | tuple[str, ...]] = [*self.sentences]
        if self.phrases:
            parts.insert(0, self.phrases)
        size = max(panel_size, 1)
        mine = [part for index, part in enumerate(parts) if index % size == position % size]
        reused = not mine
        if reused:
            mine = [parts[position % len(parts)]]
        out = [lead]
        for part in mine:
            if isinstance(part, tuple):
                out.append(pick("pitch bring", w.NOTE_PITCH_BRING).format(pitch=join_phrases(part)))
            else:
                out.append(_sentence(part + "."))
        if reused and len(out) == 2:
            sentence = out[1]
            if not sentence.startswith(w.FIRST_PERSON + " "):
                sentence = sentence[:1].lower() + sentence[1:]
            return [w.NOTE_PITCH_REUSED.format(lead=lead.rstrip("."), sentence=sentence)]
        return out


_PITCH_BREAK = re.compile(r"[\n\r;\u2028\u2029]+|(?<=[.!?…])\s+")
_PITCH_BULLET = re.compile(r"^(?:[-*•·‣◦▪\u2013—+>]+\s*|\(?\d{1,3}[.)]\s+)")
_VERB_AFTER_COMMA = re.compile(
    r",\s+(?:and\s+)?(?=(?:"
    + "|".join(
        re.escape(verb).replace("'", "['\u2019]")
        for verb in sorted(w.PITCH_VERBS | w.FIRST_PERSON_FORMS, key=len, reverse=True)
    )
    + r")(?![\w'\u2019]))",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[\w'\u2019-]+")


def _pitch_fragments(pitch: str | None) -> list[str]:
    """The pitch's sentences, lines and "…, led a team" parts, without edge punctuation."""
    if pitch is None:
        return []
    fragments = []
    for line in _PITCH_BREAK.split(pitch):
        for part in _VERB_AFTER_COMMA.split(_PITCH_BULLET.sub("", line.strip())):
            text = " ".join(part.split()).strip(" .,;:!?-\u2013—")
            if text and any(ch.isalnum() for ch in text):
                fragments.extend(_state_split(_their_as_your(text)))
    return fragments


_THEIR = re.compile(r"\b[Tt]heir\b")
_COMMA = re.compile(r"\s*,\s*")


def _their_as_your(text: str) -> str:
    """ "I know their product" is "I know your product"; "3 of them" stays about them."""
    return _THEIR.sub("your", text)


def _state_split(fragment: str) -> list[str]:
    """ "ACCA part-qualified, two busy seasons" is two parts: a state and a noun phrase."""
    parts = _COMMA.split(fragment)
    if len(parts) < 2:
        return [fragment]
    out: list[str] = []
    for part in parts:
        if out and not (_is_state(part) or _is_state(out[-1])):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return [part for part in out if part]


def _is_state(part: str) -> bool:
    """ "CIMA qualified", "NMC registered since 2018", "comfortable with RTOS"."""
    words = part.casefold().split()
    return bool(words) and (
        words[-1] in w.PITCH_STATE_LAST_WORDS
        or words[0] in w.PITCH_STATE_FIRST_WORDS
        or (
            any(word in w.PITCH_STATE_LAST_WORDS for word in words[1:3])
            and words[0] not in w.TOPIC_DETERMINERS
            and not words[0][:1].isdigit()
        )
    )


def _as_first_person_sentence(fragment: str) -> str | None:
    """ "Led a team" as "I led a team"; None for a noun phrase such as "8 years of Python"."""
    match = _FIRST_WORD.match(fragment)
    if match is None:
        return None
    first = match.group(0).casefold().replace("\u2019", "'")
    rest = fragment[match.end() :]
    if first in w.PITCH_DROPPED_LEADS:
        following = _as_first_person_sentence(rest.lstrip())
        if following is not None and following.startswith(w.FIRST_PERSON):
            return following
        return None
    if first in w.FIRST_PERSON_FORMS:
        return w.FIRST_PERSON + fragment[1:]
    words = fragment.split()
    if first in w.PITCH_PASSIVE_VERBS:
        return f"{w.PITCH_PASSIVE} {first}{rest}"
    if _is_state(fragment) and first not in w.FIRST_PERSON_FORMS:
        return f"{w.PITCH_STATE} {fragment}"
    if (
        len(words) <= 5
        and words[-1].casefold().endswith(w.PITCH_PERSON_SUFFIXES)
        and not {word.casefold() for word in words} & w.PITCH_POST_PREPOSITIONS
        and first not in w.TOPIC_DETERMINERS
        and not any(ch.isdigit() for ch in fragment)
    ):
        head = lower_ordinary_first_word(fragment)
        return f"{w.PITCH_STATE} {_indefinite_article(head)} {head}"
    post = [index for index, word in enumerate(words[:-1]) if word.casefold() in w.PITCH_POST_WORDS]
    if post and words[post[0] + 1].casefold() in w.PITCH_POST_PREPOSITIONS and post[0] < 3:
        head = " ".join(words[: post[0] + 1])
        article = "" if post[0] > 0 else _indefinite_article(head) + " "
        return f"{w.PITCH_STATE} {article}{fragment}"
    if first in w.PITCH_VERBS or (
        first.endswith(w.PITCH_VERB_SUFFIX)
        and len(first) > len(w.PITCH_VERB_SUFFIX) + 2
        and first not in w.PITCH_ADJECTIVES_ED
    ):
        return f"{w.FIRST_PERSON} {first}{rest}"
    if first in w.POSSESSIVE_OPENERS and set(rest.casefold().split()) & w.CLAUSE_VERBS:
        return fragment[0].upper() + fragment[1:]
    return None


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


def _with_article(title: str) -> str:
    """ "recruiter" as "the recruiter"; a capitalised title or one with an article as typed."""
    first = title.split(maxsplit=1)[0] if title else ""
    if not first or not first[0].islower() or first in w.TOPIC_DETERMINERS:
        return title
    return f"{w.TITLE_ARTICLE} {title}"


def _speakable(topic: str) -> bool:
    """Whether a topic is short enough to say in a voicemail or one line of an email."""
    return len(topic.split()) <= SPOKEN_TOPIC_WORDS and len(topic) <= SPOKEN_TOPIC_LIMIT


def _is_honorific(token: str) -> bool:
    return token.rstrip(".").casefold() in w.HONORIFICS


def _has_honorific(full_name: str) -> bool:
    tokens = full_name.split()
    return len(tokens) > 1 and _is_honorific(tokens[0])
