"""``psoas completion bash|zsh|fish``: the scripts run in the real shells and complete commands,
options and routine slugs (bundled and the user's), asking the real ``psoas list --slugs``.

zsh and fish are test prerequisites (scripts/prereqs.sh), so nothing here is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_tui.commands.completion import routine_slugs
from psoas_tui.locations import user_locations
from psoas_tui.routine.catalog import all_entries
from tests.conftest import PSOAS

BIN = str(Path(PSOAS).parent)

# Calls the completion function the script registered for psoas (`complete -p psoas`) the way
# bash does on TAB: COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set, the function called with
# the command, the word being completed and the word before it.
BASH_TAB = r"""
source "$1"; shift
spec=$(complete -p psoas) || exit 3
fn=${spec#*-F }; fn=${fn%% *}
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
"$fn" psoas "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""

# zsh completes only inside its line editor: a real interactive zsh in a pseudo-terminal
# (zsh/zpty), the script loaded with eval as the README says, TAB typed after the words.
# compadd is wrapped to print what the completion offers, then adds it as before.
ZSH_TAB = r"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT= RPROMPT=; autoload -Uz compinit; compinit -u -D'
zpty -w z "eval \"\$(<${(q)1})\""
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a hits; builtin compadd -A hits "$@"
  print -l -- "<hit:"${^hits}">"; builtin compadd "$@"
}'
zpty -w z 'bindkey "^I" complete-word; print -- "<ready>"'
zpty -r z line '*<ready>*'
for n in {2..$#}; do
  zpty -w -n z "${@[n]}"$'\t'
  zpty -w -n z $'\C-u print -- "<do""ne>"\n'  # the echo of this line is not <done>
  out=
  for i in {1..400}; do
    zpty -r -t z line || { sleep 0.025; continue; }
    out+=$line
    [[ $out == *'<done>'* ]] && break
  done
  print -r -- "<line>" $(print -r -- $out | grep -o '<hit:[^>]*>' | sed 's/^<hit://; s/>$//')
done
zpty -d z
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PSOAS_HOME"] = str(home)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")  # the script calls `psoas`
    return env


@pytest.fixture(scope="session")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("completion")
    made = {}
    for shell in ("bash", "zsh", "fish"):
        done = subprocess.run(
            [PSOAS, "completion", shell],
            env=_env(folder / "home"),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert done.stderr == ""
        path = folder / f"psoas.{shell}"
        path.write_text(done.stdout, encoding="utf-8")
        made[shell] = path
    return made


def _user_routine(home: Path, slug: str) -> None:
    folder = user_locations({"PSOAS_HOME": str(home)}).routines
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.toml").write_text('name = "Mine"\n', encoding="utf-8")


def bash_tab(script: Path, home: Path, *words: str, cwd: Path | None = None) -> list[str]:
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_TAB, "bash", str(script), *words],
        env=_env(home),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_run_de_to_desk_break(scripts: dict[str, Path], isolated_home: Path) -> None:
    assert bash_tab(scripts["bash"], isolated_home, "psoas", "run", "de") == ["desk-break"]


def test_bash_completes_a_user_routine(scripts: dict[str, Path], isolated_home: Path) -> None:
    _user_routine(isolated_home, "evening-hips")
    assert bash_tab(scripts["bash"], isolated_home, "psoas", "run", "ev") == ["evening-hips"]
    every = bash_tab(scripts["bash"], isolated_home, "psoas", "show", "")
    assert {"desk-break", "thomas-test", "evening-hips"} <= set(every)
    assert bash_tab(scripts["bash"], isolated_home, "psoas", "edit", "eve") == ["evening-hips"]


def test_bash_completes_commands(scripts: dict[str, Path], isolated_home: Path) -> None:
    assert bash_tab(scripts["bash"], isolated_home, "psoas", "ru") == ["run"]
    assert bash_tab(scripts["bash"], isolated_home, "psoas", "comp") == ["completion"]
    every = bash_tab(scripts["bash"], isolated_home, "psoas", "")
    assert {"list", "show", "run", "log", "edit", "remind", "completion"} <= set(every)


def test_bash_completes_options_and_their_values(
    scripts: dict[str, Path], isolated_home: Path
) -> None:
    script = scripts["bash"]
    assert bash_tab(script, isolated_home, "psoas", "run", "--sp") == ["--speak"]
    assert bash_tab(script, isolated_home, "psoas", "run", "--audio", "mi") == ["miniaudio"]
    assert bash_tab(script, isolated_home, "psoas", "log", "--routine", "thomas-") == [
        "thomas-test"
    ]
    assert bash_tab(script, isolated_home, "psoas", "completion", "f") == ["fish"]
    # after an option, the routine still completes to a slug
    assert bash_tab(script, isolated_home, "psoas", "run", "--mute", "desk") == ["desk-break"]


def test_bash_completes_a_routine_path_to_toml_files(
    scripts: dict[str, Path], isolated_home: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    (work / "more").mkdir(parents=True)
    (work / "mine.toml").write_text("", encoding="utf-8")
    (work / "notes.txt").write_text("", encoding="utf-8")
    offered = bash_tab(scripts["bash"], isolated_home, "psoas", "run", "./", cwd=work)
    assert sorted(offered) == ["./mine.toml", "./more"]


def test_zsh_script_is_valid_and_completes_slugs(
    scripts: dict[str, Path], isolated_home: Path
) -> None:
    zsh = shutil.which("zsh")
    assert zsh, "zsh is a test prerequisite: scripts/prereqs.sh check test installs it"
    checked = subprocess.run([zsh, "-n", str(scripts["zsh"])], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    _user_routine(isolated_home, "evening-hips")

    done = subprocess.run(
        [zsh, "-f", "-c", ZSH_TAB, "zsh", str(scripts["zsh"]), *LINES],
        env=_env(isolated_home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    offered = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("<line>")]
    assert offered == [["desk-break"], ["evening-hips"], ["run"]]


LINES = ("psoas run de", "psoas run eve", "psoas ru")


def test_fish_script_is_valid_and_completes_slugs(
    scripts: dict[str, Path], isolated_home: Path
) -> None:
    fish = shutil.which("fish")
    assert fish, "fish is a test prerequisite: scripts/prereqs.sh check test installs it"
    checked = subprocess.run([fish, "-n", str(scripts["fish"])], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    _user_routine(isolated_home, "evening-hips")

    def tab(line: str) -> list[str]:
        # `complete -C LINE` is fish's own answer to TAB at the end of LINE
        done = subprocess.run(
            [fish, "-N", "-c", f'source {scripts["fish"]}; complete -C "{line}"'],
            env=_env(isolated_home),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert tab("psoas run de") == ["desk-break"]
    assert tab("psoas run eve") == ["evening-hips"]
    assert tab("psoas ru") == ["run"]
    assert tab("psoas run --sp") == ["--speak"]


def test_list_slugs_agrees_with_the_catalog(isolated_home: Path) -> None:
    locations = user_locations()
    folder = locations.routines
    folder.mkdir(parents=True)
    (folder / "evening-hips.toml").write_text('name = "Evening"\n', encoding="utf-8")
    (folder / "broken.toml").write_text("name = \n", encoding="utf-8")  # listed, invalid
    (folder / "desk-break.toml").write_text('name = "Mine"\n', encoding="utf-8")  # shadows
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")  # dangling: listed
    (folder / "notes.txt").write_text("", encoding="utf-8")
    (folder / "a-folder.toml").mkdir()  # not a file: not a routine
    expected = sorted({entry.slug for entry in all_entries(locations)})
    assert "evening-hips" in expected and "gone" in expected
    assert routine_slugs(locations) == expected
    done = subprocess.run(
        [PSOAS, "list", "--slugs"], env=_env(isolated_home), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected


def test_list_slugs_parses_no_routine_and_imports_no_textual(isolated_home: Path) -> None:
    probe = (
        "import sys\n"
        "from psoas_tui.cli import main\n"
        "code = main(['list', '--slugs'])\n"
        "heavy = [m for m in ('textual', 'rich', 'shtab', 'psoas_tui.routine.load') "
        "if m in sys.modules]\n"
        "print('loaded:', heavy, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=_env(isolated_home), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: [] 0"
    assert "desk-break" in done.stdout.splitlines()


def test_building_the_parser_does_not_import_shtab() -> None:
    probe = (
        "import sys\n"
        "from psoas_tui.cli import build_parser\n"
        "build_parser().parse_args(['completion', 'bash'])\n"
        "print('shtab' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_an_unknown_shell_is_a_usage_error(isolated_home: Path) -> None:
    done = subprocess.run(
        [PSOAS, "completion", "tcsh"], env=_env(isolated_home), capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "invalid choice: 'tcsh'" in done.stderr
    assert "{bash,zsh,fish}" in done.stderr
    assert "Traceback" not in done.stderr
