"""Problem texts and CLI errors come from two modules of message templates (#14).

Each template has only named placeholders (so a translation may reorder them) and is used
somewhere; the modules that raise or report build no message from a literal of their own.
"""

from __future__ import annotations

import ast
import functools
import string
from pathlib import Path
from types import ModuleType

import pytest

from psoas_tui.commands import messages as cli_messages
from psoas_tui.routine import messages as routine_messages

PACKAGE = Path(__file__).resolve().parent.parent / "psoas_tui"
TEMPLATE_MODULES = {
    "psoas_tui.routine.messages": routine_messages,
    "psoas_tui.commands.messages": cli_messages,
}
# The modules whose problem texts and errors must come from a template module, and the
# calls there that carry a message as their first argument.
ROUTINE_MODULES = ("load.py", "syntax.py", "catalog.py", "files.py", "template.py", "save.py")
MESSAGE_CALLS = {
    "UserError",
    "RoutineFileError",
    "RoutineNotFound",
    "ArgumentTypeError",
    "Problem",
    "report",
    "_fail",
    "warn",
}


def templates(module: ModuleType) -> dict[str, str]:
    return {
        name: value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str)
    }


def placeholder_problems(template: str) -> list[str]:
    """What is wrong with a template's placeholders: positional, indexed, or unparsable."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template)]
    except ValueError as error:
        return [f"cannot be parsed: {error}"]
    return [
        f"placeholder {{{field}}} is not a plain name"
        for field in fields
        if field is not None and not field.isidentifier()
    ]


@functools.cache
def package_trees() -> tuple[ast.Module, ...]:
    return tuple(ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py"))


def uses_of(module_name: str) -> set[str]:
    """Every ``messages.NAME`` used anywhere in the package, for one template module."""
    package, _, leaf = module_name.rpartition(".")
    used: set[str] = set()
    for tree in package_trees():
        local_names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == package
            for alias in node.names
            if alias.name == leaf
        }
        used |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in local_names
        }
    return used


def literal_messages(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    """Calls in ``path`` that build their message from a string or f-string literal."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in MESSAGE_CALLS:
            continue
        for arg in node.args:
            literal = isinstance(arg, ast.JoinedStr) or (
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
            if literal:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}(...)")
    return found


@pytest.mark.parametrize("module_name", sorted(TEMPLATE_MODULES))
def test_every_template_has_only_named_placeholders(module_name: str) -> None:
    found = templates(TEMPLATE_MODULES[module_name])
    assert len(found) > 10
    problems = {
        name: problem
        for name, template in found.items()
        if (problem := placeholder_problems(template))
    }
    assert problems == {}


def test_the_placeholder_check_finds_positional_and_indexed_fields() -> None:
    assert placeholder_problems("unknown key {key!r} in {owner}") == []
    assert placeholder_problems("a table such as {{ duration = 50 }}") == []
    assert placeholder_problems("no routine named {}") != []
    assert placeholder_problems("no routine named {0}") != []
    assert placeholder_problems("found {value[0]}") != []
    assert placeholder_problems("[ ] and { }") != []


@pytest.mark.parametrize("module_name", sorted(TEMPLATE_MODULES))
def test_every_template_is_used(module_name: str) -> None:
    unused = set(templates(TEMPLATE_MODULES[module_name])) - uses_of(module_name)
    assert unused == set()


def test_routine_modules_word_no_problem_themselves() -> None:
    offenders = [
        line for name in ROUTINE_MODULES for line in literal_messages(PACKAGE / "routine" / name)
    ]
    assert offenders == []


def test_no_command_builds_a_user_error_from_a_literal() -> None:
    paths = [PACKAGE / "cli.py", *sorted((PACKAGE / "commands").glob("*.py"))]
    offenders = [line for path in paths for line in literal_messages(path)]
    assert offenders == []


def test_the_literal_scan_finds_f_strings_and_plain_strings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "raise UserError(f'{path}: no such file')\n"
        "raise UserError('plain text', 2)\n"
        "raise UserError(messages.IMPORT_NO_FILE.format(path=path))\n",
        encoding="utf-8",
    )
    assert literal_messages(sample, root=tmp_path) == [
        "sample.py:1: UserError(...)",
        "sample.py:2: UserError(...)",
    ]


def test_templates_make_the_messages_word_for_word() -> None:
    """Spot checks against the texts the old code made (the corpus tests check the rest)."""
    assert routine_messages.UNKNOWN_KEY.format(
        key='"durration"', where="to a timed step (step 1)", hint='; did you mean "duration"?'
    ) == ('unknown key "durration" to a timed step (step 1); did you mean "duration"?')
    assert routine_messages.NESTED_TOO_DEEPLY.format() == (
        "values are nested too deeply: a routine needs at most a few levels of "
        "[ ] and { }; remove the extra brackets"
    )
    assert routine_messages.SIDE_NOT_TABLE.format(owner="step 2", side="left", found="5") == (
        "step 2: left must be a table such as left = { duration = 50 }, found 5"
    )
    assert cli_messages.WARNING.format(message="x") == "psoas: x"
