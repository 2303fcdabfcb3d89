"""Finding routines: the bundled ones inside the package and the user's own folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from psoas_tui.locations import Locations, bundled_routines
from psoas_tui.routine import messages
from psoas_tui.routine.load import LoadResult, Problem, load_routine
from psoas_tui.routine.save import sweep_stale_temp_files
from psoas_tui.routine.text import clean_text


class Entry(NamedTuple):
    """A routine file found on disk, valid or not: invalid files are listed with problems."""

    slug: str
    path: Path
    bundled: bool
    result: LoadResult

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.result.problems


def bundled_entries() -> list[Entry]:
    folder = bundled_routines()
    entries = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name.endswith(".toml") and item.is_file():
            path = Path(str(item))
            result = load_routine(path, bundled=True)
            entries.append(Entry(clean_text(path.stem), path, True, result))
    return entries


def user_entries(locations: Locations) -> list[Entry]:
    folder = locations.routines
    if not folder.is_dir():
        return []
    # Every read of the folder (list, show, home) sweeps what killed saves left there;
    # save.py says which files count as stale, and why a save in progress is safe.
    sweep_stale_temp_files(folder)
    entries = []
    for path in sorted(folder.glob("*.toml")):
        # A link that leads nowhere (dangling, or a loop) is listed as invalid, with why:
        # skipping it would make a routine vanish without a word.
        if path.is_file() or (path.is_symlink() and not path.exists()):
            entries.append(Entry(clean_text(path.stem), path, False, load_routine(path)))
    return entries


def all_entries(locations: Locations) -> list[Entry]:
    """Bundled routines first, then the user's; a user routine with a bundled slug shadows it."""
    user = user_entries(locations)
    user_slugs = {entry.slug for entry in user}
    return [e for e in bundled_entries() if e.slug not in user_slugs] + user


def language_of(entry: Entry) -> str | None:
    """The language an entry's routine is written in (None for a file with problems)."""
    routine = entry.result.routine
    return routine.language.split("-")[0].lower() if routine else None


def shown_entries(
    locations: Locations, language: str | None = None, *, every: bool = False
) -> list[Entry]:
    """The routines as home and ``psoas list`` show them to someone who reads ``language``
    (None: the language psoas shows): those in that language first; a version in another
    language of a routine they already have in theirs (the same ``id``) left out unless
    ``every``; routines with no version in their language listed after, as they are."""
    if language is None:
        from psoas_tui.text.i18n import shown_language

        language = shown_language()
    return arrange(all_entries(locations), language, every=every)


def arrange(entries: list[Entry], language: str, *, every: bool = False) -> list[Entry]:
    """:func:`shown_entries` of a list already read."""
    own = [entry for entry in entries if language_of(entry) == language]
    own_ids = {entry.result.routine.id for entry in own if entry.result.routine}
    others = [
        entry
        for entry in entries
        if language_of(entry) != language
        and (every or entry.result.routine is None or entry.result.routine.id not in own_ids)
    ]
    return own + others


def twin_in(entries: list[Entry], entry: Entry, language: str) -> Entry:
    """The version of ``entry``'s routine in ``language`` (the same ``id``) when the name
    used was the id itself; ``entry`` when there is none or it is in that language."""
    routine = entry.result.routine
    if routine is None or language_of(entry) == language or entry.slug != routine.id:
        return entry
    for other in entries:
        if (
            other.result.routine is not None
            and other.result.routine.id == routine.id
            and language_of(other) == language
        ):
            return other
    return entry


class RoutineNotFound(LookupError):
    pass


def resolve(
    name: str,
    locations: Locations,
    *,
    catalog: Callable[[Locations], list[Entry]] = all_entries,
    language: str | None = None,
) -> Entry:
    """A routine by slug (file stem) or by path to a .toml file; ``catalog`` lists the
    routines a slug is looked up in (the app hands in the list it shows).

    With a ``language``, a slug that is a routine's ``id`` (``pre-run-warm-up``) finds the
    routine's version in that language when there is one (the Dutch warming-up-hardlopen
    for a Dutch reader); any other slug, or a path, is that very file."""
    candidate = Path(name).expanduser()
    if name.endswith(".toml") or "/" in name or candidate.is_file():
        return Entry(clean_text(candidate.stem), candidate, False, load_routine(candidate))
    entries = catalog(locations)
    for entry in entries:
        if entry.slug == name:
            return twin_in(entries, entry, language) if language else entry
    slugs = sorted(entry.slug for entry in entries)
    import difflib

    hint = difflib.get_close_matches(name, slugs, n=1)
    tip = messages.DID_YOU_MEAN.format(match=hint[0]) if hint else messages.NO_HINT.format()
    raise RoutineNotFound(messages.ROUTINE_NOT_FOUND.format(name=name, hint=tip))
