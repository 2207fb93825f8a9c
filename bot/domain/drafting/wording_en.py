"""English wording for drafts, topic parsing and the tone check: a new language is a new file."""

# --- Dates, lists and small words -------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATE_WITH_WEEKDAY = "{weekday} {day} {month}"
DATE_PLAIN = "{day} {month}"

LIST_SEPARATOR = ", "
LIST_LAST_SEPARATOR = " and "

ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}
ORDINAL_FALLBACK = "next"

# How people are addressed: "Dr. Ana Silva" is "Dr. Silva", "Ana Silva" is "Ana".
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "sister"}
)
# Words people add after a role ("Backend Engineer role") that the templates already say.
ROLE_TRAILING_WORDS = ("role", "position", "job", "opening", "vacancy")
ROLE_FALLBACK = "open"
COMPANY_FALLBACK = "your company"
# A company named like an institution takes "the": "the University of Bristol", "the
# Department for Transport" (its first word, when "of" or "for" follows).
COMPANY_ARTICLE_WORDS = frozenset(
    {"university", "department", "ministry", "office", "bank", "institute", "college",
     "museum", "house", "royal", "national", "home", "foreign", "cabinet", "environment"}
)  # fmt: skip
COMPANY_ARTICLE = "the"
# Words a name typed in lower case keeps in lower case inside it: "Bank of England".
NAME_SMALL_WORDS = frozenset({"of", "and", "the", "for", "at", "in", "on", "&", "de", "la", "du"})

# --- Thank-you note ---------------------------------------------------------------------------

NOTE_SUBJECTS = (
    "Thank you: {role} interview",
    "Thank you for your time on {date_plain}",
    "{role} interview at {company}: thank you",
    "Thank you for our conversation on {date_plain}",
    "{role} at {company}: thank you for your time",
    "Thank you: our conversation about the {role} role",
)
NOTE_GREETINGS = ("Dear {name},", "Hi {name},", "Hello {name},")
NOTE_GREETING_FORMAL = "Dear {name},"
NOTE_GREETING_NAMELESS = "Hello,"

# Every list below is read in turn by the panelists of one interview (the first person gets one
# option, the next person the next), so two notes of a panel never share a sentence. Keep at
# least six options in each: one user's notes over weeks then rarely repeat a sentence.
# {topic} is always a noun phrase the user approved ("your move to Kubernetes").

# Four ways into a note; the panelists of one interview each take a different one.
# 0: the thanks first, then their point.
NOTE_OPENINGS = (
    "Thank you for taking the time to speak with me on {date} about the {role} role at {company}.",
    "Thank you for meeting with me on {date} to talk about the {role} role at {company}.",
    "Thank you for your time on {date} and for a thoughtful conversation about the {role} role"
    " at {company}.",
    "Many thanks for speaking with me on {date} about joining {company} as {role_article}.",
    "Thank you for making time on {date} to talk with me about the {role} position at {company}.",
    "I am grateful for the time you gave me on {date} to discuss the {role} role at {company}.",
)
NOTE_OPENINGS_LATER_ROUND = (
    "Thank you for meeting with me on {date} for the {ordinal} round of interviews for the {role}"
    " role at {company}.",
    "Thank you for your time on {date} in the {ordinal} round for the {role} role at {company}.",
    "Many thanks for the {ordinal}-round conversation on {date} about the {role} role at"
    " {company}.",
    "Thank you for speaking with me again on {date}, in the {ordinal} round for the {role} role"
    " at {company}.",
    "I appreciated the chance to continue the conversation on {date}, in the {ordinal} round for"
    " the {role} role at {company}.",
    "Thank you for seeing me on {date} for the {ordinal} round of the {role} process at"
    " {company}.",
)
NOTE_FIRST_TOPIC = (
    "I especially enjoyed our conversation about {topic}.",
    "Talking with you about {topic} is what I have thought about most since.",
    "I particularly valued our conversation on {topic}.",
    "Our discussion of {topic} stayed with me afterwards.",
    "The part I keep returning to is our discussion of {topic}.",
    "I found our exchange on {topic} especially useful.",
    "I enjoyed hearing about {topic} in particular.",
    "Our conversation about {topic} was the highlight for me.",
    "I was especially interested to hear about {topic}.",
    "Talking through {topic} with you was particularly useful.",
)
# 1: their point leads.
NOTE_POINT_OPENINGS = (
    "Our conversation about {topic} has stayed with me since {weekday}.",
    "I have been thinking about {topic} since we spoke on {weekday}.",
    "Since our conversation on {weekday}, I have reflected most on {topic}.",
    "Of everything we covered on {weekday}, our discussion of {topic} stood out for me.",
    "Since {weekday} I have kept coming back to our discussion of {topic}.",
    "Our exchange about {topic} on {weekday} is still on my mind.",
)
NOTE_THANKS_AFTER_POINT = (
    "Thank you for taking the time to talk with me about the {role} role at {company}.",
    "Thank you for your time talking about the {role} role at {company}.",
    "Many thanks for the time you gave me to discuss the {role} role at {company}.",
    "I am grateful for your time and for our conversation about the {role} role at {company}.",
    "Thank you for meeting with me to talk about the {role} position at {company}.",
    "Thank you for the time you took to discuss the {role} role at {company}.",
)
# 2: what the conversation changed for the candidate.
NOTE_CHANGED_OPENINGS = (
    "I came away from our conversation on {date} with a much clearer picture of the {role} role"
    " at {company}, thanks above all to our discussion of {topic}.",
    "Our conversation on {date} changed how I see the {role} role at {company}: talking through"
    " {topic} made the work much easier to picture.",
    "After we spoke on {date}, the {role} role at {company} feels far more concrete to me,"
    " largely because of our discussion of {topic}.",
    "Before we met on {date} I had a sense of the {role} role at {company}; after our discussion"
    " of {topic}, I have a real picture of it.",
    "Hearing about {topic} on {date} turned the {role} role at {company} from a job description"
    " into work I can picture doing.",
    "Our discussion of {topic} on {date} is what made the {role} role at {company} click for"
    " me.",
)
NOTE_SHORT_THANKS = (
    "Thank you for your time and your openness.",
    "Thank you for such a useful conversation.",
    "Thank you for giving me that insight.",
    "I am grateful for the time you gave me.",
    "Thank you for a conversation I learned a lot from.",
    "Thank you for making the time to meet.",
)
# 3: a short thanks, then their point with the role.
NOTE_SHORT_OPENINGS = (
    "Thank you for meeting me on {date}.",
    "Thanks so much for your time on {date}.",
    "Thank you for the conversation on {date}.",
    "Many thanks for seeing me on {date}.",
    "Thank you for speaking with me on {date}.",
    "I wanted to thank you for your time on {date}.",
)
NOTE_TOPIC_WITH_ROLE = (
    "Our discussion of {topic} gave me a much clearer sense of what the {role} role at {company}"
    " involves.",
    "Hearing about {topic} made the {role} role at {company} much easier to picture.",
    "Talking through {topic} showed me what the {role} role at {company} would mean in practice.",
    "Learning about {topic} helped me understand what the {role} role at {company} asks of"
    " someone.",
    "Going through {topic} with you gave me a real feel for the {role} role at {company}.",
    "Your account of {topic} told me more about the {role} role at {company} than any job"
    " advert could.",
)
NOTE_MORE_TOPICS = (
    "It was also good to cover {topics}.",
    "I also appreciated the time we spent on {topics}.",
    "I was glad we could talk about {topics} as well.",
    "I was also glad to hear about {topics}.",
    "Talking about {topics} was just as helpful.",
    "I also valued hearing about {topics}.",
    "It was good to hear about {topics} as well.",
    "I found our discussion of {topics} interesting too.",
    "Talking through {topics} gave me plenty to think about as well.",
    "I appreciated the chance to discuss {topics} too.",
)
# A question they asked about the candidate ("your question about my team-lead experience").
NOTE_QUESTION = (
    "I also appreciated {question}.",
    "Thank you as well for {question}.",
    "I was glad to have the chance to answer {question}.",
    "I was glad to talk through {question} too.",
    "I also enjoyed answering {question}.",
    "I was pleased you raised {question}.",
)
NOTE_QUESTION_ONLY = (
    "I especially appreciated {question}.",
    "I was glad to have the chance to answer {question}.",
    "Thank you in particular for {question}.",
    "I enjoyed answering {question}.",
    "I appreciated the chance to answer {question}.",
    "I was pleased you raised {question}.",
)
# When no point was approved for this person: warm and short, inventing nothing.
NOTE_NO_TOPICS = (
    "I enjoyed our conversation and came away with a clearer picture of the role.",
    "It was a pleasure to talk with you and to learn more about the work.",
    "I appreciated hearing more about the role and the team.",
    "Our conversation gave me a much better sense of the work.",
    "I valued the chance to learn more about the role from you.",
    "I came away from our conversation with a real interest in the work.",
)
# The pitch: a lead, then the sentences of the pitch that answer this person's points.
NOTE_PITCH_LEADS = (
    "The conversation confirmed that the role plays to my strengths.",
    "I left the interview more confident that I would be a strong fit.",
    "I came away more certain that the role matches what I offer.",
    "Our conversation reinforced my sense that I could contribute from the start.",
    "It reminded me why this is the work I want to do next.",
    "I can see clearly where I would add value.",
    "I would bring relevant experience from day one.",
    "The role fits what I have been working towards.",
    "I believe my background suits the role well.",
    "I am confident I could make a real contribution.",
)
# Only when the note has a single point: it refers back to that discussion without naming
# the point again (the paragraph before has just named it).
NOTE_PITCH_LEADS_WITH_TOPIC = (
    "That discussion left me confident the role plays to my strengths.",
    "Our discussion made me keener still to contribute.",
    "The discussion made me even surer I could contribute from the start.",
    "Looking back on our discussion, I can see where I would add the most.",
    "It is exactly the kind of work I want to be part of.",
    "That conversation is a large part of why I am so keen on the role.",
    "That is work I would love to be part of.",
    "It connects closely with my own experience.",
    "It is where I believe I could help most.",
    "It made the fit with my experience very clear.",
)
# Words too common to say what a pitch sentence or a point is about.
COMMON_WORDS = frozenset(
    {"the", "and", "for", "with", "your", "you", "our", "their", "them", "they", "that", "this",
     "from", "into", "about", "have", "has", "had", "was", "were", "are", "been", "being", "will",
     "would", "can", "could", "team", "teams", "work", "working", "role", "job", "company",
     "year", "years", "experience", "question", "questions", "how", "what", "why", "when",
     "where", "which", "who", "whether", "more", "most", "some", "also", "very", "much",
     "many", "new", "all", "any", "each", "other", "over", "than", "then", "there", "these",
     "those", "its", "his", "her", "she", "him", "out", "one", "two", "three", "time", "times",
     "day", "days", "well", "good", "great", "lot", "lots", "bring", "led", "lead", "help",
     "helped", "make", "made", "get", "got", "per", "via", "around", "across", "my", "me"}
)  # fmt: skip
NOTE_INTEREST = (
    "I remain very interested in the role and in joining {company}.",
    "I am keen to join {company} and would welcome the next step.",
    "I am excited about the opportunity to join {company}.",
    "Joining {company} is something I would genuinely look forward to.",
    "I would be excited to bring my experience to the team at {company}.",
    "I am genuinely keen on the role and on joining the team at {company}.",
    "I am very interested in the role and hope to take the next step.",
    "I would look forward to working with you at {company}.",
    "Our conversation made me keener still on the role and the team.",
    "I am excited by the role and by everything it would involve.",
)
NOTE_TIMELINE = (
    "I understand the team hopes to decide {when}.",
    "I understand an update should follow {when}.",
    "I understand there should be news {when}.",
    "I understand a decision is expected {when}.",
    "I look forward to hearing how things progress {when}.",
    "I will look out for news {when}.",
    "I understand things should become clearer {when}.",
    "I understand news should follow {when}.",
    "I understand the team expects to decide {when}.",
    "I gather an update is planned {when}.",
)
# The last line of a short note, so it does not end abruptly.
NOTE_THANKS_AGAIN = (
    "Thank you again for your time and for such an open conversation.",
    "Thank you once more for a thoughtful and useful conversation.",
    "Many thanks again for the time you gave me and for your candour.",
    "Thank you again for making the time to meet with me.",
    "Thanks once more for a conversation I got a great deal from.",
    "Thank you again; I very much enjoyed our conversation.",
)
# A note sent more than a week after the interview, once the timeline has passed (or none given).
NOTE_LATE = (
    "I am sorry this note comes later than I intended; I did not want the chance to thank you"
    " to pass.",
    "This comes later than I would have liked, but I wanted to thank you properly all the same.",
    "I realise your decision may already be under way, and I still wanted to say thank you.",
    "Even this long after our meeting, I wanted to make sure I thanked you.",
    "This note comes later than it should, but I did not want our conversation to go"
    " unacknowledged.",
    "I am writing later than I meant to, but my thanks are no less sincere.",
)
NOTE_OFFERS = (
    "If anything else would help with your decision, I would be glad to send it.",
    "Please let me know if there is anything else I can provide.",
    "If any further detail about my experience would help, I am happy to send it.",
    "I would be happy to answer any further questions you may have.",
    "Should you need references or anything else from me, just let me know.",
    "If another conversation would be useful, I am glad to make time.",
    "I am happy to provide anything further you might need.",
    "If there is more about my background I can share, please just ask.",
    "Do let me know if anything else from me would be useful to you.",
    "I would be glad to follow up on anything we covered.",
)
# A title used as a person would: "as the team's engineering manager".
NOTE_TITLE = (
    # No "team" here: the title itself may say "the team's …" or "… on the team".
    "Your perspective as {title} gave me a clearer picture of the day-to-day work.",
    "It was valuable to hear how the work looks from your side as {title}.",
    "I appreciated hearing how things really run from you, as {title}.",
    "Your view as {title} made the work itself much more concrete for me.",
    "It helped to hear from you, as {title}, how the work is organised.",
    "Your perspective as {title} filled in what the job description could not.",
    "I valued your view, as {title}, on how the work gets done.",
    "It was good to understand the work from your side, as {title}.",
    "Your perspective as {title} gave the role real shape for me.",
    "It helped a great deal to hear from you as {title}.",
)
TITLE_TEAM_LEAD = "the team's {title}"
TITLE_MEMBER = "{article} {title} on the team"
TITLE_MEMBER_ONE_OF = "{article} {title}"
# Grades written with a capital before their number: "Band 7", "Grade 7".
TITLE_NUMBERED_GRADES = ("band", "grade", "level", "ward")
TITLE_AS_TYPED_STARTS = ("head of", "director of", "vp ", "vp,", "chief", "president")
TITLE_AS_TYPED_ACRONYMS = frozenset({"CEO", "CFO", "CTO", "COO", "CPO", "CMO", "CIO", "CISO", "VP"})
# "as the team's engineering manager"
TITLE_LEAD_WORDS = frozenset({"manager", "lead", "leader", "supervisor", "head", "sister"})
# "as creative director", "as matron": a post there is one of, without an article.
TITLE_POST_WORDS = frozenset(
    {"director", "partner", "president", "matron", "headteacher", "headmaster", "headmistress",
     "principal", "dean", "chair", "economist", "officer", "controller", "deputy", "general",
     "area", "site", "store", "branch", "regional", "practice", "clinical"}
)  # fmt: skip
# "as a vice president": a post of which there are several.
TITLE_ONE_OF_MANY_WORDS = frozenset({"vice", "associate", "assistant"})
TITLE_POST = "{title}"
# Titles that say nothing about the team: no title sentence for these.
TITLE_SKIPPED_WORDS = frozenset(
    {"recruiter", "recruiting", "talent", "hr", "sourcer", "coordinator", "people", "assistant"}
)
# "an SRE", "a UX researcher": the article of an acronym goes by how its letter is said.
ACRONYM_AN_LETTERS = "AEFHILMNORSX"
# Degrees and post-nominals people type after a name: never a name to greet ("Dear Dr. PhD").
POST_NOMINALS = frozenset(
    {"phd", "md", "mba", "msc", "ma", "ba", "bsc", "rn", "cpa", "aca", "acca", "cima", "pe",
     "esq", "jr", "sr", "ii", "iii", "dds", "do", "np", "pmp", "cfa", "frcs", "mrcp", "bds",
     "dphil", "edd", "psyd", "llm", "jd", "meng", "beng", "frcp", "obe", "mbe", "cbe"}
)  # fmt: skip
# A "name" that is a role, not a person: the note greets without a name.
NAME_IS_ROLE_WORDS = frozenset(
    {"recruiter", "hr", "manager", "interviewer", "panel", "team", "hiring", "lead", "director",
     "unknown", "someone", "somebody", "n/a", "na", "?", "ceo", "cto", "cfo", "vp", "head"}
)  # fmt: skip
# Who the call goes to: the recruiter or HR contact, else the most senior by title.
CALL_CONTACT_TITLE_WORDS = frozenset(
    {"recruiter", "recruiting", "recruitment", "talent", "hr", "people", "sourcer",
     "coordinator", "resourcing"}
)  # fmt: skip
# Seniority by a word of the title, highest first; an unknown title ranks below all of these.
SENIORITY_WORDS = (
    frozenset({"ceo", "cto", "cfo", "coo", "cpo", "cmo", "cio", "ciso", "chief", "president",
               "founder", "co-founder", "owner", "managing", "partner", "principal", "headteacher",
               "headmaster", "headmistress", "dean", "matron"}),
    frozenset({"vp", "vice", "director", "head", "chair"}),
    frozenset({"manager", "lead", "leader", "supervisor", "sister", "superintendent"}),
    frozenset({"staff", "senior", "sr", "sr."}),
)  # fmt: skip
NOTE_SIGN_OFFS = (
    "Best regards,", "Kind regards,", "With thanks,", "Warm regards,", "Best wishes,",
    "Many thanks,",
)  # fmt: skip

SUGGEST_TOPICS = (
    "Add what you discussed with {name}: one or two specific topics make the note personal."
)
SUGGEST_PITCH = (
    "Add a line on why you are a strong fit for the {role} role; the note will build on it."
)
SUGGEST_TITLE = "Add {name}'s title so the note can speak to their part in the team."
SUGGEST_FEWER_TOPICS = (
    "The note uses {count} of the {total} points you noted for {name} (the most specific ones);"
    " edit it if others mattered more to them."
)
SUGGEST_SHORTER_TOPIC = "Shorten the longer topics: the note quotes only their beginning."
SUGGEST_SHORTER_PITCH = "Shorten your pitch: the note quotes only its beginning."
SUGGEST_CONTACT = (
    "Add the hiring manager's name so the email is addressed to the person who decides."
)
SUGGEST_CALL_TOPICS = "Add something you discussed so the email recalls your conversation."

# --- Call script, voicemail and follow-up email -----------------------------------------------

CALL_INTRO = (
    "Hello {name}, this is {sender}. I interviewed for the {role} role at {company} on {date}."
)
CALL_INTRO_NAMELESS = (
    "Hello, this is {sender}. I interviewed for the {role} role at {company} on {date}."
)
CALL_INTEREST_WITH_TOPIC = (
    "I enjoyed our conversation about {topic}, and I am still very interested in joining"
    " {company}.",
    "Our conversation about {topic} made me even more interested in joining {company}.",
)
CALL_INTEREST_NO_TOPIC = (
    "I am still very interested in the role and in joining the team at {company}.",
    "Since the interview I have become even more interested in joining {company}.",
)
CALL_QUESTIONS = (
    "Could you tell me where the decision stands, and is there anything else you need from me?",
    "Is there anything else you need from me, and is there an updated timeline for the decision?",
)
CALL_THANKS = (
    "Thank you for your time; I appreciate it.",
    "Thanks very much for taking my call.",
)

VOICEMAIL_GREETING = "Hello {name}, this is {sender}."
VOICEMAIL_GREETING_NAMELESS = "Hello, this is {sender}."
VOICEMAIL_INTERVIEW = "I interviewed for the {role} role at {company} on {date}"
VOICEMAIL_TOPIC = ", and I enjoyed our conversation about {topic}."
VOICEMAIL_NO_TOPIC = "."
VOICEMAIL_ASK = (
    "I am calling to ask where things stand and whether you need anything else from me."
)
VOICEMAIL_PHONE = "You can reach me on {phone}; again, that is {phone}."
VOICEMAIL_EMAIL = "I will also send you a short email."
VOICEMAIL_TRY_AGAIN = "I will try you again in a few days."
VOICEMAIL_THANKS = "Thank you, and have a good day."

FOLLOW_UP_SUBJECTS = (
    "{role} interview on {date}",
    "Following up on the {role} role",
)
FOLLOW_UP_OPENING = "I interviewed for the {role} role at {company} on {date}"
FOLLOW_UP_TOPIC = " and enjoyed our conversation about {topic}."
FOLLOW_UP_NO_TOPIC = "."
FOLLOW_UP_INTEREST = (
    "I remain very interested in the position.",
    "I am still keen on the role and on joining the team.",
)
FOLLOW_UP_QUESTIONS = (
    "Is there anything else I can provide to help with your decision?",
    "Could you let me know where things stand with the role?",
    "Is there an updated timeline for the decision that I should keep in mind?",
)
FOLLOW_UP_THANKS = "Thank you for your time."
FOLLOW_UP_SIGN_OFFS = ("Best regards,", "Kind regards,")

# --- Understanding what people type -----------------------------------------------------------

TOPIC_DETERMINERS = frozenset({"the", "a", "an", "your", "their", "our", "my", "his", "her"})

FIRST_PERSON = "I"

# Timelines as typed: "2 weeks" -> "within 2 weeks", "Friday" -> "by Friday".
TIMELINE_AS_TYPED = (
    "within ", "in ", "by ", "before ", "after ", "next ", "this ", "early ", "later ", "late ",
    "around ", "sometime ",
)  # fmt: skip
TIMELINE_COUNTS = (
    "a ", "an ", "one ", "two ", "three ", "four ", "five ", "six ", "a few ", "a couple",
    "few ", "couple ", "about ", "roughly ", "approximately ", "~",
)  # fmt: skip
TIMELINE_UNITS = ("day", "days", "week", "weeks", "month", "months")
# Day and month names as people shorten them in a timeline ("by fri", "mid jan").
DAY_ABBREVIATIONS = {
    "mon": "Monday", "tue": "Tuesday", "tues": "Tuesday", "wed": "Wednesday",
    "weds": "Wednesday", "thu": "Thursday", "thur": "Thursday", "thurs": "Thursday",
    "fri": "Friday", "jan": "January", "feb": "February", "apr": "April", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "sept": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip
# What people drop when they type a timeline fast, put back: (pattern, as written).
TIMELINE_MENDED = (
    (r"^(?:within |in )?couple of\b", "a couple of"),
    (r"^(?:within |in )?few\b", "a few"),
    (r"\bend of (week|month|year)\b", r"end of the \1"),
    (r"\b(start|beginning|middle) of (week|month|year)\b", r"\1 of the \2"),
    (r"\s+ish$", " or so"),
)
TIMELINE_WITHIN = "within {timeline}"
TIMELINE_BY = "by {timeline}"
TIMELINE_BY_STARTS = ("the end of", "mid", "the middle of", "close of")
TIMELINE_BY_THE_STARTS = ("end of", "middle of", "start of", "beginning of")
TIMELINE_BY_THE = "by the {timeline}"

# --- Tone check -------------------------------------------------------------------------------

# (pattern, reason, calmer wording). Patterns are regular expressions matched case-insensitively;
# APOS stands for a straight or curly apostrophe, and spaces match any run of whitespace.
TONE_RULES = (
    (
        r"\bstill (?:haven{APOS}t|have not|hasn{APOS}t|has not) (?:heard|received|got(?:ten)?)\b",
        "Sounds impatient.",
        "I would welcome an update when you have one.",
    ),
    (
        r"\bstill waiting\b",
        "Sounds impatient.",
        "I would welcome an update when you have one.",
    ),
    (
        r"\bas I (?:already |previously )?(?:mentioned|said|stated|noted|explained)\b",
        "Can read as a reproach.",
        "Leave it out, or say the point again plainly.",
    ),
    (
        r"\bas (?:previously|already) (?:mentioned|stated)\b",
        "Can read as a reproach.",
        "Leave it out, or say the point again plainly.",
    ),
    (
        r"\bper my (?:last|previous|earlier) (?:email|e-mail|message|note|call)\b",
        "Reads as passive-aggressive.",
        "Following up on my earlier note,",
    ),
    (
        r"\b(?:ASAP|A\.S\.A\.P\.?)(?!\w)",
        "Sounds pushy.",
        "when you have a moment",
    ),
    (
        r"\bas soon as (?:possible|you can)\b",
        "Sounds pushy.",
        "when you have a moment",
    ),
    (
        r"\burgent(?:ly)?\b",
        "Sounds pushy.",
        "when convenient",
    ),
    (
        r"\bany (?:update|updates|news|word)(?: yet)?\s*[?\uff1f]{2,}",
        "Sounds impatient.",
        "Is there anything else I can provide while you decide?",
    ),
    (
        r"\bI (?:really |desperately |truly )?need (?:this|the|a) (?:job|role|position|offer)\b",
        "Sounds desperate.",
        "I am very interested in this role.",
    ),
    (
        r"\bI{APOS}?(?:m| am) (?:so |really |very )?desperate\b",
        "Sounds desperate.",
        "I am very keen on this role.",
    ),
    (
        r"\bdesperate(?:ly)?\b",
        "Sounds desperate.",
        "very keen",
    ),
    (
        r"\b(?:I{APOS}m|I am) begging\b|\bbegging you\b|\bI beg you\b",
        "Sounds desperate.",
        "I would be grateful for",
    ),
    (
        r"\bI{APOS}?(?:ll| will) do anything\b",
        "Sounds desperate.",
        "I am ready to contribute from day one.",
    ),
    (
        r"\bplease,? please\b",
        "Sounds desperate.",
        "please",
    ),
    (
        r"\bjust (?:checking in|following up|wanted to (?:check|follow up|see))\b",
        "Reads as chasing without a reason.",
        "Ask your one question directly.",
    ),
    (
        r"\bwhy (?:haven{APOS}t|hasn{APOS}t|didn{APOS}t|don{APOS}t|won{APOS}t|have not|has not"
        r"|did not) (?:you|anyone|anybody|someone|I)\b",
        "Sounds frustrated.",
        "Could you let me know where things stand?",
    ),
    (
        r"\byou (?:never|still haven{APOS}t|still have not|didn{APOS}t bother to)"
        r" (?:replied|responded|answered|got back|gotten back|called|written|wrote|reply|respond"
        r"|answer|get back|call|write)\b",
        "Sounds accusatory.",
        "I would welcome an update when you have one.",
    ),
    (
        r"\b(?:no one|nobody|no-one) (?:has )?(?:replied|responded|answered|got back|gotten back"
        r"|called back)\b",
        "Sounds frustrated.",
        "I would welcome an update when you have one.",
    ),
    (
        r"\b(?:frustrat(?:ed|ing)|annoy(?:ed|ing)|disappoint(?:ed|ing)|unprofessional|rude)\b",
        "Sounds frustrated.",
        "Leave the feeling out; keep to your interest and your question.",
    ),
    (
        r"\bplease (?:respond|reply|answer)\b",
        "Sounds pushy.",
        "I would welcome your reply when you have a moment.",
    ),
    (
        r"\bit(?:{APOS}s| has) been (?:weeks|ages|forever|so long)\b",
        "Sounds impatient.",
        "Since our interview,",
    ),
)
TONE_APOSTROPHE = "['\u2019]"
TONE_PUNCTUATION_REASON = "Repeated punctuation sounds impatient or upset."
TONE_PUNCTUATION_SUGGESTION = "{mark}"
TONE_SHOUTING_REASON = "Capitals read as shouting."
TONE_SHOUTING_SUGGESTION = "{calm}"
# How a suggestion is shown after an edit: a calmer wording to try, or an instruction as is.
TONE_ADVICE_TRY = "Try “{wording}” instead."
TONE_ADVICE_PUNCTUATION = "One “{mark}” is enough."
TONE_INSTRUCTION_STARTS = ("Leave ", "Ask ")
# Capitalised words that are names for things, not shouting.
TONE_ACRONYMS = frozenset(
    {"API", "APIS", "SQL", "AWS", "GCP", "CEO", "CTO", "CFO", "COO", "CPO", "CMO", "CIO", "HR",
     "UX", "UI", "QA", "USA", "NYC", "SRE", "SDK", "CSS", "HTML", "JSON", "XML", "REST", "HTTP",
     "HTTPS", "GDPR", "HIPAA", "ETL", "CI", "CD", "PHP", "AI", "ML", "NLP", "LLM", "ERP", "CRM",
     "KPI", "KPIS", "OKR", "OKRS", "ROI", "SEO", "PM", "FAQ", "PDF", "CV", "MBA", "PHD", "NDA",
     "UK", "EU", "UAE", "LA", "SF", "NASA", "IBM", "SAP", "B2B", "B2C", "SAAS", "IOS", "GPU",
     "CPU", "RAM", "SSD", "DNS", "TCP", "IP", "VPN", "SLA", "SLO", "SLI", "DDD", "TDD", "OOP",
     "MVP", "PR", "PRS", "IT", "CTA", "ESG", "NGO", "LLC", "LTD", "INC", "PLC", "GMBH", "USD",
     "EUR", "GBP", "ISO", "SOC", "PCI", "AML", "KYC", "ATS", "RFC", "CLI", "GUI", "DBA", "DEVOPS",
     "BI", "VP", "SVP", "EVP", "MD", "TV", "BBC", "CNN", "OK", "UTC", "GMT", "EST", "PST", "CET",
     "AM", "Q1", "Q2", "Q3", "Q4", "NOC", "SOC2", "RPC", "GRPC", "YAML", "TOML", "CSV",
     "ASCII", "UTF", "JVM", "NPM", "MVC", "ORM", "CDN", "FPGA", "ASIC", "RTOS", "CAD", "SME",
     "SMES", "CX", "PMO", "SDR", "BDR", "ARR", "MRR", "GTM", "EMEA", "APAC", "LATAM", "US"}
)  # fmt: skip

INTERVIEWER_FALLBACK = "your interviewer"

# --- Names ------------------------------------------------------------------------------------

# "van der berg" is "van der Berg": these stay lower-case before a surname.
NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten",
     "bin", "binti", "al", "el", "dos", "das", "y"}
)  # fmt: skip
# "mcdonald" is "McDonald", "macleod" is "MacLeod" (only for names typed all in one case).
NAME_CAPITAL_PREFIXES = ("mc",)
# "Linda Tran, the nurse manager": the title without its article.
TITLE_ARTICLES_DROPPED = frozenset({"the", "a", "an", "our", "their"})
# "Jo Bloggs, Recruiter" has a title; "Smith, John" does not.
SINGLE_WORD_TITLES = frozenset(
    {"recruiter", "manager", "director", "engineer", "designer", "developer", "nurse", "matron",
     "headteacher", "principal", "teacher", "lecturer", "professor", "partner", "founder",
     "co-founder", "owner", "analyst", "consultant", "architect", "researcher", "scientist",
     "economist", "controller", "accountant", "supervisor", "lead", "head", "ceo", "cfo", "cto",
     "coo", "vp", "president", "chair", "officer", "planner", "pharmacist", "doctor",
     "surgeon", "midwife", "sister", "buyer", "merchandiser", "editor", "producer"}
)  # fmt: skip

# --- What is for the user only ----------------------------------------------------------------

# Under a note: how many of the person's points the user kept for themselves (the review).
SUGGEST_KEPT_ONE = (
    "One point you noted about {name} is kept for you and stays out of the note; move it in"
    " from the debrief's Edit if it belongs there."
)
SUGGEST_KEPT = (
    "{count} points you noted about {name} are kept for you and stay out of the note; move one"
    " in from the debrief's Edit if it belongs there."
)
# A point with one of these words is about the user's own work ("my on-call experience"): the
# call script and the pitch lead do not praise it as the interviewer's topic.
FIRST_PERSON_POINT_WORDS = ("my", "i", "me", "i'm", "i've", "mine", "myself")
