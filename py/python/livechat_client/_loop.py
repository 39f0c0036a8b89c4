"""An asyncio event loop that busy-polls for livechat_client results instead of sleeping.

The stock loop sleeps in ``epoll_wait`` whenever it has nothing ready, and every result then has to
wake it (a cross-CPU interrupt; on a VM a hypervisor exit) — about a third of a sequential call's
time when the server answers within ~100 µs. :class:`EventLoop` is asyncio's own selector loop
with one change: when it is about to sleep while livechat_client calls are in flight, recent calls
finished within ``busy_poll`` seconds and the latest was submitted less than that long ago, it
spins until ``busy_poll`` after that submit (GIL released, other file descriptors polled every
``_SLICE`` seconds, timers respected). Against a server tens of milliseconds away the calls are
slower than the budget, so it sleeps exactly like the stock loop.
"""

from __future__ import annotations

import asyncio
import math
import selectors
import sys
import time
from typing import Any, Coroutine, TypeVar

from . import _native

_T = TypeVar("_T")

#: The default spin budget: a little more than a sequential call to a server on the same host.
DEFAULT_BUSY_POLL: float = 0.00025
#: Upper bound for ``busy_poll``: spinning longer than this is never cheaper than sleeping.
MAX_BUSY_POLL: float = 0.01
# How long one native spin lasts before the other file descriptors are polled again.
_SLICE = 0.00003


def _check_busy_poll(busy_poll: object) -> float:
    if isinstance(busy_poll, bool) or not isinstance(busy_poll, (int, float)):
        raise TypeError(f"busy_poll must be a number of seconds, not {type(busy_poll).__name__}")
    value = float(busy_poll)
    if not math.isfinite(value) or value < 0 or value > MAX_BUSY_POLL:
        raise ValueError(f"busy_poll must be between 0 and {MAX_BUSY_POLL} seconds, got {busy_poll!r}")
    return value


class _BusyPollSelector(selectors.DefaultSelector):
    """The platform's default selector, spinning for livechat_client results before it would block."""

    def __init__(self, budget: float) -> None:
        super().__init__()
        self.budget = budget
        # Set by livechat_client._bridge when this loop's bridge is made.
        self.bridge: _native.Bridge | None = None

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        bridge = self.bridge
        if bridge is not None and (timeout is None or timeout > 0):
            window = bridge.busy_poll_window(self.budget)
            if window > 0:
                if timeout is not None:
                    window = min(window, timeout)
                start = time.monotonic()
                spent = 0.0
                while True:
                    if bridge.spin(min(_SLICE, window - spent)):
                        timeout = 0  # results wait: collect them with whatever else is ready
                        break
                    events: list[tuple[selectors.SelectorKey, int]] = super().select(0)
                    if events:
                        return events
                    spent = time.monotonic() - start
                    if spent >= window:
                        if timeout is not None:
                            timeout = max(0.0, timeout - spent)
                        break
        return super().select(timeout)


class EventLoop(asyncio.SelectorEventLoop):
    """asyncio's selector event loop, busy-polling briefly for livechat_client results before it sleeps.

    Use it when the server answers within microseconds (a local proxy or gateway, the emulator in
    tests) and sequential latency matters: ``livechat_client.run(main())``, or
    ``asyncio.Runner(loop_factory=livechat_client.EventLoop)``. ``busy_poll`` is the spin budget in
    seconds (0 turns spinning off); spinning happens only while livechat_client calls are in flight,
    recent ones finished within the budget and the latest was submitted less than the budget ago.
    """

    def __new__(cls, busy_poll: float = DEFAULT_BUSY_POLL) -> EventLoop:
        # Refused here, before the object exists: a half-made loop would fail in __del__.
        _check_busy_poll(busy_poll)
        return super().__new__(cls)

    def __init__(self, busy_poll: float = DEFAULT_BUSY_POLL) -> None:
        self._lc_selector = _BusyPollSelector(_check_busy_poll(busy_poll))
        super().__init__(self._lc_selector)

    @property
    def busy_poll(self) -> float:
        """The spin budget in seconds."""
        return self._lc_selector.budget


def new_event_loop(*, busy_poll: float = DEFAULT_BUSY_POLL) -> EventLoop:
    """A new :class:`EventLoop` (for ``asyncio.Runner(loop_factory=…)`` or manual use)."""
    return EventLoop(busy_poll)


def run(main: Coroutine[Any, Any, _T], *, debug: bool | None = None, busy_poll: float = DEFAULT_BUSY_POLL) -> _T:
    """Like :func:`asyncio.run`, on a new :class:`EventLoop`."""
    try:
        budget = _check_busy_poll(busy_poll)
    except BaseException:
        main.close()  # never started: close it, or Python warns it was never awaited
        raise
    if sys.version_info >= (3, 11):
        with asyncio.Runner(debug=debug, loop_factory=lambda: EventLoop(budget)) as runner:
            return runner.run(main)
    return _run_without_runner(main, debug, budget)  # pragma: no cover - Python 3.10


def _run_without_runner(main: Coroutine[Any, Any, _T], debug: bool | None, budget: float) -> _T:
    """``asyncio.run`` on an :class:`EventLoop` for Python 3.10, which lacks ``asyncio.Runner``."""
    loop = EventLoop(budget)
    try:
        asyncio.set_event_loop(loop)
        if debug is not None:
            loop.set_debug(debug)
        return loop.run_until_complete(main)
    finally:
        try:
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            if tasks:
                loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def attach(loop: asyncio.AbstractEventLoop, bridge: _native.Bridge) -> None:
    """Lets ``loop`` busy-poll ``bridge`` if it is an :class:`EventLoop` (else nothing)."""
    if isinstance(loop, EventLoop):
        loop._lc_selector.bridge = bridge
