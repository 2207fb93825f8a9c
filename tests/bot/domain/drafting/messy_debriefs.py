"""Debriefs typed the way people jot notes in a chat straight after an interview (issue 19).

Lower case, typos, shorthand, chat markers, feelings and insider remarks mixed in with the
real topics, across trades. Each interviewer carries the expected split of their topics: the
points for the note, exactly as the note should say them, and distinctive parts of the points
kept for the user. Each debrief carries its pitch as the notes should use it.

Plain frozen dataclasses, so drafting tests can build notes from them too.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class MessyPerson:
    name: str
    title: str | None = None
    contact: str | None = None
    topics: str | None = None
    # The points for the note, exactly as the note should say them, in the order typed.
    for_note: tuple[str, ...] = ()
    # A distinctive part (case-insensitive) of each point kept for the user.
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class MessyDebrief:
    label: str
    sender: str
    company: str
    role: str
    day: datetime.date
    people: tuple[MessyPerson, ...]
    pitch: str | None = None
    timeline: str | None = None
    # The pitch as clean first-person sentences, exactly.
    pitch_sentences: tuple[str, ...] = ()


MESSY_DEBRIEFS: tuple[MessyDebrief, ...] = (
    MessyDebrief(
        "Hospital: staff nurse, ward manager confides staffing, consultant with a 'lol'",
        sender="priya nair",
        company="Northfield General Hospital",
        role="Staff Nurse",
        day=datetime.date(2026, 11, 30),
        timeline="2 wks ish",
        pitch="3 yrs acute medicine, mentor for student nurses, really need this job tbh",
        pitch_sentences=(
            "I have three years of experience in acute medicine.",
            "I am a mentor for student nurses.",
        ),
        people=(
            MessyPerson(
                "sister joanne platt (ward mgr)",
                contact="joanne.platt@nhs.net",
                topics="talked abt their falls bundle on ward 7, she said theyre 3 nurses down "
                "on nights and morale is low. asked me about a time i disagreed w/ a dr - i "
                "waffled",
                for_note=("your falls bundle on ward 7",),
                kept=("3 nurses down", "a time i disagreed", "i waffled"),
            ),
            MessyPerson(
                "dr. sam okoro",
                "Consultant Geriatrician",
                topics="deprescribing for frail older patients, their frailty unit opening in "
                "jan, hes lovely lol",
                for_note=(
                    "deprescribing for frail older patients",
                    "your frailty unit opening in January",
                ),
                kept=("lovely",),
            ),
        ),
    ),
    MessyDebrief(
        "Warehouse: shift lead, terse notes by a non-native speaker",
        sender="Tomasz Wojcik",
        company="Fastlane Logistics",
        role="Warehouse Shift Lead",
        day=datetime.date(2026, 11, 27),
        timeline="they say 1 week maybe",
        pitch="5 yrs warehouse exp, forklift licence, i managed team of 12 ppl",
        pitch_sentences=(
            "I have five years of warehouse experience.",
            "I hold a forklift licence.",
            "I managed a team of 12 people.",
        ),
        people=(
            MessyPerson(
                "mr davies",
                "Operations Manager",
                topics="he ask about my experiance with WMS, explain about they new picking "
                "robots, night shift pay +15%, i think he not like my english",
                for_note=("your question about my experience with WMS",),
                kept=("they new picking robots", "night shift pay", "not like my english"),
            ),
            MessyPerson(
                "anna",
                "HR",
                topics="start date 4 jan, drug test and background check, 3 shift rotation",
                kept=("start date", "drug test", "shift rotation"),
            ),
        ),
    ),
    MessyDebrief(
        "School: science teacher, headteacher's family detail and a why-leave question",
        sender="megan clarke",
        company="Oakfield Academy",
        role="Science Teacher",
        day=datetime.date(2026, 11, 25),
        timeline="by friday",
        pitch="qts 2021, teach ks3 + ks4 science, i run the eco club",
        pitch_sentences=("I teach KS3 and KS4 science.", "I run the eco club."),
        people=(
            MessyPerson(
                "mr patel",
                "Headteacher",
                topics="their new behaviour policy, the trust merger next sept, his daughter "
                "is starting yr 7 there lol, asked why i want to leave my current school",
                for_note=("your new behaviour policy", "the trust merger next September"),
                kept=("his daughter", "why i want to leave"),
            ),
            MessyPerson(
                "ms okonkwo",
                "Head of Science",
                topics="practical work in ks3, how they use Sparx for homework, she seemed "
                "rushed tbh, forgot to mention my eco club",
                for_note=("practical work in KS3", "how you use Sparx for homework"),
                kept=("seemed rushed", "forgot to mention"),
            ),
        ),
    ),
    MessyDebrief(
        "Sales: SaaS account executive, OTE and a senior AE who vents",
        sender="jake morris",
        company="Brightwave",
        role="Account Executive",
        day=datetime.date(2026, 11, 24),
        timeline="end of next week",
        pitch="hit 127% of quota last yr, closed the biggest deal in company history ($340k), "
        "b2b saas 4 yrs",
        pitch_sentences=(
            "I hit 127% of quota last year.",
            "I closed the biggest deal in company history ($340k).",
            "I have four years of experience in B2B SaaS.",
        ),
        people=(
            MessyPerson(
                "Rachel Kim",
                "VP of Sales",
                contact="rachel@brightwave.io",
                topics="their expansion into the DACH market, MEDDPICC, OTE is 120k 50/50 "
                "split, she kept checking her phone",
                for_note=("your expansion into the DACH market", "MEDDPICC"),
                kept=("OTE is 120k", "checking her phone"),
            ),
            MessyPerson(
                "luis garcia",
                "Senior AE",
                topics="how they run deal reviews, tbh he said quota attainment is rough this "
                "yr and 2 AEs just quit, sdr to ae ratio",
                for_note=("how you run deal reviews", "the SDR to AE ratio"),
                kept=("quota attainment",),
            ),
        ),
    ),
    MessyDebrief(
        "Accounting graduate: partner and audit manager, nerves and an Excel test",
        sender="aisha begum",
        company="Hartley & Finch LLP",
        role="Graduate Trainee Accountant",
        day=datetime.date(2026, 11, 20),
        timeline="3 weeks",
        pitch="first class degree in accounting and finance from Leeds, summer internship in "
        "audit at kpmg",
        pitch_sentences=(
            "I hold a first-class degree in accounting and finance from Leeds.",
            "I completed a summer internship in audit at KPMG.",
        ),
        people=(
            MessyPerson(
                "David Finch",
                "Partner",
                topics="ACA training contract, study leave + exam support, their audit tech "
                "(they use inflo), asked about my dissertation on ESG reporting, i was sooo "
                "nervous",
                for_note=(
                    "the ACA training contract",
                    "your audit tech",
                    "your question about my dissertation on ESG reporting",
                ),
                kept=("study leave", "they use inflo", "nervous"),
            ),
            MessyPerson(
                "priya menon",
                "Audit Manager",
                topics="a day in the life of a first year trainee, busy season hours r brutal "
                "apparently, excel test - messed up the vlookup",
                for_note=("a day in the life of a first-year trainee",),
                kept=("busy season hours", "excel test", "messed up the vlookup"),
            ),
        ),
    ),
    MessyDebrief(
        "Customer success: panel of four, two of them on the same health scores",
        sender="Sam Rivera",
        company="Loopdesk",
        role="Customer Success Manager",
        day=datetime.date(2026, 11, 19),
        timeline="couple of weeks",
        pitch="4 yrs in CS at a series b saas, cut churn from 9% to 5% on my book, i love "
        "onboarding ppl",
        pitch_sentences=(
            "I have four years of experience in CS at a Series B SaaS.",
            "I cut churn from 9% to 5% on my book.",
            "I love onboarding people.",
        ),
        people=(
            MessyPerson(
                "Nadia Hussain",
                "Head of Customer Success",
                topics="their health score model in Gainsight, churn in the smb segment, how "
                "CSMs work w/ sales on expansions",
                for_note=(
                    "your health score model in Gainsight",
                    "churn in the SMB segment",
                    "how CSMs work with sales on expansions",
                ),
            ),
            MessyPerson(
                "chris doyle",
                "Senior CSM",
                topics="gainsight health scores again lol, QBR templates, he's been there 6 "
                "yrs and seems burnt out",
                for_note=("Gainsight health scores", "QBR templates"),
                kept=("burnt out",),
            ),
            MessyPerson(
                "Olivia Brandt",
                "Solutions Engineer",
                topics="api integrations w/ hubspot + salesforce, their sandbox env, how they "
                "handle escalations to eng",
                for_note=(
                    "API integrations with HubSpot and Salesforce",
                    "your sandbox environment",
                    "how you handle escalations to engineering",
                ),
            ),
            MessyPerson(
                "grace liu",
                "Talent Partner",
                topics="remote 2 days a week, salary band, start date early feb, background "
                "check thru checkr",
                kept=("remote 2 days", "salary band", "start date", "background check"),
            ),
        ),
    ),
    MessyDebrief(
        "Creative agency: junior copywriter, a lost pitch and a four-day week",
        sender="zoe",
        company="Paper Tiger Studio",
        role="Junior Copywriter",
        day=datetime.date(2026, 11, 18),
        timeline="didnt ask",
        pitch="2 yrs freelance copywriting for food brands, won a D&AD New Blood pencil",
        pitch_sentences=(
            "I have two years of experience in freelance copywriting for food brands.",
            "I won a D&AD New Blood pencil.",
        ),
        people=(
            MessyPerson(
                "tom (creative director)",
                topics="the nike pitch they lost last month, their tone of voice work for "
                "Oatly, asked me to critique one of their ads on the spot - i panicked\n"
                "he swears a lot haha",
                for_note=("your tone of voice work for Oatly",),
                kept=("nike pitch", "critique one of their ads", "swears a lot"),
            ),
            MessyPerson(
                "jess okafor",
                "Senior Copywriter",
                topics="how briefs come in from account mgmt, writing for tiktok vs print, "
                "their 4 day week!!",
                for_note=(
                    "how briefs come in from account management",
                    "writing for TikTok versus print",
                ),
                kept=("4-day week",),
            ),
        ),
    ),
    MessyDebrief(
        "Clinical research: CRA, a director with a doctorate and a CRA who shares her travel",
        sender="Leila Haddad",
        company="Meridian Clinical Research",
        role="Clinical Research Associate",
        day=datetime.date(2026, 11, 17),
        timeline="within 10 days",
        pitch="CCRA certified, 6 yrs as a study nurse in oncology, monitored 40+ sites across EMEA",
        pitch_sentences=(
            "I am CCRA certified.",
            "I have six years of experience as a study nurse in oncology.",
            "I monitored 40+ sites across EMEA.",
        ),
        people=(
            MessyPerson(
                "Dr. Anna Kowalski PhD",
                "Director of Clinical Operations",
                contact="a.kowalski@meridiancr.com",
                topics="their oncology pipeline, risk based monitoring, ich gcp e6 r3 changes, "
                "she asked how i handle a site that keeps missing deadlines",
                for_note=(
                    "your oncology pipeline",
                    "risk-based monitoring",
                    "ICH GCP E6 R3 changes",
                    "your question about how I handle a site that keeps missing deadlines",
                ),
            ),
            MessyPerson(
                "maria",
                "CRA II",
                topics="what a typical monitoring visit looks like, travel is like 60% which "
                "is a lot, she has a toddler too so gets it",
                for_note=("what a typical monitoring visit looks like",),
                kept=("travel is like 60%", "toddler"),
            ),
        ),
    ),
    MessyDebrief(
        "Property: assistant property manager, shorthand and a manager let go",
        sender="kwame asante",
        company="Hallmark Property Group",
        role="Assistant Property Manager",
        day=datetime.date(2026, 11, 16),
        timeline="next week",
        pitch="3 yrs lettings exp, know Yardi inside out, ARLA level 3 qualified",
        pitch_sentences=(
            "I have three years of lettings experience.",
            "I know Yardi inside out.",
            "I am ARLA level 3 qualified.",
        ),
        people=(
            MessyPerson(
                "linda o'sullivan",
                "Property Manager",
                topics="managing 3 bldgs w/ approx 400 apts, tenant complaints process, their "
                "switch to Yardi, the old mgr got let go apparently",
                for_note=(
                    "managing 3 buildings with approximately 400 apartments",
                    "the tenant complaints process",
                    "your switch to Yardi",
                ),
                kept=("old mgr got let go",),
            ),
            MessyPerson(
                "ray",
                "Regional Director",
                topics="portfolio growth plans for 2027, he grilled me on arrears - couldnt "
                "answer the section 8 question, 25 min call",
                for_note=("portfolio growth plans for 2027",),
                kept=("arrears", "couldnt answer", "25 min call"),
            ),
        ),
    ),
    MessyDebrief(
        "Public sector: housing policy officer, strategy lead and HR",
        sender="Helen Ashworth",
        company="Bristol City Council",
        role="Housing Policy Officer",
        day=datetime.date(2026, 11, 13),
        timeline="4-6 weeks",
        pitch="Five years in local government, wrote the council's homelessness strategy, i am "
        "passionate about social housing",
        pitch_sentences=(
            "I have five years of experience in local government.",
            "I wrote the council's homelessness strategy.",
            "I am passionate about social housing.",
        ),
        people=(
            MessyPerson(
                "dr james whitfield",
                "Head of Housing Strategy",
                topics="homelessness prevention strategy, the new selective licensing scheme, "
                "how policy feeds into cabinet reports, competency q about managing "
                "conflicting priorities",
                for_note=(
                    "the homelessness prevention strategy",
                    "the new selective licensing scheme",
                    "how policy feeds into cabinet reports",
                    "your question about managing conflicting priorities",
                ),
            ),
            MessyPerson(
                "amara nwosu",
                "HR Business Partner",
                topics="civil service pay scale grade 7, 2 days a week in the office, security "
                "clearance takes 8 wks, pension is amazing",
                kept=("pay scale", "in the office", "security clearance", "pension"),
            ),
        ),
    ),
    MessyDebrief(
        "Phone screen: a recruiter only, all pay and logistics",
        sender="Daniel Osei",
        company="Finlytics",
        role="Senior Data Analyst",
        day=datetime.date(2026, 11, 12),
        timeline="few days",
        pitch="4 yrs as a data analyst in fintech, built the churn dashboards at my current job, "
        "v strong in sql",
        pitch_sentences=(
            "I have four years of experience as a data analyst in fintech.",
            "I built the churn dashboards at my current job.",
            "I am very strong in SQL.",
        ),
        people=(
            MessyPerson(
                "becky (recruiter)",
                topics="pay range 65-75k + 10% bonus, start date asap, they need a background "
                "check + credit check, hybrid 3 days in office, 20 min call, next step is a "
                "take home w/ the hiring mgr, the analytics team structure",
                for_note=("the analytics team structure",),
                kept=(
                    "pay range",
                    "start date",
                    "background check",
                    "hybrid",
                    "20 min call",
                    "next step is a take home",
                ),
            ),
        ),
    ),
    MessyDebrief(
        "Bank operations: notes that are mostly feelings",
        sender="Ellie Park",
        company="Greenleaf Bank",
        role="Operations Analyst",
        day=datetime.date(2026, 11, 11),
        timeline="not sure",
        pitch="idk, i'm good with numbers i guess??",
        # Hedged as typed: the notes make no claim the user doubts.
        pitch_sentences=(),
        people=(
            MessyPerson(
                "mr. thompson",
                "Operations Manager",
                topics="omg so nervous i forgot my own cv lol, he was nice tho, i think i blew "
                "it honestly, we did talk abt their reconciliation process, ugh why did i say "
                "that about my old boss",
                for_note=("your reconciliation process",),
                kept=("so nervous", "he was nice", "i blew it", "my old boss"),
            ),
        ),
    ),
    MessyDebrief(
        "Engineering: backend at a health-tech, typos and a predecessor who left",
        sender="arjun mehta",
        company="Kestrel Health",
        role="Backend Engineer",
        day=datetime.date(2026, 11, 10),
        timeline="1-2 weeks",
        pitch="4 yrs Go + python, built a event pipeline handling 2m events a day, im on call "
        "for payments",
        pitch_sentences=(
            "I have four years of experience in Go and Python.",
            "I built an event pipeline handling 2m events a day.",
            "I'm on call for payments.",
        ),
        people=(
            MessyPerson(
                "sarah o'neil",
                "engineering manager",
                topics="thier migration from monolith to microservices, on call rota, data "
                "pipline for wearables, she said the last guy left after 3 months",
                for_note=(
                    "your migration from monolith to microservices",
                    "the on-call rota",
                    "the data pipeline for wearables",
                ),
                kept=("the last guy left",),
            ),
            MessyPerson(
                "Ben",
                "Staff Engineer",
                topics="designing a rate limiter, postgres indexing, i took forever on the sql "
                "part",
                for_note=("designing a rate limiter", "Postgres indexing"),
                kept=("took forever",),
            ),
        ),
    ),
    MessyDebrief(
        "Hotel: front office supervisor, notes by a non-native speaker",
        sender="Nguyen Thi Lan",
        company="Harbourview Hotel",
        role="Front Office Supervisor",
        day=datetime.date(2026, 11, 9),
        timeline="2 week",
        pitch="4 year in hotels, speak english, vietnamese and french, i am very hard worker",
        pitch_sentences=(
            "I have four years of experience in hotels.",
            "I speak English, Vietnamese and French.",
            "I am a very hard worker.",
        ),
        people=(
            MessyPerson(
                "mrs. chen",
                "Front Office Manager",
                topics="she ask me how i handle angry guests, explain me about Opera PMS, the "
                "hotel will renovate lobby next year, shift is 7-3 or 3-11, i not sure my "
                "answer is good",
                for_note=("your question about how I handle angry guests", "Opera PMS"),
                kept=("renovate lobby", "shift is 7-3", "not sure my answer"),
            ),
        ),
    ),
    MessyDebrief(
        "Warehouse: grocery fulfilment shift manager, an idiom about agency staff",
        sender="dean walsh",
        company="Ocado",
        role="Shift Manager",
        day=datetime.date(2026, 11, 6),
        timeline="2 weeks",
        pitch="ran a 200 person distribution centre for 3 yrs, cut agency spend by 30%, i "
        "genuinely love nights",
        pitch_sentences=(
            "I ran a 200-person distribution centre for three years.",
            "I cut agency spend by 30%.",
            "I genuinely love nights.",
        ),
        people=(
            MessyPerson(
                "karen",
                "General Manager",
                topics="how they measure pick rates, agency staff not pulling their weight on "
                "nights, their new automated grid in Andover, health and safety culture, i was "
                "10 min late bc of traffic",
                for_note=(
                    "how you measure pick rates",
                    "your new automated grid in Andover",
                    "health and safety culture",
                ),
                kept=("pulling their weight", "10 min late"),
            ),
        ),
    ),
    MessyDebrief(
        "Hospital: physiotherapist, a lead typed with his band and a mistake question",
        sender="Ruth Adeyemi",
        company="Leeds Teaching Hospitals",
        role="Band 6 Physiotherapist",
        day=datetime.date(2026, 11, 4),
        timeline="end of month",
        pitch="currently band 6 rotational in msk and neuro, HCPC registered",
        pitch_sentences=("I am HCPC registered.",),
        people=(
            MessyPerson(
                "james (band 7 msk lead)",
                topics="their 7 day service on the stroke unit, band 6 rotations, caseload "
                "numbers, he asked about a time i made a mistake",
                for_note=(
                    "your 7-day service on the stroke unit",
                    "band 6 rotations",
                    "caseload numbers",
                ),
                kept=("a time i made a mistake",),
            ),
        ),
    ),
)
