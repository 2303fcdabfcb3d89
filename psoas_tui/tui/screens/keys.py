"""The keys of the screen underneath (F1, ``?``, the palette's "Keys"): only the keys that
act there now, as that screen's own bindings and ``check_action`` say. Esc closes it."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from psoas_tui.text.i18n import N_, _
from psoas_tui.tui.contracts import HintsKeys

# Textual's own keys on every screen (moving the focus, copying): not this screen's.
TEXTUAL_SCREEN_ACTIONS = frozenset(
    binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)
)


def screen_keys(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding of ``screen`` and of the app that acts now:
    enabled by ``check_action``, with a description; not the keys of the widgets inside
    (scrolling, moving a cursor), nor Textual's system keys."""
    app = screen.app
    keys: dict[str, list[str]] = {}
    words: dict[str, str] = {}
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        if node is not screen and node is not app:
            continue
        if not enabled or binding.system or not binding.description:
            continue
        if node is screen and binding.action in TEXTUAL_SCREEN_ACTIONS:
            continue
        action = binding.action.split("(")[0]  # F1 and ? both show the keys: one line
        hint = screen.key_hint(binding.action) if isinstance(screen, HintsKeys) else None
        words.setdefault(action, (hint.description if hint else None) or _(binding.description))
        shown = (hint.key if hint else None) or app.get_key_display(binding)
        if shown not in keys.setdefault(action, []):
            keys[action].append(shown)
    return [(" ".join(keys[action]), words[action]) for action in keys]


class KeysScreen(ModalScreen[None]):
    """The keys of the screen it covers; Esc (or F1, or ``?``) closes it."""

    SCOPED_CSS = False  # ids and classes as in psoas.tcss: parsed when first shown
    CSS_PATH = "dialogs.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", N_("Close")),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog", id="keys")
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self.keys), default=0)
        lines = Content("\n").join(
            Content.assemble((key.ljust(width), "bold"), "  ", words) for key, words in self.keys
        )
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="keys-list"):
                yield Static(lines, id="keys-text")
            yield Label(_("Esc closes this."), classes="dialog-title", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
