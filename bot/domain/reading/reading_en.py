"""English vocabulary for reading what people type: talking points and the pitch.

Patterns are regular expressions matched case-insensitively on text already cleaned (shorthand
expanded, chat markers dropped); APOS stands for a straight or curly apostrophe. A new language
is a new file with the same names.
"""

# --- Shorthand, chat and typos ----------------------------------------------------------------

# Whole tokens, matched case-insensitively; the expansion is written as given.
SHORTHAND = {
    "w/": "with",
    "w/o": "without",
    "b/c": "because",
    "bc": "because",
    "yrs": "years",
    "yr": "year",
    "abt": "about",
    "bldg": "building",
    "bldgs": "buildings",
    "apt": "apartment",
    "apts": "apartments",
    "mgmt": "management",
    "mgr": "manager",
    "mgrs": "managers",
    "mngr": "manager",
    "exp": "experience",
    "ppl": "people",
    "approx": "approximately",
    "thx": "thanks",
    "govt": "government",
    "dept": "department",
    "depts": "departments",
    "mtg": "meeting",
    "mtgs": "meetings",
    "acct": "account",
    "accts": "accounts",
    "tho": "though",
    "thru": "through",
    "convo": "conversation",
    "convos": "conversations",
    "env": "environment",
    "envs": "environments",
    "eng": "engineering",
    "wk": "week",
    "wks": "weeks",
    "hrs": "hours",
    "mins": "minutes",
    "vs": "versus",
    "vs.": "versus",
    "r": "are",
    "u": "you",
    "ur": "your",
    "im": "I'm",
    "ive": "I've",
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wasnt": "wasn't",
    "isnt": "isn't",
    "wont": "won't",
    "theyre": "they're",
    "thats": "that's",
    "hes": "he's",
    "shes": "she's",
    "q": "question",
    "qs": "questions",
    "q's": "questions",
    "esp": "especially",
    "incl": "including",
    "comms": "communications",
    "biz": "business",
    "prob": "probably",
    "def": "definitely",
    "perf": "performance",
    "reqs": "requirements",
    "cert": "certificate",
    "certs": "certificates",
    "regs": "regulations",
    "&": "and",
    "+": "and",
}
# "v strong in SQL": "v" is "very" only as the first word (elsewhere it may be "versus").
SHORTHAND_FIRST_WORD = {"v": "very", "v.": "very"}
# Words and marks of a chat that a letter never says.
CHAT_MARKERS = frozenset(
    {"lol", "lolol", "lmao", "lmfao", "rofl", "haha", "hahaha", "hahahaha", "hehe", "heh", "tbh",
     "tbf", "ngl", "rn", "imo", "imho", "idk", "omg", "omfg", "ugh", "ughh", "ughhh", "btw",
     "fyi", "fwiw", "honestly", "literally", "kinda", "sorta", "yeah", "yep", "anyway",
     "anyways", "lowkey", "smh", "jk", "xd", "xx", ":)", ":(", ":/", ":d", ";)", ":p",
     "ish", "ok so", "so yeah", "oh well", "meh", "wow", "phew", "yikes", "hmm"}
)  # fmt: skip
# Said about oneself as a hedge; a letter or a pitch leaves them out.
HEDGES = ("i guess", "i think", "maybe", "i suppose", "probably", "i reckon")
# A pitch fragment typed with one of these is the user unsure of it: it stays out of the note.
PITCH_DOUBTS = ("i guess", "idk", "i dunno", "not sure", "i suppose", "maybe", "??")
# Misspellings people make often, and the word meant.
TYPOS = {
    "recieve": "receive", "recieved": "received", "managment": "management",
    "experiance": "experience", "experiense": "experience", "expirience": "experience",
    "enviroment": "environment", "enviornment": "environment", "infastructure": "infrastructure",
    "developement": "development", "maintainance": "maintenance", "maintenence": "maintenance",
    "buisness": "business", "bussiness": "business", "commited": "committed",
    "definately": "definitely", "seperate": "separate", "occured": "occurred",
    "accomodate": "accommodate", "accomodation": "accommodation", "wich": "which",
    "thier": "their", "teh": "the", "adn": "and", "alot": "a lot", "begining": "beginning",
    "calender": "calendar", "goverment": "government", "independant": "independent",
    "reccomend": "recommend", "recomend": "recommend", "relevent": "relevant",
    "responsiblity": "responsibility", "responsibilty": "responsibility",
    "succesful": "successful", "sucessful": "successful", "tommorow": "tomorrow",
    "untill": "until", "wierd": "weird", "acheive": "achieve", "acheived": "achieved",
    "beleive": "believe", "collegue": "colleague", "collegues": "colleagues",
    "knowlege": "knowledge", "neccessary": "necessary", "necesary": "necessary",
    "prefered": "preferred", "refrence": "reference", "schedual": "schedule",
    "shedule": "schedule", "tendancy": "tendency", "truely": "truly", "wether": "whether",
    "porfolio": "portfolio", "stratergy": "strategy", "strategey": "strategy",
    "intergration": "integration", "intergrations": "integrations", "analitics": "analytics",
    "perfomance": "performance", "preformance": "performance", "enginering": "engineering",
    "databse": "database", "pipline": "pipeline", "piplines": "pipelines",
    "scalabilty": "scalability", "straegy": "strategy", "oppurtunity": "opportunity",
    "oppertunity": "opportunity", "opportunites": "opportunities", "proccess": "process",
    "proces": "process", "progam": "program", "programe": "programme", "pateints": "patients",
    "patiens": "patients", "custmer": "customer", "cusotmer": "customer", "customre": "customer",
    "finacial": "financial", "finanical": "financial", "reconcilation": "reconciliation",
    "reconcilliation": "reconciliation", "warehose": "warehouse", "wharehouse": "warehouse",
    "inventroy": "inventory", "invetory": "inventory", "complience": "compliance",
    "compliace": "compliance", "saftey": "safety", "safty": "safety", "trainning": "training",
    "traning": "training", "devlopment": "development", "commision": "commission",
    "comission": "commission", "sallary": "salary", "salery": "salary", "langauge": "language",
    "technlogy": "technology", "tecnology": "technology", "occassion": "occasion",
    "existance": "existence", "arguement": "argument", "dilemna": "dilemma",
    "embarassing": "embarrassing", "questionaire": "questionnaire", "studnets": "students",
    "stuednts": "students", "curriculm": "curriculum", "curiculum": "curriculum",
    "assesment": "assessment", "assesments": "assessments", "accross": "across",
    "acheivement": "achievement", "adress": "address", "agressive": "aggressive",
    "apparantly": "apparently", "appearence": "appearance", "assistent": "assistant",
    "basicly": "basically", "becuase": "because", "becasue": "because", "bussines": "business",
    "catagory": "category", "cheif": "chief", "comming": "coming", "commitee": "committee",
    "comittee": "committee", "completly": "completely", "definitly": "definitely",
    "desicion": "decision", "developper": "developer", "diffrent": "different",
    "dissapointing": "disappointing", "excercise": "exercise", "familar": "familiar",
    "finaly": "finally", "foward": "forward", "freind": "friend", "happend": "happened",
    "immediatly": "immediately", "interupt": "interrupt", "libary": "library",
    "maintainence": "maintenance", "occurence": "occurrence", "paralel": "parallel",
    "particulary": "particularly", "perminant": "permanent", "potentialy": "potentially",
    "presense": "presence", "priviledge": "privilege", "probaly": "probably",
    "proffesional": "professional", "profesional": "professional", "publically": "publicly",
    "realy": "really", "reccommend": "recommend", "refered": "referred", "remeber": "remember",
    "responce": "response", "seperately": "separately", "similiar": "similar",
    "strenght": "strength", "strenghts": "strengths", "succesfully": "successfully",
    "tecnical": "technical", "techincal": "technical", "technicial": "technical",
    "usefull": "useful", "writting": "writing", "acess": "access", "aquire": "acquire",
    "carreer": "career", "carrer": "career", "comunication": "communication",
    "communciation": "communication", "enviromental": "environmental", "governement": "government",
    "hygeine": "hygiene", "infomation": "information", "intial": "initial",
    "insurence": "insurance", "knowledgable": "knowledgeable", "lenght": "length",
    "mangement": "management", "managament": "management", "medecine": "medicine",
    "oportunity": "opportunity", "persuit": "pursuit", "pharmacutical": "pharmaceutical",
    "reccomendation": "recommendation", "scedule": "schedule", "sucess": "success",
    "supervisior": "supervisor", "tranfer": "transfer", "warrenty": "warranty",
    "strategys": "strategies", "dashbaord": "dashboard", "dashbord": "dashboard",
    "migraton": "migration", "migation": "migration", "onbaording": "onboarding",
    "onboardng": "onboarding", "stakeholers": "stakeholders", "stakholders": "stakeholders",
    "stakeholer": "stakeholder", "requirments": "requirements", "requirment": "requirement",
    "respnsibilities": "responsibilities", "responsibilites": "responsibilities",
    "architecure": "architecture", "architechture": "architecture",
    "infrastucture": "infrastructure", "deployement": "deployment", "enviroments": "environments",
    "analyis": "analysis", "anaylsis": "analysis", "analsyis": "analysis", "reportng": "reporting",
    "forcasting": "forecasting", "forcast": "forecast", "buget": "budget", "budjet": "budget",
    "auditting": "auditing", "acounting": "accounting", "accouting": "accounting",
    "recruting": "recruiting", "recuitment": "recruitment", "recrutiment": "recruitment",
    "cirriculum": "curriculum", "behavour": "behaviour", "beahviour": "behaviour",
    "safegaurding": "safeguarding", "safegarding": "safeguarding", "medicaton": "medication",
    "medciation": "medication", "paitent": "patient", "paitents": "patients", "pateint": "patient",
    "nurseing": "nursing", "shedules": "schedules", "inventry": "inventory",
    "logisitics": "logistics", "logistcs": "logistics", "warehosue": "warehouse",
    "tenent": "tenant", "tenents": "tenants", "landord": "landlord", "maintanance": "maintenance",
    "complaince": "compliance", "polciy": "policy", "poilcy": "policy", "goverance": "governance",
    "stratgey": "strategy", "stategy": "strategy", "portfollio": "portfolio",
    "campain": "campaign", "campaing": "campaign", "desgin": "design", "deisgn": "design",
    "prodcut": "product", "proudct": "product", "custmers": "customers", "cusotmers": "customers",
    "retension": "retention", "retenion": "retention", "renewel": "renewal", "protcol": "protocol",
    "protocal": "protocol", "monitering": "monitoring", "moniroting": "monitoring",
}  # fmt: skip

# --- Case people leave off --------------------------------------------------------------------

# Acronyms written in capitals whatever case they were typed in ("kpis" is "KPIs").
ACRONYMS = frozenset(
    {"api", "sql", "aws", "gcp", "ceo", "cto", "cfo", "coo", "hr", "ux", "ui", "qa",
     "sre", "sdk", "css", "html", "json", "gdpr", "hipaa", "etl", "php", "ai", "ml", "nlp",
     "llm", "erp", "crm", "kpi", "okr", "roi", "seo", "cv", "mba",
     "nda", "uk", "eu", "usa", "nasa", "b2b", "b2c", "gpu", "cpu", "dns", "vpn", "sla",
     "slo", "tdd", "mvp", "cta", "esg", "ngo", "aca", "acca", "cima", "icaew", "ifrs",
     "gaap", "cqc", "kpmg", "pwc", "ey", "nhs", "ehr", "emr", "icu", "ed", "a&e", "gp", "hca",
     "ccra",
     "ich", "cra", "cro", "fda", "mhra", "ema", "emea", "apac", "smb", "sdr",
     "ae", "csm", "qbr", "nps", "arr", "mrr", "gtm",
     "wms", "pms", "sop", "hse", "coshh", "ks1", "ks2", "ks3", "ks4", "ks5", "gcse",
     "sen", "send", "dbs", "pgce", "qts", "ect", "hmrc", "vat",
     "msk", "hcpc", "nmc", "iv", "arla", "rics", "hmo", "cad", "bim", "rtos", "iot",
     "ci", "cd", "eks", "gke", "dc", "pr", "ppc", "cms", "dtc",
     "d2c", "cpa", "cpc", "ctr", "rfp", "sow", "pmo", "ba", "bi", "cpd", "ctms", "agv", "epr",
     "pcn", "icb", "rfi", "rfq", "kyc", "aml", "fca", "pra", "sme", "mrp", "wfm", "edi", "ppe",
     "riddor", "iosh", "nebosh", "cscs", "ipc", "ahp", "mdt", "slt", "ta", "hlta", "ehcp",
     "ipo", "m&a", "p&l", "fp&a"}
)  # fmt: skip
# Acronyms that are also ordinary words ("send", "it", "us"): left as typed.
ACRONYMS_THAT_ARE_WORDS = frozenset({"send", "ed", "sen", "ba", "pr", "dc", "cd", "ci"})
# Names written in lower case by their owners: left as typed.
LOWER_CASE_NAMES = frozenset({"k8s", "i18n", "l10n", "dbt", "npm", "iphone", "ipad", "macos"})
# Names of products, places and languages as their owners write them.
PROPER_NOUNS = {
    "saas": "SaaS", "hubspot": "HubSpot", "salesforce": "Salesforce", "zendesk": "Zendesk",
    "gainsight": "Gainsight", "jira": "Jira", "confluence": "Confluence", "slack": "Slack",
    "excel": "Excel", "powerpoint": "PowerPoint", "tableau": "Tableau", "figma": "Figma",
    "python": "Python", "javascript": "JavaScript", "typescript": "TypeScript", "java": "Java",
    "kotlin": "Kotlin", "golang": "Go", "go": "Go", "rust": "Rust", "swift": "Swift",
    "spark": "Spark", "postgres": "Postgres", "postgresql": "PostgreSQL",
    "mysql": "MySQL", "mongodb": "MongoDB", "redis": "Redis", "kafka": "Kafka",
    "kubernetes": "Kubernetes", "docker": "Docker", "terraform": "Terraform", "react": "React",
    "linkedin": "LinkedIn", "tiktok": "TikTok", "instagram": "Instagram", "youtube": "YouTube",
    "facebook": "Facebook", "google": "Google", "microsoft": "Microsoft", "sap": "SAP",
    "oracle": "Oracle", "workday": "Workday", "xero": "Xero", "quickbooks": "QuickBooks",
    "sage": "Sage", "anaplan": "Anaplan", "snowflake": "Snowflake", "airflow": "Airflow",
    "looker": "Looker", "yardi": "Yardi", "epic": "Epic", "cerner": "Cerner", "sparx": "Sparx",
    "github": "GitHub", "gitlab": "GitLab", "aws": "AWS", "azure": "Azure", "shopify": "Shopify",
    "english": "English", "french": "French", "german": "German", "spanish": "Spanish",
    "italian": "Italian", "portuguese": "Portuguese", "polish": "Polish", "dutch": "Dutch",
    "arabic": "Arabic", "mandarin": "Mandarin", "cantonese": "Cantonese", "hindi": "Hindi",
    "urdu": "Urdu", "bengali": "Bengali", "punjabi": "Punjabi", "vietnamese": "Vietnamese",
    "japanese": "Japanese", "korean": "Korean", "russian": "Russian", "ukrainian": "Ukrainian",
    "romanian": "Romanian", "turkish": "Turkish", "greek": "Greek", "swahili": "Swahili",
    "tagalog": "Tagalog", "welsh": "Welsh", "irish": "Irish", "ofsted": "Ofsted",
    "senco": "SENCo", "ios": "iOS", "dach": "DACH", "bsc": "BSc", "msc": "MSc", "meng": "MEng",
    "phd": "PhD", "llb": "LLB", "prince2": "PRINCE2", "news2": "NEWS2", "gong": "Gong",
    "veeva": "Veeva", "caseware": "CaseWare", "manhattan": "Manhattan", "blackline": "BlackLine",
    "netsuite": "NetSuite", "servicenow": "ServiceNow", "asana": "Asana",
    "miro": "Miro", "canva": "Canva", "adobe": "Adobe", "sharepoint":
    "SharePoint", "dayforce": "Dayforce", "intercom": "Intercom", "mixpanel": "Mixpanel",
}  # fmt: skip
# Proper nouns that are also ordinary words: capitalised only beside another proper noun
# or a product word ("Epic EHR", not "an epic rewrite").
PROPER_NOUNS_THAT_ARE_WORDS = frozenset(
    {
        "excel",
        "epic",
        "slack",
        "react",
        "sage",
        "oracle",
        "polish",
        "java",
        "go",
        "rust",
        "swift",
        "spark",
        "tableau",
        "looker",
    }
)
# Words of two that are one name: "series b" is "Series B".
PROPER_PHRASES = {
    "series a": "Series A", "series b": "Series B", "series c": "Series C",
    "black friday": "Black Friday", "cyber monday": "Cyber Monday", "boxing day": "Boxing Day",
    "green book": "Green Book", "civil service": "Civil Service",
}  # fmt: skip
MONTHS = {
    "january": "January", "jan": "January", "february": "February", "feb": "February",
    "april": "April", "apr": "April", "june": "June", "july": "July", "august": "August",
    "aug": "August", "september": "September", "sept": "September", "sep": "September",
    "october": "October", "oct": "October", "november": "November", "nov": "November",
    "december": "December", "dec": "December",
}  # fmt: skip
# Months that are also verbs: a month only after one of DATE_WORDS or before a number.
MONTHS_THAT_ARE_WORDS = {"march": "March", "may": "May", "mar": "March"}
DATE_WORDS = frozenset(
    {"in", "by", "since", "until", "till", "from", "early", "mid", "late", "end", "of", "next",
     "last", "this", "before", "after"}
)  # fmt: skip
WEEKDAYS = {
    "monday": "Monday", "tuesday": "Tuesday", "wednesday": "Wednesday",
    "thursday": "Thursday", "friday": "Friday", "saturday": "Saturday", "sunday": "Sunday",
    "weds": "Wednesday", "thurs": "Thursday", "mondays": "Mondays", "tuesdays": "Tuesdays",
    "wednesdays": "Wednesdays", "thursdays": "Thursdays", "fridays": "Fridays",
    "saturdays": "Saturdays", "sundays": "Sundays",
}  # fmt: skip
# "the leeds stores", "a warehouse in daventry": a town typed in lower case, beside these.
PLACE_BEFORE = frozenset({"in", "at", "from", "to", "near", "outside", "around", "across"})
PLACE_AFTER = frozenset(
    {"office", "offices", "site", "sites", "store", "stores", "branch", "branches", "warehouse",
     "hospital", "campus", "plant", "depot", "hub", "team", "teams", "clinic", "factory"}
)  # fmt: skip
PLACE_MIN_POPULATION = 20000
# Towns whose names are words people use in other senses ("in mobile", "in retail sale").
PLACES_THAT_ARE_WORDS = frozenset(
    {"mobile", "time", "reading", "bath", "sale", "deal", "orange", "nice", "split", "bend",
     "union", "independence", "march", "may", "hope", "china", "turkey", "chad", "guinea",
     "liberty", "commerce", "enterprise", "progress", "normal", "mesa", "tyre", "street",
     "young", "rugby", "sandwich", "wells"}
)  # fmt: skip
FIRST_PERSON_FORMS = {"i": "I", "i'm": "I'm", "i've": "I've", "i'd": "I'd", "i'll": "I'll"}
# Words that say nothing about a name when typed with a capital (a line may start with them).
CASE_NEUTRAL_WORDS = frozenset(
    {"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "with", "their", "our",
     "my", "your", "his", "her", "we", "they", "he", "she", "it", "how", "what", "why", "also",
     "then", "talked", "discussed", "asked", "new"}
)  # fmt: skip

# "risk based monitoring" is "risk-based monitoring": pairs hyphenated before another word.
COMPOUNDS = {
    "team lead": "team-lead", "first year": "first-year", "second year": "second-year",
    "final year": "final-year", "first class": "first-class", "risk based": "risk-based",
    "on call": "on-call", "full time": "full-time", "part time": "part-time",
    "long term": "long-term", "short term": "short-term", "real time": "real-time",
    "cross functional": "cross-functional", "data driven": "data-driven",
    "customer facing": "customer-facing", "client facing": "client-facing",
    "high level": "high-level", "front end": "front-end", "back end": "back-end",
    "end to end": "end-to-end", "day to day": "day-to-day", "one to one": "one-to-one",
    "evidence based": "evidence-based", "patient facing": "patient-facing",
    "fixed term": "fixed-term", "follow the sun": "follow-the-sun", "month end": "month-end",
    "year end": "year-end", "quarter end": "quarter-end", "stock take": "stock-take",
    "go to market": "go-to-market", "state of the art": "state-of-the-art",
    "hard working": "hard-working", "well rounded": "well-rounded",
    "self motivated": "self-motivated", "fast paced": "fast-paced", "customer focused":
    "customer-focused", "detail oriented": "detail-oriented", "results driven": "results-driven",
}  # fmt: skip
# "7 day service", "200 person site": a number and one of these before a noun take a hyphen.
COMPOUND_UNITS = frozenset(
    {"day", "week", "month", "year", "hour", "minute", "person", "people", "bed", "seat",
     "step", "stage", "point", "page", "site", "store", "ward", "shift"}
)  # fmt: skip
# After a compound these are not the noun it describes ("on call for payments").
NOT_A_NOUN = frozenset(
    {"for", "to", "in", "on", "at", "with", "and", "or", "but", "of", "from", "by", "as", "is",
     "are", "was", "the", "a", "an", "this", "that", "so", "if", "when", "because", "about",
     "versus", "looks", "look", "like", "means", "went", "goes", "ago", "later", "earlier",
     "after", "before", "since", "until", "during"}
)  # fmt: skip
# "an event pipeline": "a" before these letters, when typed "a event".
AN_LETTERS = "aeio"

# --- Lead-ins: "we talked about X" is X --------------------------------------------------------

LEAD_SUBJECTS = ("we", "i", "they", "he", "she", "you", "interviewer", "the interviewer")
LEAD_ADVERBS = (
    "also", "mostly", "mainly", "briefly", "then", "really", "first", "later", "a bit",
    "a lot", "quite a bit", "did", "actually", "even", "just",
)  # fmt: skip
LEAD_VERBS = (
    "talked", "talk", "spoke", "speak", "chatted", "chat", "discussed", "discuss", "covered",
    "went over", "went through", "got into", "touched on", "dug into", "explained", "explain",
    "explain me", "described", "walked through", "walked me through", "walked them through",
    "walked him through", "walked her through", "focused on", "looked at", "reviewed",
    "went deep on", "went deep into", "went into", "dove into", "dived into", "spent time on",
    "spent a while on", "spent ages on", "showed me", "presented", "shared", "told me about",
    "told us about", "gave me an overview of", "gave an overview of", "talking", "talked through",
)  # fmt: skip
LEAD_OBJECTS = ("me", "us", "with me", "with us", "with them", "with him", "with her")
LEAD_PREPOSITIONS = ("about", "through", "on", "over", "into", "of", "around", "regarding")
LEAD_NOUNS = (
    "chat", "chats", "conversation", "conversations", "discussion", "discussions", "talk",
    "bit", "lot", "lots", "deep dive", "dive", "overview",
)  # fmt: skip
LEAD_ARTICLES = ("a", "an", "some", "lots of", "plenty of", "a long", "a quick", "a short")
LEAD_LINKS = (
    "and", "also", "plus", "then", "about", "regarding", "re", "basically", "i.e.", "e.g.", "ie",
    "eg",
)  # fmt: skip
LABELS = ("topics", "topic", "discussed", "notes", "covered")
TRAILING_FILLERS = (
    "etc", "etc.", "and so on", "and stuff", "and more", "as well", "too", "again", "a bit",
    "a lot", "in depth", "at length", "briefly", "mostly", "with them", "with him",
    "with her", "and all that",
)  # fmt: skip
# A question they asked: "he asked (me) about X", "competency q about X", "grilled me on X".
QUESTION_LEADS = (
    r"(?:(?:he|she|they|you|interviewer|the interviewer)\s+)?(?:also\s+|then\s+)?(?:asked|ask)\s+"
    r"me\s+to\s+(?:describe|talk\s+about|talk\s+through|explain|give\s+an\s+example\s+of"
    r"|walk\s+(?:them|him|her|you)\s+through|tell\s+(?:them|him|her)\s+about|share)",
    r"(?:(?:he|she|they|you|interviewer|the interviewer)\s+)?(?:also\s+|then\s+)?"
    r"(?:asked|ask|asks|asking)(?:\s+me)?(?:\s+a\s+lot)?(?:\s+(?:about|on|regarding))?",
    r"(?:a\s+|one\s+|the\s+)?(?:competency\s+|technical\s+|good\s+|tough\s+|hard\s+)?"
    r"question\s+(?:about|on|around|regarding)",
)
QUESTIONS_LEADS = (
    r"(?:(?:he|she|they)\s+)?(?:grilled|quizzed|drilled|pressed|probed|tested)\s+me\s+"
    r"(?:on|about)",
    r"(?:lots\s+of\s+|a\s+lot\s+of\s+|many\s+|some\s+|several\s+)?questions\s+"
    r"(?:about|on|around|regarding)",
)
QUESTION_POINT = "your question about {topic}"
# "I asked (them) about X": X is what they told the user about.
OWN_QUESTION_LEAD = r"i\s+(?:also\s+)?asked(?:\s+(?:them|him|her))?(?:\s+(?:about|re|regarding))?"
QUESTIONS_POINT = "your questions about {topic}"
# "he asked about experience with WMS" is about "my experience with WMS".
QUESTION_OWN_NOUNS = ("experience", "background", "career", "cv", "resume", "portfolio")
QUESTION_OWN = "my"

# --- What a clean phrase is -------------------------------------------------------------------

# A phrase starting so is a clause about how or what: "how you run deal reviews".
CLAUSE_STARTS = frozenset({"how", "what", "why", "where", "when", "which", "who", "whether"})
# "how do you onboard": a direct question is not a phrase.
QUESTION_AUXILIARIES = frozenset(
    {"do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would",
     "should", "has", "have"}
)  # fmt: skip
SUBJECT_PRONOUNS = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "he", "she", "we", "they", "you", "he's", "she's",
     "we're", "they're", "you're", "it's", "that's", "there's", "they've", "we've"}
)  # fmt: skip
# Words that make a clause of a phrase ("morale is low", "the old manager got let go").
FINITE_VERBS = frozenset(
    {"is", "are", "was", "were", "am", "isn't", "aren't", "wasn't", "weren't", "has",
     "hasn't", "have", "haven't", "had", "hadn't", "do", "does", "did", "don't", "doesn't",
     "didn't", "will", "won't", "would", "wouldn't", "can", "can't", "could", "couldn't",
     "should", "shouldn't", "might", "must", "shall", "seem", "seems", "seemed", "said",
     "says", "told", "think", "thinks", "thought", "felt", "feel", "feels", "want", "wants",
     "wanted", "got", "gets", "went", "goes", "liked", "loved", "hated", "likes", "loves",
     "kept", "keeps", "knew", "knows", "gave", "took", "came", "left", "quit", "lost",
     "asked", "mentioned", "explained", "needs", "needed", "looks", "looked", "sounded",
     "sounds", "tried", "admitted", "hopes", "hoped", "takes", "makes", "means",
     "meant", "pays", "includes", "involves", "requires", "depends", "happens", "happened",
     "became", "becomes", "changed", "moved", "works", "worked", "expects", "planned", "hired"}
)  # fmt: skip
# "the audit they ran": a clause after a noun that still reads as a phrase, with these verbs.
NEUTRAL_CLAUSE_VERBS = frozenset(
    {"ran", "run", "runs", "built", "build", "use", "used", "uses", "did", "do", "launched",
     "shipped", "designed", "created", "wrote", "developed", "introduced", "started", "opened",
     "made", "rolled", "are", "won", "published", "set", "piloted", "trialled", "trialed",
     "adopted", "offer", "offered", "teach", "taught"}
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
# "a time I had to give tough feedback": a question about the user's own past.
TIME_WORDS = frozenset({"time", "times", "situation", "occasion", "example"})
# A phrase may not end on these ("their move to").
DANGLING_ENDS = frozenset(
    {"to", "of", "for", "with", "and", "or", "but", "the", "a", "an", "my", "your", "their",
     "in", "on", "at", "about", "from", "by", "so", "because", "if", "is", "are", "was"}
)  # fmt: skip
# …nor start on these ("but the rest", "because of…").
DANGLING_STARTS = frozenset(
    {"but", "so", "because", "if", "although", "though", "or", "nor", "yet", "with",
     "without", "for", "to", "from", "at", "by", "is", "are", "was", "were", "not", "very",
     "really", "too", "super", "pretty", "quite", "looking", "someone", "somebody"}
)  # fmt: skip
# "their migration" in a note to them is "your migration".
SECOND_PERSON = {
    "their": "your", "theirs": "yours", "they": "you", "they're": "you're",
    "they've": "you've", "they'll": "you'll", "they'd": "you'd", "themselves": "yourselves",
}  # fmt: skip
LEADING_SECOND_PERSON = {"his": "your", "her": "your"}
# Left in a phrase after that, these may be the reader or someone else: not pasted.
THIRD_PERSON = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
DETERMINERS = frozenset(
    {"the", "a", "an", "your", "their", "our", "my", "his", "her", "this", "that", "these",
     "those", "some", "any", "each", "every", "both", "its", "no", "one"}
)  # fmt: skip
# Words a phrase reads with an article before: "the tenant complaints process".
COUNT_NOUNS = frozenset(
    {"ratio", "rollout", "migration", "merger", "rewrite", "plan", "policy", "programme",
     "program", "project", "system", "process", "pipeline", "roadmap", "launch", "audit",
     "rotation", "structure", "model", "strategy", "budget", "timeline", "backlog", "platform",
     "app", "tool", "unit", "dashboard", "framework", "study", "trial", "contract", "scheme",
     "rota", "test", "approach", "channel", "team", "initiative", "restructure",
     "redesign", "rebrand", "campaign", "pilot", "curriculum", "service", "department",
     "assessment", "exercise", "presentation", "interview", "office", "warehouse", "clinic",
     "ward", "store", "site", "lab", "product", "feature", "release", "integration", "course",
     "case", "handbook", "playbook", "portal", "database", "report", "timetable",
     "repository"}
)  # fmt: skip
# A topic that stands on its own beside a private word ("their roadmap and salary") starts so.
STANDALONE_STARTS = frozenset(
    {"their", "the", "your", "our", "how", "what", "why", "where", "when", "whether"}
)
ARTICLE = "the"
# "project for new warehouse", "working with client": a bare singular one of these after a
# preposition is grammar copied as typed (a non-native "the" left out): not pasted.
ARTICLE_NEEDED_NOUNS = frozenset(
    {"system", "project", "warehouse", "store", "ward", "app", "tool", "dashboard", "platform",
     "building", "site", "unit", "clinic", "department", "hotel", "lobby", "company", "client",
     "customer", "guest", "patient", "machine", "robot", "report", "team", "manager", "process"}
)  # fmt: skip
PREPOSITIONS = frozenset(
    {"of", "on", "in", "for", "with", "to", "at", "from", "into", "across", "versus", "about",
     "by", "under", "over", "between", "within"}
)  # fmt: skip
# Too general to tell them anything: "the usual", "behavioural questions".
TOO_GENERAL = frozenset(
    {"stuff", "etc", "misc", "various", "n/a", "na", "none", "nothing", "nothing much",
     "the usual", "usual stuff", "the usual stuff", "general chat", "small talk", "other stuff",
     "behavioural questions", "behavioral questions", "competency questions",
     "standard questions", "general questions", "questions", "my cv", "my resume",
     "my background", "my experience", "the role", "the job", "the position", "the company",
     "the team", "intro", "introductions", "intros", "basics", "the basics", "a lot",
     "everything", "my questions", "questions for them", "q and a", "the interview",
     "interview", "chat", "a chat", "general stuff", "bits and bobs", "the job description",
     "experience", "background"}
)  # fmt: skip
# A point typed with a capital first letter is lowered only if that word is ordinary.
ORDINARY_WORDS = frozenset(
    {"a", "an", "the", "our", "your", "my", "how", "what", "why", "when", "where", "which",
     "who", "whether", "team", "teams", "career", "role", "day", "work", "working", "culture",
     "salary", "compensation", "benefits", "remote", "hybrid", "office", "strong", "deep",
     "solid", "extensive", "proven", "broad", "hands-on", "years", "experience", "background",
     "track", "expertise", "knowledge", "skills", "leadership", "growth", "next", "future",
     "current", "recent", "previous", "last", "first", "system", "systems", "product",
     "process", "processes", "code", "design", "architecture", "technical", "data", "on-call",
     "incident", "incidents", "customer", "customers", "roadmap", "plans", "challenges",
     "goals", "priorities", "expectations", "mentoring", "management", "hiring", "onboarding",
     "pairing", "reviews", "review", "tools", "tooling", "stack", "platform", "infrastructure",
     "security", "performance", "quality", "users", "user", "metrics", "budget", "strategy",
     "vision", "mission", "values", "projects", "project", "some", "their", "his", "her",
     "its", "one", "two", "three", "several", "many", "more", "most", "lots", "plenty",
     "great", "good", "excellent", "love", "passion", "fast", "quick", "practical", "real",
     "passionate", "experienced", "advanced", "skilled", "fluent", "motivated", "dedicated",
     "seasoned", "senior", "junior", "certified", "qualified", "natural", "native",
     "player", "self-starter", "curious", "reliable", "detail-oriented", "creative", "four",
     "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty"}
)  # fmt: skip
ORDINARY_SUFFIXES = ("ing", "ity", "tion", "sion", "ment", "ness", "ship")
# "Nurse", "Recruiter", "Analyst": a role typed as one word is not a name.
PERSON_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "se", "man")
# Words of an impression ("great chat", "tough questions", "quick one"): how it went.
IMPRESSION_WORDS = frozenset(
    {"promising", "interesting", "positive", "negative", "overall", "great", "good", "bad",
     "fun", "intense", "long", "longer", "quick", "short", "tough", "hard", "easy", "relaxed",
     "formal", "informal", "friendly", "chill", "standard", "nice", "lovely", "awful", "weird",
     "strange", "odd", "brief", "casual", "productive", "useful", "helpful", "insightful",
     "engaging", "difficult", "challenging", "laughs", "laughter", "vibe", "vibes", "chat",
     "chats", "conversation", "convo", "call", "one", "meeting", "interview", "session",
     "questions", "question", "amazing", "brilliant", "fantastic", "excellent", "decent",
     "okay", "ok", "fine", "solid", "typical", "usual", "normal", "tricky", "grilling",
     "rapport", "silence", "silences", "energy", "atmosphere", "mood", "tone", "warm", "cold",
     "smooth", "rough", "exhausting", "draining", "stressful", "nerve-wracking", "went"}
)  # fmt: skip
# Words that only strengthen an impression: "really great chat".
INTENSIFIERS = frozenset(
    {"very", "really", "super", "pretty", "quite", "so", "bit", "a", "an", "the", "lots",
     "of", "lot", "kind", "kinda", "rather", "fairly", "overall", "and", "too", "such"}
)  # fmt: skip
POINT_LIMIT = 80
ELLIPSIS = "…"
POINT_WORD_LIMIT = 14

# --- Why a point is kept for the user ----------------------------------------------------------

WHY_HOW_IT_WENT = "how it went"
WHY_PERSON = "about a person"
WHY_CONFIDED = "something they confided"
WHY_PAY = "pay and benefits"
WHY_LOGISTICS = "HR and logistics"
WHY_WEAK_SPOT = "a question about a weak spot"
WHY_NOT_A_PHRASE = "doesn't read as a phrase"
WHY_TOO_GENERAL = "too general for a note"
WHY_TOO_LONG = "too long to quote"
WHY_SMALL_TALK = "small talk"
WHY_SHORTHAND = "shorthand the note can't spell out"
# A lower-case word without one of these is shorthand ("mngmt") unless listed below.
VOWELS = "aeiou"
WORDS_WITHOUT_VOWELS = frozenset(
    {"st", "nd", "rd", "th", "pm", "vs", "mr", "mrs", "ms", "dr", "by", "my", "gym", "gyms",
     "rhythm", "myth", "myths", "sky", "dry", "try", "why", "fly", "shy", "cry", "spy", "sync",
     "syncs", "lynx", "hymn", "crypt", "nth", "ply", "wry", "tryst", "synth", "dryly"}
)  # fmt: skip

# Checked in this order on the whole part as cleaned; the first that matches gives the reason.
PAY_PATTERNS = (
    r"\b(?:salary|salaries|pay|payband|pay band|pay scale|pay range|ote|equity|rsus?"
    r"|stock options|bonus|bonuses|commission|commissions|comp|compensation|pension|pensions"
    r"|401k|pto|annual leave|study leave|parental leave|maternity (?:pay|leave|package)"
    r"|paternity (?:pay|leave)|sick leave|sick days|sick pay"
    r"|holiday (?:allowance|entitlement|days)|vacation|allowance|allowances|health insurance"
    r"|dental|perks|sign-on|signing bonus|overtime|per hour|an hour|per annum|wage|wages"
    r"|stipend|pay rise|payrise|raise|relocation package|unsocial hours|enhancements|earn"
    r"|earns|earning|earnings"
    r"|shift differential|expenses)\b"
    r"|\bbenefits\b(?! of)|\b(?:hourly|day|overtime|pay|shift) rates?\b|\bbase (?:salary|pay)\b"
    r"|[$£€¥]\s?\d|\b\d+(?:\.\d+)?\s?k\b|\+\s?\d+\s?%|\b\d+\s?/\s?\d+ split\b|\b50/50\b"
    r"|\b(?:4|four)[- ]day week\b|\b(?:unlimited|paid|\d+ days?) (?:holiday|leave|pto)\b"
    r"|\bfree (?:lunch|lunches|food|breakfast|snacks|parking|meals)\b|\bgym\b|\bcompany car\b"
    r"|\b(?:the|benefits|relocation|total) package\b|\bcycle to work\b|\bprivate (?:healthcare"
    r"|medical)\b|\bchildcare\b|\bshare scheme\b|\b(?:employee|staff) discount\b|\b401k\b",
)
LOGISTICS_PATTERNS = (
    r"\b(?:background|credit|dbs|reference|references|security|criminal|right to work|id)"
    r" checks?\b|\breferences?\b|\bdrug (?:test|tests|screen|screening)\b"
    r"|\bstart(?:ing)? date\b|\bstart (?:on|in|asap|next|from|straight away)\b|\bcould start\b"
    r"|\bwhen I (?:can|could) start\b|\bnotice(?: period)?\b|\breloc\w*\b|\bvisa\b"
    r"|\b(?:visa|work) sponsor\w*|\bsponsorship\b|\bwork permit\b|\bright to work\b"
    r"|\bsecurity clearance\b"
    r"|\bclearance\b|\btravel(?:ling)? (?:is|share|required|requirement|percentage)\b"
    r"|\b\d+\s?% travel\b|\btravel \d+\s?%|\bwfh\b"
    r"|\b(?:remote|hybrid)(?: (?:work\w*|\d|days?|first|policy|model|setup|option|only))?$"
    r"|\b(?:remote|hybrid) (?:\d|days?|work\w*|policy|first|setup)\b"
    r"|\b(?:fully|partly|part) remote\b|\bwork(?:ing)? from home\b"
    r"|\bdays? (?:a week )?in (?:the )?office\b|\bin office\b|\boffice days\b"
    r"|\b\d+\s?-?(?:min|mins|minute|minutes|hr|hrs|hour|hours)\b|\bhalf an hour\b"
    r"|\b(?:phone|video|zoom|teams|recruiter|screening|intro|quick) (?:call|screen|chat)\b"
    r"|\bphone screen\b|\bzoom\b|\bgoogle meet\b|\bon teams\b|\bms teams\b"
    r"|\bnext (?:steps?|round|stage|interview)\b"
    r"|\b(?:final|second|2nd|third|3rd|last|first) (?:round|stage|interview)\b|\bonsite\b"
    r"|\binterview process\b|\bhiring process\b|\bparking\b|\bdress code\b|\bpaperwork\b"
    r"|\bcontract (?:length|type)\b|\bfixed-term\b|\bprobation\b|\bavailability\b|\basap\b"
    r"|\b(?:\d+|one|two|three|night|day|early|late|weekend|long|twelve-hour) ?shifts?\b"
    r"|\bshift (?:pattern|patterns|rotation|rota|schedule|times|is|are)\b"
    r"|(?<!call )(?<!call-)\brota\b|\bworking hours\b|\bhours\b|\bweekends?\b"
    r"|\bdays a week\b|\bwhen they decide\b|\bmaternity cover\b|\bsecondment\b|\bdbs\b"
    # Terms of the job, like pay: what a note should not seem to care most about.
    r"|\b(?:research|annual|study|parental) leave\b|\bsabbaticals?\b|\bteaching (?:load|hours)\b"
    r"|\bcontact hours\b|\bworkload (?:model|allocation)\b"
    r"|\btrial shift\b|\bassessment cent(?:re|er)\b|\bworking (?:nights|weekends|lates|earlies)\b"
    r"|\b(?:how many|number of) (?:people|candidates|applicants)\b|\bapplicants\b|\bshortlist\w*"
    r"|\bwho else\b|\bwhen (?:they|you)(?:{APOS}ll| will| would| might)? (?:decide|hear|know)\b"
    r"|\bwhen I(?:{APOS}ll| will| would| might| can)? hear\b|\bhear back\b|\bdecision date\b"
    r"|\bhow long (?:the )?(?:process|interviews?|hiring|it) (?:takes|will take|is|lasts)\b"
    r"|\bin-tray\b|\bpsychometric\b|\baptitude tests?\b|\b(?:numerical|verbal) reasoning\b"
    r"|\bmeet the team\b|\bwritten tests?\b|\b(?:coding|tech|technical) tests?\b"
    r"|\btake[- ]home\b",
)
HOW_IT_WENT_PATTERNS = (
    r"\b(?:nervous|anxious|stressed|stressful|scared|terrified|shaking|sweating|relieved"
    r"|gutted|awful|terrible|horrible|disaster|nightmare|embarrass\w*|cringe|awkward)\b"
    r"|\b(?:went|going|go|gone) (?:well|badly|great|ok|okay|fine|south|horribly|terribly"
    r"|alright|really well)\b"
    r"|\b(?:blew|blown|bombed|nailed|aced|smashed|killed) it\b"
    r"|\bI (?:\w+ )?(?:think|thought|felt|feel|hope|guess|reckon|believe|forgot|blanked|froze"
    r"|panicked|waffled|rambled|stumbled|struggled|fumbled|messed|screwed|choked|got stuck"
    r"|was stuck|couldn{APOS}t|could not|didn{APOS}t know|did not know|wasn{APOS}t sure"
    r"|was not sure|not sure|should have|should{APOS}ve|need to|must|did ok|did okay|did well"
    r"|did badly|did fine|took forever|was late|was early|talked too much|went blank)\b"
    r"|\b(?:forgot|blanked|froze|panicked|waffled|rambled|messed up|screwed up|went blank"
    r"|got stuck|took forever|couldn{APOS}t answer|could not answer|didn{APOS}t know"
    r"|needed (?:a |some )?(?:hints?|help|prompting|a nudge))\b"
    r"|\b(?:kids|students|pupils|children|class|everyone|they|she|he|panel|interviewer)\s+"
    r"(?:\w+\s+)?(?:liked|loved|enjoyed|laughed|smiled|nodded|agreed|was impressed"
    r"|were impressed|pushed back)\b"
    r"|\bfingers crossed\b|\b(?:good|bad) sign\b|\bred flag\b|\bvibes?\b"
    r"|\bmy (?:answer|answers|mistake|nerves)\b|\bnote to self\b|\bremember to\b|\btodo\b"
    r"|\bwhy did I\b|\bnot sure (?:if|whether|how|my)\b|\bhope (?:so|they|she|he)\b"
    r"|\b(?:think|thought|thinks) of me\b|\bhow I (?:did|got on|came across|performed|went)\b"
    r"|\bwhether I (?:got|get|passed|made)\b|\bmy chances\b|\bfeedback on me\b",
)
# A stumble beside a topic ("excel test - messed up the vlookup") keeps the topic too.
STUMBLE_PATTERNS = (
    r"\b(?:forgot|blanked|froze|panicked|waffled|rambled|stumbled|struggled|fumbled"
    r"|messed up|screwed up|went blank|got stuck|was stuck|took forever|couldn{APOS}t"
    r"|could not|didn{APOS}t know|did not know|wasn{APOS}t sure|not sure|needed (?:a |some )?"
    r"(?:hints?|help|prompting))\b",
)
WEAK_SPOT_PATTERNS = (
    r"\b(?:weakness|weaknesses|weak spot|weak point|weak points|areas? (?:for|of) improvement"
    r"|failure|failures|failed|a mistake|made a mistake|my mistakes|conflict with|a conflict"
    r"|disagree|disagreed|disagreement|difficult (?:colleague|coworker|co-worker|manager|boss"
    r"|person|people|customer|patient|parent)|why I(?:{APOS}m| am| want to| wanna)? leav\w*"
    r"|gaps? in my|made redundant|my redundancy|do differently|stress(?!\s+test)|stressed"
    r"|under pressure|handle pressure|deal with pressure"
    r"|why I left|reasons? for leaving|gap in my|career gap|cv gap|employment gap|fired"
    r"|sacked|dismissed|my old boss|my last boss|my current (?:boss|manager|employer)"
    r"|job hopp\w*|short stints?|so many jobs|negative feedback|criticism|underperform\w*"
    r"|overqualified|under-qualified|lack of experience|no experience|career break|gap year"
    r"|time out of work)\b",
)
PERSON_PATTERNS = (
    r"\b(?:seemed|seems|sounded|came across|comes across)\b"
    r"|\b(?:he|she|they|interviewer|panel)\s+(?:\w+\s+)?(?:looked|looks)\s+(?!like|at|into|over)"
    r"|\b(?:he|she|they|interviewer)\s+(?:was|is|were|are)\s+(?:\w+\s+)?"
    r"(?:nice|friendly|lovely|kind|cold|rude|intimidating|scary|tough|strict|grumpy|chill"
    r"|funny|sharp|smart|distracted|tired|late|busy|rushed|bored|great|awesome|cool|warm"
    r"|blunt|abrupt|sweet|helpful|harsh|quiet|young|old)\b"
    r"|\bkept (?:checking|looking|glancing|typing|yawning|interrupting)\b"
    r"|\b(?:checking|checked) (?:the time|her phone|his phone|their phone|the clock|email)\b"
    r"|\b(?:his|her|their) (?:kids?|son|daughter|wife|husband|partner|baby|dog|cat|family"
    r"|wedding|holiday|vacation|toddler|mum|mom|dad|accent|outfit|birthday)\b"
    r"|\b(?:toddler|pregnan\w*|divorce|divorced|swears|swore|dyslexi\w*|adhd|autis\w*"
    r"|disabilit\w*|disabled|illness|diagnos\w*|religio\w*|reasonable adjustments|my health)\b"
    r"|\b(?:pull|pulls|pulling) (?:their|his|her|your) weight\b"
    r"|\b(?:their|his|her) hands full\b|\b(?:he|she){APOS}s (?:been|worked|lovely|nice|great)\b"
    r"|\bnice (?:guy|lady|woman|man|person|people)\b|\bseems? (?:nice|lovely|burnt out)\b"
    r"|\bburn(?:t|ed)? ?out\b|\b(?:his|her) own\b"
    r"|\b(?:his|her) (?:\w+ )?(?:surgery|injury|operation|illness|cancer|funeral|bereavement"
    r"|recovery|health|pregnancy|baby|retirement)\b"
    r"|\b(?:he|she|they)\s+(?:\w+\s+)?(?:talked|spoke|went on|rambled)\s+(?:a lot|loads|forever"
    r"|non-stop|about (?:himself|herself|his|her))\b",
)
SMALL_TALK_PATTERNS = (
    r"^(?:the )?(?:weather|football|cricket|rugby|the match|sport|sports|traffic|my commute"
    r"|the commute|parking|holidays?|the holidays|christmas plans|weekend plans|the weekend|pets?"
    r"|dogs?|cats?|coffee|lunch|tv|netflix|films?|movies?|music|the news|small talk|chit chat"
    r"|chit-chat)$",
)
CONFIDED_PATTERNS = (
    r"\b(?:he|she|they|interviewer|the interviewer|manager|recruiter)\s+(?:\w+\s+)?"
    r"(?:said|says|mentioned|admitted|let slip|hinted|confided|complained|warned|joked"
    r"|told me that|told me they|told us)\b"
    r"|\bbetween us\b|\boff the record\b|\bconfidential\w*|\bapparently\b|\brumou?rs?\b"
    r"|\bmorale\b|\b(?:under|short)[- ]?staffed\b|\bstaff shortages?\b|\blay-?offs?\b"
    r"|\blet go\b|\bquit\b|\bleft after\b|\bstruggl\w*\b|\bbehind schedule\b|\bover budget\b"
    r"|\bhiring freeze\b|\brestructur\w*|\breorg\b|\bbudget cuts?\b|\bcuts\b"
    r"|\b(?:lost|losing) (?:the|a|their|our|two|three|\d+)\b|\blost last\b"
    r"|\b(?:nurses|people|staff|engineers|heads|teachers) down\b|\bdrama\b|\btoxic\b"
    r"|\bpolitics\b|\bnot happy\b|\bunhappy\b|\bslipped\b|\bdelayed\b|\bbackfill\b"
    r"|\bthe last (?:person|guy|girl|one|manager|nurse|teacher|engineer|analyst|hire)\b"
    r"|\bthe (?:old|previous|last|former) (?:manager|boss|lead|director|head|postholder"
    r"|incumbent|hire|person|guy|girl|one)\b|\bwhy the (?:role|job|position) is open\b"
    r"|\bredundan\w*|\brequires improvement\b|\bspecial measures\b|\binadequate\b"
    r"|\bglassdoor\b|\bbreach\b|\blawsuit\b|\bscandal\b|\binvestigation\b|\btribunal\b"
    r"|\bvacanc\w*|\b(?:new|interim|acting) (?:manager|boss|head|director|lead) (?:starting|joining"
    r"|coming|is)\b|\b(?:manager|boss|head|director|lead) is new\b|\bcoming up\b"
    r"|\b(?:went|goes|go|going) wrong\b|\bwrong with\b|\bfell through\b|\bfalling behind\b"
    r"|\b(?:internal|other) candidates?\b|\bturnover\b|\bbehind on\b|\brough\b|\bbrutal\b",
)

# --- The pitch --------------------------------------------------------------------------------

# A fragment saying one of these is left out of the pitch: it sounds desperate or is a feeling.
PITCH_LEFT_OUT_PATTERNS = (
    r"\b(?:need|needs|needed) (?:this|the|a|any) (?:job|role|position|offer|work)\b"
    r"|\bdesperat\w*|\bplease hire\b|\bhire me\b|\bbegging\b|\bbeg\b|\bdo anything\b"
    r"|\bany job\b|\bnervous\b|\banxious\b|\bfingers crossed\b|\bpls\b|\bplease\b"
    r"|\bstart (?:asap|immediately|straight away|right away|now|tomorrow|next week)\b|\basap\b"
    r"|\bnotice period\b|\bvisa\b|\bsponsorship\b|\bsalary\b|\bpay\b|\brelocat\w*",
)
# Pitch fragments that start with one of these are the user's own claims: "led a team".
PITCH_VERBS = frozenset(
    {"led", "lead", "built", "build", "shipped", "ship", "designed", "ran", "run", "managed",
     "manage", "launched", "scaled", "delivered", "created", "developed", "grew", "founded",
     "co-founded", "wrote", "write", "migrated", "owned", "own", "drove", "implemented",
     "mentored", "worked", "work", "spent", "taught", "teach", "helped", "reduced",
     "increased", "improved", "automated", "maintained", "architected", "rebuilt",
     "introduced", "started", "moved", "cut", "saved", "won", "handled", "supported",
     "trained", "coordinated", "organised", "organized", "oversaw", "headed", "established",
     "published", "contributed", "speak", "know", "love", "enjoy", "have", "bring",
     "understand", "hold", "can", "used", "use", "learned", "learnt", "completed", "studied",
     "graduated", "care", "thrive", "specialise", "specialize", "excel", "got", "made",
     "set", "scrub", "nurse", "sell", "sold", "code", "coach", "coached", "closed", "audit",
     "hit", "beat", "exceeded", "doubled", "tripled", "monitored", "passed",
     "rebranded", "lifted", "topped", "turned", "raised", "negotiated", "recruited"}
)  # fmt: skip
# Past tenses that open a fragment ("exceeded quota") unless they describe the user.
PITCH_ADJECTIVES_ED = frozenset(
    {"experienced", "advanced", "skilled", "talented", "motivated", "dedicated", "seasoned",
     "qualified", "certified", "specialised", "specialized", "accomplished", "varied",
     "related", "focused", "interested", "excited", "based", "detailed", "results-oriented",
     "detail-oriented", "self-motivated", "well-rounded", "licensed", "trusted", "proven",
     "registered", "chartered", "trained", "part-qualified", "accredited"}
)  # fmt: skip
# "genuinely love nights" is "I genuinely love nights".
PITCH_ADVERBS = frozenset(
    {"really", "genuinely", "also", "consistently", "regularly", "always", "currently",
     "recently", "successfully", "personally", "very", "highly", "extremely", "super",
     "truly", "deeply"}
)  # fmt: skip
# "promoted twice" is "I was promoted twice".
PITCH_PASSIVE_VERBS = frozenset(
    {"promoted", "hired", "recruited", "awarded", "named", "selected", "nominated",
     "shortlisted", "elected", "chosen", "headhunted", "invited"}
)  # fmt: skip
PITCH_PASSIVE = "I was"
PITCH_STATE = "I am"
FIRST_PERSON = "I"
# "comfortable with RTOS", "strong in SQL": said of the user, when a preposition follows.
PITCH_STATE_FIRST_WORDS = frozenset(
    {"comfortable", "fluent", "confident", "proficient", "familiar", "strong", "skilled",
     "experienced", "good", "great", "passionate", "keen", "bilingual", "certified",
     "registered", "chartered", "qualified", "trained", "consistently", "always", "used",
     "excellent", "expert", "knowledgeable"}
)  # fmt: skip
PITCH_STATE_PREPOSITIONS = frozenset({"in", "with", "at", "about", "on", "to", "for", "top"})
# "CIMA qualified", "NMC registered since 2018": a state the user is in.
PITCH_STATE_LAST_WORDS = frozenset(
    {"qualified", "part-qualified", "competent", "certified", "registered", "chartered",
     "accredited", "licensed", "trained", "fluent", "bilingual", "vetted", "cleared"}
)  # fmt: skip
# "Experienced React developer" is "I am an experienced React developer".
PITCH_PERSON_SUFFIXES = ("er", "ist", "or", "ant", "ent", "ian")
# "mentor for student nurses", "phonics lead in my school": a post the user holds.
PITCH_POST_WORDS = frozenset({"mentor", "lead", "head", "champion", "coordinator", "rep"})
PITCH_POST_PREPOSITIONS = frozenset({"for", "in", "at", "of", "to"})
# "forklift licence" is "I hold a forklift licence".
PITCH_HELD_NOUNS = frozenset(
    {"degree", "licence", "license", "certificate", "certification", "diploma",
     "qualification", "masters", "master's", "msc", "mba", "phd", "bsc", "ba", "meng", "ma",
     "llb", "pgce", "doctorate"}
)  # fmt: skip
PITCH_HOLD = "I hold"
# "summer internship at KPMG" is "I completed a summer internship at KPMG".
PITCH_COMPLETED_NOUNS = frozenset(
    {"internship", "placement", "apprenticeship", "secondment", "residency", "fellowship",
     "traineeship", "bootcamp", "rotation"}
)  # fmt: skip
PITCH_COMPLETED = "I completed"
# "managed team of 12" is "managed a team of 12".
PITCH_ARTICLE_NOUNS = frozenset(
    {"team", "store", "site", "department", "ward", "unit", "project", "programme", "program",
     "shop", "branch", "restaurant", "warehouse", "clinic", "portfolio", "budget", "class",
     "car", "van", "vehicle", "business", "company"}
)  # fmt: skip
# "8 yrs go and postgres" is "I have eight years of experience in Go and Postgres".
PITCH_YEARS = "I have {count} {unit} of experience {preposition} {field}"
PITCH_YEARS_OF = "I have {count} {unit} of {field}"
PITCH_YEARS_PREPOSITION = "in"
# "5 yrs theatre nurse" is "five years of experience as a theatre nurse".
PITCH_YEARS_AS = "I have {count} {unit} of experience as {article} {field}"
PITCH_PERSON_NOUNS = frozenset(
    {"nurse", "midwife", "teacher", "chef", "clerk", "paramedic", "carer", "driver",
     "cashier", "barista", "pharmacist", "surgeon", "doctor", "nanny", "receptionist",
     "technician", "assistant", "analyst", "engineer", "developer", "manager", "designer",
     "accountant", "auditor", "consultant", "administrator", "officer", "lead", "supervisor"}
)  # fmt: skip
PITCH_YEARS_PREPOSITIONS = frozenset(
    {"in", "with", "at", "on", "as", "across", "within", "working", "managing", "leading",
     "running", "teaching", "supporting", "building"}
)  # fmt: skip
PITCH_MORE_THAN = "more than {count}"
PITCH_EXPERIENCE = "experience"
# "strong excel and sql skills" is "I have strong Excel and SQL skills".
PITCH_HAD_NOUNS = frozenset(
    {"experience", "skills", "knowledge", "understanding", "background", "record", "grounding",
     "eye", "expertise"}
)  # fmt: skip
# Of those, one has one of these: "a strong background", "a proven track record".
PITCH_HAD_ONE = frozenset({"background", "record", "understanding", "grounding", "eye"})
# "Because I know the domain" is "I know the domain".
PITCH_DROPPED_LEADS = frozenset({"because", "since", "as", "bc"})
# "2 yrs freelance" is two years of experience in freelancing.
PITCH_FIELDS = {"freelance": "freelancing", "contract": "contracting", "agency": "agency work"}
# "fluent spanish" is "fluent in Spanish".
PITCH_LANGUAGE_STATES = frozenset({"fluent", "native", "conversational", "proficient"})
PITCH_LANGUAGE_PREPOSITION = "in"
# "customer focused" is "I am customer-focused".
PITCH_COMPOUND_STATES = frozenset(
    {"focused", "oriented", "driven", "minded", "motivated", "led", "centred", "centered"}
)
PITCH_HAVE = "I have"
POSSESSIVE_OPENERS = frozenset({"my"})
CLAUSE_VERBS = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "includes", "include", "spans", "covers",
     "got", "won", "achieved", "scored", "reached", "ranked", "beat", "hit", "passed", "exceeded",
     "grew", "doubled", "tripled"}
)  # fmt: skip
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten")  # fmt: skip
# Said before a list fragment: "and", "also", "plus".
PITCH_LINKS = ("and", "also", "plus", "as well as")
ACRONYM_AN_LETTERS = "AEFHILMNORSX"
