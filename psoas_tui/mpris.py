"""Earbud and media buttons: a running session is a media player on the session D-Bus (MPRIS).

While a session runs, psoas owns ``org.mpris.MediaPlayer2.psoas`` (or, when another psoas
has it, ``org.mpris.MediaPlayer2.psoas.instance<pid>``, as MPRIS allows) and serves
``/org/mpris/MediaPlayer2``: PlayPause, Play and Pause pause and resume the session, Next
and Previous skip and go back; the metadata is the current exercise (``xesam:title``), its
side and the time left (``xesam:artist``), and its length (``mpris:length``).

The service runs on its own thread with its own connection (jeepney, blocking I/O). It
never touches the session: a button becomes a command handed to ``send`` (the app:
``call_from_thread``; the plain runner: :class:`Commands`, a queue its loop reads), and
the front end hands it what is playing with :meth:`MediaPlayer.update` (from the session's
thread; the service reads a frozen snapshot under a lock).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psoas_tui.routine.text import clean_text
from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    from jeepney import Message  # type: ignore[import-untyped]
    from jeepney.io.blocking import DBusConnection  # type: ignore[import-untyped]

    from psoas_tui.session import Event, Session

BUS_NAME = "org.mpris.MediaPlayer2.psoas"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
POLL_SECONDS = 0.2  # how often the service thread looks up from the bus (updates, closing)

# A button to the session control it runs.
CONTROLS = {
    "PlayPause": "toggle_pause",
    "Play": "resume",
    "Pause": "pause",
    "Stop": "pause",  # a media key's stop must not throw a session away: it pauses
    "Next": "skip",
    "Previous": "back",
}

INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
 <interface name="{ROOT}">
  <method name="Raise"/><method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/>
  <property name="CanRaise" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/>
  <property name="Identity" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
 </interface>
 <interface name="{PLAYER}">
  <method name="Next"/><method name="Previous"/><method name="Pause"/>
  <method name="PlayPause"/><method name="Stop"/><method name="Play"/>
  <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
  <method name="SetPosition"><arg name="TrackId" type="o" direction="in"/>
   <arg name="Position" type="x" direction="in"/></method>
  <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
  <signal name="Seeked"><arg name="Position" type="x"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="Rate" type="d" access="read"/>
  <property name="Metadata" type="a{{sv}}" access="read"/>
  <property name="Volume" type="d" access="read"/>
  <property name="Position" type="x" access="read"/>
  <property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/>
  <property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/>
  <property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/>
  <property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read"/>
 </interface>
 <interface name="{PROPERTIES}">
  <method name="Get"><arg type="s" direction="in"/><arg type="s" direction="in"/>
   <arg type="v" direction="out"/></method>
  <method name="GetAll"><arg type="s" direction="in"/><arg type="a{{sv}}" direction="out"/></method>
  <signal name="PropertiesChanged"><arg type="s"/><arg type="a{{sv}}"/><arg type="as"/></signal>
 </interface>
</node>
"""


class MediaOff(Exception):
    """No media buttons for this session (no session bus, the name taken)."""


@dataclass(frozen=True)
class NowPlaying:
    """What the service shows: a snapshot taken on the session's thread."""

    index: int = 0  # the interval's index in the plan (its track id)
    title: str = ""
    side: str = ""  # "left side", or ""
    routine: str = ""
    length: float | None = None  # the interval's seconds (None: untimed)
    remaining: float | None = None  # seconds left at ``at``
    at: float = 0.0  # session clock time of the snapshot
    status: str = "Stopped"  # Playing, Paused or Stopped

    def left_at(self, now: float) -> float | None:
        """Seconds left at clock time ``now``."""
        if self.remaining is None:
            return None
        if self.status != "Playing":
            return self.remaining
        return max(0.0, self.remaining - (now - self.at))


def now_playing(session: Session) -> NowPlaying:
    """The session as a media widget shows it (call on the session's thread)."""
    from psoas_tui.session import State
    from psoas_tui.text import intervals as describe

    now = session.clock()
    status = session.status(now)
    interval = status.interval
    if interval is None:
        return NowPlaying(routine=clean_text(session.plan.routine.name), at=now)
    return NowPlaying(
        index=interval.index,
        title=clean_text(describe.title(interval)),
        side=describe.side_words(interval)[1],
        routine=clean_text(session.plan.routine.name),
        length=interval.duration,
        remaining=status.remaining,
        at=now,
        status={State.RUNNING: "Playing", State.PAUSED: "Paused"}.get(status.state, "Stopped"),
    )


class MediaPlayer:
    """The MPRIS service of one session. :meth:`start` it, :meth:`update` it, :meth:`close`."""

    def __init__(
        self, connection: DBusConnection, name: str, send: Callable[[str], None], clock: Any
    ) -> None:
        self.connection = connection
        self.name = name
        self.send = send
        self.clock: Callable[[], float] = clock
        self._lock = threading.Lock()
        self._playing = NowPlaying()
        self._changed = False
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="psoas-mpris", daemon=True)

    @classmethod
    def start(
        cls, send: Callable[[str], None], clock: Callable[[], float], *, name: str = BUS_NAME
    ) -> MediaPlayer:
        """Connect to the session bus and own the MPRIS name. Raises :class:`MediaOff`."""
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            raise MediaOff(_("no session bus"))
        try:
            from jeepney import DBusNameFlags, message_bus
            from jeepney.io.blocking import open_dbus_connection
        except ImportError as error:
            raise MediaOff(_("jeepney is not installed ({error})").format(error=error)) from None
        try:
            connection = open_dbus_connection(bus="SESSION")
        except Exception as error:
            raise MediaOff(
                _("no session bus ({error})").format(error=clean_text(str(error)))
            ) from None
        try:
            for wanted in (name, f"{name}.instance{os.getpid()}"):
                reply = connection.send_and_get_reply(
                    message_bus.RequestName(wanted, DBusNameFlags.do_not_queue), timeout=2
                )
                if reply.body and reply.body[0] in (1, 4):  # primary owner, already owner
                    player = cls(connection, wanted, send, clock)
                    player._thread.start()
                    return player
        except Exception as error:
            connection.close()
            raise MediaOff(clean_text(str(error))) from None
        connection.close()
        raise MediaOff(_("the name {name} is taken").format(name=name))

    def update(self, playing: NowPlaying) -> None:
        """What is playing now (from the session's thread); listeners hear of a change."""
        with self._lock:
            if playing != self._playing:
                self._playing = playing
                self._changed = True

    def close(self) -> None:
        self._closing.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        with contextlib.suppress(Exception):
            self.connection.close()

    # -- the service thread ---------------------------------------------------------------

    def _serve(self) -> None:
        while not self._closing.is_set():
            try:
                message = self.connection.receive(timeout=POLL_SECONDS)
            except TimeoutError:
                message = None
            except Exception:  # the bus went away: the session runs on without buttons
                return
            try:
                if message is not None:
                    self._answer(message)
                self._announce()
            except Exception:  # a bad call or a closed bus never stops the session
                if self._closing.is_set():
                    return

    def _announce(self) -> None:
        with self._lock:
            if not self._changed:
                return
            self._changed = False
        from jeepney import DBusAddress, new_signal

        emitter = DBusAddress(OBJECT_PATH, interface=PROPERTIES)
        changed = {key: self._property(PLAYER, key) for key in ("Metadata", "PlaybackStatus")}
        self.connection.send(
            new_signal(emitter, "PropertiesChanged", "sa{sv}as", (PLAYER, changed, []))
        )

    def _answer(self, message: Message) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        header = message.header
        if header.message_type is not MessageType.method_call:
            return
        interface = header.fields.get(HeaderFields.interface)
        member = header.fields.get(HeaderFields.member)
        path = header.fields.get(HeaderFields.path)
        if path != OBJECT_PATH:
            reply = new_error(message, "org.freedesktop.DBus.Error.UnknownObject")
        elif member in CONTROLS and interface in (PLAYER, None):
            self.send(member)
            reply = new_method_return(message)
        elif interface in (PLAYER, ROOT, None) and member in (
            "Seek",
            "SetPosition",
            "OpenUri",
            "Raise",
            "Quit",
        ):
            reply = new_method_return(message)  # nothing to do for a workout
        elif interface == PROPERTIES and member == "Get":
            owner, key = message.body
            value = self._property(owner, key)
            reply = (
                new_method_return(message, "v", (value,))
                if value is not None
                else new_error(message, "org.freedesktop.DBus.Error.UnknownProperty")
            )
        elif interface == PROPERTIES and member == "GetAll":
            (owner,) = message.body
            reply = new_method_return(message, "a{sv}", (self._properties(owner),))
        elif interface == PROPERTIES and member == "Set":
            reply = new_error(message, "org.freedesktop.DBus.Error.PropertyReadOnly")
        elif interface == INTROSPECTABLE and member == "Introspect":
            reply = new_method_return(message, "s", (INTROSPECTION,))
        elif interface == PEER and member == "Ping":
            reply = new_method_return(message)
        else:
            reply = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
        self.connection.send(reply)

    def _properties(self, owner: str) -> dict[str, tuple[str, Any]]:
        keys = ROOT_KEYS if owner == ROOT else PLAYER_KEYS if owner == PLAYER else ()
        found = {key: self._property(owner, key) for key in keys}
        return {key: value for key, value in found.items() if value is not None}

    def _property(self, owner: str, key: str) -> tuple[str, Any] | None:
        if owner == ROOT:
            return {
                "CanQuit": ("b", False),
                "CanRaise": ("b", False),
                "HasTrackList": ("b", False),
                "Identity": ("s", "psoas"),
                "SupportedUriSchemes": ("as", []),
                "SupportedMimeTypes": ("as", []),
            }.get(key)
        if owner != PLAYER:
            return None
        with self._lock:
            playing = self._playing
        now = self.clock()
        if key == "Metadata":
            return ("a{sv}", metadata(playing, now))
        if key == "PlaybackStatus":
            return ("s", playing.status)
        if key == "Position":
            left = playing.left_at(now)
            done = (playing.length or 0.0) - left if left is not None else 0.0
            return ("x", int(max(0.0, done) * 1_000_000))
        fixed: dict[str, tuple[str, Any]] = {
            "Rate": ("d", 1.0),
            "MinimumRate": ("d", 1.0),
            "MaximumRate": ("d", 1.0),
            "Volume": ("d", 1.0),
            "CanGoNext": ("b", True),
            "CanGoPrevious": ("b", True),
            "CanPlay": ("b", True),
            "CanPause": ("b", True),
            "CanSeek": ("b", False),
            "CanControl": ("b", True),
        }
        return fixed.get(key)


ROOT_KEYS = (
    "CanQuit",
    "CanRaise",
    "HasTrackList",
    "Identity",
    "SupportedUriSchemes",
    "SupportedMimeTypes",
)
PLAYER_KEYS = (
    "PlaybackStatus",
    "Rate",
    "Metadata",
    "Volume",
    "Position",
    "MinimumRate",
    "MaximumRate",
    "CanGoNext",
    "CanGoPrevious",
    "CanPlay",
    "CanPause",
    "CanSeek",
    "CanControl",
)


def metadata(playing: NowPlaying, now: float) -> dict[str, tuple[str, Any]]:
    """MPRIS metadata: the exercise as the title, its side and the time left as the artist
    (what a media widget or a watch shows under the title), the routine as the album."""
    from psoas_tui.text.durations import clock as clock_text

    left = playing.left_at(now)
    line = " · ".join(
        part
        for part in (playing.side, f"{clock_text(left)} left" if left is not None else "")
        if part
    )
    found: dict[str, tuple[str, Any]] = {
        "mpris:trackid": ("o", f"/org/psoas/interval/{playing.index}"),
        "xesam:title": ("s", playing.title),
        "xesam:artist": ("as", [line] if line else []),
        "xesam:album": ("s", playing.routine),
    }
    if playing.length is not None:
        found["mpris:length"] = ("x", int(playing.length * 1_000_000))
    return found


class Follow:
    """A session listener that keeps the service's snapshot current."""

    def __init__(self, player: MediaPlayer, session: Session) -> None:
        self.player = player
        self.session = session

    def __call__(self, event: Event) -> None:
        self.player.update(now_playing(self.session))


def apply_command(session: Session, command: str) -> None:
    """A media button (``PlayPause``, ``Next``, ...) to its session control."""
    control = CONTROLS.get(command)
    if control is not None:
        getattr(session, control)()


def start_media(
    session: Session, send: Callable[[str], None], *, on: bool, warn: Callable[[str], None]
) -> MediaPlayer | None:
    """The session's media player, following it; None when the setting turns it off, or
    (said once with ``warn``) when there is no session bus."""
    if not on:
        return None
    try:
        player = MediaPlayer.start(send, session.clock)
    except MediaOff as error:
        warn(_("media buttons are off ({reason}); the keys still work.").format(reason=error))
        return None
    session.subscribe(Follow(player, session))
    player.update(now_playing(session))
    return player
