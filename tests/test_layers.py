"""The layers of DESIGN.md hold: Textual only in the TUI, the domain free of everything else."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "psoas_tui"
# Leaf modules (no psoas imports of their own) that the routine layer may use.
DOMAIN_ALLOWED = (
    "psoas_tui.routine",
    "psoas_tui.plan",
    "psoas_tui.locations",
    "psoas_tui.errors",
    "psoas_tui.processes",
    "psoas_tui.kinds",
    "psoas_tui.coaching",  # pure rules on the routine (docs/coaching.md)
    "psoas_tui.text.i18n",  # a leaf: the routine's messages are marked for translation (#15)
)


def python_prints(code: str, env: dict[str, str] | None = None) -> str:
    """What a fresh interpreter running ``code`` prints (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module imported anywhere in the file (also inside functions), with its line."""
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def _is(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_package_has_modules() -> None:
    names = {_module_name(path) for path in MODULES}
    assert {"psoas_tui.cli", "psoas_tui.plan", "psoas_tui.routine.load"} <= names


def test_textual_only_inside_the_tui() -> None:
    tui = PACKAGE / "tui"
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}"
        for path in MODULES
        if tui not in path.parents
        for line, module in imports_of(path)
        if _is(module, "textual")
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "path",
    [*sorted((PACKAGE / "routine").glob("*.py")), PACKAGE / "plan.py"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_domain_imports_only_the_domain(path: Path) -> None:
    offenders = [
        f"line {line}: imports {module}"
        for line, module in imports_of(path)
        if _is(module, "psoas_tui") and not any(_is(module, ok) for ok in DOMAIN_ALLOWED)
    ]
    offenders += [
        f"line {line}: imports {module}"
        for line, module in imports_of(path)
        if any(_is(module, heavy) for heavy in ("textual", "rich", "sqlite3", "miniaudio"))
    ]
    assert offenders == []


def test_the_import_walker_sees_nested_and_relative_imports() -> None:
    source = "def f():\n    from ..tui import app\n    import textual.widgets\n"
    modules = [module for _line, module in imports_in(source, "psoas_tui.routine")]
    assert modules == ["psoas_tui.tui", "psoas_tui.tui.app", "textual.widgets"]


def test_psoas_list_does_not_import_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from psoas_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['list'])\n"
        "assert code == 0, code\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    assert python_prints(code) == ""


def test_loading_the_routines_loads_neither_hashlib_nor_the_key_locator(
    tmp_path: Path,
) -> None:
    # Home lists every routine before its first frame: hashlib (OpenSSL) waits until a
    # session is logged, the key locator until a file has a problem to point at.
    code = (
        "import sys\n"
        "from psoas_tui.locations import user_locations\n"
        "from psoas_tui.routine.catalog import all_entries\n"
        "entries = all_entries(user_locations())\n"
        "assert entries and all(e.result.routine for e in entries)\n"
        "print(sorted(m for m in ('hashlib', 'psoas_tui.routine.locate') if m in sys.modules))\n"
        "routine = entries[0].result.routine\n"
        "import hashlib\n"
        "file_hash = hashlib.sha256(routine.path.read_bytes()).hexdigest()[:16]\n"
        "assert routine.content_hash == file_hash\n"
    )
    env = {**os.environ, "PSOAS_HOME": str(tmp_path)}
    assert python_prints(code, env) == "[]"


def test_psoas_log_imports_neither_rich_nor_the_routine_loader(tmp_path: Path) -> None:
    """``psoas log`` answers about as fast as ``psoas --version`` (benchmarks/history.py)
    because its table needs neither Rich nor the routine loader; keep it that way."""
    from datetime import date

    from test_history import _doc

    # Wide enough for every column: the status column is sized for its longest word.
    env = {**os.environ, "PSOAS_HOME": str(tmp_path), "COLUMNS": "100"}
    export = tmp_path / "one.jsonl"
    export.write_text(_doc(date(2026, 11, 2)) + "\n", encoding="utf-8")  # with a check answer
    imported = subprocess.run(
        [sys.executable, "-m", "psoas_tui", "import", str(export)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert imported.returncode == 0, imported.stderr
    code = (
        "import sys, io, contextlib\n"
        "from psoas_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main(['log'])\n"
        "assert code == 0, code\n"
        "assert 'Desk break' in out.getvalue() and 'a little' in out.getvalue(), out.getvalue()\n"
        "heavy = ('rich', 'textual', 'psoas_tui.routine.load', 'psoas_tui.routine.model')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    assert python_prints(code, env) == ""


def test_the_routine_package_resolves_every_name_it_exports() -> None:
    import psoas_tui.routine as routine

    assert sorted(routine.__all__) == sorted(routine._HOMES)
    for name in routine.__all__:
        assert getattr(routine, name) is not None
    with pytest.raises(AttributeError):
        _ = routine.no_such_name


# -- the text layer ------------------------------------------------------------------------

TEXT_FORBIDDEN = (
    "psoas_tui.tui",
    "psoas_tui.cues",
    "psoas_tui.history",
    "textual",
    "rich",
    "sqlite3",
    "subprocess",
    "pathlib",
    "shutil",
    "socket",
    "io",
)


def runtime_imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """Like :func:`imports_in`, without the imports under ``if TYPE_CHECKING:`` (types only)."""
    type_only: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            for inner in node.body:
                type_only.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return [(line, module) for line, module in imports_in(source, package) if line not in type_only]


def _text_layer_problems(source: str, package: str) -> list[str]:
    problems = [
        f"line {line}: imports {module}"
        for line, module in runtime_imports_in(source, package)
        if any(_is(module, forbidden) for forbidden in TEXT_FORBIDDEN)
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ("open", "read_text", "read_bytes", "write_text", "print", "system"):
                problems.append(f"line {node.lineno}: calls {name}()")
    return problems


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "text").glob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_text_layer_does_no_io_and_stands_below_tui_cues_and_history(path: Path) -> None:
    assert _text_layer_problems(path.read_text(encoding="utf-8"), "psoas_tui.text") == []


def test_the_text_layer_check_sees_runtime_imports_and_io_but_not_type_only_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from psoas_tui.history.model import SessionRow\n"
        "def f():\n"
        "    from ..cues import speech\n"
        "    import rich\n"
        "    return open('x').read()\n"
    )
    assert _text_layer_problems(source, "psoas_tui.text") == [
        "line 5: imports psoas_tui.cues",
        "line 5: imports psoas_tui.cues.speech",
        "line 6: imports rich",
        "line 7: calls open()",
    ]


def test_the_text_layer_loads_without_textual_rich_or_the_log() -> None:
    code = (
        "import sys\n"
        "import psoas_tui.text.durations, psoas_tui.text.events, psoas_tui.text.intervals\n"
        "import psoas_tui.text.routines, psoas_tui.text.sessions, psoas_tui.text.spoken\n"
        "heavy = ('textual', 'rich', 'sqlite3', 'psoas_tui.history', 'psoas_tui.cues',"
        " 'psoas_tui.tui')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    assert python_prints(code) == ""


def _without_type_checking(source: str) -> str:
    """The source with its ``if TYPE_CHECKING:`` blocks emptied (they never run)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            node.body = [ast.Pass()]
    return ast.unparse(tree)


def test_no_two_modules_import_each_other() -> None:
    """No import circle between two modules at run time (imports inside functions count)."""
    names = {_module_name(path) for path in MODULES}
    imported = {}
    for path in MODULES:
        package = _module_name(path)
        if path.name != "__init__.py":
            package = package.rpartition(".")[0]
        source = _without_type_checking(path.read_text(encoding="utf-8"))
        imported[_module_name(path)] = {
            module for _line, module in imports_in(source, package) if module in names
        }
    circles = sorted(
        f"{a} <-> {b}"
        for a, found in imported.items()
        for b in found
        if a < b and a in imported[b] and not _is(b, a)  # a package may re-export its modules
    )
    assert circles == []


def test_no_module_imports_a_private_name_from_another() -> None:
    """A helper used across modules has a public name (no leading underscore)."""
    private = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {module}"
        for path in MODULES
        for line, module in imports_of(path)
        if _is(module, "psoas_tui")
        and module.rpartition(".")[2].startswith("_")
        and not module.rpartition(".")[2].startswith("__")
        and module.rpartition(".")[2] != "_"  # gettext's own name for the translation call
    ]
    assert private == []


TUI = PACKAGE / "tui"


def test_outside_the_tui_only_the_launcher_is_imported_from_it() -> None:
    """Plain Python that the plain runner also uses (the tally) does not live in tui/."""
    reaching = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {module}"
        for path in MODULES
        if TUI not in path.parents
        for line, module in imports_of(path)
        if _is(module, "psoas_tui.tui") and not _is(module, "psoas_tui.tui.launch")
    ]
    assert reaching == []


def test_screens_live_in_the_screens_package() -> None:
    """A Screen or ModalScreen subclass is defined under tui/screens/, nowhere else."""
    outside = []
    for path in sorted(TUI.rglob("*.py")):
        if "screens" in path.relative_to(TUI).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                ast.unparse(base).split("[")[0].endswith("Screen") for base in node.bases
            ):
                outside.append(f"{path.relative_to(PACKAGE.parent)} {node.name}")
    assert outside == []


def test_no_two_classes_share_a_name() -> None:
    """One name, one meaning: a Protocol is not named after the class it describes."""
    where: dict[str, list[str]] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where.setdefault(node.name, []).append(str(path.relative_to(PACKAGE.parent)))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_clock_and_commands_mean_one_thing_each() -> None:
    """No module or package is called clock or commands except the CLI's commands/."""
    names = [path.relative_to(PACKAGE).with_suffix("").parts for path in MODULES]
    assert [parts for parts in names if "clock" in parts] == []
    assert [parts for parts in names if "commands" in parts and parts[0] != "commands"] == []


def test_homes_first_frame_loads_neither_the_log_nor_the_resume_machinery(
    tmp_path: Path,
) -> None:
    """The log is opened in a thread after home's first frame (its "Last done" and the
    offer to resume follow); until then nothing of it, nor SQLite, should load: both are
    a part of home's start-up (benchmarks/tui.py) otherwise."""
    code = (
        "import asyncio, sys\n"
        "from psoas_tui.locations import user_locations\n"
        "from psoas_tui.settings import Settings\n"
        "from psoas_tui.timebase import scaled_clock\n"
        "from psoas_tui.tui.app import make_app\n"
        "from psoas_tui.tui.parts import Deferred\n"
        "heavy = ('sqlite3', 'psoas_tui.history', 'psoas_tui.resume', 'psoas_tui.tui.resuming',"
        " 'psoas_tui.session', 'psoas_tui.cues')\n"
        "seen = []\n"
        "def first_frame():\n"
        "    seen.append(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
        "app = make_app(settings=Settings(), locations=user_locations(),\n"
        "               clock=scaled_clock(1.0), player=Deferred(lambda: None),\n"
        "               log=Deferred(lambda: None), after_first_frame=first_frame)\n"
        "async def main():\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(main())\n"
        "assert len(seen) == 1, seen\n"
        "print(seen[0])\n"
    )
    env = {**os.environ, "PSOAS_HOME": str(tmp_path)}
    assert python_prints(code, env) == ""
