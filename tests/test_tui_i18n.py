"""The app in Dutch: every screen's own words from the catalog, a language switch that
relabels the running app and is kept, the routine's language for the routine's words."""

from __future__ import annotations

import functools
import gettext
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_fakes import FIXED_NOW, ROUTINE, FakeClock, RecordingPlayer, locations_at, pilot_test

from psoas_tui import locale
from psoas_tui.history import open_log
from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings, load_settings, save_settings
from psoas_tui.text import i18n
from psoas_tui.tui import language
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.dialogs import CheckInScreen
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.screens.summary import SummaryScreen
from psoas_tui.tui.widgets.bigword import BigWord

CATALOG = Path(language.__file__).parent.parent / "locale" / "nl" / "LC_MESSAGES" / "psoas.po"


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """The language is global state: every test leaves English behind it."""
    yield
    language.use_language("en")
    language.translations_for.cache_clear()


def catalog_messages(path: Path = CATALOG) -> list[tuple[str, str]]:
    """(msgid, msgstr) for every message of the TUI's catalog (plural forms each)."""
    pairs: list[tuple[str, str]] = []
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                key = match.group(1)
                fields[key] = eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += eval(line)
        if "msgid_plural" in fields:
            pairs.append((fields["msgid"], fields["msgstr[0]"]))
            pairs.append((fields["msgid_plural"], fields["msgstr[1]"]))
        elif "msgid" in fields:
            pairs.append((fields["msgid"], fields["msgstr"]))
    return pairs


# Single English words of the catalog that are Dutch words too ("of": or, "over": about).
DUTCH_TOO = frozenset({"over"})


@functools.cache
def english_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """A pattern for each English phrase of the catalog that Dutch does not share: the
    text between placeholders, as whole words. Compiled once a run: the catalog is the
    committed file, and hundreds of patterns overflow ``re``'s own cache."""
    patterns = []
    for msgid, msgstr in catalog_messages():
        if msgid == msgstr:
            continue
        for part in re.split(r"\{[a-z_]+\}", msgid):
            part = part.strip(" :·.()")
            if len(part) < 2 or not re.search("[A-Za-z]{2}", part) or part in msgstr:
                continue
            if re.fullmatch(r"[A-Za-z]{1,3}", part) or part in DUTCH_TOO:
                continue
            words = r"(?<![A-Za-z])" + re.escape(part) + r"(?![A-Za-z])"
            patterns.append((msgid, re.compile(words)))
    return tuple(patterns)


def screen_text(app: PsoasApp) -> str:
    """What the terminal shows now, toasts included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def build(home: Path, **settings: Any) -> PsoasApp:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-routine.toml").write_text(ROUTINE, encoding="utf-8")
    locations = locations_at(home)
    return make_app(
        settings=Settings(**settings),
        locations=locations,
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=open_log(locations),
        now=lambda: FIXED_NOW,
        load_entries=user_entries,
        suspend_gap=None,
        persist_settings=lambda s: save_settings(locations, s),
    )


# The English routine's own text (its author's words) is exempt: blanked before the check.
AUTHOR_TEXT = (
    "Test [bold]routine[/bold]",
    "A routine for tests: every kind of step.",
    "Lunge stretch",
    "Kneel and lean forward.",
    "Knee drive",
    "Thomas test",
    "Does the other leg lift?",
    "a little",
    "clearly",
    "Breathe",
    "kind of step",  # the summary's end, beside the help dialog
    "test player (no sound)",  # the test's fake player describes itself
)


def not_in_catalog(tmp: Path) -> list[re.Pattern[str]]:
    """The text layer's messages (psoas_tui/text/) that this catalog does not hold yet:
    they come with the text layer's own catalog, so their English is left out here until
    both catalogs are one file (then every one of them is checked too)."""
    pot = tmp / "text.pot"
    sources = sorted(str(p) for p in (CATALOG.parents[3] / "text").glob("*.py"))
    subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "-k_",
            "-kN_",
            "-kngettext:1,2",
            "--from-code=UTF-8",
            "-o",
            str(pot),
            *sources,
        ],
        check=True,
    )
    ours = {msgid for msgid, _msgstr in catalog_messages()}
    theirs = {msgid for msgid, _msgstr in catalog_messages(pot)} - ours
    return [
        re.compile(".*?".join(re.escape(part) for part in re.split(r"\{[a-z_]+\}", msgid)))
        for msgid in sorted(theirs, key=len, reverse=True)
        if msgid
    ]


def english_on(text: str, elsewhere: list[re.Pattern[str]]) -> list[str]:
    for words in AUTHOR_TEXT:
        text = text.replace(words, " ")
    # a routine file's keys and word values (the editor): TOML, the same in every language
    text = re.sub(r'\b[a-z_]+ = ("[a-z]+")?', " ", text)
    for pattern in elsewhere:
        text = pattern.sub(" ", text)
    return sorted({msgid for msgid, pattern in english_patterns() if pattern.search(text)})


@pytest.mark.slow
@pilot_test
async def test_the_dutch_app_shows_none_of_its_english_words(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Home, help, history, editor, session, check-in and summary in Dutch (a Dutch
    routine with English step names: its author's words): no English phrase of the TUI's
    catalog is on screen anywhere."""
    elsewhere = not_in_catalog(tmp_path)
    app = build(isolated_home, language="nl")
    path = isolated_home / "routines" / "test-routine.toml"
    path.write_text(ROUTINE.replace("schema = 1\n", 'schema = 1\nlanguage = "nl"\n'))
    seen: dict[str, list[str]] = {}

    async def look(name: str) -> None:
        await pilot.pause()
        await pilot.pause()
        seen[name] = english_on(screen_text(app), elsewhere)

    async with app.run_test(size=(120, 40)) as pilot:
        await look("home")
        assert "Geschiedenis" in screen_text(app)
        await pilot.press("f1")
        await look("home help")
        await pilot.press("escape")
        await pilot.press("h")
        await look("history")
        await pilot.press("escape")
        await pilot.press("n")
        await look("editor")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await look("session")
        await pilot.press("f1")
        await look("session help")
        await pilot.press("escape")
        await pilot.press("space")
        await look("session paused")
        await pilot.press("space")
        while not isinstance(app.screen, CheckInScreen):
            session.action_skip()
            await pilot.pause()
        await look("check-in")
        while isinstance(app.screen, CheckInScreen):  # one check a side
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("q")
        await look("stop dialog")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await look("summary")
        app.screen.query_one("#note", Input).value = "fijn"
        await pilot.press("escape")
        await look("summary close dialog")
    assert {name: words for name, words in seen.items() if words} == {}


@pilot_test
async def test_the_language_command_relabels_the_running_app_and_is_kept(
    isolated_home: Path,
) -> None:
    """The palette's "Language: Nederlands" turns the key bar, the list's header and the
    title Dutch at once, without a restart, and settings.toml keeps it; back to English."""
    app = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        english = screen_text(app)
        assert "History" in english and "Last done" in english
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Language: Nederlands")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        dutch = screen_text(app)
        assert "Geschiedenis" in dutch and "Laatst gedaan" in dutch
        assert "History" not in dutch and "Last done" not in dutch
        assert load_settings(app.locations)[0].language == "nl"
        await pilot.press("f1")
        await pilot.pause()
        assert "Toetsen: Routines" in screen_text(app)
        await pilot.press("escape")
        app.action_language("en")
        await pilot.pause()
        assert "History" in screen_text(app)
        assert load_settings(app.locations)[0].language == "en"


@pilot_test
async def test_the_editor_footer_follows_a_language_switch(isolated_home: Path) -> None:
    """Textual's Footer in the editor builds its keys again in the new language."""
    app = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "Next problem" in screen_text(app)
        app.action_language("nl")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Volgende fout" in text and "Next problem" not in text
        assert "Je bewerkt" in text


@pilot_test
async def test_english_loads_no_catalog(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English is the msgids themselves: starting in English reads no catalog at all (the
    text layer's loader, psoas_tui.locale.read_catalog, is never asked for one)."""
    read: list[str] = []
    real = locale.read_catalog

    def reading(code: str) -> Any:
        read.append(code)
        return real(code)

    monkeypatch.setattr(locale, "read_catalog", reading)
    monkeypatch.setattr(i18n, "_loaded", {})  # as at start: no catalog read yet
    app = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "History" in screen_text(app)
    assert read == []
    assert i18n.translations_for("nl").gettext("History") == "Geschiedenis"
    assert read == ["nl"]  # the loader is watched: Dutch does read its catalog


def test_the_dutch_catalog_is_complete_and_compiles(tmp_path: Path) -> None:
    """Every TUI message has a Dutch translation, none fuzzy; msgfmt --check is clean and
    the committed .mo is the .po compiled."""
    assert "#, fuzzy" not in CATALOG.read_text(encoding="utf-8")
    assert all(msgstr for _msgid, msgstr in catalog_messages())
    compiled = tmp_path / "psoas.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(CATALOG)], check=True)
    # make i18n compiles with Babel: the same messages as msgfmt's, not the same bytes
    assert catalog_of(compiled) == catalog_of(CATALOG.with_suffix(".mo"))


def catalog_of(path: Path) -> dict[Any, str]:
    with path.open("rb") as handle:
        messages: dict[Any, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in messages.items() if key != ""}


TINY_CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "LEFT"
msgstr "LINKS"

msgid "RIGHT"
msgstr "RECHTS"

msgid "Pause"
msgstr "Pauze"
"""


@pytest.fixture
def tiny_dutch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dutch catalog with the side words and one key, whatever the real one holds."""
    folder = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "psoas.po").write_text(TINY_CATALOG, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(folder / "psoas.mo"), str(folder / "psoas.po")], check=True)
    monkeypatch.setattr(locale, "FOLDER", tmp_path / "locale")
    monkeypatch.setattr(i18n, "_loaded", {})  # read the tiny catalog, not one read before


@pytest.mark.parametrize(
    ("ui", "routine", "side", "key"),
    [("en", "nl", "LINKS", "Pause"), ("nl", "en", "LEFT", "Pauze")],
)
@pilot_test
async def test_the_routine_language_rules_the_side_and_the_ui_language_the_keys(
    isolated_home: Path, tiny_dutch: None, ui: str, routine: str, side: str, key: str
) -> None:
    """The side drawn large follows the routine's language; the key bar the UI's."""
    app = build(isolated_home, language=ui)
    path = isolated_home / "routines" / "test-routine.toml"
    path.write_text(ROUTINE.replace("schema = 1\n", f'schema = 1\nlanguage = "{routine}"\n'))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.query_one("#side-big", BigWord).word == side
        assert f"space {key}" in screen_text(app)
