"""Commands about routine files: list, show, check, new."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas_tui.commands import completion, messages
from psoas_tui.commands.run import add_fit
from psoas_tui.errors import EXIT_INVALID, EXIT_OK, UserError
from psoas_tui.text.i18n import _, ngettext

if TYPE_CHECKING:
    from psoas_tui.locations import Locations
    from psoas_tui.runner import PlanOptions


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("list", help=_("bundled and user routines with their total time"))
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
    fmt.add_argument("--slugs", action="store_true", help=_("one slug a line (shell completion)"))
    p.add_argument(
        "--all",
        action="store_true",
        help=_("also the versions in other languages of routines you have in yours"),
    )
    p.set_defaults(handler=list_routines)

    p = subparsers.add_parser("show", help=_("the expanded plan of a routine: every interval"))
    completion.routines(
        p.add_argument(
            "routine", metavar="ROUTINE", help=_("a routine's slug or a path to a .toml file")
        )
    )
    p.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
    add_fit(p)
    p.add_argument(
        "--even",
        action="store_true",
        help=_("the routine as written: no extra hold for a tight side (docs/coaching.md)"),
    )
    p.set_defaults(handler=show_routine)

    p = subparsers.add_parser("check", help=_("validate routine files; errors as PATH:LINE:COL"))
    completion.files(
        p.add_argument(
            "paths", metavar="PATH", nargs="+", help=_("routine files or folders of them")
        )
    )
    p.set_defaults(handler=check_paths)

    p = subparsers.add_parser("new", help=_("write a starter routine into your routines folder"))
    p.add_argument("name", metavar="NAME", help=_('the routine\'s name, e.g. "Evening stretch"'))
    p.set_defaults(handler=new_routine)


def list_routines(args: argparse.Namespace) -> int:
    if getattr(args, "slugs", False):  # file names only, nothing parsed: quick for every TAB
        return completion.print_slugs()
    from psoas_tui.locations import user_locations
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.catalog import language_of, shown_entries
    from psoas_tui.routine.text import clean_text
    from psoas_tui.text.i18n import shown_language

    rows = []
    for entry in shown_entries(user_locations(), every=getattr(args, "all", False)):
        routine = entry.result.routine
        plan = build_plan(routine) if routine else None
        row: dict[str, Any] = {
            "slug": clean_text(entry.slug),
            "name": routine.name if routine else clean_text(entry.slug),
            "id": routine.id if routine else None,
            "language": language_of(entry),
            "source": "bundled" if entry.bundled else "user",
            "total_seconds": plan.total_seconds if plan else None,
            "untimed": plan.untimed_count if plan else None,
            "tags": list(routine.tags) if routine else [],
            "path": clean_text(str(entry.path)),
            "problems": [str(p) for p in entry.problems],
        }
        rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from psoas_tui.output import console
    from psoas_tui.text import routines as describe

    table = Table(title=Text(_("psoas routines")), title_justify="left")
    table.add_column(_("Routine"), style="bold")
    table.add_column(_("Slug"), no_wrap=True)
    table.add_column(_("Time"), justify="right")
    table.add_column(_("Tags"))
    table.add_column(_("Source"), no_wrap=True)
    shown = shown_language()
    for row in rows:
        name = row["name"]
        if row["language"] and row["language"] != shown:  # in a language not the reader's
            name = _("{name} [{language}]").format(name=name, language=row["language"])
        if row["total_seconds"] is not None:
            time = describe.length(row["total_seconds"], row["untimed"])
        else:
            time = describe.invalid()
        table.add_row(
            Text(name),
            Text(row["slug"]),
            Text(time, style="" if row["total_seconds"] is not None else "red"),
            Text(", ".join(row["tags"])),
            Text(_("bundled") if row["source"] == "bundled" else _("yours")),
        )
    out = console()
    out.print(table)
    for row in rows:
        for problem in row["problems"]:
            out.print(Text(problem, style="red"))
    out.print(Text(_("Run one with: psoas run SLUG   ·   see its plan: psoas show SLUG")))
    return EXIT_OK


def _warn(message: str) -> None:
    import sys

    print(messages.WARNING.format(message=message), file=sys.stderr)


def show_routine(args: argparse.Namespace) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.plan import build_plan
    from psoas_tui.runner import prepare_plan, resolve_routine
    from psoas_tui.text.coaching import reason_lines
    from psoas_tui.text.intervals import name

    locations = user_locations()
    routine = resolve_routine(args.routine, locations).routine
    options = _show_options(args, locations)
    try:
        plan = prepare_plan(routine, options, warn=_warn)
    finally:
        close = getattr(options.sides, "close", None)
        if close is not None:
            close()
    adapted = plan.adapted
    reasons = reason_lines(adapted)
    rows: list[dict[str, Any]] = [
        {
            "start": offset,
            "kind": interval.kind.value,
            "label": name(interval),
            "step": interval.step_name,
            "side": interval.side,
            "set": interval.set,
            "sets": interval.sets,
            "round": interval.round,
            "rounds": interval.rounds,
            "reps": interval.reps,
            "tempo": interval.tempo,
            "duration": interval.duration,
        }
        for offset, interval in plan.offsets()
    ]
    if args.json:
        document = {
            "slug": routine.slug,
            "name": routine.name,
            "total_seconds": plan.total_seconds,
            "untimed": plan.untimed_count,
            "written_seconds": build_plan(routine).total_seconds,
            "budget_seconds": adapted.fit.budget if adapted and adapted.fit else None,
            "planned_seconds": adapted.fit.seconds if adapted and adapted.fit else None,
            "estimated": bool(adapted and adapted.fit and adapted.fit.estimated),
            "tight_side": adapted.extra.side if adapted else None,
            "reasons": reasons,
            "intervals": rows,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from psoas_tui.output import console
    from psoas_tui.text import routines as describe
    from psoas_tui.text.durations import clock

    table = Table(title=Text(f"{routine.name} ({routine.slug})"), title_justify="left")
    for column, justify in (
        ("#", "right"),
        (_("Start"), "right"),
        (_("Kind"), "left"),
        (_("What"), "left"),
        (_("Side"), "left"),
        (_("Set"), "left"),
        (_("Reps"), "left"),
        (_("Time"), "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for index, (offset, interval) in enumerate(plan.offsets(), start=1):
        duration = clock(interval.duration) if interval.duration is not None else None
        table.add_row(
            Text(str(index)),
            Text(clock(offset)),
            Text(describe.kind_column(interval)),
            Text(name(interval)),
            Text(describe.side_word(interval.side)),
            Text(describe.set_column(interval)),
            Text(describe.reps_column(interval)),
            Text(duration or describe.never_timed()),
        )
    out = console()
    out.print(table)
    out.print(Text(describe.total_line(plan)))
    for reason in reasons:
        out.print(Text(reason))
    return EXIT_OK


def _show_options(args: argparse.Namespace, locations: Locations) -> PlanOptions:
    """What ``run`` would do (the budget, the tight side from the log, the setting);
    ``--even``: the routine as written, or only fitted with ``--fit``. Sides in file order."""
    from psoas_tui.runner import PlanOptions

    if args.even:
        return PlanOptions(budget=args.fit)
    from psoas_tui.history import open_log
    from psoas_tui.settings import load_settings

    settings, _problems = load_settings(locations)  # ``run`` reports them
    log = open_log(locations, warn=_warn)
    return PlanOptions(budget=args.fit, sides=log, asymmetry=settings.asymmetry)


def check_paths(args: argparse.Namespace) -> int:
    from psoas_tui.output import console
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.load import load_routine
    from psoas_tui.routine.text import clean_text
    from psoas_tui.text.routines import checked

    files: list[Path] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                raise UserError(messages.NO_ROUTINE_FILES.format(name=name))
            files.extend(found)
        else:
            files.append(path)
    out = console()
    failed = 0
    for path in files:
        result = load_routine(path)
        if result.routine is None:
            failed += 1
            for problem in result.problems:
                out.print(str(problem), markup=False, highlight=False, soft_wrap=True)
            continue
        plan = build_plan(result.routine)
        out.print(
            checked(clean_text(str(path)), result.routine.name, plan),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if failed:
        out.print(
            ngettext(
                "{failed} of {count} file has problems: fix the lines above "
                "(PATH:LINE:COL) and run psoas check again",
                "{failed} of {count} files have problems: fix the lines above "
                "(PATH:LINE:COL) and run psoas check again",
                len(files),
            ).format(failed=failed, count=len(files)),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return EXIT_INVALID
    return EXIT_OK


def new_routine(args: argparse.Namespace) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.routine.template import write_new_routine
    from psoas_tui.routine.text import clean_text

    path = write_new_routine(args.name, user_locations())
    shown = clean_text(str(path))  # the folder's name comes from outside (PSOAS_HOME)
    print(_("Wrote {path}").format(path=shown))
    print(_("Check it with: psoas check {path}").format(path=shown))
    print(_("Run it with:   psoas run {slug}").format(slug=clean_text(path.stem)))
    return EXIT_OK
