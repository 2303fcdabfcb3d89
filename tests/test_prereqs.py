"""The system prerequisites: one list (scripts/prereqs.sh), checked by `make test`, warned
about by `make run`, installed by .ci/run, shown in the README.

Each test runs the real script with bash, on a PATH of its own: a few real tools linked in,
and stubs for what the test controls (apt-get, dpkg-query, id, sudo, uname, the commands
that the packages provide). Nothing is really installed.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "prereqs.sh"
BASH = shutil.which("bash") or "/bin/bash"
REAL_TOOLS = ("bash", "env", "dirname", "cat", "chmod", "grep")


@functools.cache
def entries() -> tuple[dict[str, str], ...]:
    out = subprocess.run(
        [BASH, str(SCRIPT), "list"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    keys = ("provides", "check", "debian", "homebrew", "for", "why")
    return tuple(dict(zip(keys, line.split("\t"), strict=True)) for line in out.splitlines())


def command_of(package: str) -> str | None:
    """The command a test stub provides for a package (None: a library or Python part)."""
    for entry in entries():
        if entry["debian"] == package and entry["check"].startswith("command "):
            return entry["check"].removeprefix("command ")
    return None


class Machine:
    """A PATH with stubs. ``installed`` are the Debian packages present (their commands on
    the PATH, their dpkg status "installed"); apt-get, when called, logs and installs."""

    def __init__(self, root: Path, installed: set[str], *, uid: int = 1000) -> None:
        self.bin = root / "bin"
        self.bin.mkdir()
        self.log = root / "apt-get.log"
        self.log.touch()
        self.dpkg = root / "dpkg-installed"
        for tool in REAL_TOOLS:
            real = shutil.which(tool)
            assert real, tool
            (self.bin / tool).symlink_to(real)
        self.stub("id", f'[ "$1" = -u ] && echo {uid}')
        self.stub("uname", "echo Linux")
        self.stub("sudo", "exit 1")  # a sudo that wants a password
        self.stub(
            "dpkg-query",
            f'for last; do :; done; grep -qx "$last" "{self.dpkg}" 2>/dev/null'
            " && printf installed || printf not-installed",
        )
        mapping = "\n".join(f"{e['debian']} {command_of(e['debian']) or '-'}" for e in entries())
        (root / "commands").write_text(mapping + "\n", encoding="utf-8")
        # apt-get: logs each call; "install" marks the packages installed and adds their
        # commands to the PATH, as the real one would.
        self.stub(
            "apt-get",
            f'echo "$*" >> "{self.log}"\n'
            'case " $* " in *" install "*) ;; *) exit 0 ;; esac\n'
            "for arg; do\n"
            "  case $arg in -*|install) continue ;; esac\n"
            f'  echo "$arg" >> "{self.dpkg}"\n'
            f'  while read -r pkg cmd; do [ "$pkg" = "$arg" ] && [ "$cmd" != - ] '
            f'&& printf "#!{BASH}\\n" > "{self.bin}/$cmd" && chmod +x "{self.bin}/$cmd"; '
            f'done < "{root / "commands"}"\n'
            "done\n"
            "exit 0",
        )
        self.dpkg.write_text("".join(f"{p}\n" for p in sorted(installed)), encoding="utf-8")
        for package in installed:
            command = command_of(package)
            if command:
                self.stub(command, "exit 0")

    def stub(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
        path.chmod(0o755)

    def remove(self, name: str) -> None:
        (self.bin / name).unlink()

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "PYTHON": sys.executable, "HOME": str(self.bin.parent)}
        return subprocess.run(
            [BASH, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=20
        )

    def apt_calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


def packages(needed: str) -> set[str]:
    return {e["debian"] for e in entries() if needed in e["for"].split()}


# The machine has all the test prerequisites except these (Python's own parts are the
# interpreter's, present here).
MISSING = {"espeak-ng", "tmux"}
PYTHON_PARTS = {"python3-dev", "python3-venv"}


def machine(tmp_path: Path, *, uid: int = 1000, missing: set[str] = MISSING) -> Machine:
    return Machine(tmp_path, packages("test") - missing - PYTHON_PARTS, uid=uid)


def test_the_list_has_every_current_and_coming_prerequisite() -> None:
    by_package = {e["debian"]: e for e in entries()}
    current = ("espeak-ng", "alsa-utils", "libasound2-dev", "gcc", "python3-dev", "tmux")
    # psoas remind's tests (#18): a private session bus, unit checks, notifications.
    for package in (*current, "dbus", "systemd", "libnotify-bin"):
        assert "test" in by_package[package]["for"].split(), package
    for package in ("libasound2-dev", "gcc", "python3-dev"):
        assert "simpleaudio" in by_package[package]["for"].split(), package
    assert by_package["gettext"]["for"] == "test"  # #15: the catalog tests run msgfmt --check
    assert by_package["tmux"]["homebrew"] == "tmux"
    assert all(e["why"] and e["provides"] for e in entries())


def test_missing_and_not_root_prints_what_and_the_install_line_and_exits_2(
    tmp_path: Path,
) -> None:
    m = machine(tmp_path)
    result = m.run("check", "test")
    assert result.returncode == 2, result
    assert "espeak-ng (espeak-ng): spoken step names" in result.stderr
    assert "tmux (tmux): the end-to-end test" in result.stderr
    assert "  sudo apt-get install espeak-ng tmux\n" in result.stderr
    assert "aplay" not in result.stderr  # present: not named
    assert m.apt_calls() == []


@pytest.mark.parametrize("as_root", [True, False], ids=["root", "passwordless sudo"])
def test_where_it_can_it_installs_the_missing_packages_with_apt_get(
    tmp_path: Path, as_root: bool
) -> None:
    m = machine(tmp_path, uid=0 if as_root else 1000)
    if not as_root:
        m.stub("sudo", '[ "$1" = -n ] && shift; "$@"')
    result = m.run("check", "test")
    assert result.returncode == 0, result
    assert m.apt_calls() == [
        "update -qq",
        "install -y -qq --no-install-recommends espeak-ng tmux",
    ]
    said = result.stdout
    assert f"installing them with {'' if as_root else 'sudo '}apt-get" in said
    assert "espeak-ng (espeak-ng): spoken step names" in said  # what, and why
    assert "prerequisites for the tests: installed" in said


def test_when_apt_get_fails_it_says_so_with_the_install_line(tmp_path: Path) -> None:
    m = machine(tmp_path, uid=0)
    m.stub("apt-get", f'echo "$*" >> "{m.log}"; exit 100')
    result = m.run("check", "test")
    assert result.returncode == 2
    assert "apt-get did not install everything" in result.stderr
    assert "sudo apt-get install espeak-ng tmux" in result.stderr


def test_everything_there_passes_without_apt_get(tmp_path: Path) -> None:
    m = machine(tmp_path, uid=0, missing=set())
    result = m.run("check", "test")
    assert (result.returncode, result.stdout) == (0, "prerequisites for the tests: all there\n")
    assert m.apt_calls() == []


def test_a_missing_library_is_found_through_dpkg(tmp_path: Path) -> None:
    m = machine(tmp_path, missing={"libasound2-dev"})
    result = m.run("check", "test")
    assert result.returncode == 2
    assert "ALSA headers (libasound2-dev): to build simpleaudio" in result.stderr
    assert "  sudo apt-get install libasound2-dev\n" in result.stderr


def test_on_macos_it_names_the_homebrew_line(tmp_path: Path) -> None:
    m = machine(tmp_path)
    m.remove("apt-get")
    m.remove("dpkg-query")
    m.remove("aplay")  # Linux only: not asked for on macOS
    m.stub("uname", "echo Darwin")
    result = m.run("check", "test")
    assert result.returncode == 2
    assert "  brew install espeak-ng tmux\n" in result.stderr
    assert "aplay" not in result.stderr


def test_run_mode_only_warns_and_goes_on(tmp_path: Path) -> None:
    m = machine(tmp_path, uid=0)  # even where it could install, `make run` does not
    result = m.run("check", "run")
    assert result.returncode == 0
    assert "warning: missing espeak-ng (espeak-ng): spoken step names" in result.stderr
    assert "beeps only" in result.stderr
    assert "tmux" not in result.stderr  # only the tests need tmux
    assert m.apt_calls() == []


# -- simpleaudio: built once, stamped, retried when its prerequisites arrive -----------------


def venv_python(m: Machine) -> Path:
    """A venv python whose `pip install` logs and succeeds."""
    m.stub("venv-python", f'echo "$*" >> "{m.bin.parent / "pip.log"}"')
    return m.bin / "venv-python"


def pip_calls(m: Machine) -> list[str]:
    log = m.bin.parent / "pip.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.mark.parametrize(
    ("stamp", "missing", "tried"),
    [
        (None, {"gcc"}, True),  # never tried: try once, whatever is there
        ("failed", set(), True),  # failed before, prerequisites there now: retry
        ("failed", {"gcc"}, False),  # failed before, still missing: no retry
        ("ok", set(), False),  # built: nothing to do
    ],
    ids=["first", "failed-now-ready", "failed-still-missing", "ok"],
)
def test_simpleaudio_is_tried_once_and_retried_when_its_prerequisites_arrive(
    tmp_path: Path, stamp: str | None, missing: set[str], tried: bool
) -> None:
    m = machine(tmp_path, missing=missing)
    python = venv_python(m)
    stamp_file = tmp_path / "simpleaudio.stamp"
    if stamp:
        stamp_file.write_text(stamp + "\n", encoding="utf-8")
    result = m.run("simpleaudio", str(python), str(stamp_file))
    assert result.returncode == 0, result
    assert pip_calls(m) == (["-m pip install --quiet -e .[simpleaudio]"] if tried else [])
    assert stamp_file.read_text(encoding="utf-8").strip() == ("ok" if tried else stamp)


def test_a_failed_simpleaudio_build_is_stamped_and_says_what_it_needs(tmp_path: Path) -> None:
    m = machine(tmp_path, missing={"gcc"})
    m.stub("venv-python", "exit 1")
    stamp_file = tmp_path / "simpleaudio.stamp"
    result = m.run("simpleaudio", str(m.bin / "venv-python"), str(stamp_file))
    assert result.returncode == 0
    assert stamp_file.read_text(encoding="utf-8") == "failed\n"
    assert "C compiler (gcc): to build simpleaudio" in result.stdout


# -- one list: the Makefile and .ci/run read it, the README shows it -------------------------


def dry_run(target: str) -> list[str]:
    make = shutil.which("make")
    assert make, "make is a prerequisite of the README's commands"
    out = subprocess.run(
        [make, "-n", "-C", str(ROOT), "--no-print-directory", target],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return out.splitlines()


def test_make_test_checks_the_prerequisites_before_anything_else() -> None:
    lines = dry_run("test")
    assert lines[0] == "PYTHON=python3 bash scripts/prereqs.sh check test"
    built = next(i for i, line in enumerate(lines) if "prereqs.sh simpleaudio" in line)
    tested = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert 0 < built < tested


def test_make_run_only_warns() -> None:
    lines = dry_run("run")
    assert lines[0] == "PYTHON=python3 bash scripts/prereqs.sh check run"
    assert not any("check test" in line for line in lines)


def listed_packages() -> set[str]:
    return {e["debian"] for e in entries()}


def test_the_makefile_and_ci_name_no_package_of_the_list_themselves() -> None:
    """The list lives in one place: neither file spells out a package of it (bar the
    bootstrap .ci/run needs before it can call make)."""
    bootstrap = {"make", "python3", "python3-venv"}
    for name in ("Makefile", ".ci/run"):
        text = (ROOT / name).read_text(encoding="utf-8")
        words = set(re.findall(r"[a-z0-9][a-z0-9.+-]*", text))
        assert "scripts/prereqs.sh" in text, name
        assert (listed_packages() - bootstrap) & words == set(), name


def test_ci_bootstraps_make_and_python_then_installs_the_list_then_tests_and_lints(
    tmp_path: Path,
) -> None:
    m = Machine(tmp_path, set(), uid=0)
    m.stub("make", f'echo "$*" >> "{tmp_path / "make.log"}"')
    m.stub("mktemp", "exit 1")  # stop .ci/run where the wheel check begins
    env = {"PATH": str(m.bin), "HOME": str(tmp_path)}
    result = subprocess.run(
        [BASH, str(ROOT / ".ci" / "run")], capture_output=True, text=True, env=env, timeout=30
    )
    assert result.returncode != 0  # the stubbed mktemp
    calls = m.apt_calls()
    assert calls[0] == "update -qq"
    assert calls[1] == "install -y -qq --no-install-recommends make python3 python3-venv"
    assert calls[2].split()[:4] == ["install", "-y", "-qq", "--no-install-recommends"]
    assert set(calls[2].split()[4:]) == listed_packages()
    assert (tmp_path / "make.log").read_text(encoding="utf-8").split() == ["test", "lint"]


README_START = "<!-- prerequisites: made by `bash scripts/prereqs.sh readme` -->\n"
README_END = "<!-- end of prerequisites -->\n"


def test_the_readme_shows_the_list_per_platform() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_START in readme and README_END in readme
    shown = readme.split(README_START, 1)[1].split(README_END, 1)[0]
    made = subprocess.run(
        [BASH, str(SCRIPT), "readme"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    assert shown == made, "README prerequisites are stale: paste `bash scripts/prereqs.sh readme`"
    test_packages = " ".join(e["debian"] for e in entries() if "test" in e["for"].split())
    assert f"sudo apt-get install {test_packages}\n" in shown
    assert "brew install espeak-ng tmux gettext fish\n" in shown


def test_the_check_passes_on_a_machine_with_everything(tmp_path: Path) -> None:
    """The real check on this machine (the test machine has every prerequisite)."""
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(
        [BASH, str(SCRIPT), "check", "test"], capture_output=True, text=True, env=env, timeout=20
    )
    assert (result.returncode, result.stdout) == (0, "prerequisites for the tests: all there\n")
