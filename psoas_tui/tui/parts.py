"""What the app is given from outside: the shapes of the player and the session log.

The app never builds these itself (``launch`` does), so tests hand it a fake clock, a
recording player and a temporary log. Only the methods the app calls are named here.
Each shape is named ``...Part``, so that no name means both a Protocol here and the class
it describes (``history.SessionLog``, ``cues.Player``, ``history.Recorder``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from psoas_tui.plan import Plan

if TYPE_CHECKING:
    from psoas_tui.session import Event


class PlayerPart(Protocol):
    """Sound cues for a session (``psoas_tui.cues``)."""

    description: str
    muted: bool
    bell_hook: Callable[[], None] | None

    def set_muted(self, muted: bool) -> None: ...

    def prepare(self, plan: Plan, clock: Callable[[], float]) -> None: ...

    def __call__(self, event: Event) -> None: ...

    def close(self) -> None: ...


class RecorderPart(Protocol):
    """A session listener that writes the session into the log as it happens."""

    session_id: Any

    def __call__(self, event: Event) -> None: ...

    def close(self) -> None: ...


class LogPart(Protocol):
    """The session log (``psoas_tui.history``)."""

    available: bool
    warning: str | None

    def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> RecorderPart: ...

    def alternate_first_side(self, slug: str) -> Any: ...

    def last_done(self) -> dict[str, datetime]: ...

    def save_summary(
        self, session_id: Any, *, note: str = "", tightness: dict[str, int | None] | None = None
    ) -> None: ...

    def sessions(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        since: date | None = None,
        routine: str | None = None,
    ) -> Sequence[Any]: ...

    def session_detail(self, session_id: Any) -> Any: ...

    def stats(self, *, today: date | None = None) -> Any: ...


class Deferred:
    """Builds a part (the player, the log) on first use, so the first frame need not wait.

    ``launch`` hands the app deferred parts; the app builds them in a thread right after its
    first frame (:meth:`build`), and anything that needs one before that simply waits.
    """

    def __init__(self, make: Callable[[], Any]) -> None:
        import threading

        self._make = make
        self._lock = threading.Lock()
        self._part: Any = None
        self._error: BaseException | None = None
        self._built = False

    @property
    def ready(self) -> bool:
        return self._built

    def build(self) -> Any:
        with self._lock:
            if not self._built:
                try:
                    self._part = self._make()
                except BaseException as error:
                    self._error = error
                self._built = True
        if self._error is not None:
            raise self._error
        return self._part

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.build(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self.build(), name, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.build()(*args, **kwargs)


def is_ready(part: object) -> bool:
    """False for a deferred part not built yet (reading it now would block)."""
    return bool(getattr(part, "ready", True)) if isinstance(part, Deferred) else True
