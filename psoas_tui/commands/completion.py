"""``psoas completion bash|zsh|fish``: a shell completion script, written by shtab from the
parser itself, so commands and options never drift from ``psoas --help``.

Routine arguments complete to slugs: the script asks ``psoas list --slugs`` on each TAB,
which lists file names only (no routine is parsed, nothing imports Textual). Command modules
mark their arguments with :func:`routines` and :func:`files`; shtab is imported only when
this command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    import argparse

    from psoas_tui.locations import Locations

SHELLS = ("bash", "zsh", "fish")

# The attribute a command module sets on an argparse action to say what it completes to.
_MARK = "psoas_completes"
ROUTINE = "routine"
FILE = "file"

# -- the shell side of a routine argument: slugs, or .toml files once the word is a path ----
# The names carry "_file" so shtab's bash code turns on ``compopt -o filenames``: bash then
# quotes what it inserts (a slug with a space stays one word) and marks folders with "/".
_ROUTINE_FUNCTION = "_shtab_psoas_compgen_routine_files"

_BASH = r"""
# psoas: a routine is a slug (psoas list --slugs) or, once the word looks like a path, a .toml file
_shtab_psoas_compgen_routine_files() {
  case $1 in
    */* | .* | "~"*)
      compgen -f -X '!*.toml' -- "$1"
      compgen -d -- "$1"
      ;;
    *)
      local slug
      while IFS= read -r slug; do
        [[ $slug == "$1"* ]] && printf '%s\n' "$slug"
      done < <(command psoas list --slugs 2>/dev/null)
      ;;
  esac
}
"""

_ZSH = r"""
# psoas: a routine is a slug (psoas list --slugs) or, once the word looks like a path, a .toml file
_shtab_psoas_compgen_routine_files() {
  if [[ $PREFIX == */* || $PREFIX == .* || $PREFIX == '~'* ]]; then
    _files -g '*.toml(-.)'
  else
    local -a slugs
    slugs=(${(f)"$(command psoas list --slugs 2>/dev/null)"})
    _wanted routines expl 'routine' compadd -a slugs
  fi
}
"""

_FISH = r"""
# psoas: a routine is a slug (psoas list --slugs) or, once the word looks like a path, a .toml file
function _shtab_psoas_compgen_routine_files
  switch (commandline -ct)
    case '*/*' '.*' '~*'
      __fish_complete_suffix .toml
    case '*'
      command psoas list --slugs 2>/dev/null
  end
end
"""


def _routine_completion() -> dict[str, Any]:
    return {
        "bash": _ROUTINE_FUNCTION,
        "zsh": _ROUTINE_FUNCTION,
        "fish": f"({_ROUTINE_FUNCTION})",
        "preamble": {"bash": _BASH, "zsh": _ZSH, "fish": _FISH},
    }


def routines(action: argparse.Action) -> argparse.Action:
    """Mark an argument that takes a routine (a slug or a path to a .toml file)."""
    setattr(action, _MARK, ROUTINE)
    return action


def files(action: argparse.Action) -> argparse.Action:
    """Mark an argument that takes a file name."""
    setattr(action, _MARK, FILE)
    return action


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "completion",
        help=_("print a shell completion script (bash, zsh or fish)"),
        description=_(
            "Print a completion script for your shell: it completes commands, "
            "options and routine slugs. Bash: `psoas completion bash > "
            "~/.local/share/bash-completion/completions/psoas`. Zsh: `psoas completion zsh > "
            "~/.zfunc/_psoas` with ~/.zfunc on $fpath before compinit. Fish: `psoas completion "
            "fish > ~/.config/fish/completions/psoas.fish`. The README has the details."
        ),
    )
    p.add_argument("shell", choices=SHELLS, help=_("bash, zsh or fish"))
    p.set_defaults(handler=print_script)


def script(shell: str) -> str:
    """The completion script for ``shell``, made by shtab from psoas's own parser."""
    import shtab

    from psoas_tui.cli import build_parser

    parser = build_parser()
    _attach(parser)
    text: str = shtab.complete(parser, shell=shell)
    return text if text.endswith("\n") else text + "\n"


def _attach(parser: argparse.ArgumentParser) -> None:
    """Turn the marks of every (sub)command's arguments into shtab's ``complete`` specs."""
    import shtab

    seen: set[int] = set()
    pending = [parser]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for action in current._actions:
            mark = getattr(action, _MARK, None)
            if mark == ROUTINE:
                action.complete = _routine_completion()  # type: ignore[attr-defined]
            elif mark == FILE:
                action.complete = shtab.FILE  # type: ignore[attr-defined]
            if isinstance(action.choices, dict):  # a subparsers action: its commands
                pending.extend(action.choices.values())


def print_script(args: argparse.Namespace) -> int:
    import sys

    from psoas_tui.errors import EXIT_OK

    sys.stdout.write(script(args.shell))
    return EXIT_OK


def routine_slugs(locations: Locations) -> list[str]:
    """The slugs the catalog (psoas_tui/routine/catalog.py) finds, bundled and the user's,
    from file names alone: no routine is parsed, so a TAB stays quick. The file rules are
    the catalog's; tests/test_completion.py checks the two agree."""
    from pathlib import Path

    from psoas_tui.locations import bundled_routines
    from psoas_tui.routine.text import clean_text

    stems: set[str] = set()
    for item in bundled_routines().iterdir():
        if item.name.endswith(".toml") and item.is_file():
            stems.add(Path(item.name).stem)
    folder = locations.routines
    if folder.is_dir():
        for path in folder.glob("*.toml"):
            if path.is_file() or (path.is_symlink() and not path.exists()):
                stems.add(path.stem)
    return sorted({slug for slug in (clean_text(stem) for stem in stems) if slug})


def print_slugs() -> int:
    from psoas_tui.errors import EXIT_OK
    from psoas_tui.locations import user_locations

    for slug in routine_slugs(user_locations()):
        print(slug)
    return EXIT_OK
