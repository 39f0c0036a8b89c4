"""One completion bridge per running event loop (see py/src/bridge.rs): finished calls are
resolved in batches on the loop thread; token requests run the client's getter there, in the
caller's contextvars context. Bridges go away with their loop, so repeated ``asyncio.run`` calls
each get a fresh one.

Hot path: a call is one :class:`CallFuture` awaited directly by the API method's coroutine; its
``cancel`` (called by ``Task.cancel`` and ``asyncio.wait_for``) stops the Rust task, so no extra
coroutine frame or done-callback is needed per call."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import weakref
from typing import TYPE_CHECKING, Any

from . import _errors, _loop, _native
from ._token import Token

if TYPE_CHECKING:
    from ._client import AgentWeb


class CallFuture(asyncio.Future[Any]):
    """The future of one call: cancelling it also stops the call's Rust task."""

    __slots__ = ("_lc_bridge", "_lc_id")

    _lc_bridge: _native.Bridge
    _lc_id: int

    def cancel(self, msg: Any | None = None) -> bool:
        if not super().cancel(msg):
            return False
        try:
            bridge = self._lc_bridge
        except AttributeError:  # cancelled before the call started: nothing runs yet
            return True
        bridge.cancel(self._lc_id)
        return True


class LoopBridge:
    """The Python side of a loop's bridge: the native queue plus token-call bookkeeping."""

    __slots__ = ("native", "token_calls", "token_errors", "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # Call id -> (client, context) for calls whose client has a token getter.
        self.token_calls: dict[int, tuple[AgentWeb, contextvars.Context]] = {}
        # Call id -> the exception the getter raised (becomes TokenError.__cause__).
        self.token_errors: dict[int, BaseException] = {}
        # The hook holds the bridge weakly: no cycle through the native object.
        hook = functools.partial(_on_token, weakref.ref(self))
        self.native = _native.Bridge(_errors.from_json, hook)
        # The loop owns its bridge through this reader (until it closes); nothing else holds it
        # strongly. A global owner would keep the loop alive through the futures of calls in
        # flight, so a loop dropped without cleanup could never be collected.
        loop.add_reader(self.native.fileno(), self._drain)
        _loop.attach(loop, self.native)

    def _drain(self) -> None:
        self.native.drain()


# Loop -> its bridge, both held weakly (the loop itself owns the bridge, see LoopBridge).
_bridges: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, weakref.ref[LoopBridge]] = weakref.WeakKeyDictionary()


# The last loop asked for and its bridge, both held weakly: the common case (one loop calling
# many times) skips the WeakKeyDictionary lookup, which builds a weak reference every time.
_last: tuple[weakref.ref[asyncio.AbstractEventLoop], weakref.ref[LoopBridge]] | None = None


def for_loop(loop: asyncio.AbstractEventLoop) -> LoopBridge:
    """The bridge of ``loop``, created on first use."""
    global _last
    last = _last
    if last is not None and last[0]() is loop:
        bridge = last[1]()
        if bridge is not None:
            return bridge
    ref = _bridges.get(loop)
    bridge = ref() if ref is not None else None
    if bridge is None:
        bridge = LoopBridge(loop)
        _bridges[loop] = weakref.ref(bridge)
    _last = (weakref.ref(loop), weakref.ref(bridge))
    return bridge


def _on_token(bridge_ref: weakref.ref[LoopBridge], call_id: int, request_id: int, refresh: bool) -> None:
    bridge = bridge_ref()
    if bridge is None:
        return
    entry = bridge.token_calls.get(call_id)
    if entry is None:
        bridge.native.complete_token(request_id, None, "the call that needed a token is gone")
        return
    client, ctx = entry
    try:
        result = ctx.run(client._ask_token_getter, refresh)
    except Exception as exc:  # the getter's own failure: reported as TokenError
        _fail(bridge, call_id, request_id, exc)
        return
    if inspect.isawaitable(result):
        # A task created inside ctx.run runs in a copy of the caller's context.
        task = ctx.run(asyncio.ensure_future, result)
        task.add_done_callback(functools.partial(_token_done, bridge_ref, call_id, request_id))
    else:
        _answer(bridge, call_id, request_id, result)


def _token_done(
    bridge_ref: weakref.ref[LoopBridge], call_id: int, request_id: int, task: asyncio.Future[Any]
) -> None:
    bridge = bridge_ref()
    if bridge is None:
        return
    if task.cancelled():
        bridge.native.complete_token(request_id, None, "the token getter was cancelled")
        return
    exc = task.exception()
    if exc is not None:
        _fail(bridge, call_id, request_id, exc)
    else:
        _answer(bridge, call_id, request_id, task.result())


def _answer(bridge: LoopBridge, call_id: int, request_id: int, result: object) -> None:
    if isinstance(result, Token):
        bridge.native.complete_token(request_id, result.header_value(), None)
    elif isinstance(result, str):
        bridge.native.complete_token(request_id, result, None)
    else:
        exc = TypeError(f"the token getter returned {type(result).__name__}; expected str or livechat.Token")
        _fail(bridge, call_id, request_id, exc)


def _fail(bridge: LoopBridge, call_id: int, request_id: int, exc: BaseException) -> None:
    bridge.token_errors[call_id] = exc
    bridge.native.complete_token(request_id, None, f"{type(exc).__name__}: {exc}")
