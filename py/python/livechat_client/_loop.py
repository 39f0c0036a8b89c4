"""Busy-polling for livechat_client results instead of sleeping, on asyncio's own loop.

A loop sleeps in ``epoll_wait`` whenever it has nothing ready, and every result then has to wake
it (a cross-CPU interrupt; on a VM a hypervisor exit) — about a third of a sequential call's time
when the server answers within ~100 µs. So when a loop is about to sleep while livechat_client
calls are in flight, recent calls finished within ``busy_poll`` seconds and the latest was
submitted less than that long ago, it spins until ``busy_poll`` after that submit instead (GIL
released, the loop's other file descriptors polled every ``_SLICE`` seconds, timers respected).
Against a server tens of milliseconds away the calls are slower than the budget, so the loop
sleeps exactly as before.

asyncio's stock selector loop (what ``asyncio.run`` makes) gets this when its first call starts:
its selector is wrapped by :class:`_SpinningSelector`, which only adds the spin before a select
that would block (``set_busy_poll`` changes the budget or turns it off). Loops without a selector
(uvloop, Windows' proactor) are left alone. :class:`EventLoop` is the same selector loop with
the wrapper from the start and its own budget.
"""

from __future__ import annotations

import asyncio
import math
import selectors
import sys
import time
from collections.abc import Mapping
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


class _SpinningSelector(selectors.BaseSelector):
    """A loop's selector, spinning for livechat_client results before a select that would block;
    everything else goes to the wrapped selector unchanged."""

    def __init__(self, inner: selectors.BaseSelector, budget: float) -> None:
        self.inner = inner
        self.budget = budget
        # Set by livechat_client._bridge when the loop's bridge is made.
        self.bridge: _native.Bridge | None = None

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.inner.register(fileobj, events, data)

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        return self.inner.unregister(fileobj)

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.inner.modify(fileobj, events, data)

    def get_key(self, fileobj: Any) -> selectors.SelectorKey:
        return self.inner.get_key(fileobj)

    def get_map(self) -> Mapping[Any, selectors.SelectorKey]:
        return self.inner.get_map()

    def close(self) -> None:
        self.bridge = None
        self.inner.close()

    def __getattr__(self, name: str) -> Any:
        # `fileno()` of epoll/kqueue selectors and anything else a caller may use.
        if name == "inner":  # not set yet (a half-made object): no endless recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

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
                    events = self.inner.select(0)
                    if events:
                        return events
                    spent = time.monotonic() - start
                    if spent >= window:
                        if timeout is not None:
                            timeout = max(0.0, timeout - spent)
                        break
        return self.inner.select(timeout)


#: The budget of stock loops (``set_busy_poll`` without a loop changes it for new ones).
_stock_budget: float = DEFAULT_BUSY_POLL


def _spinning_selector(loop: asyncio.AbstractEventLoop) -> _SpinningSelector | None:
    """The wrapper of ``loop``'s selector, installed if ``loop`` is a selector loop without one;
    None for loops without a selector."""
    if not isinstance(loop, asyncio.selector_events.BaseSelectorEventLoop):
        return None
    selector = getattr(loop, "_selector", None)
    if isinstance(selector, _SpinningSelector):
        return selector
    if not isinstance(selector, selectors.BaseSelector):
        return None
    wrapped = _SpinningSelector(selector, _stock_budget)
    loop._selector = wrapped  # type: ignore[attr-defined]
    return wrapped


def set_busy_poll(busy_poll: float, loop: asyncio.AbstractEventLoop | None = None) -> bool:
    """Sets how long (seconds, 0 to 0.01; 0 turns it off) ``loop`` spins for fast livechat_client
    results before it sleeps; without ``loop``, the running loop's if there is one, and the
    default of stock loops that start calls later (default 0.00025). Returns whether the loop
    can spin (False for loops without a selector, such as uvloop's: they always sleep)."""
    global _stock_budget
    budget = _check_busy_poll(busy_poll)
    if loop is None:
        _stock_budget = budget
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return True
    selector = _spinning_selector(loop)
    if selector is None:
        return False
    selector.budget = budget
    return True


class EventLoop(asyncio.SelectorEventLoop):
    """asyncio's selector event loop, busy-polling briefly for livechat_client results before it sleeps.

    asyncio's own loop does the same once it starts livechat_client calls (see
    :func:`set_busy_poll`); this class is that loop with its budget fixed at construction:
    ``livechat_client.run(main(), busy_poll=…)``, or
    ``asyncio.Runner(loop_factory=livechat_client.EventLoop)``. ``busy_poll`` is the spin budget in
    seconds (0 turns spinning off); spinning happens only while livechat_client calls are in flight,
    recent ones finished within the budget and the latest was submitted less than the budget ago.
    """

    def __new__(cls, busy_poll: float = DEFAULT_BUSY_POLL) -> EventLoop:
        # Refused here, before the object exists: a half-made loop would fail in __del__.
        _check_busy_poll(busy_poll)
        return super().__new__(cls)

    def __init__(self, busy_poll: float = DEFAULT_BUSY_POLL) -> None:
        self._lc_selector = _SpinningSelector(selectors.DefaultSelector(), _check_busy_poll(busy_poll))
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
    """Lets ``loop`` busy-poll ``bridge`` if it is a selector loop (else nothing)."""
    selector = _spinning_selector(loop)
    if selector is not None:
        selector.bridge = bridge
