"""The text layer: the plan and the log carry data, and psoas_tui/text puts it into words."""

from __future__ import annotations

import ast
import gettext
import sqlite3
import string
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import ClassVar

import pytest

from psoas_tui.history import open_log
from psoas_tui.history.model import IntervalRow
from psoas_tui.locations import Locations
from psoas_tui.plan import Interval, IntervalKind, build_plan
from psoas_tui.routine.model import Routine, Step, StepKind
from psoas_tui.session import Session, State
from psoas_tui.tally import Tally
from psoas_tui.text import durations, events, i18n, intervals, routines, sessions, spoken

TEXT = Path(__file__).resolve().parent.parent / "psoas_tui" / "text"

HOLD = Step(
    name="Hold",
    kind=StepKind.TIMED,
    how="Knee down, hips forward.",
    duration=20,
    sets=2,
    rest=10,
    per_side=True,
    get_ready=5,
    switch=3,
)
CIRCUIT = Step(
    name="Circuit",
    kind=StepKind.BLOCK,
    rounds=2,
    rest=7,
    steps=(
        Step(name="Own pace", kind=StepKind.REPS, reps=4, get_ready=0),
        Step(name="Breather", kind=StepKind.REST, duration=5, how="Shake it out."),
    ),
)
# A rest step the author named "Rest": it is the author's, not one psoas puts between sets.
OWN_REST = Step(name="Rest", kind=StepKind.REST, duration=30)
ROUTINE = Routine(name="Small", slug="small", steps=(HOLD, CIRCUIT, OWN_REST))


def plan_of(routine: Routine = ROUTINE) -> tuple[Interval, ...]:
    return build_plan(routine, "left").intervals


def authors_text(routine: Routine) -> set[str]:
    found = {""}
    for step in routine.steps:
        found |= {step.name, step.how, step.question, *step.answers}
        for inner in step.steps:
            found |= {inner.name, inner.how, inner.question, *inner.answers}
    return found


# -- the plan carries data -------------------------------------------------------------------


def test_the_plan_holds_no_words_of_psoas_only_the_authors_text() -> None:
    allowed = authors_text(ROUTINE)
    names = {field.name for field in fields(Interval)}
    assert "label" not in names
    for interval in plan_of():
        texts = [getattr(interval, name) for name in names]
        enums = (IntervalKind, StepKind)
        for text in (t for t in texts if isinstance(t, str) and not isinstance(t, enums)):
            if text in ("left", "right") or text.replace(".", "").isdigit():
                continue  # the side and the step's number are data
            assert text in allowed, (interval, text)


def test_an_interval_knows_the_kind_of_step_it_came_from() -> None:
    rests = [i for i in plan_of() if i.kind is IntervalKind.REST]
    assert [(i.step_name, i.step_kind, i.rests_between) for i in rests] == [
        ("Hold", StepKind.TIMED, True),  # between the two sets
        ("Breather", StepKind.REST, False),
        ("Circuit", StepKind.BLOCK, True),  # between the two rounds
        ("Breather", StepKind.REST, False),
        ("Rest", StepKind.REST, False),  # the author's, whatever its name
    ]


def test_rests_between_sets_and_rounds_are_named_by_the_text_layer() -> None:
    rests = [i for i in plan_of() if i.kind is IntervalKind.REST]
    assert [intervals.name(i) for i in rests] == ["Rest", "Breather", "Rest", "Breather", "Rest"]
    assert [intervals.how(i) for i in rests] == [
        "Set 2 of 2 comes next.",
        "Shake it out.",
        "Round 2 of 2 of Circuit comes next.",
        "Shake it out.",
        "",
    ]
    assert all(i.how in authors_text(ROUTINE) for i in rests)


def test_home_outline_keeps_a_rest_step_the_author_named_rest() -> None:
    # Home used to tell the author's rests from psoas's by the word "Rest" in the label.
    rows = intervals.outline(build_plan(ROUTINE))
    assert rows == [
        ("1. Hold", "20 s · per side · 2 sets  (1 min 26 s)"),
        ("2.1. Own pace", "4 reps · 2 rounds"),
        ("2.2. Breather", "5 s · 2 rounds  (10 s)"),
        ("3. Rest", "30 s"),
    ]


def test_interval_titles_sides_counts_and_next() -> None:
    plan = plan_of()
    ready, work, switch = plan[0], plan[1], plan[2]
    assert intervals.title(ready) == "Get ready: Hold"
    assert intervals.title(switch) == "Switch sides: Hold"
    assert intervals.title(work) == "Hold"
    assert intervals.phase_word(ready.kind) == "GET READY"
    assert intervals.side_words(ready) == ("LEFT", "start on the left side")
    assert intervals.side_words(switch) == ("RIGHT", "switch to the right side")
    assert intervals.side_words(work) == ("LEFT", "left side")
    assert intervals.counts(work) == "set 1 of 2"
    assert intervals.next_line(work) == "Next: Hold (left) · 0:20"
    assert intervals.next_line(switch) == "Next: Switch sides: Hold · 0:03"
    assert intervals.next_line(None) == "Next: the end. Well done."
    reps = next(i for i in plan if i.kind is IntervalKind.REPS)
    assert intervals.counts(reps) == "round 1 of 2 · 4 reps"
    assert intervals.next_line(reps) == "Next: Own pace · 4 reps"
    tempo = Step(name="Bridge", kind=StepKind.REPS, reps=12, tempo=2.0, get_ready=0)
    bridge = plan_of(Routine(name="b", slug="b", steps=(tempo,)))[0]
    assert intervals.counts(bridge, 5.0) == "rep 3 of 12"
    assert intervals.counts(bridge, 99.0) == "rep 12 of 12"


def test_the_plain_runners_line_for_an_interval_start() -> None:
    plan = plan_of()
    assert intervals.started_line(plan[0], 0) == "[ 0:00] Get ready: Hold · LEFT · 0:05"
    assert intervals.started_line(plan[2], 25, restarted=True) == (
        "[ 0:25] Switch sides · again · RIGHT · set 1/2 · 0:03"
    )
    check = Step(name="Test", kind=StepKind.CHECK, question="Tight?", answers=("no", "yes"))
    asked = plan_of(Routine(name="c", slug="c", steps=(check,)))[-1]
    hint = events.check_hint(keys=True, piped=False)
    assert intervals.started_line(asked, 65, check_hint=hint) == (
        "[ 1:05] Test · answer with a number key"
    )


# -- the log stores data ---------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def logged(isolated_home: Path) -> Iterator[tuple[Path, str]]:
    log = open_log(Locations(config=isolated_home, data=isolated_home), warn=pytest.fail)
    plan = build_plan(ROUTINE, "left")
    clock = FakeClock()
    session = Session(plan, clock)
    recorder = log.recorder(plan)
    session.subscribe(recorder)
    session.start()
    while session.state is State.RUNNING:
        current = session.current
        assert current is not None
        if not current.timed:
            clock.now += 3.0
            session.done()
        else:
            clock.now += 1.0
            session.tick()
    recorder.close()
    detail = log.session_detail(recorder.session_id)
    log.close()
    assert detail is not None
    yield log.path, recorder.session_id


def test_the_log_labels_each_interval_with_its_step_name(logged: tuple[Path, str]) -> None:
    path, _session = logged
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT label, step_name, kind FROM intervals ORDER BY seq").fetchall()
    assert len(rows) == len(plan_of())
    assert all(label == step_name for label, step_name, _kind in rows), rows


def test_a_logged_session_names_its_intervals_from_the_data(
    isolated_home: Path, logged: tuple[Path, str]
) -> None:
    _path, session_id = logged
    log = open_log(Locations(config=isolated_home, data=isolated_home), warn=pytest.fail)
    detail = log.session_detail(session_id)
    log.close()
    assert detail is not None
    # As the plan's own names: the detail reads the same as psoas show.
    assert sessions.interval_names(detail.intervals) == [intervals.name(i) for i in plan_of()]


def test_rows_logged_before_the_text_layer_keep_their_label() -> None:
    def row(seq: int, number: str, name: str, label: str, kind: str) -> IntervalRow:
        return IntervalRow(
            seq, seq, number, name, label, kind, None, 1, 1, None, 5.0, 5.0, False, 0, 0
        )

    old = [
        row(1, "1", "Hold", "Get ready", "get_ready"),
        row(2, "1", "Hold", "Hold", "work"),
        row(3, "1", "Hold", "Rest", "rest"),
        row(4, "2", "Nap", "Nap", "rest"),
    ]
    assert sessions.interval_names(old) == ["Get ready", "Hold", "Rest", "Nap"]


# -- durations and dates ---------------------------------------------------------------------


def test_clock_human_and_elapsed() -> None:
    assert durations.clock(0.2) == "0:01"  # a countdown shows 0:01 until it ends
    assert durations.clock(3725) == "1:02:05"
    assert durations.elapsed(59.9) == "0:59"
    assert durations.human(401) == "6 min 41 s"
    assert durations.human(3900) == "1 h 5 min"
    assert durations.human(3600) == "1 h"
    assert durations.human(45) == "45 s"
    assert durations.seconds(2.5) == "2.5 s"


def test_ago_and_dates_need_no_locale() -> None:
    now = datetime(2026, 11, 24, 12)
    assert durations.ago(datetime(2026, 11, 23), now) == "yesterday"
    assert durations.ago(datetime(2026, 11, 20), now) == "4 days ago"
    assert durations.ago(datetime(2026, 11, 9), now) == "9 Nov"
    aware = datetime(2026, 11, 24, 7, tzinfo=timezone(timedelta(hours=1)))
    assert durations.ago(aware, now) in ("today", "yesterday")
    started = datetime(2026, 11, 3, 7, 15)
    assert durations.when_short(started, date(2026, 12, 1)) == "03 Nov 07:15"
    assert durations.when_short(started, date(2027, 1, 1)) == "03 Nov 2026"
    assert durations.when_long(started) == "Tue 03 Nov 2026 07:15"
    assert [durations.weekday_letters(n) for n in range(7)] == [
        "Mo",
        "Tu",
        "We",
        "Th",
        "Fr",
        "Sa",
        "Su",
    ]


# -- sessions --------------------------------------------------------------------------------


def test_status_words_and_the_plain_footer() -> None:
    assert sessions.status_word("interrupted") == "cut off"
    assert sessions.status_word("odd") == "odd"
    assert events.footer(True, 61, 120, None) == "Done. Active time 1:01 (planned 2:00).\n"
    assert events.footer(False, 5, 60, {"left": "20 s", "right": "0 s"}) == (
        "Left side: 20 s · Right side: 0 s\nStopped. Active time 0:05 (planned 1:00).\n"
    )


def test_summary_facts_count_and_name_the_sides() -> None:
    plan = build_plan(ROUTINE, "left")
    tally = Tally(active=90, finished=True)
    tally.per_side["left"] = 40
    assert events.summary_title(tally.finished, "Small") == "Done: Small"
    rows = dict(events.facts(plan, tally))
    assert rows["Active time"] == "1 min 30 s of 2 min 28 s planned"
    assert rows["Left side"] == "40 s" and rows["Right side"] == "0 s"


def test_pause_words() -> None:
    assert events.paused("suspend", keys=False) == (
        "paused: time stopped (the computer slept or the program was stopped)"
    )
    assert events.paused_banner("suspend", stopped_by_user=True) == (
        "PAUSED (psoas was suspended) · press space to go on"
    )
    assert events.paused_banner(None, stopped_by_user=False) == "PAUSED · press space to go on"
    assert events.progress(80) == "about 1 min left"
    assert events.progress(90) == "about 2 min left"  # to the nearest minute
    assert events.progress(600) == "about 10 min left"
    assert events.progress(60) == "about 1 min left"
    assert events.progress(59.9) == "under a minute left"
    assert events.progress(90, untimed=2) == "about 2 min left + 2 untimed"  # not counted


def test_routine_lengths_and_the_show_total() -> None:
    plan = build_plan(ROUTINE, "left")
    assert routines.plan_length(plan) == "2 min 28 s + 2 untimed"
    assert routines.short_length(plan) == "2:28+"
    assert routines.total_line(plan) == (
        "Total: 2:28 (2 min 28 s) plus 2 untimed interval(s) that wait for you"
    )
    assert routines.source(False, "x.toml") == "yours (x.toml)"


def test_spoken_phrases_name_the_side_and_the_length() -> None:
    plan = build_plan(ROUTINE, "left")
    said = spoken.phrases(plan)
    assert said["ready:0"] == "Left side: Hold. 20 seconds."
    assert said["switch"] == "Switch sides."


# -- every word can be translated ------------------------------------------------------------


class Dutch(gettext.NullTranslations):
    WORDS: ClassVar[dict[str, str]] = {
        "Rest": "Rust",
        "{count} day ago": "{count} dag geleden",
        "{count} days ago": "{count} dagen geleden",
        "Nov": "nov",
        "cut off": "afgebroken",
    }

    def gettext(self, message: str) -> str:
        return self.WORDS.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def test_the_words_come_from_the_active_catalog() -> None:
    rest = next(i for i in plan_of() if i.rests_between)
    i18n.use(Dutch())
    try:
        assert intervals.name(rest) == "Rust"
        assert durations.ago(datetime(2026, 11, 20), datetime(2026, 11, 24)) == "4 dagen geleden"
        assert durations.day_month(date(2026, 11, 2)) == "2 nov"
        assert sessions.status_word("interrupted") == "afgebroken"
    finally:
        i18n.use(gettext.NullTranslations())
    assert intervals.name(rest) == "Rest"


MARKERS = {"_", "N_", "ngettext"}


def marking_problems(source: str, name: str) -> tuple[int, list[str]]:
    """The strings marked for translation in ``source``, and what is wrong with them: a
    marker of anything but a literal (an f-string, a sum, a variable), or a literal with a
    placeholder that has no name. ``_()`` may look a word up in a table marked with N_."""
    problems = []
    count = 0
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in MARKERS
        ):
            continue
        marker, line = node.func.id, node.lineno
        for arg in node.args[:2] if marker == "ngettext" else node.args[:1]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                count += 1
                parsed = string.Formatter().parse(arg.value)
                if any(f is not None and not f.isidentifier() for _t, f, _s, _c in parsed):
                    problems.append(f"{name}:{line}: {arg.value!r} has an unnamed placeholder")
            elif marker == "_" and isinstance(arg, ast.Subscript):
                continue
            else:
                problems.append(f"{name}:{line}: {marker}() of {type(arg).__name__}")
    return count, problems


def test_every_marked_string_is_a_literal_with_named_placeholders() -> None:
    total, problems = 0, []
    for path in sorted(TEXT.glob("*.py")):
        count, found = marking_problems(path.read_text(encoding="utf-8"), path.name)
        total += count
        problems += found
    assert total > 100  # the scan sees the text layer's words
    assert problems == []


def test_the_scan_catches_fstrings_variables_and_unnamed_placeholders() -> None:
    source = (
        'a = _(f"{n} days")\n'
        'b = _("{} days").format(n)\n'
        "c = _(word)\n"
        'd = ngettext("{0} rep", "{0} reps", n)\n'
        'e = _("{count} days").format(count=n)\n'
    )
    count, problems = marking_problems(source, "x.py")
    assert count == 4
    assert sorted(p.split(":")[1] for p in problems) == ["1", "2", "3", "4", "4"]
