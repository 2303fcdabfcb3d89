"""Issue #15: routines across languages, and a Dutch session that speaks only Dutch."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from psoas_tui import locale

DUTCH_TWINS = {"bureaupauze", "warming-up-hardlopen", "rekken-en-versterken", "thomastest"}
ENGLISH = {"desk-break", "pre-run-warm-up", "stretch-and-strengthen", "thomas-test"}


def psoas(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psoas_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=90,
    )


def listed(env: dict[str, str], *args: str) -> list[dict[str, object]]:
    done = psoas(env, "list", "--json", *args)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_list_json_gives_each_routines_language_and_id(psoas_env: dict[str, str]) -> None:
    rows = {row["slug"]: row for row in listed(psoas_env, "--all")}
    assert rows["thomastest"]["language"] == "nl"
    assert rows["thomastest"]["id"] == "thomas-test" == rows["thomas-test"]["id"]
    assert rows["pre-run-warm-up"]["language"] == "en"


def test_an_english_reader_sees_no_dutch_twins_unless_all(psoas_env: dict[str, str]) -> None:
    assert {row["slug"] for row in listed(psoas_env)} == ENGLISH
    assert {row["slug"] for row in listed(psoas_env, "--all")} == ENGLISH | DUTCH_TWINS


def test_a_dutch_reader_sees_dutch_routines_first(psoas_env: dict[str, str]) -> None:
    psoas_env["LANG"] = "nl_NL.UTF-8"
    slugs = [str(row["slug"]) for row in listed(psoas_env)]
    assert set(slugs) == DUTCH_TWINS
    every = [str(row["slug"]) for row in listed(psoas_env, "--all")]
    assert set(every[: len(DUTCH_TWINS)]) == DUTCH_TWINS
    assert set(every[len(DUTCH_TWINS) :]) == ENGLISH


def test_a_routine_with_no_version_in_the_readers_language_is_listed_and_marked(
    psoas_env: dict[str, str], isolated_home: object
) -> None:
    from pathlib import Path

    folder = Path(psoas_env["PSOAS_HOME"]) / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "avond.toml").write_text(
        'schema = 1\nname = "Avondrekken"\nlanguage = "nl"\n\n'
        '[[steps]]\nname = "Rekken"\nkind = "timed"\nduration = 30\n',
        encoding="utf-8",
    )
    rows = listed(psoas_env)
    assert [row["slug"] for row in rows][-1] == "avond"
    table = psoas(psoas_env, "list").stdout
    assert "Avondrekken [nl]" in table
    assert "Thomas self-test [" not in table


def test_run_by_id_under_a_dutch_ui_runs_the_dutch_version(psoas_env: dict[str, str]) -> None:
    psoas_env["PSOAS_TIME_SCALE"] = "400"
    psoas_env["LANG"] = "nl_NL.UTF-8"
    dutch = psoas(psoas_env, "run", "thomas-test", "--plain", stdin="1\n1\n1\n")
    assert dutch.returncode == 0, dutch.stderr
    assert "Thomastest" in dutch.stdout
    english = psoas(psoas_env, "run", "thomas-test", "--plain", "--lang", "en", stdin="1\n1\n1\n")
    assert "Thomas" in english.stdout and "Thomastest" not in english.stdout
    # the Dutch slug is that file whatever the language shown
    psoas_env["LANG"] = "C.UTF-8"
    chosen = psoas(psoas_env, "run", "thomastest", "--plain", stdin="1\n1\n1\n")
    assert "Thomastest" in chosen.stdout


def _english_phrases() -> set[str]:
    """The English msgids' wording (the text between placeholders) that Dutch changes."""
    from babel.messages.pofile import read_po

    with (locale.FOLDER / "nl" / "LC_MESSAGES" / "psoas.po").open("rb") as handle:
        catalog = read_po(handle)
    phrases: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue
            for part in re.split(r"\{[^}]*\}|%\([a-z_]+\)[a-z]|%[a-z]", english):
                part = part.strip(" .,:;·()[]\n")
                # whole words only: "s", "min" and the like are the same in Dutch
                wordy = len(part) >= 4 and re.search(r"[a-z]{3}", part, re.IGNORECASE)
                if wordy and not any(part in dutch for dutch in strings):
                    phrases.add(part)
    return phrases


def test_a_dutch_plain_session_prints_only_dutch(psoas_env: dict[str, str]) -> None:
    psoas_env["LANG"] = "nl_NL.UTF-8"
    psoas_env["PSOAS_TIME_SCALE"] = "400"
    done = psoas(psoas_env, "run", "thomastest", "--plain", "--mute", stdin="1\n2\n1\n")
    assert done.returncode == 0, done.stderr
    shown = done.stdout + done.stderr
    assert "Klaar" in shown
    english = sorted(
        phrase for phrase in _english_phrases() if re.search(rf"\b{re.escape(phrase)}\b", shown)
    )
    assert english == [], f"English in a Dutch session: {english}\n{shown}"


def test_lang_en_under_a_dutch_locale_prints_english(psoas_env: dict[str, str]) -> None:
    psoas_env["LANG"] = "nl_NL.UTF-8"
    psoas_env["PSOAS_TIME_SCALE"] = "400"
    done = psoas(psoas_env, "--lang", "en", "run", "desk-break", "--plain", "--mute")
    assert done.returncode == 0, done.stderr
    assert "Get ready" in done.stdout and "Done." in done.stdout
    assert "Maak je klaar" not in done.stdout and "Klaar" not in done.stdout


def test_psoas_new_writes_a_dutch_starter_for_a_dutch_reader(psoas_env: dict[str, str]) -> None:
    """The starter routine is in the reader's language, marked so, and valid."""
    from pathlib import Path

    psoas_env["LANG"] = "nl_NL.UTF-8"
    done = psoas(psoas_env, "new", "Mijn ochtend")
    assert done.returncode == 0, done.stderr
    text = (Path(psoas_env["PSOAS_HOME"]) / "routines" / "mijn-ochtend.toml").read_text("utf-8")
    assert 'language = "nl"' in text and "heupbuigers" in text
    assert "hip flexor" not in text and "your" not in text
    checked = psoas(psoas_env, "check", str(Path(psoas_env["PSOAS_HOME"]) / "routines"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    english = psoas(psoas_env, "--lang", "en", "new", "My morning")
    assert english.returncode == 0, english.stderr
    mine = (Path(psoas_env["PSOAS_HOME"]) / "routines" / "my-morning.toml").read_text("utf-8")
    assert "hip flexor" in mine and "\nlanguage = " not in mine
