"""Recognising people questions, which are answered from the database, not by retrieval.

"Who is my mentor?" and "How often should I meet my mentor?" share most of their words
but need different answers (a name from the matches; the FAQ on mentoring), so these
are recognised by the shape of the question on its normalised words (typos already
corrected, "whos" already "who").
"""

from __future__ import annotations

import re

MENTEES = re.compile(
    r"\bmy mentees?\b|\bwho (am i|i am|do i|will i|should i) (be )?mentor(ing)?\b|"
    r"\b(participants?|people|person|ones|who) (am i|i am|i|i'm|do i|will i) (be )?mentor(ing)?\b|"
    r"\bwho (are|is) (the )?mentees? i\b|"
    r"\b(which|what) (?!time|day|date)(\w+ ){1,2}(am i|i am|i|will i be|do i) mentor(ing)?\b|"
    r"\bwho (have|has) i been (asked|assigned|allocated|given|matched) to mentor\b|"
    r"\b(allocated|assigned|given|matched with|got|have) (any |my )?mentees\b"
)
MENTOR = re.compile(
    r"\bwho( is| are|s)? (is )?(my|me) (current |assigned |allocated )?mentors?\b(?! (and|meet))|"
    r"\bmy mentors? (name|email|details|contact|number|phone)\b|"
    r"\bwho( is|s| will be)? mentoring me\b|\bwho mentors me\b|"
    r"\b(have|has|am) (i|me) (been )?(got|given|assigned|matched|paired|allocated|had)\b"
    r"[^?]*\bmentors?\b|"
    r"\bdo i (have|get) (a|my) mentor( yet| already)?\b(?! (and|to|meet))|"
    r"\b(who|which( \w+){1,2}) (have|has) (i|me) (been )?(matched|paired|assigned|allocated)\b|"
    r"\bwho i (have |ve )?(been )?(matched|paired|assigned|allocated) with\b|"
    r"\bmentor\b.*\bwho( is|s)? mine\b|"
    r"\b(have|has) (i|me) (been )?(matched|paired) (with|to) (anyone|someone|anybody) for "
    r"mentoring\b|"
    r"^(have|has) (i|me) (been )?(matched|paired|assigned|allocated)( yet| already)?\W*$|"
    r"\bwho (am i|i am) (matched|paired)\b|\bname of my mentor\b|"
    r"\b(when|will) (will )?i (get|be given|be matched with|be assigned) (a|my) mentor\b|"
    r"\b(what is|what's|whats) my mentors? (called|name)\b|\bwho('s| is)? my (\w+ )?mentor\b|"
    r"^(who )?(is )?my (\w+ )?mentor\W*$|\bmy mentor (match|matching|pairing)\b|"
    r"\b(anyone|anybody|someone|somebody) (been )?(lined up|assigned|found|allocated|picked) "
    r"to mentor me\b|"
    r"\bgot a mentor\b.*\bwho\b|"
    r"^(my )?mentors?( (name|names|details|contact|email))?\b(?=\W*$| please| pls| want| need)|"
    r"\b(has|have) (a|my|any) mentors? been (sorted|assigned|allocated|found|arranged|matched|"
    r"confirmed|lined up|picked|chosen)\b|"
    r"\b(who|which \w+) (has|have) been (allocated|assigned|matched|paired|given) (to|with) me\b|"
    r"^(?=.*\bwho\b)(?=.*\bmy mentor\b)(?!.*\b(often|chang\w*|swap\w*|switch\w*|meet\w*|"
    r"different|new|expect\w*|how)\b)"
)
ORGANISERS = re.compile(
    r"\bwho( are| is)? (on |in )?(the )?(organisers?|programme team|programme leads|"
    r"course leads|team running|people running|"
    r"organising team|course organisers?)\b|"
    r"\bwho( is| are)?( actually| really| exactly)? (runs|organises|organisers|running|"
    r"organising|manages|leads|puts on|"
    r"behind)( the| this)?(?! module| session| workshop| talk)( \w+)?\W*$|"
    r"\bwho( is| are)?( actually| really| exactly)? (organising|running|organizing) "
    r"(this|it|the programme)\b|"
    r"\bwho( is| are)? (runs|running|organises|organising) (the|this) [a-z ]{0,40}"
    r"\b(programme|course|scheme)\W*$|"
    r"\borganisers names?\b|\bnames? of the organisers\b|"
    r"\b(get hold of|contact|reach|get in touch with) the (programme|course|organising) team\b|"
    r"\bwho( is| are)? running the show\b|"
    r"\bwho (are|is) (in charge|responsible)( of| for)? (the |this )?(programme|course)?\W*$|"
    r"\bwho( is| are)? in the (\w+ ){0,3}team (running|organising|behind|that runs|who runs)\b|"
    r"^who (is |are )?(actually |really )?(behind|runs|running|organises|organising) (this|it)\b"
    r"(?! (module|session|workshop|talk|day|exercise|visit|one|bit|part)\b)|"
    r"\bwho( is| are)?( actually| really| exactly)? (runs|running|organises|organising|behind|"
    r"delivers|delivering|in charge of|responsible for) (the|this) (\w+ ){0,3}"
    r"(programme|course|scheme)\b|"
    r"\b(which|what) (organisation|organisations|body|company|agency|department|team) "
    r"(runs|is running|organises|delivers|is behind|puts on|provides) (this|the programme|it)\b"
)
CONTACT = re.compile(
    r"\bwho (do|should|can|could|would|shall|must) (i|we) (need to |have to )?"
    r"(contact|ask|speak|talk|email|tell|go|get in touch|ring|call|message|inform|notify|"
    r"let know|write|chat|raise|send|contact about|put (them|him|her) in touch|"
    r"refer (them|him|her))\b|"
    r"\bwho (deals|handles|looks after|is responsible|covers|sorts|is in charge|manages|"
    r"takes care|can help|can i ask|knows|can advise|sends out|send out|sends|issues)\b|"
    r"\bwho to (contact|ask|speak|talk|email|tell|go)\b|"
    r"\bwho'?s? (is )?the (right |best |correct |main )?(contact|person|lead|go to|"
    r"point of contact)\b|"
    r"\b(someone|somebody|anyone|anybody|a person) (i|we) (can|could|should) (talk|speak) "
    r"to about\b|"
    r"\b(contact|person|someone|somebody|anyone) (for|about|regarding|re|to ask about|to talk "
    r"to about|to speak to about)\b|"
    r"\bwho (should|do) (i|we) (let know|notify|inform)\b|\bwho needs to (know|be told)\b"
)
# "who do I talk to if my mentor match isn't working out?": a contact, not the mentor
_WHOM_TO_ASK = re.compile(
    r"\bwho (do|should|can|could|would) (i|we) (need to |have to )?(contact|ask|speak|talk|"
    r"email|tell|go|get in touch)\b|\bwho to (contact|ask|speak|talk)\b|"
    r"\bwho'?s? (is )?the (right |best |correct )?(contact|person|go to|point of contact)\b"
)
# "…who needs to know *and how far ahead*?": a second question, not the topic
_NEXT_QUESTION = re.compile(
    r"\b(?:and|but|or|also) (?=(?:how|when|what|where|which|is|are|do|does|can)\b)"
)
_CUE_TAIL = re.compile(r"^\s*(to|with|about|regarding|re)\b")  # "who should I talk *to*"
# "what is this programme actually about?", "what's the course for, in a nutshell?"
# "what is this programme for?", also after a greeting or an aside ("sorry, new to this
# Slack - what is this programme actually for?"); not "what is the programme for module 3"
_PROGRAMME = r"(programme|prog|course|scheme|fellowship|network)"
PROGRAMME_SUMMARY = re.compile(
    r"(^|\b(hi|hello|hey|so|sorry|slack|channel|here|question|this)\W+)what( is)? (this|the) "
    rf"([a-z]+ ){{0,3}}{_PROGRAMME}( actually| all| really"
    r"| exactly)? (about|for)\b"
    r"(?! (the|a|an|each|every|module|modules|session|sessions|day|days|week|next|\d))|"
    # "can someone explain in a sentence or two what this programme is?"
    r"\b(explain|tell me|remind me)( [a-z]+){0,5}? what (this|the) ([a-z]+ ){0,3}"
    rf"{_PROGRAMME}( actually| really| exactly)? (is|involves|covers|is about)\b|"
    r"^what is (this|the) (fellowship|network|course|scheme)\W*$|"
    r"\b(overview|summary|rundown|outline|elevator pitch|potted history|gist) (of|for) (this|the) "
    rf"([a-z]+ ){{0,3}}{_PROGRAMME}\b|"
    rf"\bwhat( is)? the point of (this|the) ([a-z]+ ){{0,3}}{_PROGRAMME}\b|"
    # "what does the nature recovery leaders programme involve?"
    rf"\bwhat (does|will) (this|the) ([a-z]+ ){{0,4}}{_PROGRAMME} (involve|entail|consist of)\b|"
    r"(^|\b(new to this|sorry|hi|hello)\W+)what( is)? (this|the) ([a-z]+ ){0,4}"
    r"(programme|course|scheme|fellowship)\W*$"
)
BOT_HELP = re.compile(
    r"^(how (do|can|should) (i|we) (use|talk to|ask) (this|you|it|the bot|cohort)( bot| app)?|"
    r"what can (you|this bot|the bot|cohort) do|help|what do you do|what are you|"
    r"who are you|how does this (bot |app )?work)\W*$"
)
# a request for the programme's dates as a calendar file, not a diary clash ("I've got a
# clash in my diary with module 6") nor a question about when something is
CALENDAR_FILE = re.compile(
    r"^(?!.*\b(clash\w*|conflicts?|double booked)\b)(?:"
    r".*\b(ics|ical|icalendar|vcal|vcalendar)\b|"
    r".*\b(calendar|outlook|diary) (files?|invites?|invitations?|entries|entry|events?|feed|"
    r"downloads?|links?|appointments?)\b|"
    r".*\b(get|add|put|send|import|download|sync|export|save|give|load)\b"
    r".*\b(calendars?|outlook|ical)\b)"
)
CONTACT_DETAILS = re.compile(
    r"\b(email|e-mail|phone|number|contact|details|address|ring|call|reach|mobile|"
    r"get hold of|get in touch)\b"
)


def asks_mentees(norm: str) -> bool:
    """ "Who are my mentees?", "who am I mentoring?" """
    return bool(MENTEES.search(norm))


def asks_mentor(norm: str) -> bool:
    """ "Who is my mentor?", "have I been matched yet?", "my mentor's email"; not "who do
    I talk to if my mentor match isn't working out?", which asks for a contact"""
    return bool(MENTOR.search(norm)) and not _WHOM_TO_ASK.search(norm)


# "when does the board shadowing happen and who organises it?": "it" is the shadowing
_WHO_OF_IT = re.compile(r"\b(and|but|also) who\b.*\b(it|that|them|those|these)\W*$")


def asks_whom_to_ask(norm: str) -> bool:
    """ "Who do I speak to about…?", "who's the contact for…?": a person, by name."""
    return bool(_WHOM_TO_ASK.search(norm))


def asks_organisers(norm: str) -> bool:
    """ "Who are the organisers?", "who runs the programme?" """
    return bool(ORGANISERS.search(norm)) and not _WHO_OF_IT.search(norm)


# "who's the clinical lead on the programme?", "who is the PNA lead?": a role, named
_ROLE = re.compile(
    r"^(\w+ ){0,3}who( is)? the ((\w+ ){1,3}(lead|coordinator|administrator|advocate|officer))\b"
)


def role_asked(norm: str) -> str | None:
    """The role a "who is the … lead?" question names, or None."""
    match = _ROLE.search(norm)
    return match.group(3) if match else None


def contact_topic(norm: str) -> tuple[str, str] | None:
    """For "who do I contact about X?": the words after the cue (X) and those before it;
    None if not asked.

    The topic is usually after the cue; when nothing that names one follows it ("need
    halal meals for the Glasgow day, who do I tell", "…passport, who do I send it to?"),
    it is what came before.
    """
    match = CONTACT.search(norm)
    if match is None:
        return None
    after = _NEXT_QUESTION.split(norm[match.end() :], maxsplit=1)[0]
    return _CUE_TAIL.sub("", after).strip(), norm[: match.start()].strip()


_NAME_JOINS = frozenset({"the", "of", "and", "for", "in", "to", "a", "on"})


def programme_named(norm: str, name_words: frozenset[str]) -> str:
    """The question with the programme's own name ("who's running arwain diwylliant?",
    two or more words of it in a row) said as "the programme", so that the questions
    about the programme recognise it."""
    words = norm.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        # "lead the way": a small word inside the name, between two of its words
        while j < len(words) and (
            words[j] in name_words
            or (
                j > i
                and words[j] in _NAME_JOINS
                and j + 1 < len(words)
                and words[j + 1] in name_words
            )
        ):
            j += 1
        if j - i >= 2:
            out += ["the", "programme"]
            i = j
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def asks_programme_summary(norm: str) -> bool:
    """ "What is this programme actually about? my manager put me forward" """
    return bool(PROGRAMME_SUMMARY.search(norm))


def asks_bot_help(norm: str) -> bool:
    """ "How do I use this?", "what can you do?", "help" """
    return bool(BOT_HELP.search(norm))


def asks_calendar_file(norm: str) -> bool:
    """ "Can I get all the dates in my calendar?", "ics file", "add the programme to outlook" """
    return bool(CALENDAR_FILE.search(norm))


def asks_contact_details(norm: str) -> bool:
    """Whether a question naming someone asks how to reach them."""
    return bool(CONTACT_DETAILS.search(norm))
