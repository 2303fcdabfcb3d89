"""KeyLocator: the line and column where each key of a TOML document was written."""

from __future__ import annotations

from psoas_tui.routine.locate import KeyLocator

DOCUMENT = '''\
name = "A"
summary = """
steps = "not a key: inside a multi-line string"
[not.a.table]
"""
tags = [
  "a",  # [[steps]] in a comment
  "b",
]

[defaults]
rest = 10

[[steps]]
name = "First"
left = { duration = 5, "odd key" = 1 }
right.duration = 7

[[steps]]
name = "Block"

  [[steps.steps]]
  name = "Inner one"

  [[steps.steps]]
  name = "Inner two"
  "\\u0041scaped" = 1

[[steps]]
name = "Last"
'''


def test_positions_of_keys_tables_and_array_elements() -> None:
    locator = KeyLocator(DOCUMENT)
    expected = {
        ("name",): (1, 1),
        ("summary",): (2, 1),
        ("tags",): (6, 1),
        ("defaults",): (11, 1),
        ("defaults", "rest"): (12, 1),
        ("steps",): (14, 1),
        ("steps", 0): (14, 1),
        ("steps", 0, "name"): (15, 1),
        ("steps", 0, "left"): (16, 1),
        ("steps", 0, "left", "duration"): (16, 10),
        ("steps", 0, "left", "odd key"): (16, 24),
        ("steps", 0, "right"): (17, 1),
        ("steps", 0, "right", "duration"): (17, 1),
        ("steps", 1): (19, 1),
        ("steps", 1, "steps", 0): (22, 3),
        ("steps", 1, "steps", 0, "name"): (23, 3),
        ("steps", 1, "steps", 1): (25, 3),
        ("steps", 1, "steps", 1, "name"): (26, 3),
        ("steps", 1, "steps", 1, "Ascaped"): (27, 3),
        ("steps", 2): (29, 1),
        ("steps", 2, "name"): (30, 1),
    }
    found = {path: locator.find(path) for path in expected}
    assert found == expected
    assert ("not", "a", "table") not in locator.positions
    assert not any(
        path[:1] == ("steps",) and len(path) == 1 and path != ("steps",)
        for path in locator.positions
    )


def test_unknown_paths_fall_back_to_the_nearest_parent() -> None:
    locator = KeyLocator(DOCUMENT)
    assert locator.find(("steps", 1, "steps", 1, "missing")) == (25, 3)
    assert locator.find(("steps", 9, "name")) == (14, 1)
    assert locator.find(("nothing",)) == (1, 1)
    assert locator.find(()) == (1, 1)


def test_inline_array_of_tables_spanning_lines() -> None:
    text = (
        'steps = [\n  { name = "A", duration = 1 },\n'
        '  {name="B", kind = "rest"}, # {x}\n]\nafter = 1\n'
    )
    locator = KeyLocator(text)
    assert locator.find(("steps", 0)) == (2, 3)
    assert locator.find(("steps", 0, "duration")) == (2, 17)
    assert locator.find(("steps", 1, "name")) == (3, 4)
    assert locator.find(("steps", 1, "kind")) == (3, 14)
    assert locator.find(("after",)) == (5, 1)


def test_values_inside_inline_tables_are_not_keys() -> None:
    locator = KeyLocator('left = { a = ["b", 2, "c"], d = { e = 1 }, f = "g, h = 1" }\n')
    assert set(locator.positions) == {
        ("left",),
        ("left", "a"),
        ("left", "d"),
        ("left", "f"),
    }
    assert locator.find(("left", "f")) == (1, 44)


BROKEN_ENDINGS = (
    "[[",
    "[",
    "a = {",
    'a = """',
    '"unterminated = 1',
    "a = [\n{",
    "'x' = {'y",
    "= 1",
)


def inside(text: str, position: tuple[int, int]) -> bool:
    lines = text.split("\n")
    line, col = position
    return 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1


def test_broken_text_does_not_raise() -> None:
    """Text tomllib rejects still gets positions: the keys before the break where they are,
    and every position inside the text (they point the user at a line of the file)."""
    for ending in BROKEN_ENDINGS:
        for text in (ending, 'name = "A"\n  rest = 5\n' + ending):
            locator = KeyLocator(text)
            for path, position in locator.positions.items():
                assert inside(text, position), (text, path, position)
            assert inside(text, locator.find(("steps", 3, "missing")))
        assert locator.find(("name",)) == (1, 1), ending
        assert locator.find(("rest",)) == (2, 3), ending
