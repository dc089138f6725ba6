"""The small hand-kept vocabulary the answerer leans on: cheap signal a retriever lacks.

Nothing here names a particular programme. These are the words people use about any
leadership programme (synonyms, British spellings, the ways of asking "when" or "where")
and the cues that a question asks for something a programme file never holds (a hotel
booking, an opinion, the football). Grown from the benchmark's seen question sets
(bench/questions/README.md); judged on sets it was not grown from.
"""

from __future__ import annotations

import re


def words(text: str) -> list[str]:
    """The words of a block of text: keeps the word lists below readable."""
    return text.split()


# Words that carry no topic: function words, question words, chat and politeness.
STOPWORDS = frozenset(
    words(
        """
        a about above after again against all am an and any are aren as at be because
        been before being below between both but by can cannot could couldn did didn
        do does doesn doing don down during each few for from further had hadn has
        hasn have haven having he her here hers herself him himself his how i if in
        into is isn it its itself just let ll me more most mustn my myself no nor not
        now o of off on once only or other ought our ours ourselves out over own re s
        same shan she should shouldn so some such t than that the their theirs them
        themselves then there these they this those through to too under until up very
        was wasn we were weren what when where which while who whom why will with won
        would wouldn y you your yours yourself yourselves d m ve im ive id dont cant
        wont isnt arent doesnt didnt whats wheres whens whos hows thats theres
        youre also yet shall may might must us get got getting gets one ones thing
        things anything something everything way please hi hello hey hiya thanks thank
        cheers quick q question wondering wonder sorry bother know tell say said let
        help really actually anyone someone somebody everyone folks guys team bit
        little lot lots info information explain need needs needed want wants wanted
        like would able possible okay ok fine sure check checking ask asking asked
        find finding look looking see trying try tried idea already still ever much
        many also well good great new hoping hope apologies dear kind kindly advise
        anybody there yes yeah right mean well thing stuff basically confirm clarify
        remind reminder wanted go going come coming do doing make makes else mine
        remember forget forgot forgotten
        anywhere somewhere anyone instead problem issue matter work works working
        exactly definitely probably possibly currently sorting sort request requested
        total overall roughly approximately exact use using used confused confusing
        friendly suitable discuss discussed discussion discussing option options openly
        unsure curious clear understand available availability allowed allow permitted
        permit able take taking takes along back came give keep kept affect affects
        affected supposed meant required require requirement necessary mandatory
        compulsory including include includes proper properly actual actually whole
        entire usual usually normal normally typical typically general generally
        specific specifically particular particularly certain kind sort type best
        watch included view fully full guys quite rather pretty hear hearing bit
        toward towards pls plz thx ta post share send
        tbh atm imo fyi btw asap keen awkward awkwardly slightly honestly genuinely
        literally nip nipping expect expected expecting expectation expectations
        format bits realistically
        """
    )
)

# Words about the programme as a whole: every document shares them, so they explain
# nothing on their own (they are never "foreign" either).
GENERIC = frozenset(
    words(
        """
        programme programmes program course cohort module modules session sessions day
        days week weeks participant participants people person user users group groups
        scheme schemes arrangement arrangements
        """
    )
)

# Apostrophe-less and American forms mapped to the British spelling the programme uses.
SPELLING = {
    "resi": "residential",  # short forms people type
    "resis": "residentials",
    "reg": "registration",
    "r": "are",  # "r the online ones recorded"
    "passcode": "password",  # not "postcode"
    "hrs": "hours",
    "hr": "hour",
    "mins": "minutes",
    "cert": "certificate",
    "certs": "certificates",
    "mgmt": "management",
    "mgr": "manager",
    "mgrs": "managers",
    "dept": "department",
    "govt": "government",
    "ops": "operations",
    "comms": "communications",
    "noms": "nominations",
    "program": "programme",
    "programs": "programmes",
    "organizer": "organiser",
    "organizers": "organisers",
    "organize": "organise",
    "organized": "organised",
    "organizing": "organising",
    "organization": "organisation",
    "organizations": "organisations",
    "center": "centre",
    "color": "colour",
    "traveling": "travelling",
    "traveled": "travelled",
    "canceled": "cancelled",
    "catalog": "catalogue",
    "enrollment": "enrolment",
    "enroll": "enrol",
    "license": "licence",
    "practicing": "practising",
    "recognize": "recognise",
    "apologize": "apologise",
    "cancelation": "cancellation",
    "favor": "favour",
    "behavior": "behaviour",
    "modul": "module",
    "mod": "module",
    "mods": "modules",
    "wi": "wifi",
    "whats": "what",
    "wats": "what",
    "wat": "what",
    "whose": "who",
    "wot": "what",
    "wht": "what",
    "wheres": "where",
    "whens": "when",
    "whos": "who",
    "hows": "how",
    "im": "i",
    "tomorrows": "tomorrow",
    "tmrw": "tomorrow",
    "tmw": "tomorrow",
    "tmrow": "tomorrow",
    "tomoz": "tomorrow",
    "todays": "today",
    "yesterdays": "yesterday",
}

# Irregular forms folded into the word Snowball would stem ("wrote" is "write").
LEMMAS = {
    # a reporter is from the press, not a written report
    "reporter": "journalist",
    "reporters": "journalist",
    # "training" is not the train to the venue; "trainers" are shoes
    "training": "learning",
    "trainers": "shoes",
    # Words whose stem is a synonym's, with another meaning: a "custody suite" is a room,
    # not a suit; "information" is not "informal" dress; "allowed to" is not an allowance;
    # "weds" is Wednesday, not a wedding; court "hearings" are not a hearing loop; a
    # "refresher" is not refreshments; "building passes" are not passing; a "mobile" is a
    # phone; an Ofsted "rating" is not a rate
    "suite": "room",
    "suites": "rooms",
    "informal": "casual",
    "allowed": "permitted",
    "allow": "permit",
    "allows": "permits",
    "weds": "wednesday",
    "wed": "wednesday",
    "hearings": "cases",
    "trained": "learned",
    "refresher": "update",
    "refresh": "update",
    "passes": "badges",
    "mobile": "phone",
    "mobiles": "phones",
    "rating": "grade",
    "ratings": "grades",
    "rated": "graded",
    "diversion": "detour",
    "surveying": "fieldwork",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "went": "go",
    "gone": "go",
    "paid": "pay",
    "met": "meet",
    "taught": "teach",
    "brought": "bring",
    "thought": "think",
    "saw": "see",
    "seen": "see",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "chose": "choose",
    "chosen": "choose",
    "sent": "send",
    "held": "hold",
    "began": "begin",
    "begun": "begin",
    "ate": "eat",
    "eaten": "eat",
    "felt": "feel",
    "told": "tell",
    "found": "find",
    "kept": "keep",
    "made": "make",
    "ran": "run",
    "said": "say",
    "sat": "sit",
    "stood": "stand",
    "understood": "understand",
    "wore": "wear",
    "worn": "wear",
    "bought": "buy",
    "caught": "catch",
    "fed": "feed",
    "heard": "hear",
    "led": "lead",
    "lent": "lend",
    "lost": "lose",
    "meant": "mean",
    "rang": "ring",
    "sold": "sell",
    "spent": "spend",
    "drove": "drive",
    "driven": "drive",
    "flew": "fly",
    "flown": "fly",
    "forgot": "forget",
    "forgotten": "forget",
    "knew": "know",
    "known": "know",
    "slept": "sleep",
    "woke": "wake",
    "children": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
}

# Phrases rewritten to one word before tokenising, so "can't make it" means "miss".
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bwi[- ]?fi\b", "wifi"),
    (r"\be[- ]mail", "email"),
    (
        r"\bcan ?not\b|\bcan't\b|\bcant\b|\bunable to\b|\bwon't be able to\b|\bnot able to\b|"
        r"\b(won't|wont|not going to|not gonna)\b(?= (make|attend|get to|be there)\b)",
        " cannot ",
    ),
    (r"\bcannot (make|attend|come|get to|be there|join)\b", " miss "),
    (r"\b((signed |signed-)?off sick|be off|am ill|feel(ing)? ill|be ill)\b", " miss "),
    # "do I get that time back?" is time off in lieu, not money
    (
        r"\b(get|got|claim|claimed|have|take)\b( \w+){0,2} (time|day|days|hours|rest days?) back\b",
        " leave in lieu ",
    ),
    (r"\b(pay|paid|claim|claimed|get|got)\b[\w\s]{0,24}?\bback\b(?! to)", " reimburse "),
    (r"\bdial(ling|led)?[- ]in(to)?\b|\blog(ging)?[- ]?on\b", " online "),
    # "is it online or do I need to travel?": the other way of attending
    (
        r"\bor (do|will|would|should) (i|we) (need|have) to (travel|come in|go in)\b",
        " or inperson ",
    ),
    (r"\b(on|via|over|through) (ms |microsoft )?teams\b", " online "),
    (
        r"\b(do|join|attend|dial in|log in|watch)( it| them| this| that)? from home\b",
        r" \1 online ",
    ),
    (r"\b(ms |microsoft )?teams (link|call|meeting|invite|invitation)\b", " online link "),
    (r"\b(a )?teams (option|version|alternative)\b", " online "),
    (r"\bpocs?\b", " point of contact "),  # "who's the POC for site access?"
    (r"\b(my|your|our|their) other halfs?\b", r"\1 partner"),  # "can my other half stay?"
    (r"\bparking (space|spaces|spot|spots)\b", " parking "),  # "can I get a parking space"
    (r"\b(internet|wifi|wi-fi) access\b", r" \1 "),  # not access for wheelchairs
    # "when do we all meet up again?": the next module
    (
        r"\bwhen (do|will|are|can) we( all)? (next )?(meet( up)?|get together|see each other|"
        r"be together)( again| next)\b",
        "when is the next module",
    ),
    # "where exactly is the Norfolk module based?" (not "I'm based in Exeter")
    (r"\b(where\b[^?.!]{0,60}?) based\b", r"\1 located"),
    # "what's on the agenda for module 5?": what it covers (not "the agenda for day 2")
    (r"\bon the agenda (for|at|in)\b", " covered in "),
    # "who's delivering the inclusive leadership module?": its speakers
    (r"\bwho( is|'?s| are|'?re)? (delivering|hosting)\b", " who is speaking at "),
    # "can someone drop the link in here?": a request for the link, nothing more
    (r"\b(drop|pop|post|paste|share|send)( me| us)? (the|a) ((?:online )?link)\b", r" the \4 "),
    # "is there an ILM qualification attached to this?": to the programme, said in passing
    (r"\b(attached|linked|tied) to (this|it|the (programme|course|scheme))\b", " "),
    (r"\bstep[- ]free\b", " accessible "),
    (r"\b(building|security|site|door|staff|id) (pass|badge|card)(es|s)?\b", r" \1 accesspass "),
    # "what ID do I need?", "bring photo ID": not "I'd", which the stopwords drop
    (
        r"\b(photo|my|your|our|an|some|any|what|which|of|staff|council|warrant|the) id\b",
        r" \1 accesspass ",
    ),
    (r"\bsteel[- ]?toe(d)?( caps?)?\b|\btoe[- ]?caps?\b", " toecaps "),
    (r"\bdeadlines?\b", " due date "),
    (r"\bhard of hearing\b", " deaf "),
    (r"^(can|could) you (please )?(tell|explain to) me\b", " "),
    (r"\bfalls? on\b|\blands? on\b", " held on "),
    (r"\bany chance( of| that| i could| i can| we could| we can)?\b", " can "),
    (r"\b(i'm|i am|we're|we are) based (in|at|out of)\b", " from "),
    (r"\bsilly o'?clock\b", " early "),
    (r"\bput (me |us |you )?up\b", " accommodation "),
    (r"\bput(ting)? (\w+ ){0,4}forward\b", " nominate "),
    (r"\bcounts? as (work|working) (time|days?|hours)\b", " release "),
    (
        r"\bhalf (past )?(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
        " time ",
    ),
    (r"\bget[- ]togethers?\b", " session "),
    (r"\bchief exec(utive)?s?\b", " ceo "),
    (r"\bchatham house\b", " confidential "),
    (r"\bhow (far|long|much) (in advance|ahead|beforehand)\b|\bhow far ahead\b", " when "),
    (r"\bhow long\b", " duration "),
    (r"\bword (count|limit)s?\b", " words "),
    (r"\bkick(s|ing|ed)?[- ]off\b", " start "),
    (r"\b(car|vehicle) reg\b|\breg(istration)? (number|plate)s?\b", " vehicle registration "),
    # a clock time in a question is asking about times, not naming a topic ("do I need
    # to be there for 9?", "is it 9.30am?")
    (r"\b\d{1,2}(?:[:.]\d{2})? ?[ap]\.?m\b\.?", " time "),
    (
        r"\b(at|for|by|until|till) \d{1,2}(?:[:.]\d{2})?\b"
        r"(?! ?(?:days?|nights?|weeks?|months?|hours?|hrs?|mins?|minutes?|people|modules?|"
        r"sessions?|%|per|pounds?|miles?))",
        r" \1 time ",
    ),
    (r"\bhow much time\b", " commitment "),
    (r"\b(set|put) aside\b", " "),  # "how much time should I set aside?"
    (r"\bhow much (is|does|will|would|are|do)\b(?!.*\btime\b)", " how cost "),
    (r"\btime commitment\b", " commitment "),
    (r"\bout of the (office|business)\b", " commitment "),
    # "how much time does this take on top of the day job?", "how many hrs a month?"
    (r"\bon top of (the|my|your|our) (day job|job|work|role|modules?|caseload)\b", " commitment "),
    (r"\bhow many (hours|hrs|days) (a|per|each) (week|month)\b", " commitment "),
    (r"\bpre[- ]?(reading|read|work)\b", " prepare "),
    (r"\bhomework\b", " prepare "),
    (r"\bin my place\b|\binstead of me\b", " deputy "),
    (r"\b360[- ]?(degree)?\b", " threesixty "),
    (r"\b(als|algs?)\b", " actionlearning "),
    (r"\bcatch(ing)?[- ]up (with|wi)\b", " meet with "),
    (r"\baction[- ]learning\b", " actionlearning "),
    (r"\blearning (set|sets|group|groups)\b", r" actionlearning \1 "),
    (r"\bdress[- ]?code\b", " dress "),
    (r"\bcheck[- ]ins?\b", " reflection "),
    (r"\bt&cs\b", " terms "),
    (r"\bat the end\b", " "),
    (r"\bline managers?\b", " manager "),
    (
        r"\b(off the record|find out|found out|get back to|be reported|reported back)\b",
        " confidential ",
    ),
    (r"\b(study leave|time off|time away)\b", " studyleave "),
    (r"\b(visible|viewable) to\b", " seen by "),  # "are my reflections visible to Ruth?"
    # "do I need to use annual leave for the modules?" asks whether they are work time
    (
        r"\b(use|take|book|put in|request)( for)? (annual )?leave (for|to (attend|go|do))\b",
        " studyleave for ",
    ),
    (r"\b(on|taking|take|booked|book) (annual )?leave\b|\bannual leave\b", " miss "),
    (r"\bcheck[- ]?out\b", " checkout "),
    (r"\bsign(ed|ing)? off\b", " approve "),
    (r"\bhow (big|large)\b|\bhow many people (are )?in\b", " size "),
    (r"\b(gluten|dairy|nut|meat|alcohol|sugar|wheat|lactose)[- ]free\b", r" \1 "),
    (r"\bface[- ]to[- ]face\b|\bin[- ]person\b", " inperson "),
    (r"\b(take|takes|taking|took) place\b", " held "),
    (r"\b(laid|put) on\b(?= (for|at|in|on|during)\b|\W*$)", " provided "),
    (
        r"\b(module|one|session) after (this|the current|the next) (one|module|session)?\b|"
        r"\bfollowing (module|session)\b",
        " next module ",
    ),
    (
        r"\b(take|taking) part\b|\b(come|go|get|be) on (the|this) (programme|course|cohort)\b",
        " participate ",
    ),
    (r"\b(how (do|can|should) i|how to|best way to|quickest way to) get (to|there)\b", " travel "),
    (
        r"(?:\bnot|n't|\bnever)(?: really| quite| totally| just)? (clicking|gelling|getting on|"
        r"get on|working out|working|"
        r"connecting|a (good|great|right) (fit|match)|right for me|suited|compatible)\b",
        " mismatch ",
    ),
    (r"\b(don't|do not|dont|didn't) get on\b", " mismatch "),
    (r"\b(don't|do not|dont|doesn't|didn't)( really)? click\b", " mismatch "),
    (r"\bplain[- ]clothes\b", " civvies "),
    (r"\btag(s|ging|ged)? along\b", " come along "),
    # said on the way to a module: "heading up to Glasgow tomorrow, remind me the address?"
    (r"\bsat[- ]?navs?\b", " postcode "),
    (r"\b(heading|driving|popping|trekking|trundling)( up| down| over| back)? to\b", " to "),
    (r"\bthis (morning|afternoon|evening)\b", " today "),
    (r"\bwrap(s|ping)? up\b", " finish "),
    (r"\bdrop (me |us )?(in )?(the |a )?link\b", " link "),
    (r"\bteams or (inperson|in person|face to face)\b", " online or inperson "),
    (r"\b(inperson|in person|face to face) or (on )?teams\b", " inperson or online "),
)

# Groups of words that mean the same thing here: one group per line (indented lines
# continue it); the first word is the group's name.
SYNONYMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(words(group))
    for group in re.split(
        r"\n(?! )",
        """\
reimburse allowance allowances mile miles petrol fuel reimbursed reimbursement refund
    refunded expenses expense claim claims claiming claimable receipts mileage fare fares oyster
travel travelling train trains rail tube bus journey taxi taxis cab station stations
    commute transport trip ticket tickets minibus shuttle
cost rate rates priced pricing fee fees charge charged price costs funded funding pay
    pays paid paying free invoice invoices invoiced invoicing wage wages
dress wear wearing clothes clothing attire outfit suit tie smart casual jeans formal
    dressed shoes shoe boots footwear polo polos toecaps uniform
    uniforms civvies frock frocks
food feed fed feeding breakfast drinks refreshment lunch lunches meal meals catering
    cater catered eat eating refreshments snacks breakfast dietary diet vegan vegetarian
    halal kosher gluten allergy allergies allergic intolerance nut nuts coeliac dinner
    dinners supper veggie veggies sandwich sandwiches sesame shellfish peanut peanuts
    soya
accommodation hotel hotels overnight lodging bed sleep staying stay night nights digs
accessible deaf deafness blind partially visually accessibility access wheelchair
    disability disabled adjustments adjustment mobility lift loop hearing impaired
    neurodivergent crutches crutch
miss attend attendance attending attended unavailable absences missing missed absent
    absence ill sick poorly unwell illness clash clashes skip appointment appointments
    wedding funeral holiday holidays bereavement covid flu
certificate certificates certification certified accredited accreditation qualification
    cpd pass completion
online remote remotely virtual virtually zoom video stream streamed hybrid link url
    inperson
confidential confidentiality private privacy secret anonymous repeat
questionnaire questionnaires survey surveys
mentor mentors mentoring mentored mentee mentees
change swap switch different replace another rematch
wifi internet broadband
calendar calendars diary outlook invite invites invitation ics
commitment workload
nominate nominated nomination nominations apply applying application applications
    selected selection enrol recruitment eligible eligibility criteria qualify
complete completed completing fill filled submit submitted
manager managers boss supervisor employer employers
officer officers pa assistant secretary staff
approve approved approval authorise authorised permission agree
leave studyleave release released
size small big large sized
partner partners husband wife spouse spouses family
choose choosing chose pick picked picking
organisation organisations council councils authority authorities borough boroughs
report reports result results
alumni alumnus afterwards
start open opens opening starts begin begins arrive arrival registration
finish end ending done
prepare pack packing preparation prep reading bring beforehand ready
speaker speakers speaking speak presenting presenter presenters facilitator facilitating
    keynote guest
venue venues location located where
coaching coach coaches
often regularly regular frequently frequency
reflection reflections reflect reflecting journal
lead leading leadership leader leaders
money finance financial budget budgets resources
politics political politician politicians councillors
inequality inequalities equality equity bias diversity inclusion race racism
community communities neighbourhood
parking park
caseload caseloads backlog backlogs
media press journalist journalists newspaper newspapers
""".strip(),
    )
)

# The ways of asking about one part of a module (the "aspect" of a schedule question).
ASPECTS: dict[str, frozenset[str]] = {
    "when": frozenset(
        words(
            """
        when date dates day time times start starts begin finish finishes end ends
        duration timing timings schedule happening running runs run weekday month
        morning afternoon evening today tomorrow tonight yesterday soon january
        february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday weekend
        """
        )
    ),
    "where": frozenset(
        words(
            """
        where venue venues location address postcode place held located directions
        building
        """
        )
    ),
    "online": frozenset(
        words(
            """
        online link join joining remote remotely virtual virtually zoom url video
        stream streamed streaming hybrid dial inperson
        """
        )
    ),
    "prepare": frozenset(
        words(
            """
        prepare preparation prep read reading bring homework beforehand before ready due
        """
        )
    ),
    "about": frozenset(
        words(
            """
        about cover covers covered covering topic topics content focus learn theme
        themes subject called name involve involves involved
        """
        )
    ),
    "speakers": frozenset(
        words(
            """
        who speaker speakers speaking speak presenting presenter presenters
        facilitator facilitating talk talks keynote guest spoke
        """
        )
    ),
}

# The months, each with the short forms people type ("sept", "jan"), first name first.
MONTHS: tuple[tuple[str, ...], ...] = tuple(
    tuple(names.split())
    for names in (
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sept sep", "october oct", "november nov",
        "december dec",
    )
)  # fmt: skip

ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
    "7th": 7,
    "8th": 8,
    "9th": 9,
    "10th": 10,
}
# Words the phrases above write for a way of asking ("how much time" → "commitment",
# "how long" → "duration"): the lexicon's, not the asker's, so never a topic of their own.
ASKING_WORDS = frozenset(words("commitment duration participate mismatch held"))

# What a number of people is said in ("eight to twelve colleagues").
PEOPLE_NOUNS = frozenset(
    words("people person colleagues participants delegates members peers others managers")
)

# Parts of a module day with times of their own, which the module table does not hold.
MODULE_PARTS = frozenset(
    words("dinner dinners lunch breakfast drinks reception supper barbecue bbq buffet registration")
)

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# Words that frame a question rather than name its topic ("how *often*", "what *time*"):
# never taken as a topic the programme does not cover.
FRAMING = frozenset(
    words(
        """
        often regularly frequency frequently much many long soon later early late
        first last second third next previous hours hour duration final latest upcoming
        current year years till until minimum maximum vary varies
        """
    )
)

# Things the bot never does or knows, whatever the programme: act for you, give a view,
# recommend places, follow the news. Each pattern is matched on the normalised question.
OUT_OF_SCOPE: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(can|could|will|would) you (please )?(book|reserve|order|buy|arrange|sort out|pay)\b",
        r"\bbook (me|us)\b",
        r"\bwhat do you (think|reckon|make)\b|\bdo you (think|reckon|like|agree)\b",
        r"\byour (opinion|view|views|thoughts|take)\b|\byou reckon\b",
        r"\b(is|are) (it|they|this|that)( really)? worth\b|\bworth (going|attending|it)\b",
        r"\bshould i (apply|accept|take|leave|go for|resign)\b",
        r"\brecommend\b|\brecommendation",
        r"\b(which|nice|good|best|decent|cheap|cheapest|nearest|closest|nearby) "
        r"(hotel|hotels|restaurant|restaurants|pub|pubs|bar|cafe|coffee|place to (eat|stay)|"
        r"book|books|gym)\b",
        r"\b(hotel|restaurant|pub|bar|cafe)s? (is|are) (the )?(best|nicest|cheapest|closest)\b",
        r"\bwhere can i (get|buy|grab|find) (a |some )?(coffee|drink|food|snack|breakfast)\b",
        r"\b(weather|forecast|football|prime minister|president|capital of|population of|"
        r"how tall|exchange rate|strike|strikes|who won|general election)\b",
        r"\bare you going\b|\bwill you be (at|going)\b",
        # asked to write something, not told that one has to ("we have to draft a…")
        r"(^|\b(you|please)\b.{0,12})\b(write|draft) (my|me|a)\b",
        r"\bhow do i get promoted\b|\b(any )?jobs? (going|vacanc)",
        # other cohorts than this one: the programme's data is about this one
        r"\blast year'?s? (cohort|group|intake|participants)\b|\b(previous|past) cohorts?\b",
    )
)
