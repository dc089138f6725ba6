"""The programme file (version 1): parse YAML, validate it whole, report every problem.

Validation happens in two passes. Pydantic checks shapes, types, unknown keys and single
values (durations, date-times, Slack ids); then `_cross_checks` looks at relations
(module order, unique numbers and ids, DST gaps). Every problem becomes one line naming
the field by its path and the YAML line it came from, e.g.
`modules[2].starts: '2027-02-30 09:30' is not a valid date (line 41)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from bot.errors import CohortError

DURATION_UNITS = {"m": 60, "h": 3_600, "d": 86_400, "w": 604_800}
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class ProgrammeFileError(CohortError):
    """A programme file (or people CSV) that does not validate; one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# ----- single values -------------------------------------------------------------------


def parse_duration(value: str) -> int:
    """`30m`, `2h`, `7d`, `3w` → seconds."""
    match = _DURATION.match(str(value))
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{value!r} is not a duration like 30m, 2h, 7d or 3w")
    return int(match.group(1)) * DURATION_UNITS[match.group(2)]


def _duration(value: Any) -> int:
    return parse_duration(value) if isinstance(value, str) else _reject(value, "a duration")


def _local_datetime(value: Any) -> datetime:
    """`YYYY-MM-DD HH:MM` → a naive datetime (made aware once the timezone is known)."""
    if not isinstance(value, str) or not _LOCAL_DATETIME.match(value.strip()):
        raise ValueError(f"{value!r} is not a date-time like 2027-01-14 09:30")
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"{value!r} is not a valid date") from None


def _pattern(regex: re.Pattern[str], what: str) -> Any:
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return AfterValidator(check)


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA timezone like Europe/London") from None
    return value


def _reject(value: Any, what: str) -> Any:
    raise ValueError(f"{value!r} is not {what}")


Duration = Annotated[Any, AfterValidator(_duration)]
LocalDateTime = Annotated[Any, AfterValidator(_local_datetime)]
UserId = Annotated[str, _pattern(_USER_ID, "a Slack user id (U… or W…)")]
ChannelId = Annotated[str, _pattern(_CHANNEL_ID, "a Slack channel id (C… or G…)")]
Slug = Annotated[str, _pattern(_SLUG, "a slug of lower-case letters, digits and dashes")]
Text = Annotated[str, Field(min_length=1)]
Tags = list[Text]


# ----- the document --------------------------------------------------------------------


class _Strict(BaseModel):
    """Unknown keys are errors (they are usually typos); strings are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class ContactSpec(_Strict):
    name: Text
    role: str | None = None
    topics: Tags = []
    email: str | None = None
    phone: str | None = None
    slack: UserId | None = None


class ProgrammeSpec(_Strict):
    id: Slug
    name: Text
    timezone: Annotated[str, AfterValidator(_timezone)]
    channel: ChannelId
    organisers_channel: ChannelId | None = None
    summary: str | None = None
    contacts: list[ContactSpec] = []
    share_reflections_with_organisers: bool = False


class ReminderSpec(_Strict):
    before: Duration
    dm: bool = False


class PromptSpec(_Strict):
    id: Slug
    text: Text
    scale: Annotated[int, Field(ge=2, le=10)] | None = None


class CheckinsSpec(_Strict):
    open_after: Duration = 86_400
    nudge_after: Duration = 3 * 86_400
    close_after: Duration = 14 * 86_400
    prompts: Annotated[list[PromptSpec], Field(min_length=1)]


class MentoringSpec(_Strict):
    capacity: Annotated[int, Field(ge=1, le=50)] = 2
    avoid_same_organisation: bool = True
    prompt_every: Duration = 21 * 86_400


class ModuleSpec(_Strict):
    number: Annotated[int, Field(ge=0)]
    title: Text
    starts: LocalDateTime
    ends: LocalDateTime
    venue: str | None = None
    online: str | None = None
    summary: str | None = None
    prepare: str | None = None
    speakers: Tags = []


class PersonSpec(_Strict):
    slack: UserId
    name: Text
    role: Literal["participant", "mentor", "organiser"]
    organisation: str | None = None
    job_title: str | None = None
    goals: Tags = []
    development_areas: Tags = []
    challenges: Tags = []
    expertise: Tags = []
    capacity: Annotated[int, Field(ge=0, le=50)] | None = None
    avoid: list[UserId] = []
    notes: str | None = None


class FaqSpec(_Strict):
    id: Slug
    question: Text
    answer: Text
    also: Tags = []


DEFAULT_REMINDERS = [ReminderSpec(before="7d"), ReminderSpec(before="1d")]


class ProgrammeFile(_Strict):
    """A whole programme file, validated; date-times still naive and local."""

    version: Literal[1]
    programme: ProgrammeSpec
    reminders: list[ReminderSpec] = Field(default_factory=lambda: list(DEFAULT_REMINDERS))
    checkins: CheckinsSpec | None = None
    mentoring: MentoringSpec | None = None
    modules: Annotated[list[ModuleSpec], Field(min_length=1)]
    people: list[PersonSpec] = []
    faq: list[FaqSpec] = []

    def aware(self, local: datetime) -> datetime:
        """A local date-time of this programme as an aware UTC datetime."""
        return local.replace(tzinfo=ZoneInfo(self.programme.timezone)).astimezone(UTC)


# ----- reading a file ------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves date-looking scalars as strings: the schema parses them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class _Located:
    """A parsed YAML document with the line number of every path in it."""

    data: Any
    lines: dict[tuple[str | int, ...], int]

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The line of the deepest known node along `path`."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def _walk(node: yaml.Node, path: tuple[str | int, ...]) -> Iterator[tuple[tuple, int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value), key.start_mark.line + 1
            yield from _walk(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, index))


def _parse_yaml(text: str, source: str) -> _Located:
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" (line {mark.line + 1})" if mark else ""
        raise ProgrammeFileError([f"{source}: not valid YAML: {exc.problem}{where}"]) from None
    except yaml.YAMLError as exc:
        raise ProgrammeFileError([f"{source}: not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise ProgrammeFileError([f"{source}: expected a mapping with version, programme, …"])
    lines = dict(_walk(node, ())) if node is not None else {}
    return _Located(data, lines)


def format_path(path: tuple[str | int, ...]) -> str:
    """('modules', 2, 'starts') → 'modules[2].starts'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


def pydantic_message(error: ErrorDetails) -> str:
    """Pydantic's message, phrased for a person editing YAML."""
    kind, message = error["type"], error["msg"]
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return "unknown key (check the spelling against the programme file spec)"
    if kind == "missing":
        return "is required"
    if error.get("input", "") is None:
        return "is empty (a value is required; in YAML, a # starts a comment)"
    if kind == "literal_error":
        return f"{error['input']!r} is not one of {message.removeprefix('Input should be ')}"
    return f"{error['input']!r}: {message[0].lower()}{message[1:]}"


def validate_document(data: Any, located: _Located | None = None) -> ProgrammeFile:
    """Validate parsed data against the schema and the cross-field rules."""
    located = located or _Located(data, {})
    try:
        document = ProgrammeFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            path = _pydantic_path(error["loc"])
            problems.append(_problem(located, path, pydantic_message(error)))
        raise ProgrammeFileError(problems) from None
    problems = [_problem(located, path, message) for path, message in _cross_checks(document)]
    if problems:
        raise ProgrammeFileError(problems)
    return document


def _pydantic_path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's internal steps (union branches, validator names) from a location."""
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-",)))


def _problem(located: _Located, path: tuple[str | int, ...], message: str) -> str:
    line = located.line_of(path)
    where = f" (line {line})" if line else ""
    return f"{format_path(path)}: {message}{where}"


def parse_programme_file(path: Path) -> ProgrammeFile:
    """Read and validate a programme file; every problem is reported at once."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CohortError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CohortError(f"{path}: not UTF-8 text") from None
    located = _parse_yaml(text, str(path))
    return validate_document(located.data, located)


# ----- relations between fields -------------------------------------------------------


def _duplicates(values: list[Any]) -> Iterator[int]:
    """Indexes of values seen earlier in the list."""
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield index
        seen.add(value)


def _cross_checks(doc: ProgrammeFile) -> Iterator[tuple[tuple[str | int, ...], str]]:
    zone = ZoneInfo(doc.programme.timezone)
    for i, module in enumerate(doc.modules):
        for field in ("starts", "ends"):
            local = getattr(module, field)
            if _in_dst_gap(local, zone):
                yield (
                    ("modules", i, field),
                    f"{local:%Y-%m-%d %H:%M} does not exist in "
                    f"{doc.programme.timezone} (the clocks go forward then)",
                )
        if doc.aware(module.ends) <= doc.aware(module.starts):
            yield ("modules", i, "ends"), "must be after starts"
    for i in _duplicates([m.number for m in doc.modules]):
        yield ("modules", i, "number"), f"module number {doc.modules[i].number} is used twice"
    for i in _duplicates([f.id for f in doc.faq]):
        yield ("faq", i, "id"), f"FAQ id {doc.faq[i].id!r} is used twice"
    for i in _duplicates([p.slack for p in doc.people]):
        yield ("people", i, "slack"), f"{doc.people[i].slack} is listed twice"
    for i in _duplicates([r.before for r in doc.reminders]):
        yield ("reminders", i, "before"), "the same reminder offset is listed twice"
    if doc.checkins:
        for i in _duplicates([p.id for p in doc.checkins.prompts]):
            yield ("checkins", "prompts", i, "id"), "prompt id is used twice"
        if doc.checkins.nudge_after >= doc.checkins.close_after:
            yield ("checkins", "nudge_after"), "must be shorter than close_after"
    for i, person in enumerate(doc.people):
        if person.slack in person.avoid:
            yield ("people", i, "avoid"), "a person cannot avoid themselves"


def _in_dst_gap(local: datetime, zone: ZoneInfo) -> bool:
    """True for a wall-clock time skipped when the clocks go forward."""
    aware = local.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return round_trip != local
