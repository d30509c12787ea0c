"""Keys typed ahead reach the right widget, one after another, in the order they were typed.

Textual forwards every key to the focused widget at once, but a binding (Enter opening
the edit box, Ctrl+U in it) only runs when the key has bubbled back up to the app: the
digits typed right after Enter reach the table, and those after Ctrl+U are inserted
before it clears the line. Here the app hands on one key at a time: a ``KeyDone``
marker follows each key along the same path, and the next key is handed on only when
the marker is back at the app — after the key's binding ran and, when that opened a
dialog, after the dialog is mounted and its input has the focus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from time import monotonic

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

#: Laps a marker makes before the next key goes: the second lets what the key's binding
#: posted (Input.Submitted closing its dialog) be handled first. More when screens change.
LAPS = 2
MAX_LAPS = 6
#: A marker lost on the way (its widget removed meanwhile) holds the keys no longer than this.
RELEASE_AFTER = 1.0

InputEvent = events.Key | events.Paste


@dataclass(eq=False, repr=False)
class KeyDone(Message):
    """Follows a key to its widget and bubbles back to the app once the key is handled."""

    serial: int
    screen: Screen[object] | None
    lap: int = 1


class TypeAhead:
    """The keys waiting for the one before them to be handled."""

    def __init__(
        self, owner: MessagePump, dispatch: Callable[[InputEvent], Awaitable[None]]
    ) -> None:
        self._owner = owner
        self._dispatch = dispatch
        self.backlog: deque[InputEvent] = deque()
        self.busy_since: float | None = None
        self.serial = 0
        self._watchdog: Timer | None = None

    @property
    def busy(self) -> bool:
        """Whether a key is still on its way."""
        return self.busy_since is not None

    async def receive(self, event: InputEvent) -> None:
        """Hand the key on now, or after the ones before it."""
        if self.busy or self.backlog:
            self.backlog.append(event)
            self._watch()
            return
        await self._dispatch(event)

    def follow(self, target: MessagePump, screen: Screen[object] | None, lap: int = 1) -> None:
        """Send a marker after the key just handed to ``target``; hold keys until it is back."""
        self.serial += 1
        sent = target.post_message(KeyDone(self.serial, screen, lap))
        self.busy_since = monotonic() if sent else None

    async def done(
        self, message: KeyDone, front: Screen[object], focused: MessagePump | None
    ) -> None:
        """The marker is back: let the key's effects settle, then hand on the next key."""
        if message.serial != self.serial:
            return  # a marker given up on (see release)
        changed = message.screen is not front
        if message.lap < MAX_LAPS and (changed or message.lap < LAPS):
            # Once more along the path a key would take now: behind what the binding posted,
            # and, when the key opened (or closed) a screen, behind that screen's compose
            # and the focus on its input.
            self.follow(focused or front, front, message.lap + 1)
            if self.busy:
                return
        self.busy_since = None
        await self._drain()

    async def release(self) -> None:
        """Give up on a marker that did not come back, and hand on the waiting keys."""
        self._watchdog = None
        if self.busy_since is not None and monotonic() - self.busy_since >= RELEASE_AFTER:
            self.serial += 1
            self.busy_since = None
        await self._drain()
        if self.backlog:
            self._watch()

    async def _drain(self) -> None:
        while self.backlog and not self.busy:
            await self._dispatch(self.backlog.popleft())

    def _watch(self) -> None:
        if self._watchdog is None:
            self._watchdog = self._owner.set_timer(RELEASE_AFTER, self.release)
