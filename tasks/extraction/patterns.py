"""Trigger rules for the four event kinds, kept as data.

Each `pattern_<kind>()` returns spaCy `Matcher` patterns that find the words
that can state an event of that kind. A match is only a candidate: the event
builder then checks its arguments (an envoy for summons and recalls, two
sides for meetings and calls) and drops the traps listed in each docstring.
The word lists below are the vocabulary the rules share.
"""
from __future__ import annotations

# Third-person pronouns that stand for one person, by role in the clause.
PRONOUNS_SUBJECT = frozenset({"he", "she"})
PRONOUNS_OTHER = frozenset({"him", "her", "his", "hers", "himself", "herself"})

# Nouns that name a diplomat accredited abroad (the object of a summons or recall).
ENVOY_NOUNS = frozenset({
    "ambassador", "envoy", "diplomat", "chargé", "charge", "d'affaires", "d’affaires",
    "affaires", "emissary", "consul", "consul-general", "attaché", "attache", "chargé_d'affaires",
    "representative", "head of mission", "mission", "nuncio", "ambassadors", "envoys", "diplomats",
})
# Several-word names of an accredited diplomat ("the Indian high commissioner",
# "the deputy chief of mission"), as the words each must contain.
ENVOY_PHRASES = (frozenset({"high", "commissioner"}), frozenset({"chief", "mission"}), frozenset({"head", "mission"}))

# Roles that identify a person's office; used to read titles like
# "the Russian leader" or "his US counterpart" and to strip titles off names.
LEADER_ROLES = frozenset({
    "president", "leader", "premier", "chancellor", "king", "queen", "emir", "sultan", "pope",
    "monarch", "head", "prime", "pm", "taoiseach", "ayatollah", "crown",
    "prince", "chairman", "chief", "dictator", "strongman", "ruler",
})
MINISTER_ROLES = frozenset({
    "minister", "secretary", "foreign", "deputy", "adviser", "advisor", "spokesman",
    "spokeswoman", "spokesperson", "official", "diplomat", "negotiator", "commander",
    "general", "governor", "mayor", "senator", "speaker", "counsellor", "counselor",
})
TITLE_WORDS = frozenset(
    LEADER_ROLES | MINISTER_ROLES | ENVOY_NOUNS | {
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "sheikh", "lord",
        "vice", "state", "defense", "defence", "national", "security", "interior", "finance",
        "trade", "junior", "top", "former", "then", "late", "acting", "new", "current",
        "u.n.", "un", "mediator", "envoy", "press", "secretary-general", "director",
        "director-general", "gen.", "gen", "col.", "lt.", "president-elect", "vice-president",
        "house", "parliament", "assembly", "army", "military", "of", "the", "and",
        # honorifics: "Datuk Seri Anwar Ibrahim", "Rt. Hon. Pushpa Kamal Dahal", "H.E. ..."
        "datuk", "dato", "dato'", "datin", "seri", "tun", "rt", "rt.", "hon", "hon.", "honourable",
        "honorable", "excellency", "h.e.",
    }
)

# Who can be a side (GUIDELINES: officials of states and international
# organisations). A person is an official when the article gives them one of
# these offices, or the office-holders gazetteer (data/leaders.tsv) knows
# them; a role of private life with no office beside it rules them out.
OFFICE_ROLES = frozenset({
    "president", "premier", "chancellor", "king", "queen", "emir", "sultan", "monarch", "taoiseach",
    "ayatollah", "pope", "prime", "pm", "minister", "secretary", "secretary-general", "ambassador",
    "envoy", "diplomat", "consul", "consul-general", "chargé", "charge", "commissioner", "official",
    "officials", "governor", "mayor", "senator", "congressman", "congresswoman", "lawmaker", "mp",
    "speaker", "general", "commander", "admiral", "marshal", "adviser", "advisor", "negotiator",
    "delegate", "representative", "spokesman", "spokeswoman", "spokesperson", "vice-president",
    "president-elect", "leader", "dictator", "strongman", "ruler", "sheikh", "counsellor", "counselor",
    "foreign", "crown", "nuncio", "attaché", "attache", "emissary", "mediator", "director-general",
    "chief", "head", "deputy", "chairman", "chairwoman", "chair", "director",
})
PRIVATE_ROLES = frozenset({
    "executive", "ceo", "cfo", "founder", "co-founder", "businessman", "businesswoman", "tycoon",
    "billionaire", "entrepreneur", "investor", "banker", "analyst", "economist", "shareholder",
    "player", "striker", "midfielder", "defender", "goalkeeper", "coach", "captain", "seed", "champion",
    "athlete", "driver", "boxer", "golfer", "batter", "bowler", "batsman", "skipper", "footballer",
    "cricketer", "tennis", "actor", "actress", "singer", "rapper", "star", "musician", "artist", "model",
    "influencer", "celebrity", "comedian", "presenter", "author", "writer", "journalist", "reporter",
    "editor", "columnist", "anchor", "lawyer", "attorney", "prosecutor", "judge", "doctor", "dr", "nurse", "surgeon", "professor", "scientist", "researcher",
    "student", "activist", "campaigner", "bishop", "priest", "imam", "rabbi", "cardinal", "duke",
    "duchess", "princess", "prince", "royal", "socialite", "chef", "designer", "producer",
    "manager", "owner", "employee", "worker", "farmer", "teacher", "pilot", "officer", "film", "managing",
    "artistic", "creative", "casting", "museum", "festival",
})
# Offices that win over a private word next to them ("Crown Prince", a
# "royal" who is also "foreign minister").
OFFICE_OVER_PRIVATE = frozenset(OFFICE_ROLES - {"chairman", "chair", "chief", "head", "deputy", "director-general", "director"})

# Words that make a sentence about sport, where a country's name is its
# team (tasks/extraction/eligibility.py). Only words that do not also
# describe diplomacy: not "round", "final", "team", "talks".
SPORT_WORDS = frozenset({
    "semi-final", "semifinal", "semi-finals", "semifinals", "quarter-final", "quarterfinal", "quarter-finals",
    "quarterfinals", "qualifier", "qualifiers", "tournament", "championship", "championships",
    "innings", "wicket", "wickets", "t20", "odi", "olympics", "olympic", "paralympics",
    "kick-off", "kickoff", "striker", "goalkeeper", "midfielder", "footballer", "cricketer", "stadium", "rugby",
    "football", "soccer", "cricket", "tennis", "hockey", "basketball", "baseball", "volleyball", "handball",
    "matchday", "playoff", "play-off", "playoffs", "scoreline", "halftime", "half-time", "touchdown",
    "wimbledon", "fifa", "uefa", "nba", "nfl", "ipl", "grand-slam", "batting",
})
# Sport words that news of diplomacy also uses ("the goal of the talks",
# "penalties on Iran", "the Arab League", "a medal for the visiting
# president"): a sentence is about sport only with two of them, or with one
# beside a word above. Inside an organisation's name they never count.
SPORT_WORDS_SHARED = frozenset({
    "league", "seed", "seeded", "medal", "medals", "goal", "goals", "penalty", "penalties", "fixture", "fixtures",
    "squad", "derby", "coach", "bowling",
})
SPORT_PHRASES = frozenset({
    "world cup", "six nations", "grand slam", "test series", "test match", "grand prix", "formula one",
    "champions league", "premier league", "friendly match", "group stage", "copa america", "asian cup",
    "africa cup", "nations cup", "davis cup",
})

# Words that make a group private: "a business delegation", "student envoys".
PRIVATE_GROUP_MODIFIERS = frozenset({
    "business", "corporate", "industry", "student", "students", "youth", "church", "religious", "sports",
    "football", "cultural", "media", "fan", "fans", "family", "company", "commercial", "private", "tourist",
})
# Words that put an event in a story, not the world: "a fictional summit".
FICTION_WORDS = frozenset({"fictional", "fictitious", "imaginary", "mock", "simulated", "novel", "film", "movie",
                           "sitcom", "episode", "screenplay", "drama"})

# Purposes that make a trip private: no host is met.
PRIVATE_PURPOSES = frozenset({
    "medical", "treatment", "private", "personal", "family", "holiday", "holidays", "vacation", "honeymoon",
    "shopping", "hospital", "checkup", "check-up", "surgery", "pilgrimage", "leisure", "tourist",
})

# Role phrases that name a foreign minister without the word "minister".
FOREIGN_MINISTER_PHRASES = (
    frozenset({"top", "diplomat"}), frozenset({"chief", "diplomat"}), frozenset({"head", "diplomacy"}),
    frozenset({"foreign", "secretary"}), frozenset({"secretary", "state"}),
)

# Verbs that take a meeting or call noun as object without changing its
# meaning: "held talks", "paid a visit", "attended the summit".
LIGHT_VERBS = frozenset({
    "hold", "have", "attend", "host", "conduct", "begin", "start", "open", "resume", "renew",
    "continue", "join", "chair", "convene", "organize", "organise", "arrange", "make", "pay",
    "undertake", "go", "end", "conclude", "wrap", "complete", "launch", "take", "stage",
    "participate", "prepare", "plan", "schedule", "cancel", "postpone", "reject", "accept",
    "propose", "offer", "suggest", "seek", "request", "demand", "want", "discuss", "announce",
    "agree", "refuse", "decline", "deny", "expect", "await", "welcome", "skip", "boycott",
    "call", "need", "invite", "mark", "follow", "precede", "rule", "set", "confirm",
})

# Verbs of going somewhere that state a visit when an official goes abroad.
TRAVEL_VERBS = frozenset({"travel", "fly", "arrive", "jet"})
# Verbs that state a recall only with an envoy as object ("pulled its
# ambassador", "brought its envoy home", "ordered its ambassador home").
ENVOY_VERBS_NEEDING_ENVOY = frozenset({"pull", "bring", "order"})

# What one official phones another to do: "called Herzog to congratulate him".
CALL_PURPOSES = frozenset({
    "congratulate", "discuss", "thank", "express", "convey", "offer", "wish", "condole", "brief", "inform",
    "invite", "apologise", "apologize", "extend", "review", "exchange", "greet", "reassure", "assure", "update",
    "raise", "seek", "urge", "ask", "voice", "share", "explain", "coordinate", "consult",
})

# Verbs of saying: their subjects are the speaker, not a participant.
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "note", "report", "announce", "claim", "stress", "underscore",
    "explain", "continue", "quote", "write", "tweet", "insist", "warn", "reply", "answer",
})

# Words in the clause that make a "call" a telephone or video call.
PHONE_WORDS = frozenset({"phone", "telephone", "telephonic", "cellphone", "phoned", "telephoned"})
VIDEO_WORDS = frozenset({"video", "videoconference", "video-conference", "virtual", "videolink", "zoom", "online"})


# Phrases whose meeting is the country's own business (GUIDELINES: not a meeting).
DOMESTIC_MEETING_MODIFIERS = frozenset({
    "cabinet", "press", "news", "board", "party", "security", "parliamentary", "committee", "staff",
    "town", "shareholder", "shareholders", "faculty", "council",
})


def pattern_meeting() -> list[list[dict]]:
    """Meetings: talks, summits, visits, sit-downs.

    Counts:  "Barack Obama and Vladimir Putin will meet in Zurich."
             "Taiwan's Vice Foreign Minister visited Russia today."
             "Iraqi President Saddam Hussein arrived in Amman on a previously unannounced visit."
             "French deputies held talks with leaders of Romania's new government on Tuesday."
             "Modi has postponed his upcoming official trip to Norway."
             "President Boris Yeltsin hosted Japanese Prime Minister Ryutaro Hashimoto."
             "The new ambassador paid a courtesy call on the foreign minister."
             "Iran's foreign minister will travel to Riyadh next week."
             "Ramaphosa invited Nigeria's leader to Pretoria." (proposed)
    Traps:   "Pakistan's prime minister has convened a meeting of the National Security Committee."
             "The measures meet the demands of the court." (no second side)
             "Putin chairs a meeting with members of the Russian government."
    """
    return [
        [{"LEMMA": {"IN": ["meet", "visit", "host", "receive", "welcome", "negotiate", "confer"]}, "POS": "VERB"}],
        [{"LOWER": {"IN": ["meeting", "meetings", "summit", "summits", "talks", "talk", "visit", "visits",
                           "negotiations", "negotiation", "conference", "conferences", "trip", "trips", "reunion",
                           "encounter", "encounters", "sit-down", "conversation", "tête-à-tête", "gathering",
                           "gatherings"]},
          "POS": {"IN": ["NOUN", "PROPN"]}}],
        [{"LOWER": {"IN": ["visiting"]}, "DEP": "amod"}],
        # "gave a warm welcome to", "accorded him a red-carpet welcome"
        [{"LEMMA": {"IN": ["give", "extend", "accord"]}}, {"OP": "{0,3}"}, {"LOWER": "welcome", "POS": "NOUN"}],
        [{"LEMMA": "sit", "POS": "VERB"}, {"LOWER": "down"}, {"LOWER": "with"}],
        # "paid a courtesy call on the minister": a call in person
        [{"LOWER": "courtesy"}, {"LOWER": {"IN": ["call", "calls"]}}],
        # "will travel to Riyadh", "arrived in Kampala": a visit when an
        # official goes to another country (the builder checks both)
        [{"LEMMA": {"IN": ["travel", "fly", "arrive", "jet"]}, "POS": "VERB"}],
        # "invited Nigeria's leader to Pretoria": a visit offered (proposed)
        # when an official is asked to another country (the builder checks both)
        [{"LEMMA": "invite", "POS": "VERB"}, {"OP": "{0,6}"}, {"LOWER": "to"}, {"ENT_TYPE": "GPE"}],
    ]


def pattern_call() -> list[list[dict]]:
    """Calls: telephone or video conversations between officials of two countries.

    Counts:  "Warren Christopher telephoned Russian Foreign Minister Andrei Kozyrev on Tuesday."
             "The Russian and US presidents held their second telephone conversation."
             "Trump's July 25 call with Ukraine President Volodymyr Zelenskiy."
             "The presidents discussed at the virtual summit pressing issues."
             "Ajit Doval has spoken U.S. Secretary of State Marco Rubio."
             "The prime ministers held phone talks on Wednesday."
    Traps:   "Biden called him a butcher."  "The US called on Russian authorities to release protesters."
             "Archbishop Tutu called for sanctions."  "Two commanders told AFP by phone."
    """
    return [
        [{"LEMMA": {"IN": ["call", "phone", "telephone", "ring", "dial", "speak", "talk"]}, "POS": "VERB"}],
        [{"LOWER": {"IN": ["call", "calls", "phonecall", "conversation", "conversations", "videoconference",
                           "video-conference"]}, "POS": {"IN": ["NOUN", "PROPN"]}}],
        [{"LOWER": {"IN": ["virtual", "video"]}}, {"LOWER": {"IN": ["summit", "meeting", "talks", "conference"]}}],
        # "held phone talks", "a telephone discussion"
        [{"LOWER": {"IN": ["phone", "telephone", "telephonic"]}}, {"LOWER": {"IN": ["talks", "discussion", "discussions", "chat"]}}],
    ]


def pattern_summons() -> list[list[dict]]:
    """Summons: a government calls in a foreign diplomat accredited to it.

    Counts:  "Pakistan on Wednesday summoned India's charge d'affaires to lodge a protest."
             "The US Ambassador to Moscow, John Sullivan, was summoned by the Russian Foreign Ministry."
             "Nigerian junior foreign minister Dubem Oniya summoned Niger's ambassador Brah Mohamane."
             "The foreign ministry said it would summon the ambassador."
             "The ministry ordered the summoning of the Greek ambassador."
             "The ambassadors of Sweden and Norway were summoned." (two rows)
    Traps:   "He was summoned to appear in court."  "Moscow summoned its envoy in the US" (a recall).
    """
    return [
        [{"LEMMA": {"IN": ["summon", "convoke", "summons"]}}],
        [{"LOWER": {"IN": ["summoning", "convocation"]}}],
        [{"LEMMA": "call", "POS": "VERB"}, {"LOWER": {"IN": ["in", "into"]}}],
    ]


def pattern_recall() -> list[list[dict]]:
    """Recalls: a government calls its own envoy home.

    Counts:  "Moscow on Wednesday evening recalled its ambassador in the United States."
             "Israel recalled its ambassadors to Norway, Ireland and Spain." (three rows)
             "Putin refused to recall a Washington envoy." (not_occurred)
             "The country withdrew its ambassador from Qatar."
             "Ukraine called its envoy home from Minsk."  "Canada pulled its envoy from Caracas."
    Traps:   "Toyota recalled 50,000 cars."  "He recalled that the talks were tense."
             "Switzerland expelled two Russian diplomats."
    """
    return [
        [{"LEMMA": {"IN": ["recall", "withdraw"]}}],
        # "pulled (out) its ambassador", "called its envoy home", "brought
        # its ambassador back": the builder wants an own envoy and, for
        # call and bring, "home" or "back"
        [{"LEMMA": {"IN": ["pull", "call", "bring", "order"]}, "POS": "VERB"}],
    ]


PATTERNS = {
    "meeting": pattern_meeting,
    "call": pattern_call,
    "summons": pattern_summons,
    "recall": pattern_recall,
}
