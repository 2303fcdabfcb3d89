"""What psoas says aloud: a plan's phrases, in the routine's language, and what it says
when it cannot speak.

The spoken words follow the routine's ``language`` (its voice). They are looked up with
the same msgids the screens show ("Switch sides", "left", "{side} side", "halfway",
"{count} reps"), in the same catalog (:func:`translations_for`), so a translation gives
both the shown and the spoken word and the two never disagree.

Phrase keys (what triggers them): ``ready:N`` get-ready N; ``start:N`` exercise N that
starts a new step without a get-ready; ``check:N`` check N; ``switch``; ``rest:N`` rest N;
``halfway``; ``done`` the session's end; ``count:N`` the number N (the last seconds, and
reps counted aloud).
"""

from __future__ import annotations

from psoas_tui.plan import Interval, IntervalKind, Plan
from psoas_tui.routine.model import Side
from psoas_tui.text.i18n import N_, _, translations_for

# Reps are counted aloud when the routine's tempo gives a number this long (in seconds) to
# be said in: a faster tempo keeps the click. There is no routine key for it (docs/sound.md).
COUNT_TEMPO_MIN = 2.0
# Numbers rendered for the last seconds, whatever the countdown setting (0..10).
COUNTDOWN_MAX = 10

SIDES: dict[Side, str] = {"left": N_("left"), "right": N_("right")}  # as text/intervals.py


def sentence(text: str) -> str:
    """Text that starts with a capital and ends like a sentence, so the voice pauses after it."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


class Phrases:
    """The phrases of one language; every method returns one sentence (or more)."""

    def __init__(self, language: str) -> None:
        self.t = translations_for(language)

    def side(self, side: Side) -> str:
        """``Left side``: the words the screen shows under the clock."""
        words = self.t.gettext("{side} side").format(side=self.t.gettext(SIDES[side]))
        return words[0].upper() + words[1:]

    def step(self, interval: Interval) -> str:
        """``Left side: Half-kneeling hip flexor stretch.`` or ``Glute bridge.``"""
        if interval.side is None:
            return sentence(interval.step_name)
        return sentence(
            self.t.gettext("{side}: {step}").format(
                side=self.side(interval.side), step=interval.step_name
            )
        )

    def amount(self, work: Interval) -> str:
        """``40 seconds.`` or ``12 reps.``; empty when the work is untimed and uncounted."""
        if work.kind is IntervalKind.REPS and work.reps:
            return sentence(
                self.t.ngettext("{count} rep", "{count} reps", work.reps).format(count=work.reps)
            )
        if work.duration is not None:
            whole = round(work.duration)
            return sentence(
                self.t.ngettext("{count} second", "{count} seconds", whole).format(
                    count=f"{work.duration:g}"
                )
            )
        return ""

    def switch(self) -> str:
        return sentence(self.t.gettext("Switch sides"))

    def rest(self, interval: Interval) -> str:
        """``Rest.`` between sets and rounds, or the rest step's own name."""
        if interval.rests_between:
            return sentence(self.t.gettext("Rest"))
        return sentence(interval.step_name)

    def halfway(self) -> str:
        return sentence(self.t.gettext("halfway"))

    def done(self, routine: str) -> str:
        return sentence(self.t.gettext("Done: {routine}").format(routine=routine))


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def announcement(plan: Plan, interval: Interval) -> str:
    """What is said at an interval's get-ready: side, step name, and how long or how many."""
    say = Phrases(plan.routine.language)
    work = _work_after(plan, interval)
    return _join(say.step(interval), say.amount(work) if work is not None else "")


def _work_after(plan: Plan, interval: Interval) -> Interval | None:
    following = interval.index + 1
    if following < len(plan.intervals):
        candidate = plan.intervals[following]
        if candidate.is_exercise and candidate.step_name == interval.step_name:
            return candidate
    return None


def question(plan: Plan, interval: Interval) -> str:
    """What is said when a check starts: side, name and the question."""
    say = Phrases(plan.routine.language)
    return _join(say.step(interval), sentence(interval.question))


def counted(interval: Interval) -> bool:
    """Whether this rep set's reps are counted aloud (a tempo of COUNT_TEMPO_MIN or more)."""
    return (
        interval.kind is IntervalKind.REPS
        and bool(interval.reps)
        and (interval.tempo or 0.0) >= COUNT_TEMPO_MIN
    )


def phrases(plan: Plan) -> dict[str, str]:
    """Every phrase a session of this plan may say, keyed as the module says."""
    say = Phrases(plan.routine.language)
    said: dict[str, str] = {}
    previous: Interval | None = None
    highest = COUNTDOWN_MAX
    for interval in plan.intervals:
        if interval.kind is IntervalKind.GET_READY:
            said[f"ready:{interval.index}"] = announcement(plan, interval)
        elif interval.kind is IntervalKind.SWITCH:
            said["switch"] = say.switch()
        elif interval.kind is IntervalKind.CHECK:
            said[f"check:{interval.index}"] = question(plan, interval)
        elif interval.kind is IntervalKind.REST:
            said[f"rest:{interval.index}"] = say.rest(interval)
        elif interval.is_exercise and (
            previous is None or previous.step_name != interval.step_name
        ):
            said[f"start:{interval.index}"] = _join(say.step(interval), say.amount(interval))
        if interval.kind is IntervalKind.WORK:
            said["halfway"] = say.halfway()
        if counted(interval) and interval.reps:
            highest = max(highest, interval.reps)
        previous = interval
    said["done"] = say.done(plan.routine.name)
    for number in range(1, highest + 1):
        said[f"count:{number}"] = str(number)  # the voice says the digits in its language
    return said


# -- when psoas cannot speak (shown in the language psoas shows, once a session) -------------

INSTALL = "apt-get install espeak-ng / brew install espeak-ng"


def no_engine() -> str:
    return _(
        "speech needs espeak-ng, which is not installed; playing beeps only. "
        "To hear step names: {install}"
    ).format(install=INSTALL)


def no_device(why: str) -> str:
    return _(
        "speech needs an audio device, and there is none ({why}); step names are not spoken. "
        "Check that a sound card or headphones are connected"
    ).format(why=why)


def no_voice(voice: str) -> str:
    return _(
        'espeak-ng has no voice "{voice}"; speaking English instead. '
        "To hear this routine's language: {install} (with its voice data, espeak-ng-data)"
    ).format(voice=voice, install=INSTALL)


def failed(reason: str) -> str:
    return _("speech failed ({reason}); playing beeps only").format(reason=reason)
