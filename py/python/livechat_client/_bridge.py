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
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from . import _errors, _loop, _native
from ._token import Token

if TYPE_CHECKING:
    from ._client import _Client


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

    __slots__ = ("native", "token_calls", "token_errors", "token_tasks", "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # Call id -> (client, the caller's context, the call's future) for calls whose client has
        # a token getter, while they run.
        self.token_calls: dict[int, tuple[_Client, contextvars.Context, CallFuture]] = {}
        # Call id -> (message sent, the exception a getter raised): TokenError.__cause__ of the
        # calls that were waiting for that getter.
        self.token_errors: dict[int, tuple[str, BaseException]] = {}
        # Token request id -> the task running an async getter for it, and the getter's awaitable.
        self.token_tasks: dict[int, tuple[asyncio.Task[None], Awaitable[Any]]] = {}
        # The hooks hold the bridge weakly: no cycle through the native object.
        ref = weakref.ref(self)
        self.native = _native.Bridge(
            _errors.from_json, functools.partial(_on_token, ref), functools.partial(_on_token_cancelled, ref)
        )
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


def _on_token(bridge_ref: weakref.ref[LoopBridge], call_id: int, key: int, request_id: int, refresh: bool) -> None:
    """Runs the getter for one token request, in the context of the call that asked. Every outcome
    answers the request, except KeyboardInterrupt and SystemExit, which go on to the loop (the
    native drain answers the request for them)."""
    bridge = bridge_ref()
    if bridge is None:
        return
    entry = bridge.token_calls.get(call_id)
    if entry is None:
        # The call that asked was cancelled before its request got here; other calls of the
        # client may share the request (the core runs one getter call at a time per client).
        entry = next((e for e in bridge.token_calls.values() if e[0]._native.getter_key == key), None)
        if entry is None:
            bridge.native.complete_token(request_id, None, "no call waits for this token any more")
            return
        call_id = -1  # no call of its own to cancel
    client, ctx, _ = entry
    try:
        result = ctx.run(client._ask_token_getter, refresh)
    except asyncio.CancelledError:
        _cancel_call(bridge, call_id, request_id)
        return
    except Exception as exc:  # the getter's own failure: reported as TokenError
        _fail(bridge, key, request_id, exc)
        return
    if inspect.isawaitable(result):
        # A task created inside ctx.run runs in a copy of the caller's context. The task's result
        # is None: the token never sits in a task (whose repr shows its result) or a callback.
        task = ctx.run(asyncio.ensure_future, _await_getter(bridge_ref, call_id, key, request_id, result))
        if not task.done():
            bridge.token_tasks[request_id] = (task, result)
    else:
        _answer(bridge, key, request_id, result)


def _on_token_cancelled(bridge_ref: weakref.ref[LoopBridge], request_id: int) -> None:
    """Nobody waits for the token of ``request_id`` any more: stops its getter."""
    bridge = bridge_ref()
    if bridge is None:
        return
    entry = bridge.token_tasks.pop(request_id, None)
    if entry is None:
        return
    task, awaitable = entry
    task.cancel()
    if inspect.iscoroutine(awaitable) and inspect.getcoroutinestate(awaitable) == inspect.CORO_CREATED:
        # Cancelled before its first step, the task never awaits the getter's coroutine: closed
        # here, it does not warn "coroutine … was never awaited".
        awaitable.close()


async def _await_getter(
    bridge_ref: weakref.ref[LoopBridge], call_id: int, key: int, request_id: int, awaitable: Awaitable[Any]
) -> None:
    try:
        result = await awaitable
    except asyncio.CancelledError:
        bridge = bridge_ref()
        if bridge is not None and bridge.token_tasks.pop(request_id, None) is not None:
            # Not cancelled by _on_token_cancelled: the getter itself raised CancelledError.
            _cancel_call(bridge, call_id, request_id)
        raise
    except BaseException as exc:
        bridge = bridge_ref()
        if bridge is not None:
            bridge.token_tasks.pop(request_id, None)
            if isinstance(exc, Exception):
                _fail(bridge, key, request_id, exc)
                return
            bridge.native.complete_token(request_id, None, f"the token getter raised {type(exc).__name__}")
        raise  # KeyboardInterrupt, SystemExit: asyncio lets them out of the loop
    bridge = bridge_ref()
    if bridge is not None:
        bridge.token_tasks.pop(request_id, None)
        _answer(bridge, key, request_id, result)


def _answer(bridge: LoopBridge, key: int, request_id: int, result: object) -> None:
    """Sends the getter's answer after checking it can be sent: a bad answer fails the request
    at once with a message naming the problem, never the token."""
    problem: str | None = None
    text = ""
    if isinstance(result, Token):
        text = result.header_value()
    elif isinstance(result, str):
        text = result
    else:
        _fail(bridge, key, request_id, TypeError(f"the token getter returned {type(result).__name__}; expected str or livechat_client.Token"))
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Not raised from here: the UnicodeEncodeError holds the whole string.
        problem = "the token getter returned a string with a lone surrogate (not valid UTF-8)"
    if problem is not None:
        _fail(bridge, key, request_id, ValueError(problem))
        return
    try:
        bridge.native.complete_token(request_id, text, None)
    except Exception as exc:  # never expected; its message might quote the token
        bridge.native.complete_token(request_id, None, f"the token could not be used ({type(exc).__name__})")


def _fail(bridge: LoopBridge, key: int, request_id: int, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"
    # Every call of this client that is waiting may be waiting for this getter call.
    for call_id, (client, _, _) in bridge.token_calls.items():
        if client._native.getter_key == key:
            bridge.token_errors[call_id] = (message, exc)
    bridge.native.complete_token(request_id, None, message)


def _cancel_call(bridge: LoopBridge, call_id: int, request_id: int) -> None:
    """The getter raised CancelledError: the call that asked is cancelled (its caller sees
    CancelledError); other calls sharing the request get a TokenError."""
    bridge.native.complete_token(request_id, None, "the token getter was cancelled")
    entry = bridge.token_calls.get(call_id)
    if entry is not None:
        entry[2].cancel()
