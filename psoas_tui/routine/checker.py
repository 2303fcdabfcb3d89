"""The routine checker: walks a parsed document, collecting every problem with its position."""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas_tui.routine import messages
from psoas_tui.routine.coaching_checks import CoachingChecks, Measure
from psoas_tui.routine.keys import (
    ALL_STEP_KEYS,
    COMMON_STEP_KEYS,
    DEFAULT_KEYS,
    ID_LONGEST,
    ID_PATTERN,
    KIND_KEYS,
    MAX_INTERVALS,
    MAX_PROBLEMS,
    RANGES,
    SCHEMA_VERSION,
    SIDE_KEYS,
    TOP_KEYS,
)
from psoas_tui.routine.model import (
    Defaults,
    Routine,
    SideOverride,
    StartSide,
    Step,
    StepKind,
)
from psoas_tui.routine.problems import Problem
from psoas_tui.routine.text import clean_text, shorten

if TYPE_CHECKING:
    from psoas_tui.routine.locate import KeyLocator

KeyPath = tuple[str | int, ...]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_ID = re.compile(ID_PATTERN)


class Checker(CoachingChecks):
    """Walks a parsed document, collecting every problem with its position."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self._text = text
        self.problems: list[Problem] = []
        self.dropped = 0

    @functools.cached_property
    def locator(self) -> KeyLocator:
        """Where each key was written: scanned only when a problem needs a position (a
        good file never does, and it is a third of the time a load takes)."""
        from psoas_tui.routine.locate import KeyLocator

        return KeyLocator(self._text)

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def report(self, path: KeyPath, message: str) -> None:
        if self.full:
            self.dropped += 1
            return
        line, col = self.locator.find(path)
        self.problems.append(Problem(line, col, message, self.source))

    # -- top level --------------------------------------------------------------------

    def routine(
        self, doc: dict[str, Any], *, slug: str, path: Path | None, bundled: bool, raw: bytes
    ) -> Routine | None:
        self.unknown_keys(doc, (), TOP_KEYS, messages.WHERE_TOP.format())
        schema = doc.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION or isinstance(schema, bool):
            found = shorten(schema)
            self.report(("schema",), messages.SCHEMA.format(version=SCHEMA_VERSION, found=found))
        owner = messages.OWNER_ROUTINE.format()
        name = self.text(doc, (), "name", owner, required=True, limit=80)
        summary = self.text(doc, (), "summary", owner, limit=400, multiline=True)
        tags = self.tags(doc)
        language = self.text(doc, (), "language", owner, limit=20) or "en"
        if "language" in doc and isinstance(doc["language"], str) and not _LANGUAGE.match(language):
            self.report(("language",), messages.LANGUAGE.format(found=shorten(doc["language"])))
        routine_id = self.routine_id(doc)
        adapt = self.flag(doc, (), "adapt", owner, default=True)
        defaults = self.defaults(doc.get("defaults", {}))
        steps = self.steps(doc, (), defaults)
        if self.problems or name is None or defaults is None:
            return None
        routine = Routine(
            name=name,
            slug=slug,
            steps=tuple(steps),
            summary=summary or "",
            tags=tags,
            language=language,
            defaults=defaults,
            schema=SCHEMA_VERSION,
            path=path,
            bundled=bundled,
            source=raw,
            adapt=adapt,
            id=routine_id or slug,
        )
        # Counted, not built: a small file of many rounds and sets could expand to millions.
        count = interval_count(routine.steps)
        if count > MAX_INTERVALS:
            too_many = messages.TOO_MANY_INTERVALS.format(count=count, limit=MAX_INTERVALS)
            self.report(("steps",), too_many)
            return None
        return routine

    def routine_id(self, doc: dict[str, Any]) -> str | None:
        """The routine's ``id``: a slug (what slugify makes of a name), so that the
        language versions of one routine can share it whatever their file names."""
        if "id" not in doc:
            return None
        value = doc["id"]
        if isinstance(value, str) and len(value) <= ID_LONGEST and _ID.match(value):
            return value
        self.report(("id",), messages.ROUTINE_ID.format(limit=ID_LONGEST, found=shorten(value)))
        return None

    def unknown_keys(
        self,
        table: dict[str, Any],
        path: KeyPath,
        allowed: tuple[str, ...],
        where: str,
        known: tuple[str, ...] | None = None,
    ) -> None:
        for key in table:
            if key in allowed:
                continue
            if self.full:
                self.dropped += 1
                continue
            shown = shorten(key)
            candidates = known if known is not None else allowed
            if key in candidates:
                keys = ", ".join(allowed)
                self.report(
                    (*path, key), messages.KEY_NOT_HERE.format(key=shown, where=where, keys=keys)
                )
                continue
            hint = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
            tip = (
                messages.DID_YOU_MEAN.format(match=hint[0])
                if hint
                else messages.EXPECTED_ONE_OF.format(keys=", ".join(allowed))
            )
            self.report((*path, key), messages.UNKNOWN_KEY.format(key=shown, where=where, hint=tip))

    def text(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        owner: str,
        *,
        required: bool = False,
        limit: int = 200,
        multiline: bool = False,
    ) -> str | None:
        if key not in table:
            if required:
                self.report(path or ("name",), messages.TEXT_NEEDED.format(owner=owner, key=key))
            return None
        value = table[key]
        if not isinstance(value, str):
            found = shorten(value)
            self.report(
                (*path, key), messages.TEXT_NOT_TEXT.format(owner=owner, key=key, found=found)
            )
            return None
        cleaned = clean_text(value, multiline=multiline)
        if required and not cleaned:
            self.report((*path, key), messages.TEXT_EMPTY.format(owner=owner, key=key))
            return None
        if len(cleaned) > limit:
            self.report(
                (*path, key),
                messages.TEXT_TOO_LONG.format(
                    owner=owner, key=key, length=len(cleaned), limit=limit
                ),
            )
            return None
        return cleaned

    def tags(self, doc: dict[str, Any]) -> tuple[str, ...]:
        value = doc.get("tags", [])
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            self.report(("tags",), messages.TAGS_NOT_WORDS.format(found=shorten(value)))
            return ()
        cleaned = tuple(clean_text(tag)[:30] for tag in value if clean_text(tag))
        if len(cleaned) > 20:
            self.report(("tags",), messages.TOO_MANY_TAGS.format(count=len(cleaned)))
        return cleaned

    def number(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        owner: str,
        default: float | None,
        *,
        whole: bool = True,
    ) -> float | None:
        if key not in table:
            return default
        value = table[key]
        low, high, unit = RANGES[key]
        expected = (messages.WHOLE_NUMBER_OF if whole else messages.NUMBER_OF).format(unit=unit)
        valid_type = isinstance(value, int) or (not whole and isinstance(value, float))
        if isinstance(value, bool) or not valid_type:
            if isinstance(value, float):
                how = messages.FIX_ROUND
            elif isinstance(value, str):
                how = messages.FIX_UNQUOTE
            else:
                how = messages.FIX_PLAIN
            fix = how.format(key=key, example=_example(value, low, high))
            self.report(
                (*path, key),
                messages.NUMBER_TYPE.format(
                    owner=owner,
                    key=key,
                    expected=expected,
                    low=_fmt(low),
                    high=_fmt(high),
                    found=shorten(value),
                    fix=fix,
                ),
            )
            return None
        if not low <= value <= high:
            if value > high:
                fix = messages.FIX_AT_MOST.format(high=_fmt(high))
            else:
                fix = messages.FIX_AT_LEAST.format(low=_fmt(low))
            self.report(
                (*path, key),
                messages.NUMBER_RANGE.format(
                    owner=owner,
                    key=key,
                    low=_fmt(low),
                    high=_fmt(high),
                    unit=unit,
                    found=shorten(value),
                    fix=fix,
                ),
            )
            return None
        found: float = value
        return found

    def flag(
        self, table: dict[str, Any], path: KeyPath, key: str, owner: str, *, default: bool = False
    ) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            found = shorten(value)
            self.report((*path, key), messages.FLAG.format(owner=owner, key=key, found=found))
            return default
        return value

    def start_side(
        self, table: dict[str, Any], path: KeyPath, owner: str, default: StartSide
    ) -> StartSide:
        if "start_side" not in table:
            return default
        value = table["start_side"]
        try:
            return StartSide(value)
        except (ValueError, TypeError):
            found = shorten(value)
            self.report((*path, "start_side"), messages.START_SIDE.format(owner=owner, found=found))
            return default

    # -- defaults ---------------------------------------------------------------------

    def defaults(self, value: Any) -> Defaults | None:
        path: KeyPath = ("defaults",)
        if not isinstance(value, dict):
            self.report(path, messages.DEFAULTS_NOT_TABLE.format(found=shorten(value)))
            return None
        self.unknown_keys(value, path, DEFAULT_KEYS, messages.WHERE_DEFAULTS.format())
        base = Defaults()
        owner = messages.OWNER_DEFAULTS.format()
        get_ready = self.number(value, path, "get_ready", owner, base.get_ready)
        switch = self.number(value, path, "switch", owner, base.switch)
        rest = self.number(value, path, "rest", owner, base.rest)
        start = self.start_side(value, path, owner, base.start_side)
        if get_ready is None or switch is None or rest is None:
            return None
        return Defaults(int(get_ready), int(switch), int(rest), start)

    # -- steps ------------------------------------------------------------------------

    def steps(
        self,
        table: dict[str, Any],
        path: KeyPath,
        defaults: Defaults | None,
        label: str = "",
    ) -> list[Step]:
        value = table.get("steps")
        steps_path = (*path, "steps")
        if value is None:
            missing = messages.BLOCK_NEEDS_STEPS if path else messages.ROUTINE_NEEDS_STEPS
            self.report(path or ("name",), missing.format())
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.report(steps_path, messages.STEPS_NOT_TABLES.format(found=shorten(value)))
            return []
        if not value:
            self.report(steps_path, messages.STEPS_EMPTY.format())
            return []
        result = []
        for index, item in enumerate(value):
            number = f"{label}{index + 1}"
            step = self.step(item, (*steps_path, index), defaults, number, nested=bool(path))
            if step is not None:
                result.append(step)
        return result

    def step(
        self,
        item: dict[str, Any],
        path: KeyPath,
        defaults: Defaults | None,
        number: str,
        *,
        nested: bool,
    ) -> Step | None:
        raw_name = item.get("name")
        if isinstance(raw_name, str):
            owner = messages.OWNER_NAMED_STEP.format(number=number, name=shorten(raw_name))
        else:
            owner = messages.OWNER_STEP.format(number=number)
        kind_value = item.get("kind", "timed")
        try:
            kind = StepKind(kind_value)
        except (ValueError, TypeError):
            hint = difflib.get_close_matches(str(kind_value), [k.value for k in StepKind], 1, 0.5)
            tip = messages.DID_YOU_MEAN.format(match=hint[0]) if hint else ""
            found = shorten(kind_value)
            self.report((*path, "kind"), messages.KIND.format(owner=owner, found=found, hint=tip))
            return None
        if kind is StepKind.BLOCK and nested:
            self.report((*path, "kind"), messages.BLOCK_IN_BLOCK.format(owner=owner))
            return None
        allowed = (*COMMON_STEP_KEYS, *KIND_KEYS[kind])
        where = messages.WHERE_STEP.format(kind=kind.value, owner=owner)
        self.unknown_keys(item, path, allowed, where, known=ALL_STEP_KEYS)
        name = self.text(item, path, "name", owner, required=True, limit=80)
        how = self.text(item, path, "how", owner, limit=1500, multiline=True) or ""
        base = defaults or Defaults()
        # A check is a question: it gets a get-ready only when the step itself asks for one.
        ready = 0 if kind is StepKind.CHECK else base.get_ready
        get_ready = self.number(item, path, "get_ready", owner, ready)
        switch = self.number(item, path, "switch", owner, base.switch)
        rest = self.number(item, path, "rest", owner, base.rest)
        sets = self.number(item, path, "sets", owner, 1)
        per_side = self.flag(item, path, "per_side", owner)
        start = self.start_side(item, path, owner, base.start_side)
        left = self.side(item, path, "left", owner, kind, per_side)
        right = self.side(item, path, "right", owner, kind, per_side)
        optional = self.flag(item, path, "optional", owner)
        stretch = kind is StepKind.TIMED and self.flag(item, path, "stretch", owner)
        estimate = None
        if kind in (StepKind.REPS, StepKind.CHECK):
            estimate = self.number(item, path, "estimate", owner, None)
        duration = reps = tempo = None
        question = ""
        answers: tuple[str, ...] = ()
        measure = Measure()
        rounds: float | None = 1
        inner: list[Step] = []
        if kind in (StepKind.TIMED, StepKind.REST):
            duration = self.required_number(item, path, "duration", owner, kind)
        elif kind is StepKind.REPS:
            reps = self.required_number(item, path, "reps", owner, kind)
            tempo = self.number(item, path, "tempo", owner, None, whole=False)
            if "estimate" in item and "tempo" in item:
                too_much = messages.ESTIMATE_WITH_TEMPO.format(owner=owner)
                self.report((*path, "estimate"), too_much)
        elif kind is StepKind.CHECK:
            question = self.text(item, path, "question", owner, required=True, limit=200) or ""
            answers = self.answers(item, path, owner)
            measure = self.measure(item, path, owner, answers, per_side)
        else:
            rounds = self.number(item, path, "rounds", owner, 1)
            inner = self.steps(item, path, defaults, label=f"{number}.")
        if name is None or None in (get_ready, switch, rest, sets, rounds):
            return None
        return Step(
            name=name,
            kind=kind,
            how=how,
            duration=int(duration) if duration is not None else None,
            reps=int(reps) if reps is not None else None,
            tempo=float(tempo) if tempo is not None else None,
            sets=int(sets or 1),
            rest=int(rest or 0),
            per_side=per_side,
            start_side=start,
            left=left,
            right=right,
            get_ready=int(get_ready or 0),
            switch=int(switch or 0),
            question=question,
            answers=answers,
            rounds=int(rounds or 1),
            steps=tuple(inner),
            stretch=stretch,
            optional=optional,
            estimate=int(estimate) if estimate is not None else None,
            measures=measure.measures,
            scores=measure.scores,
            about=measure.about,
        )

    def required_number(
        self, item: dict[str, Any], path: KeyPath, key: str, owner: str, kind: StepKind
    ) -> float | None:
        if key not in item:
            low, high, unit = RANGES[key]
            self.report(
                path,
                messages.NUMBER_NEEDED.format(
                    owner=owner, kind=kind.value, key=key, low=_fmt(low), high=_fmt(high), unit=unit
                ),
            )
            return None
        return self.number(item, path, key, owner, None)

    def side(
        self,
        item: dict[str, Any],
        path: KeyPath,
        key: str,
        owner: str,
        kind: StepKind,
        per_side: bool,
    ) -> SideOverride:
        if key not in item:
            return SideOverride()
        value = item[key]
        side_path = (*path, key)
        if not isinstance(value, dict):
            shown = shorten(value)
            self.report(
                side_path, messages.SIDE_NOT_TABLE.format(owner=owner, side=key, found=shown)
            )
            return SideOverride()
        if not per_side:
            self.report(side_path, messages.SIDE_WITHOUT_PER_SIDE.format(owner=owner, side=key))
        field_name = "duration" if kind is StepKind.TIMED else "reps"
        where = messages.WHERE_SIDE.format(owner=owner, side=key)
        self.unknown_keys(value, side_path, (field_name,), where, known=SIDE_KEYS)
        number: Callable[..., float | None] = self.number
        side_owner = messages.OWNER_SIDE.format(owner=owner, side=key)
        found = number(value, side_path, field_name, side_owner, None)
        if found is None:
            return SideOverride()
        return SideOverride(**{field_name: int(found)})

    def answers(self, item: dict[str, Any], path: KeyPath, owner: str) -> tuple[str, ...]:
        value = item.get("answers")
        if value is None:
            self.report(path, messages.ANSWERS_NEEDED.format(owner=owner))
            return ()
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            found = shorten(value)
            self.report(
                (*path, "answers"), messages.ANSWERS_NOT_TEXTS.format(owner=owner, found=found)
            )
            return ()
        cleaned = tuple(clean_text(a)[:60] for a in value)
        if not 2 <= len(cleaned) <= 9 or not all(cleaned):
            count = len(cleaned)
            self.report((*path, "answers"), messages.ANSWERS_COUNT.format(owner=owner, count=count))
            return ()
        return cleaned


def _example(value: object, low: float, high: float) -> str:
    """A valid number close to what the author meant, for the fix in a message."""
    try:
        guess = float(value) if isinstance(value, (str, float)) else None
    except ValueError:
        guess = None
    if guess is None or not math.isfinite(guess):
        return _fmt(max(low, min(30, high)))
    return _fmt(max(low, min(high, round(guess))))


def interval_count(steps: tuple[Step, ...]) -> int:
    """How many intervals the plan of these steps holds (the same rules as psoas_tui.plan)."""
    total = 0
    for step in steps:
        if step.kind is StepKind.BLOCK:
            rounds_rest = step.rounds - 1 if step.rest else 0
            total += step.rounds * interval_count(step.steps) + rounds_rest
        elif step.kind is StepKind.REST:
            total += 1
        else:
            sides = 2 if step.per_side else 1
            switches = 1 if step.per_side and step.switch else 0
            total += step.sets * (sides + switches)
            total += (1 if step.get_ready else 0) + (step.sets - 1 if step.rest else 0)
    return total


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
