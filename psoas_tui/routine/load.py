"""Load and validate routine files: every problem in a file, each with its line and column."""

from __future__ import annotations

import difflib
import errno
import functools
import math
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from psoas_tui.routine.model import Defaults, Routine, SideOverride, StartSide, Step, StepKind
from psoas_tui.routine.text import clean_text, shorten

if TYPE_CHECKING:
    from psoas_tui.routine.locate import KeyLocator

MAX_FILE_BYTES = 256 * 1024
MAX_INTERVALS = 2000
MAX_PROBLEMS = 100  # more than this in one file is noise: the first ones say what is wrong
SCHEMA_VERSION = 1

KeyPath = tuple[str | int, ...]

TOP_KEYS = ("schema", "name", "summary", "tags", "language", "defaults", "steps")
DEFAULT_KEYS = ("get_ready", "switch", "rest", "start_side")
SIDE_KEYS = ("duration", "reps")
COMMON_STEP_KEYS = ("name", "kind", "how")
KIND_KEYS: dict[StepKind, tuple[str, ...]] = {
    StepKind.TIMED: (
        "duration",
        "per_side",
        "left",
        "right",
        "start_side",
        "sets",
        "rest",
        "get_ready",
        "switch",
    ),
    StepKind.REPS: (
        "reps",
        "tempo",
        "per_side",
        "left",
        "right",
        "start_side",
        "sets",
        "rest",
        "get_ready",
        "switch",
    ),
    StepKind.REST: ("duration",),
    StepKind.CHECK: (
        "question",
        "answers",
        "per_side",
        "start_side",
        "get_ready",
        "switch",
    ),
    StepKind.BLOCK: ("rounds", "rest", "steps"),
}
ALL_STEP_KEYS = tuple(sorted({*COMMON_STEP_KEYS, *(k for ks in KIND_KEYS.values() for k in ks)}))

# (low, high, unit) for every number a routine may hold.
RANGES: dict[str, tuple[float, float, str]] = {
    "duration": (1, 3600, "seconds"),
    "reps": (1, 500, "reps"),
    "tempo": (0.5, 60, "seconds a rep"),
    "sets": (1, 20, "sets"),
    "rounds": (1, 20, "rounds"),
    "rest": (0, 3600, "seconds"),
    "get_ready": (0, 600, "seconds"),
    "switch": (0, 600, "seconds"),
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


class Problem(NamedTuple):
    """One thing wrong with a routine file, printed as ``PATH:LINE:COL: message``.
    Problems sort by line, column and message (as a tuple; the file name comes last)."""

    line: int
    col: int
    message: str
    source: str = ""

    def __str__(self) -> str:
        # Sources and messages are cleaned where they are made; cleaning again here keeps
        # a problem built anywhere else (settings, a caller's own source) safe to show.
        return f"{clean_text(self.source)}:{self.line}:{self.col}: {clean_text(self.message)}"


class LoadResult(NamedTuple):
    routine: Routine | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.problems


def load_routine(path: Path, *, bundled: bool = False, source: str | None = None) -> LoadResult:
    """Read and validate one routine file. Never raises for anything the file holds."""
    # File names are shown too, so they are cleaned like every other untrusted text.
    shown = clean_text(source if source is not None else str(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return _fail(shown, "this is a folder, not a routine file: give the path of a .toml file")
    except FileNotFoundError:
        if path.is_symlink():
            return _fail(shown, _broken_link(path))
        return _fail(shown, "no such file: check the path or run `psoas list` for routine names")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _fail(
                shown,
                "symbolic link loop: this link leads back to itself through other links, so "
                "there is no file to read; remove the link or point it at a routine file",
            )
        reason = clean_text(error.strerror or str(error))
        return _fail(shown, f"cannot read the file ({reason}): check its permissions")
    return parse_routine(data, source=shown, slug=clean_text(path.stem), path=path, bundled=bundled)


def parse_routine(
    data: bytes | str,
    *,
    source: str = "<routine>",
    slug: str = "routine",
    path: Path | None = None,
    bundled: bool = False,
) -> LoadResult:
    """Validate routine text. Returns problems or a routine; never raises for bad input."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        return _fail(
            source,
            f"file is larger than {MAX_FILE_BYTES // 1024} KiB: a routine file should be a "
            "few kilobytes; check that this is the right file",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return _fail(
            source,
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}): save it as UTF-8",
            line,
            col,
        )
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _fail(source, *syntax_problem(str(error), text))
    except RecursionError:
        return _fail(
            source,
            "values are nested too deeply: a routine needs at most a few levels of "
            "[ ] and { }; remove the extra brackets",
            *_deepest_nesting(text),
        )
    except ValueError as error:
        huge = _HUGE_NUMBER.search(text)
        if huge is not None:
            line, col = _position(text, huge.start())
            return _fail(
                source,
                "a number has far too many digits: use a plain number such as 30 "
                "(durations are at most 3600 seconds)",
                line,
                col,
            )
        reason = clean_text(str(error))
        return _fail(source, f"the file cannot be read as TOML ({reason}); fix that value")
    checker = _Checker(source, text)
    routine = checker.routine(document, slug=slug, path=path, bundled=bundled, raw=raw)
    if checker.problems:
        problems = sorted(checker.problems)
        if checker.dropped:
            last = problems[-1]
            problems.append(
                Problem(
                    last.line,
                    last.col,
                    f"and {checker.dropped} more problem(s) not shown: fix these first, "
                    "then check the file again",
                    source,
                )
            )
        return LoadResult(None, tuple(problems))
    return LoadResult(routine, ())


def _broken_link(path: Path) -> str:
    try:
        target = clean_text(os.readlink(path))
    except OSError:
        target = "a file"
    return (
        f'broken symbolic link: it points to "{target}", which does not exist; '
        "restore that file or remove the link"
    )


def _fail(source: str, message: str, line: int = 1, col: int = 1) -> LoadResult:
    return LoadResult(None, (Problem(line, col, message, source),))


_HUGE_NUMBER = re.compile(r"[0-9_]{1000,}")
_DEEP_NESTING = 50


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _deepest_nesting(text: str) -> tuple[int, int]:
    """Where brackets first nest deeper than any routine needs (strings are not skipped)."""
    depth = 0
    for index, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > _DEEP_NESTING:
                return _position(text, index)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return (1, 1)


def syntax_problem(message: str, text: str) -> tuple[str, int, int]:
    cleaned = clean_text(message)
    match = _TOML_POSITION.search(cleaned)
    if match:
        cleaned = cleaned[: match.start()]
        line, col = int(match.group(1)), int(match.group(2))
    else:
        line = text.count("\n") + 1
        col = len(text.rsplit("\n", 1)[-1]) + 1
        cleaned = _TOML_END.sub("", cleaned)
    first = cleaned[:1].lower() + cleaned[1:]
    if first == "illegal character '\\n'":
        # tomllib's words for a string that runs to the end of its line.
        return (
            "TOML syntax error: a quoted text is not closed on this line; add the closing "
            'quote, or use """...""" for text over several lines',
            line,
            col,
        )
    return (f"TOML syntax error: {first}; fix the syntax on this line", line, col)


class _Checker:
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
        self.unknown_keys(doc, (), TOP_KEYS, "at the top of a routine")
        schema = doc.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION or isinstance(schema, bool):
            self.report(
                ("schema",),
                f"schema must be {SCHEMA_VERSION}, found {shorten(schema)}: this psoas reads "
                f"schema {SCHEMA_VERSION} routines; write schema = {SCHEMA_VERSION}",
            )
        name = self.text(doc, (), "name", "the routine", required=True, limit=80)
        summary = self.text(doc, (), "summary", "the routine", limit=400, multiline=True)
        tags = self.tags(doc)
        language = self.text(doc, (), "language", "the routine", limit=20) or "en"
        if "language" in doc and isinstance(doc["language"], str) and not _LANGUAGE.match(language):
            self.report(
                ("language",),
                f'language must be a language code such as "en" or "nl", found '
                f"{shorten(doc['language'])}",
            )
        defaults = self.defaults(doc.get("defaults", {}))
        steps = self.steps(doc, (), defaults, "at the top")
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
        )
        # Counted, not built: a small file of many rounds and sets could expand to millions.
        count = interval_count(routine.steps)
        if count > MAX_INTERVALS:
            self.report(
                ("steps",),
                f"the routine expands to {count} intervals, more than {MAX_INTERVALS}: "
                "use fewer sets, rounds or steps",
            )
            return None
        return routine

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
                self.report(
                    (*path, key),
                    f"{shown} does not apply {where}; remove it "
                    f"(keys that fit here: {', '.join(allowed)})",
                )
                continue
            hint = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
            tip = (
                f'; did you mean "{hint[0]}"?'
                if hint
                else f"; expected one of: {', '.join(allowed)}"
            )
            self.report((*path, key), f"unknown key {shown} {where}{tip}")

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
                self.report(path or ("name",), f'{owner} needs a {key} = "..." line')
            return None
        value = table[key]
        if not isinstance(value, str):
            self.report(
                (*path, key), f"{owner}: {key} must be text in quotes, found {shorten(value)}"
            )
            return None
        cleaned = clean_text(value, multiline=multiline)
        if required and not cleaned:
            self.report((*path, key), f'{owner}: {key} must not be empty; write {key} = "..."')
            return None
        if len(cleaned) > limit:
            self.report(
                (*path, key),
                f"{owner}: {key} is {len(cleaned)} characters long, at most {limit} fit; "
                "shorten it",
            )
            return None
        return cleaned

    def tags(self, doc: dict[str, Any]) -> tuple[str, ...]:
        value = doc.get("tags", [])
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            self.report(
                ("tags",),
                f'tags must be a list of words such as ["pre-run"], found {shorten(value)}',
            )
            return ()
        cleaned = tuple(clean_text(tag)[:30] for tag in value if clean_text(tag))
        if len(cleaned) > 20:
            self.report(("tags",), f"at most 20 tags fit, found {len(cleaned)}; remove some")
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
        expected = f"a whole number of {unit}" if whole else f"a number of {unit}"
        valid_type = isinstance(value, int) or (not whole and isinstance(value, float))
        if isinstance(value, bool) or not valid_type:
            if isinstance(value, float):
                fix = f"round it to a whole number such as {key} = {_example(value, low, high)}"
            elif isinstance(value, str):
                fix = (
                    f"write the number without quotes, such as {key} = {_example(value, low, high)}"
                )
            else:
                fix = f"write a plain number such as {key} = {_example(value, low, high)}"
            self.report(
                (*path, key),
                f"{owner}: {key} must be {expected} ({_fmt(low)} to {_fmt(high)}), "
                f"found {shorten(value)}; {fix}",
            )
            return None
        if not low <= value <= high:
            fix = f"use at most {_fmt(high)}" if value > high else f"use at least {_fmt(low)}"
            self.report(
                (*path, key),
                f"{owner}: {key} must be {_fmt(low)} to {_fmt(high)} {unit}, "
                f"found {shorten(value)}; {fix}",
            )
            return None
        found: float = value
        return found

    def flag(self, table: dict[str, Any], path: KeyPath, key: str, owner: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.report(
                (*path, key), f"{owner}: {key} must be true or false, found {shorten(value)}"
            )
            return False
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
            self.report(
                (*path, "start_side"),
                f'{owner}: start_side must be "left", "right" or "alternate", '
                f"found {shorten(value)}",
            )
            return default

    # -- defaults ---------------------------------------------------------------------

    def defaults(self, value: Any) -> Defaults | None:
        path: KeyPath = ("defaults",)
        if not isinstance(value, dict):
            self.report(
                path,
                f"defaults must be a table, found {shorten(value)}; write a [defaults] "
                "section with get_ready, switch, rest or start_side",
            )
            return None
        self.unknown_keys(value, path, DEFAULT_KEYS, "in [defaults]")
        base = Defaults()
        owner = "[defaults]"
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
        where: str,
        label: str = "",
    ) -> list[Step]:
        value = table.get("steps")
        steps_path = (*path, "steps")
        if value is None:
            self.report(
                path or ("name",),
                f"{'a block' if path else 'a routine'} needs at least "
                "one step: add a [[steps]] table",
            )
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.report(
                steps_path,
                f"steps must be tables, found {shorten(value)}; write each step as its own "
                "[[steps]] section",
            )
            return []
        if not value:
            self.report(steps_path, "steps is empty: add at least one [[steps]] table")
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
        shown_name = f" {shorten(raw_name)}" if isinstance(raw_name, str) else ""
        owner = f"step {number}{shown_name}"
        kind_value = item.get("kind", "timed")
        try:
            kind = StepKind(kind_value)
        except (ValueError, TypeError):
            hint = difflib.get_close_matches(str(kind_value), [k.value for k in StepKind], 1, 0.5)
            tip = f'; did you mean "{hint[0]}"?' if hint else ""
            self.report(
                (*path, "kind"),
                f'{owner}: kind must be "timed", "reps", "rest", "check" or "block", found '
                f"{shorten(kind_value)}{tip}",
            )
            return None
        if kind is StepKind.BLOCK and nested:
            self.report(
                (*path, "kind"),
                f"{owner}: a block cannot hold another block; "
                "list its steps in the outer block instead, or make it a top-level step",
            )
            return None
        allowed = (*COMMON_STEP_KEYS, *KIND_KEYS[kind])
        self.unknown_keys(
            item, path, allowed, f"to a {kind.value} step ({owner})", known=ALL_STEP_KEYS
        )
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
        duration = reps = tempo = None
        question = ""
        answers: tuple[str, ...] = ()
        rounds: float | None = 1
        inner: list[Step] = []
        if kind in (StepKind.TIMED, StepKind.REST):
            duration = self.required_number(item, path, "duration", owner, kind)
        elif kind is StepKind.REPS:
            reps = self.required_number(item, path, "reps", owner, kind)
            tempo = self.number(item, path, "tempo", owner, None, whole=False)
        elif kind is StepKind.CHECK:
            question = self.text(item, path, "question", owner, required=True, limit=200) or ""
            answers = self.answers(item, path, owner)
        else:
            rounds = self.number(item, path, "rounds", owner, 1)
            inner = self.steps(item, path, defaults, "in a block", label=f"{number}.")
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
        )

    def required_number(
        self, item: dict[str, Any], path: KeyPath, key: str, owner: str, kind: StepKind
    ) -> float | None:
        if key not in item:
            low, high, unit = RANGES[key]
            self.report(
                path,
                f"{owner}: a {kind.value} step needs {key} = N "
                f"({_fmt(low)} to {_fmt(high)} {unit})",
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
            self.report(
                side_path,
                f"{owner}: {key} must be a table such as "
                f"{key} = {{ duration = 50 }}, found {shorten(value)}",
            )
            return SideOverride()
        if not per_side:
            self.report(
                side_path,
                f"{owner}: {key} only applies when per_side = true; add per_side = true "
                f"or remove {key}",
            )
        field_name = "duration" if kind is StepKind.TIMED else "reps"
        self.unknown_keys(
            value, side_path, (field_name,), f"in {owner}'s {key} side", known=SIDE_KEYS
        )
        number: Callable[..., float | None] = self.number
        found = number(value, side_path, field_name, f"{owner}, {key} side", None)
        if found is None:
            return SideOverride()
        return SideOverride(**{field_name: int(found)})

    def answers(self, item: dict[str, Any], path: KeyPath, owner: str) -> tuple[str, ...]:
        value = item.get("answers")
        if value is None:
            self.report(
                path, f'{owner}: a check step needs answers = ["...", "..."] (2 to 9 answers)'
            )
            return ()
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            self.report(
                (*path, "answers"),
                f"{owner}: answers must be a list of texts, found {shorten(value)}; "
                'write them in quotes, such as answers = ["no", "a little", "clearly"]',
            )
            return ()
        cleaned = tuple(clean_text(a)[:60] for a in value)
        if not 2 <= len(cleaned) <= 9 or not all(cleaned):
            self.report(
                (*path, "answers"),
                f"{owner}: a check needs 2 to 9 non-empty answers "
                f"(one number key each), found {len(cleaned)}; add or remove answers",
            )
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
