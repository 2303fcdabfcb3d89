"""Issue #15: a user-facing literal that is not marked for translation fails here.

Extraction is the list of what psoas can say in another language, so a string that reaches
the user without ``_``/``N_``/``ngettext`` stays English. This scan reads every module of
the package and finds the literal text (plain strings and f-strings) given to what shows
words: ``notify``, ``Static``/``Label``, ``Binding``'s description, ``print``, argparse's
``help=``, ``UserError``, and the warnings (``warn``, ``_say_once``). A few literals must
stay as they are (format and file names, the program's name): they are in ALLOWED.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "psoas_tui"

# Callables whose first positional argument is words a user reads.
FIRST_ARGUMENT = frozenset({"notify", "Static", "Label", "UserError", "warn", "_say_once"})
# Callables whose every positional argument is (print).
EVERY_ARGUMENT = frozenset({"print"})
# Keyword arguments that are words a user reads.
WORDS_KEYWORDS = frozenset({"help", "description", "title"})

# (module, literal) that stay as written: not words of a language.
ALLOWED: frozenset[tuple[str, str]] = frozenset()

WORD = re.compile(r"[A-Za-z]{2}")


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _text(node: ast.expr) -> str | None:
    """The literal's text when ``node`` is an unmarked string with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    else:
        return None
    return text if WORD.search(text) else None


def unmarked(source: str) -> list[tuple[int, str]]:
    """(line, literal) for every unmarked user-facing literal in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        shown: list[ast.expr] = []
        if name in FIRST_ARGUMENT and node.args:
            shown.append(node.args[0])
        elif name in EVERY_ARGUMENT:
            shown.extend(node.args)
        elif name == "Binding" and len(node.args) >= 3:
            shown.append(node.args[2])
        if name == "add_argument" or name == "add_parser" or name == "Binding":
            shown.extend(k.value for k in node.keywords if k.arg in WORDS_KEYWORDS)
        for argument in shown:
            text = _text(argument)
            if text is not None:
                found.append((argument.lineno, text))
    return found


def test_every_user_facing_literal_is_marked() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = str(path.relative_to(PACKAGE))
        for line, text in unmarked(path.read_text(encoding="utf-8")):
            if (module, text) not in ALLOWED:
                problems.append(f"psoas_tui/{module}:{line}: {text!r}")
    assert problems == [], "mark these with _() or N_():\n" + "\n".join(problems)


def test_the_scan_finds_each_kind_of_unmarked_literal() -> None:
    """The scan is not blind: each kind of call with plain English is found, marked is not."""
    source = """
app.notify("Saved")
Static(f"{count} routines")
Binding("q", "quit", "Quit")
print("done")
parser.add_argument("--fit", help="fit it")
raise UserError("no such routine")
warn("speech failed")
app.notify(_("Saved"))
Binding("q", "quit", N_("Quit"))
print(_("done"), file=sys.stderr)
print("")
"""
    assert [text for _line, text in unmarked(source)] == [
        "Saved",
        "{} routines",
        "Quit",
        "done",
        "fit it",
        "no such routine",
        "speech failed",
    ]
