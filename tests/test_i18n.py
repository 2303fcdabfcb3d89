"""Issue #15, the mechanism: how psoas chooses its language, and the catalogs it ships."""

from __future__ import annotations

import gettext
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from psoas_tui import locale
from psoas_tui.text import durations, i18n

LOCALE = Path(locale.FOLDER)
DUTCH_PO = LOCALE / "nl" / "LC_MESSAGES" / "psoas.po"
DUTCH_MO = LOCALE / "nl" / "LC_MESSAGES" / "psoas.mo"


def psoas(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psoas_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


# -- choosing -------------------------------------------------------------------------------


def test_the_option_comes_before_the_setting_and_the_setting_before_the_environment() -> None:
    env = {"LANG": "nl_NL.UTF-8"}
    assert i18n.choose_language("en", "nl", env) == ("en", "")
    assert i18n.choose_language(None, "en", env) == ("en", "")
    assert i18n.choose_language(None, None, env) == ("nl", "")
    assert i18n.choose_language(None, "nl", {"LANG": "en_GB.UTF-8"}) == ("nl", "")


def test_the_environment_is_read_in_gettexts_order() -> None:
    every = {"LANGUAGE": "nl", "LC_ALL": "en_US", "LC_MESSAGES": "en_US", "LANG": "en_US"}
    assert i18n.choose_language(environ=every).language == "nl"
    assert i18n.choose_language(environ={"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US"}).language == "nl"
    assert i18n.choose_language(environ={"LC_MESSAGES": "nl_NL", "LANG": "en_US"}).language == "nl"
    assert i18n.choose_language(environ={"LANG": "nl_NL.UTF-8"}).language == "nl"
    # LANGUAGE is a list: its first language psoas has
    assert i18n.choose_language(environ={"LANGUAGE": "fr:nl:en"}).language == "nl"
    # C and POSIX ask for no language: English, nothing to say
    assert i18n.choose_language(environ={"LC_ALL": "C", "LANG": "nl_NL"}) == ("en", "")
    assert i18n.choose_language(environ={}) == ("en", "")


def test_an_unsupported_language_is_english_with_its_name() -> None:
    assert i18n.choose_language("fr") == ("en", "fr")
    assert i18n.choose_language(environ={"LANG": "de_DE.UTF-8"}) == ("en", "de")


def test_a_dutch_environment_shows_dutch_and_lang_en_shows_english(
    psoas_env: dict[str, str],
) -> None:
    psoas_env["LANG"] = "nl_NL.UTF-8"
    dutch = psoas(psoas_env, "list")
    assert dutch.returncode == 0, dutch.stderr
    assert "Bron" in dutch.stdout and "Source" not in dutch.stdout
    for args in (("--lang", "en", "list"), ("list", "--lang", "en"), ("list", "--lang=en")):
        english = psoas(psoas_env, *args)
        assert english.returncode == 0, english.stderr
        assert "Source" in english.stdout and "Bron" not in english.stdout, args


def test_help_and_argparses_own_words_follow_the_language(psoas_env: dict[str, str]) -> None:
    done = psoas(psoas_env, "--lang", "nl", "run", "--help")
    assert done.stdout.startswith("gebruik: psoas run")
    assert "laat deze hulp zien en stop" in done.stdout
    assert "regel voor regel" in done.stdout
    wrong = psoas(psoas_env, "--lang", "nl", "lst")
    assert "ongeldige keuze: 'lst'" in wrong.stderr


def test_the_language_setting_is_used(psoas_env: dict[str, str], isolated_home: Path) -> None:
    (isolated_home / "config").mkdir(exist_ok=True)
    from psoas_tui.locations import user_locations

    settings = user_locations(psoas_env).settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('language = "nl"\n', encoding="utf-8")
    psoas_env["LANG"] = "en_US.UTF-8"
    assert "Bron" in psoas(psoas_env, "list").stdout
    assert "Source" in psoas(psoas_env, "--lang", "en", "list").stdout


def test_an_unsupported_language_says_so_once_and_goes_on_in_english(
    psoas_env: dict[str, str],
) -> None:
    psoas_env["LANG"] = "fr_FR.UTF-8"
    done = psoas(psoas_env, "list")
    assert done.returncode == 0
    assert "Source" in done.stdout
    assert done.stderr.count("\n") == 1
    assert 'no translation for "fr"; using English' in done.stderr


# -- words in a language ----------------------------------------------------------------------


def test_dutch_dates_durations_and_numbers() -> None:
    with i18n.in_language("nl"):
        sunday = date(2026, 11, 29)
        assert f"{durations.weekday(sunday)} {durations.day_month_year(sunday)}" == (
            "zo 29 nov. 2026"
        )
        assert durations.when_long(datetime(2026, 11, 29, 7, 30)) == "zo 29 nov. 2026 07:30"
        assert durations.human(90) == "1 min 30 s"
        assert durations.seconds(2.5) == "2,5 s"
        assert i18n.number(1.5) == "1,5"
    assert durations.human(3700) == "1 h 1 min"
    assert durations.seconds(2.5) == "2.5 s"


def test_a_block_in_another_language_leaves_the_shown_language_alone() -> None:
    i18n.set_language("nl")
    assert i18n._("Rest") == "Rust"
    with i18n.in_language("en"):
        assert i18n._("Rest") == "Rest"
        assert i18n.shown_language() == "nl"
    assert i18n.ngettext("{count} day", "{count} days", 3).format(count=3) == "3 dagen"
    assert i18n.translations_for("en").gettext("Rest") == "Rest"


def test_marked_templates_are_translated_when_formatted() -> None:
    from psoas_tui.routine import messages

    i18n.set_language("nl")
    assert messages.DID_YOU_MEAN.format(match="rest") == '; bedoel je "rest"?'
    i18n.set_language("en")
    assert messages.DID_YOU_MEAN.format(match="rest") == '; did you mean "rest"?'


def test_the_catalog_is_read_only_when_a_word_is_looked_up() -> None:
    code = (
        "import sys\n"
        "from psoas_tui.text import i18n\n"
        "i18n.set_language('nl')\n"
        "assert not i18n._loaded, i18n._loaded\n"
        "assert i18n._('Rest') == 'Rust'\n"
        "assert list(i18n._loaded) == ['nl']\n"
        "import psoas_tui.cli\n"
        "assert 'babel' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_choosing_the_language_imports_no_babel(psoas_env: dict[str, str]) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from psoas_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--lang', 'nl', 'list', '--json'])\n"
        "print(any(m.split('.')[0] == 'babel' for m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=psoas_env
    )
    assert done.stdout.strip() == "False", done.stderr


# -- the catalogs -----------------------------------------------------------------------------


def test_the_compiled_catalog_is_current() -> None:
    """The committed .mo says what the .po says: run `make i18n` after editing a .po."""
    from babel.messages.pofile import read_po

    with DUTCH_PO.open("rb") as handle:
        catalog = read_po(handle)
    with DUTCH_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            forms = message.string
            if (
                compiled.ngettext(message.id[0], message.id[1], 1) != forms[0]
                or compiled.ngettext(message.id[0], message.id[1], 2) != forms[1]
            ):
                stale.append(message.id[0])
        elif compiled.gettext(message.id) != message.string:
            stale.append(message.id)
    assert not stale, f"the .mo is older than the .po for: {stale[:5]}; run make i18n"
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    extra = [key for key in compiled._catalog if isinstance(key, str) and key and key not in ids]
    assert not extra, f"the .mo has messages the .po no longer has: {extra[:5]}; run make i18n"


def test_msgfmt_check_is_clean() -> None:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(DUTCH_PO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "fuzzy" not in done.stderr and "untranslated" not in done.stderr, done.stderr


@pytest.fixture(scope="session")
def extracted() -> set[str]:
    """Every msgid the source marks, found as `make i18n` finds them (Babel's extraction)."""
    from babel.messages.extract import extract_from_dir

    root = Path(i18n.__file__).resolve().parents[2]
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root / "psoas_tui"), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_marked_message_has_a_dutch_translation_that_is_not_fuzzy(
    extracted: set[str],
) -> None:
    from babel.messages.pofile import read_po

    with DUTCH_PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for msgid in sorted(extracted):
        message = catalog.get(msgid)
        if message is None or message.fuzzy:
            missing.append(msgid)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(msgid)
    assert not missing, f"{len(missing)} messages lack Dutch (make i18n, then translate): " + (
        "; ".join(repr(m) for m in missing[:8])
    )
