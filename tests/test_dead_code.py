"""No dead code in the domain: every function, class and method outside the TUI is used.

The TUI is left out: Textual calls its hooks (``action_*``, ``on_*``, decorated handlers)
by name, so "never mentioned again" says nothing there.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "psoas_tui"


def _mentions() -> Counter[str]:
    words: Counter[str] = Counter()
    for folder in (PACKAGE, ROOT / "tests", ROOT / "benchmarks"):
        for path in folder.rglob("*.py"):
            words.update(re.findall(r"[A-Za-z_]\w*", path.read_text(encoding="utf-8")))
    return words


def test_every_definition_outside_the_tui_is_used_somewhere_else() -> None:
    words = _mentions()
    unused = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            defined = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            if defined and not node.name.startswith("__") and words[node.name] <= 1:
                unused.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert unused == [], "defined but never used: " + ", ".join(unused)
