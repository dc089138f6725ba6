"""Knowing when not to answer: what a question needs, and what the bot never covers.

A retriever always finds *something*; these checks ask whether it is an answer:

- a question the bot never answers, for any programme (book me a hotel, what do you
  think of…, the football) matches one of `lexicon.OUT_OF_SCOPE`;
- a question that asks *when* needs an answer that names a time, *who is the …* a
  person, *how many* a number, *how often* a frequency: "When is the sponsors' dinner?"
  finds the FAQ entry that mentions the dinner, which gives no date, so it is not
  answered;
- reasons given in passing ("because of a family wedding") are dropped before
  comparing, so a long, chatty question is judged on what it asks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from bot.answering import lexicon

_MONTHS = " ".join(names[0] for names in lexicon.MONTHS)
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_TIME_ANSWER = re.compile(
    rf"\b({'|'.join(_MONTHS.split())}|{'|'.join(_DAYS.split())}|today|tomorrow|tonight|"
    r"midday|noon|weekly|monthly|fortnightly|annually)\b|"
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} ?(am|pm)\b|\b\d{1,2}/\d{1,2}\b|\bevery\b|"
    # a time given relative to the programme: "after Module 1", "two weeks before"
    r"\b(before|after|during|by|until|ahead of|at the (start|end) of) (each |every |the |your )?"
    r"(module|modules|session|sessions|programme|course|first|last|start|end)\b|"
    r"\b(weeks?|days?|months?) (before|after|ahead|beforehand)\b|\bin advance\b",
    re.IGNORECASE,
)
_FREQUENCY_ANSWER = re.compile(
    r"\b(every|weekly|monthly|fortnightly|annually|twice|once|times|regularly|"
    r"a (week|month|year)|per (week|month|year)|termly|quarterly|"
    r"each (week|month|year|module|term|quarter|half[- ]term)|"
    r"between (each |the )?modules?)\b|"
    # "aim for four or five meetings between January and July"
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)( or \w+)?( [\w-]+){0,2} "
    r"(meetings|sessions|calls|conversations|visits)\b",
    re.IGNORECASE,
)
_NUMBER_ANSWER = re.compile(
    r"\d|\b(none|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|hundred|free|nothing|half|dozen|no (cost|charge|fee))\b",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"\b(Dr|Prof|Professor|Cllr|Sir|Dame|Mr|Mrs|Ms|Mx)\b")
# a name inside a sentence ("…book through Dr Lena Brooks"), not its first words
_NAME_IN_SENTENCE = re.compile(
    r"(?<![.!?:] )(?<!^)\b[A-Z][a-z]+(?:['’][A-Z]?[a-z]+)? [A-Z][a-z][A-Za-z'’-]+"
)

_ASKS_TIME = re.compile(
    r"^(\w+ ){0,3}when\b|\bwhen (is|are|was|were|do|does|did|will|can|should|would|"
    r"shall)\b|\bwhat (time|date|dates|day|days)\b|\bwhich (day|days|date|dates|month)\b|"
    r"\bwhat time\b|\bhow soon\b|\bdue dates?\b|\bdeadlines?\b"
)
_ASKS_PLACE = re.compile(r"^(\w+ ){0,3}where\b|\bwhere (is|are|was|will|do|does|can|should)\b")
_PLACE_ANSWER = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b(room|hall|centre|center|building|floor|station|"
    r"street|road|lane|square|park|venue|venues|online|reception|desk|office|site|car park|"
    r"nearby|at home)\b|\b[A-Z][a-z]+ [A-Z][a-z]+",
)
# "what time does the dinner start?" wants a time of day, not the date of the module
_ASKS_CLOCK = re.compile(r"\bwhat time\b|\bhow (late|early)\b|\bwhat hour\b")
_CLOCK_ANSWER = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} ?(am|pm)\b|\b(noon|midday|midnight|o'clock)\b",
    re.IGNORECASE,
)
_ASKS_FREQUENCY = re.compile(r"\bhow (often|regularly|frequently)\b")
# "what's the pass mark?" asks for a mark, which "pass the assignment" does not give
_ASKS_MARK = re.compile(r"\bpass ?marks?\b|\bwhat (mark|score|grade)\b|\bgrade boundar")
_MARK_ANSWER = re.compile(
    r"\d ?%|\bper ?cent\b|\b(mark|marks|marked|score|scored|graded)\b", re.IGNORECASE
)
_ASKS_NUMBER = re.compile(r"\bhow (many|much)\b")
# "how much is the meal allowance?", "what's the mileage rate?": a sum of money, which
# "claim mileage at the policy rate within 30 days" does not give ("how much is it?"
# reads "how cost is it?" once the lexicon has folded its words)
_ASKS_MONEY = re.compile(
    r"\bhow cost (is|are|it|the|does|do|will|would|for|per|a|an|to|we|i)\b|"
    r"\bhow much (can|do|does|will|would|is|are) (i|we|it|they|you|the)\b"
    r"(?! (time|notice|work|reading|prep|days?|hours?)\b)"
)
# "what's the mileage rate?" wants the sum itself, not "paid at the FSA rate"
_ASKS_SUM = re.compile(
    r"\bwhat( is)? the ([a-z0-9]+ ){0,4}(rate|allowance|fee|price)\b|"
    # "how much is the hotel per night?", "how much is the car park for the day?": a sum,
    # which "it is funded by the partnership" does not give
    r"\bhow (much|cost)\b.*\b((per|a|each) (day|night|hour|mile|head|person)|exactly|"
    r"for (the|a) (full |whole )?day)\b"
)
_SUM = r"£ ?\d|\b\d+(\.\d+)? ?(p|pence|pounds?|k)\b|\b(free|no (cost|charge|fee))\b"
_SUM_ANSWER = re.compile(_SUM)
# "what's the Teams link for my ALS meeting?", "can someone drop the link": a link itself,
# which an entry saying the set meets on Teams does not give
_ASKS_LINK = re.compile(
    r"\b(what|whats|where|wheres|send|share|drop|post|give me|need|got)( is)? (me )?"
    r"(the|a|my|our) ([a-z]+ ){0,2}link\b"
)
_LINK_ANSWER = re.compile(r"https?://|\blinks?\b", re.IGNORECASE)
# "how much does it cost?" is answered by a sum, or by who pays
_MONEY_ANSWER = re.compile(
    rf"{_SUM}|\b(nothing|funded|pays?|paid|covered|covers|hmrc|at cost)\b", re.IGNORECASE
)
# "how long is the walk?", "how long do you keep the recordings?": a length of time (or
# of writing), which "the recordings are on the platform" does not give
# (the lexicon has rewritten "how long" as "duration")
_ASKS_DURATION = re.compile(
    r"\bduration (is|are|was|will|does|do|did|should|would|can|has|have)\b(?! (i|we) got\b)|"
    r"\bthe duration of\b"
)
_DURATION_ANSWER = re.compile(
    r"\b(\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|ninety|hundred|half|full|whole|few|several)[- ]?"
    r"(minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|terms?|words?|pages?|sides?|"
    r"evenings?|afternoons?|mornings?|nights?|km|kilometres?|miles?|metres?)\b|"
    r"\b(until|till|throughout|for the (length|life|rest|duration) of|indefinitely)\b",
    re.IGNORECASE,
)
# "who is the facilitator", "who will be in my set", "which director will I shadow",
# "the names of the others": a name is asked for. "Who can see…", "who pays…", "who
# fills in…" ask for a rule or a role, which an FAQ answer gives without a name.
_ASKS_PERSON = re.compile(
    r"\bwho(?: exactly| actually)?(?:'s| is| are| was| were| will be)? (the|my|our|in|on|with|"
    r"running|leading|"
    r"facilitating|teaching|speaking|presenting|coaching|mentoring|hosting)\b|\bwho else\b|"
    r"\bwho will (facilitate|run|lead|teach|present|speak|coach|mentor|host|be)\b|"
    r"\bnames? of\b|\bwhich (\w+ )?(director|person|people|mentor|coach|facilitator|speaker|"
    r"trainer|member|officer|councillor|executive|colleague|participant)s?\b"
)
# What each kind of question asks for, and what in an answer gives it (a person is
# checked against the programme's own people instead: `names_a_person`).
_ASKS = {
    "time": _ASKS_TIME,
    "frequency": _ASKS_FREQUENCY,
    "number": _ASKS_NUMBER,
    "person": _ASKS_PERSON,
    "place": _ASKS_PLACE,
    "clock": _ASKS_CLOCK,
    "mark": _ASKS_MARK,
    "duration": _ASKS_DURATION,
    "money": _ASKS_MONEY,
    "sum": _ASKS_SUM,
    "link": _ASKS_LINK,
}
_GIVES = {
    "time": _TIME_ANSWER,
    "frequency": _FREQUENCY_ANSWER,
    "number": _NUMBER_ANSWER,
    "place": _PLACE_ANSWER,
    "clock": _CLOCK_ANSWER,
    "mark": _MARK_ANSWER,
    "duration": _DURATION_ANSWER,
    "money": _MONEY_ANSWER,
    "sum": _SUM_ANSWER,
    "link": _LINK_ANSWER,
}
_ASIDE = re.compile(
    r"(?i)\b(because|cos|coz|due to|owing to|as i have|as i've|as i am|as i'm|since i)\b"
    r"[^,.;:!?]*?(?=[,.;:!?]|\s-\s|\bso\b|\bis that\b|\bwhat\b|\bcan i\b|$)"
)


_SEGMENTS = re.compile(r"[.!?;,:()]+|\s[-–—]+\s|\b(?:and|but|so|or|though|although)\b")
_ASKING = re.compile(
    r"\b(what|when|where|who|whom|whose|which|why|how)\b|"
    r"^\s*(is|are|am|do|does|did|can|could|will|would|should|shall|may|have|has)\b"
)
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|morning|good morning|afternoon|sorry|thanks|thank you|cheers|"
    r"quick one|quick question|just wondering|also|ok|okay|so|um|erm)\b[\s!,]*"
)


def focus(text: str) -> str | None:
    """The asking part of a long, chatty question (None when it is one plain question).

    "Hi! Quick one - I've got a clash in my diary and need to check what dates the
    Self in the System module runs, could you let me know?" → "need to check what
    dates the Self in the System module runs could you let me know".
    """
    segments = [seg.strip() for seg in _SEGMENTS.split(text.lower()) if seg and seg.strip()]
    if len(segments) < 2:
        return None
    asking = []
    for segment in segments:
        segment = _GREETING.sub("", segment)
        if segment and _ASKING.search(segment):
            asking.append(segment)
    if not asking or len(asking) == len(segments):
        return None
    return " . ".join(asking)


_THANKS_WORDS = frozenset(
    lexicon.words(
        "thanks thank you so much very a lot many cheers great perfect brilliant lovely ok "
        "okay got it will do amazing super fab nice one that's thats helpful ta thx"
    )
)


def is_thanks(text: str) -> bool:
    """ "Thanks!", "ok great 👍": not a question, and nothing for the organisers."""
    found = re.findall(r"[a-z']+", re.sub(r":[a-z0-9_+-]+:", " ", text.lower()))
    return 0 < len(found) <= 6 and all(w in _THANKS_WORDS for w in found)


# "can you remind me…", "could someone tell me…" ask the bot, not for permission
_PERMISSION = re.compile(
    r"^(can|could|may)\b(?! (you|u|someone|somebody|anyone|anybody)\b)|"
    r"^(am i allowed|are we allowed|is it ok|is it okay|do i have to|"
    r"do we have to|must i|must we)\b|"
    r"\b(can|could|may) (i|we) (skip|miss|leave early|not go|not attend|give it a miss)\b"
)


_RECURRING = re.compile(r"\bmeet(s|ing|ings)?\b")


def asks_recurring(norm: str) -> bool:
    """ "When do the action learning sets meet?": a frequency answers when."""
    return bool(_RECURRING.search(norm))


def asks_permission(norm: str) -> bool:
    """ "Can I bring my assistant to module 2?": the module table cannot say yes or no."""
    return bool(_PERMISSION.search(norm))


_WHAT_TO_DO = re.compile(r"\bwhat (should|do|shall|can|would) (i|we) do\b")
_INSTEAD = re.compile(r"\b(instead|rather than)\b")
_ADVICE = re.compile(
    rf"{_WHAT_TO_DO.pattern}|\bwhat happens\b|"
    rf"\b(compulsory|mandatory|optional|obligatory)\b|{_INSTEAD.pattern}"
)


def asks_advice(norm: str) -> bool:
    """ "I'm on call for the money module, what do I do?", "is module 5 compulsory?", "can I
    join online instead?": about what to do, not what the module is; the schedule can't say."""
    return bool(_ADVICE.search(norm))


def asks_online_instead(norm: str) -> bool:
    """ "Can I dial in rather than travel to Newcastle?": joining another way, not what
    to do (which "what should I do instead?" asks)."""
    return bool(_INSTEAD.search(norm)) and not _WHAT_TO_DO.search(norm)


# Missing a module, and asking what follows from it: "I've got a family wedding the week
# of module 5, what do I need to do?", "can my deputy go in my place for mod 4?"
_ABSENT = re.compile(
    r"\b(miss|missing|away|skip|clash|clashes|clashing|(cannot|cant|can't|not able to|unable to)"
    r" (make|attend|come|get there|be there)|in my place|instead of me|(annual )?leave booked|"
    r"on (annual )?leave|booked (on|a) (holiday|leave|a fortnight|a week)|pulled (in|out|away)|"
    r"have to leave|called (away|back|out|in)|wedding|funeral|holiday|deputy|surgery|"
    r"operation|hospital|jury service|maternity|paternity|sick|ill|covid|unwell|poorly|"
    r"(wont|won't|not going to|not gonna) make( it)?)\b"
)
_CONSEQUENCE = re.compile(
    r"\bwhat (happens|do i do|do i need to do|should i do|shall i do|are my options)\b|"
    r"\b(is|will) (that|it|this) (be )?(a problem|ok|okay|an issue|matter|affect)\b|"
    r"\b(another|other) (chance|date|way)\b|\bcatch up\b|\b(go|come|attend) in my place\b|"
    r"\b(go|come|attend) instead\b|\bwatch (it )?back\b|\bstill (pass|complete|finish)\b|"
    r"\bsit in\b.*\bfor me\b|"
    # "can one of my supervisors do the session in my place?" (the phrase reads "deputy")
    r"\b(go|come|attend|do|cover)\b( [a-z']+){0,6} deputy\b|"
    r"\bstop me (completing|finishing|passing)\b|\bwill i (fail|still pass|be removed)\b"
)


def asks_about_absence(norm: str) -> bool:
    """Whether the question is what follows from missing a module (the FAQ's entry on
    missing one answers it, whatever the reason given)."""
    return bool(_ABSENT.search(norm) and _CONSEQUENCE.search(norm))


# The thing an existence, permission or "which" question is about: "is there a *bar* at
# the venue?", "can I bring my *children*?", "which *trust* will I be placed in?", "does
# the hotel have a *pool*?", "can my *partner* stay?". The phrase runs from the cue to the
# first preposition, verb or clause break; its last word is its head ("a parking
# *space*", "a council *officer*"), the thing itself.
_FOCUS_CUE = re.compile(
    r"\b(?:is there|are there|will there be|is there going to be|do (?:you|they|we) have|"
    r"can (?:i|we) (?:bring|have|get|book|use|take|request|order)|which|"
    r"(?:does|do|will) (?:the|this|that|it)(?: [a-z0-9']+){0,3} (?:have|offer|provide|serve)|"
    r"(?:can|could)(?= my | our ))"
    r"(?: (?:a|an|any|some|my|our|the|their|your))? ((?:[a-z0-9']+ ?){1,3})"
)
_FOCUS_END = frozenset(
    lexicon.words(
        """
        at in on for to from with during near of by about after before is are was were
        will would do does did can could should i we you they he she it be been that
        there available provided included allowed please or and stay come join go sit
        attend bring use see read know get have be do pay along too also
        """
    )
)


# "will the mock trial be *filmed*?": what is done to the thing is what is asked
_DONE_TO = re.compile(
    r"\b(?:be|being|get|gets|getting) (filmed|recorded|photographed|streamed|livestreamed|"
    r"broadcast|televised|videoed|published)\b"
)


# "can my chair of governors come to session 4?", "can I bring one of my coaches along?"
_SOMEONE = (
    r"(?:colleague|officer|deputy|manager|staff|team|partner|husband|wife|chief|boss|"
    r"director|pa|assistant|coach|supervisor|member|someone|friend|guest|children|child|kids|"
    r"governors?|leader|worker|so|ceo|co-ceo)(?:es|s)?"
)
_BRINGS_SOMEONE = re.compile(
    r"\b(?:can|could|may|is it ok for) (?:i bring (?:a|my|one of my|some of my|our) "
    r"(?:[a-z']+ ){0,2}" + _SOMEONE + r"|my (?:[a-z']+ ){1,4}(?:come|join|attend|sit in))\b"
)
_SOMEONE_WELCOME = re.compile(
    r"\b(welcome|guest|guests|observe|observer|observers|accompany|accompanied|invite|invited|"
    r"open to|plus one|partners?|(can|may|could) (also )?(come|attend|join|sit in)|"
    r"(cannot|can.t|may not) (bring|take) (anyone|anybody|colleagues|guests|others))\b",
    re.IGNORECASE,
)


_MEMBERS_OF = re.compile(
    r"\b(who|which \w+)( else)?(?:'s| is| are| sits?)?( the \w+)? (in|on) (my|our|the) "
    r"([a-z0-9]+ ){0,3}"
    r"(group|set|trio|triad|pod|panel)\b"
)


def asks_members(norm: str) -> bool:
    """ "Who's in my landscape challenge group?", "which directors are on the panel?":
    who the members are, which an FAQ entry on how the groups work does not say, even
    when it names the one person who supports them."""
    return bool(_MEMBERS_OF.search(norm))


def says_who_may_come(norm: str, answer: str) -> bool:
    """For "can my X come along?", whether the answer speaks of anyone coming at all:
    the entry on governors that says they are told about the programme does not."""
    return not _BRINGS_SOMEONE.search(norm) or bool(_SOMEONE_WELCOME.search(answer))


def _focus_phrase(match: re.Match[str]) -> list[str]:
    """The words after a focus cue, up to the first that ends the phrase ("a *shuttle
    bus* from the station")."""
    return list(itertools.takewhile(lambda w: w not in _FOCUS_END, match.group(1).split()))


def existence_words(norm: str) -> list[str]:
    """The words of what "is there…?" asks exists: "is there a *shuttle bus* from…?"."""
    return [
        word
        for match in _FOCUS_CUE.finditer(norm)
        if re.match(r"(is|are|will) there", match.group(0))
        for word in _focus_phrase(match)
    ]


# "can I expense new walking boots?" asks about claiming, which the kit list never says
_CLAIMING = re.compile(r"\bcan (?:i|we) (claim|expense|reimburse)\b")


def focus_words(norm: str) -> list[str]:
    """The head words of what existence, permission or "which" questions ask about."""
    found: list[str] = [m.group(1) for m in _DONE_TO.finditer(norm)]
    found += [m.group(1) for m in _CLAIMING.finditer(norm)]
    for match in _FOCUS_CUE.finditer(norm):
        phrase = _focus_phrase(match)
        if phrase and not _sees(match, phrase):
            found.append(phrase[-1])
    return found


_SEEING = frozenset({"see", "read", "view", "access"})


def _sees(match: re.Match[str], phrase: list[str]) -> bool:
    """ "Can my manager see what I write?" asks who sees it: an entry saying "only you"
    answers it without naming managers."""
    rest = match.group(1).split()[len(phrase) :]
    return match.group(0).startswith(("can", "could")) and bool(rest) and rest[0] in _SEEING


# "which trust will I…", "which tube station is…": the words up to the verb name the kind
_WHICH = re.compile(
    r"\bwhich ((?:[a-z']+ ){0,2}?[a-z']+)\b"
    r"(?= (?:is|are|will|do|does|did|can|should|would|have|has|i|we|am)\b)"
)
# "another trust", "a different party", "per authority": a kind named, not one of it
_UNSPECIFIC = frozenset(
    lexicon.words("a an another different each every any other per own some one no which")
)


def which_kind(norm: str) -> str | None:
    """For "which trust will I be placed in?", the kind of thing asked for ("trust")."""
    match = _WHICH.search(norm)
    return match.group(1).split()[-1] if match else None


# "what's the name of the hotel?", "what's the coaching company called?"
_NAME_OF = re.compile(r"\bname of (?:the|your|our|this) (\w+)\b|\bwhat (?:is )?the (\w+) called\b")


def gives_the_name(norm: str, answer: str) -> bool:
    """For "what's the name of the hotel?", whether the answer names one: the word beside
    a name ("the Lowry *Hotel*", "*Hotel* du Vin"), not "a city-centre hotel"."""
    match = _NAME_OF.search(norm)
    if match is None:
        return True
    kind = re.escape(match.group(1) or match.group(2))
    named = rf"(?<![.!?] )(?<!^)\b[A-Z][\w'’-]+ (?i:{kind})\b|\b(?i:{kind}) [A-Z][\w'’-]+"
    return bool(re.search(named, answer.strip()))


def names_one(answer_words: list[str], positions: list[int]) -> bool:
    """Whether any mention of the asked-for kind (at `positions` in the answer's words)
    names a particular one ("Coventry *station*") rather than the kind in general
    ("in another *trust*")."""
    return any(i > 0 and answer_words[i - 1] not in _UNSPECIFIC for i in positions)


# "which challenge group am I in?", "which set have I been put in?": the asker's own
# place, which the FAQ (written for everyone) cannot know
_OWN_PLACE = re.compile(
    r"\bwhich (\w+ ){1,3}(am i|are we|have i been|have we been|will i be|will we be|"
    r"i am|i have been)( put| placed| assigned| allocated)? (in|on|with|to)\b"
)


def asks_own_place(norm: str) -> bool:
    """Whether the question asks which group, set or team the asker is in."""
    return bool(_OWN_PLACE.search(norm))


def out_of_scope(norm: str) -> bool:
    """True when the (normalised) question asks for something the bot never gives."""
    return any(pattern.search(norm) for pattern in lexicon.OUT_OF_SCOPE)


# who wants to know: "HR are asking", "my CD is asking how much time…"
_ASKED_BY = re.compile(
    r"(?i)\b(?:my |our |the )?(?:[\w&/]+ ){0,2}(?:(?:is|are|was|were|keeps?|has been|have been) "
    r"(?:asking|chasing)(?: me| us)?|wants? to know)(?: (?:about|whether|if|for))?\b"
)


# What follows the question as context: "…recorded? I teach til 5 on Wednesdays" (no
# question in it), or why they ask: "…on the 26th? Trying to work out which train".
_AFTER_THE_QUESTION = re.compile(
    r"(?i)(?<=\?)(?![^?]*\b(?:what|when|where|who|which|how|why|is|are|can|could|do|does|"
    r"will|would|should)\b)[^?]*$|"
    r"(?<=\?)\s*(?:i'm |i am |am |just |only )*(?:trying|want|wanting|need|needing|so i can)"
    r"\b(?![^?]*\b(?:what time|when|where|how long)\b)[^?]*$"
)


def drop_asides(text: str) -> str:
    """The question without reasons given in passing ("…because of a family wedding",
    "…? Trying to work out which train"), context after it ("…? I teach til 5") or who
    is asking for it ("HR are asking")."""
    return _ASKED_BY.sub(" ", _ASIDE.sub(" ", _AFTER_THE_QUESTION.sub(" ", text)))


def expected_kinds(norm: str) -> set[str]:
    """What kind of fact the question asks for: time, frequency, number, person, place,
    a time of day ("clock"), a mark ("what's the pass mark?"), a length ("duration"), a
    cost ("money") or the sum itself ("sum")."""
    return {kind for kind, pattern in _ASKS.items() if pattern.search(norm)}


_NUMBER_WORD = re.compile(
    r"^(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|hundred|dozen|half)$"
)


def counted_thing(norm: str) -> str | None:
    """What "how many …?" counts: "how many cpd hours is it worth" → "hours"."""
    words = norm.split()
    for i in range(len(words) - 2):
        if words[i] == "how" and words[i + 1] == "many":
            counted = []
            for word in words[i + 2 : i + 5]:
                if word in lexicon.STOPWORDS or word in lexicon.ASKING_WORDS:
                    break
                counted.append(word)
            return counted[-1] if counted else None
    return None


def numbers_of(answer_words: list[str], thing: str) -> bool:
    """Whether the answer gives a number of `thing` ("six hours", "1,500 words")."""
    for i, word in enumerate(answer_words):
        if _NUMBER_WORD.match(word) and thing in answer_words[i + 1 : i + 4]:
            return True
    return False


def names_a_person(answer: str, people: Iterable[str]) -> bool:
    """Whether an answer names someone: by a title ("Dr Okafor"), or two capitalised
    words inside a sentence that are one of the programme's `people` (its contacts and
    speakers, by surname).

    Any two capitalised words once counted, and "Who's the FPH assessor?" was answered
    with an entry on the Faculty of Public Health: over the seen sets, no FAQ answer to
    "who is the…?" was right that way.
    """
    if _HONORIFIC.search(answer):
        return True
    if not _NAME_IN_SENTENCE.search(answer):
        return False
    surnames = {name.split()[-1] for name in people if name.split()}
    return any(re.search(rf"\b{re.escape(surname)}\b", answer) for surname in surnames)


# "who will be my ILM *assessor*?", "who's *facilitating* the action learning sets?": a
# role, which an answer naming someone in another role ("register with Janet Kerr") or
# a module's speakers does not fill
_ROLE_ASKED = re.compile(
    r"\bwho(?: exactly| actually)?(?:'s| is| are| will be| was)? (?:the|my|our) "
    r"((?:[a-z0-9'-]+ ){0,3}?(?:[a-z'-]+(?:or|er|ors|ers|ist|ists|ant|ants)))\b"
    r"(?= for| of| on| at| in| from| to| this| that| who| we| i|\W*$)|"
    r"\bwho(?:'s| is| will be| will) (facilitating|facilitate|assessing|assess|marking|mark|"
    r"chairing|chair|judging|judge|examining|examine|moderating|moderate)\b"
)
# roles a module's speakers or a programme contact are asked as, not a role of their own
_GENERIC_ROLES = frozenset(
    lexicon.words(
        "speaker speakers presenter presenters organiser organisers leader leaders member "
        "members officer officers manager managers mentor mentors partner partners"
    )
)


def role_wanted(norm: str) -> str | None:
    """The stem of the role a "who is the …?" question asks for, or None when it asks
    for no particular role.

    Seven letters are enough to find the role again in an answer however it is worded
    ("facilit" in facilitator, facilitates, facilitated; "assesso" in assessor(s), not
    assessment); a shorter word is kept whole, without its plural.
    """
    match = _ROLE_ASKED.search(norm)
    if match is None:
        return None
    role = (match.group(1) or match.group(2)).split()[-1]
    if role in _GENERIC_ROLES:
        return None
    return role[:7] if len(role) > 7 else role.rstrip("s")


def names_the_role(answer: str, stem: str, people: Iterable[str]) -> bool:
    """Whether a sentence of the answer names someone and says they are `stem` (the role
    asked for): "your assessor is Dr Okafor", not "support from an SLC assessor. Register
    with Janet Kerr"."""
    for sentence in re.split(r"(?<=[.!?])\s+", answer):
        if re.search(rf"(?i)\b{re.escape(stem)}", sentence) and names_a_person(sentence, people):
            return True
    return False


def provides(
    answer: str, kinds: set[str], *, recurring: bool = False, people: Iterable[str] = ()
) -> bool:
    """Whether an answer text can give each kind of fact the question asks for.

    For something `recurring` ("when do the sets meet?") a frequency is a time; a person
    is one of `people` or someone with a title.
    """
    if "person" in kinds and not names_a_person(answer, people):
        return False
    if "time" in kinds and recurring and _FREQUENCY_ANSWER.search(answer):
        kinds = kinds - {"time"}  # "when do the sets meet?" "every six weeks"
    return all(_GIVES[kind].search(answer) for kind in kinds - {"person"})
