"""``livechat_client.AgentWeb`` and ``livechat_client.Configuration``: the asyncio clients. Every API method
comes from a generated mixin (``_Methods``, ``_ConfigurationMethods``: one per method-table
entry); ``_Client``, their common base, holds what is common to all of them."""

from __future__ import annotations

import asyncio
import builtins
import contextvars
import inspect
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, ClassVar, TypeVar, Union

from . import _bridge, _errors, _native, _options
from ._methods import _ConfigurationMethods, _Methods
from ._token import BotToken, Token

_get_running_loop = asyncio.get_running_loop
_CallFuture = _bridge.CallFuture

#: The base URL clients use by default (the core's).
DEFAULT_API_URL: str = _native.DEFAULT_API_URL
#: The API version clients use by default (the core's).
DEFAULT_VERSION: str = _native.DEFAULT_VERSION

#: A token getter: a plain function or an ``async def``, returning a token string or a Token.
#: It may take one argument, ``refresh``: true when the API rejected the previous token.
TokenGetter = Callable[..., Union[str, Token, Awaitable[Union[str, Token]]]]


def _native_error(e: _native.NativeError) -> _errors.LiveChatError:
    return _errors.from_json(str(e.args[0]))


_Self = TypeVar("_Self", bound="_Client")


class _Client:
    """What every client shares: the options, the native client of the API named by ``_API``,
    the lifecycle and the generic paths. Subclasses add the API's generated methods.

    Args:
        client_id: Your application's Client ID (sent in the User-Agent).
        token: A Bearer token string (``"dal:…"``), a :class:`Token` (``Token.pat(…)``), or
            ``Token.bot(…)``: calls then use the bot's tokens, issued and renewed by the client.
        token_getter: Instead of ``token``: called before every request (and again with
            ``refresh=True`` after an authentication error), in the caller's context.
        api_url: Base URL (``https://…``, ``http://…`` or a bare host).
        version: API version, ``"3.3"`` to ``"3.7"`` (default ``"3.6"``).
        timeout: Bound of each call in seconds, retries and waits included (default 60): its
            attempts, backoff and ``Retry-After`` waits, the token getter and the wait for a
            free connection. A ``Retry-After`` longer than what is left fails at once.
        attempt_timeout: Bound of one attempt in seconds (default 20).
        max_retries: Retries of failed attempts that are safe to retry, 0–10 (default 2).
        max_connections: Most sockets open to the API at once (default 100; through a proxy, the
            requests in flight); calls beyond it wait for one, within their ``timeout``.
        pool_idle_timeout: Seconds an idle connection stays open for reuse (default 30; 0 closes
            each one after use).
        headers: Extra headers for every request (e.g. ``X-Author-Id`` on API ≤ 3.5).
        region: Region (``"dal"``, ``"fra"``) when the token does not name one.
        ca_file: A PEM file of extra trusted CA certificates.
        user_agent: Replaces the default User-Agent.
        token_timeout: Longest wait for the token getter, in seconds (default: the
            ``attempt_timeout``, always within ``timeout``).
        max_response_bytes: Largest response body accepted (default 64 MiB).
        connect_timeout: Bound of opening one connection, in seconds (default 10).
        proxy: A proxy for every request, ``http://host:port`` or ``https://host:port``
            (credentials in the URL are never shown in errors or reprs).
        http2_prior_knowledge: Speak HTTP/2 from the first byte, without negotiating it (for
            ``http://`` servers that take HTTP/2 cleartext; ``https://`` negotiates it anyway).
    """

    __slots__ = ("_native", "_getter", "_getter_takes_refresh", "__weakref__")

    #: The API this class speaks (a surface name of the core: ``"agent"``, ``"configuration"``).
    _API: ClassVar[str] = "agent"

    def __init__(
        self,
        client_id: str = "",
        *,
        token: str | Token | BotToken | None = None,
        token_getter: TokenGetter | None = None,
        api_url: str = DEFAULT_API_URL,
        version: str = DEFAULT_VERSION,
        timeout: float | None = None,
        attempt_timeout: float | None = None,
        max_retries: int | None = None,
        max_connections: int | None = None,
        pool_idle_timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        region: str | None = None,
        ca_file: str | os.PathLike[str] | None = None,
        user_agent: str | None = None,
        token_timeout: float | None = None,
        max_response_bytes: int | None = None,
        connect_timeout: float | None = None,
        proxy: str | None = None,
        http2_prior_knowledge: bool = False,
    ) -> None:
        if token is not None and token_getter is not None:
            raise _errors.InvalidArgumentError("give either token or token_getter, not both")
        if token_getter is not None and not callable(token_getter):
            raise _errors.InvalidArgumentError(
                f"token_getter must be callable (a function or an async function), got {_options.describe(token_getter)}"
            )
        config: dict[str, Any] = {
            "api": self._API,
            "client_id": _options.text("client_id", client_id),
            "api_url": _options.text("api_url", api_url, "https://api.livechatinc.com"),
            "version": _options.text("version", version, DEFAULT_VERSION),
        }
        if isinstance(token, BotToken):
            config.update(token._config())
        elif isinstance(token, Token):
            config["token"] = token.header_value()
        elif token is not None:
            if not isinstance(token, str):
                raise _errors.InvalidArgumentError(
                    f"token must be a str (\"dal:…\") or a livechat_client.Token, got {_options.describe(token)}"
                )
            config["token"] = _options.text("token", token)
        elif token_getter is None:
            raise _errors.InvalidArgumentError("no credentials: pass token=… or token_getter=…")
        else:
            # A placeholder the getter replaces on every request (the core requires a source).
            config["token"] = "Bearer getter"
        config.update(
            _options.config(
                {
                    "timeout": timeout,
                    "attempt_timeout": attempt_timeout,
                    "max_retries": max_retries,
                    "max_connections": max_connections,
                    "pool_idle_timeout": pool_idle_timeout,
                    "headers": headers,
                    "region": region,
                    "ca_file": ca_file,
                    "user_agent": user_agent,
                    "token_timeout": token_timeout,
                    "max_response_bytes": max_response_bytes,
                    "connect_timeout": connect_timeout,
                    "proxy": proxy,
                    "http2_prior_knowledge": None if http2_prior_knowledge is False else http2_prior_knowledge,
                }
            )
        )
        try:
            self._native = _native.NativeClient(json.dumps(config), token_getter is not None)
        except _native.NativeError as e:
            raise _native_error(e) from None
        self._getter = token_getter
        self._getter_takes_refresh = token_getter is not None and _takes_an_argument(token_getter)

    @classmethod
    def sharing(cls: builtins.type[_Self], other: _Client) -> _Self:
        """A client of this class's API with ``other``'s settings: the same connection pool and
        ``max_connections`` budget, token source (one token getter or bot token, asked once for
        concurrent calls of both), region and options. Closing one leaves the other working::

            config = livechat_client.Configuration.sharing(agent)
        """
        if not isinstance(other, _Client):
            raise _errors.InvalidArgumentError(
                f"sharing takes an AgentWeb or Configuration client, not {builtins.type(other).__name__}"
            )
        try:
            native = other._native.sharing(cls._API)
        except _native.NativeError as e:
            raise _native_error(e) from None
        client = cls.__new__(cls)
        client._native = native
        client._getter = other._getter
        client._getter_takes_refresh = other._getter_takes_refresh
        return client

    # -- read-only properties ------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """The base URL, e.g. ``https://api.livechatinc.com``."""
        return self._native.api_url

    @property
    def client_id(self) -> str:
        """The Client ID."""
        return self._native.client_id

    @property
    def version(self) -> str:
        """The API version every call uses."""
        return self._native.version

    @property
    def type(self) -> str:
        """The API this client speaks: ``"agent"`` or ``"configuration"``."""
        return self._native.api

    @property
    def region(self) -> str | None:
        """The configured region, or the one a ``misdirected_request`` answer named."""
        return self._native.region

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._native.closed

    def __repr__(self) -> str:
        native = getattr(self, "_native", None)
        if native is None:
            # __init__ failed or never ran; debuggers and tracebacks' locals still call repr.
            return f"<livechat_client.{self.__class__.__name__} (not constructed)>"
        return (
            f"<livechat_client.{self.__class__.__name__} client_id={native.client_id!r} "
            f"api_url={native.api_url!r} version={native.version!r}>"
        )

    # -- lifecycle ------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Closes the client: calls in flight fail with :class:`ClosedError`, later calls too."""
        self._native.close()

    async def __aenter__(self: _Self) -> _Self:
        return self

    async def __aexit__(
        self, exc_type: builtins.type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- the generic paths ----------------------------------------------------------------------

    async def call(
        self,
        method: str,
        args: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        attempt_timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """Calls any method of this API's method table by name with named arguments.

        ``timeout`` bounds the whole call, retries and waits included; ``attempt_timeout`` each
        attempt (seconds); ``max_retries`` (0–10) replaces the client's for this call.
        """
        return await self._call(method, dict(args or {}), timeout, attempt_timeout, max_retries)

    async def send(
        self,
        action: str,
        body: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        attempt_timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """Sends any action with a raw JSON body (the escape hatch for new actions or fields).

        The options are those of :meth:`call`.
        """
        return await self._run(
            lambda b, f: self._native.send(b, f, action, body, timeout, attempt_timeout, max_retries)
        )

    def _call(
        self,
        method: str,
        args: dict[str, Any],
        timeout: float | None,
        attempt_timeout: float | None,
        max_retries: int | None,
    ) -> Awaitable[Any]:
        # The hot path of every API method: no coroutine of its own. The method's coroutine awaits
        # the returned CallFuture directly (cancelling it stops the Rust task); only clients with
        # a token getter need the bookkeeping coroutine.
        loop = _get_running_loop()
        bridge = _bridge.for_loop(loop)
        fut = _CallFuture(loop=loop)
        native = bridge.native
        try:
            call_id = self._native.call(native, fut, method, args, timeout, attempt_timeout, max_retries)
        except _native.NativeError as e:
            raise _native_error(e) from None
        fut._lc_bridge = native
        fut._lc_id = call_id
        if self._getter is None:
            return fut
        return self._with_getter(bridge, fut, call_id)

    async def _upload(
        self,
        file: Any,
        filename: str | None,
        timeout: float | None,
        attempt_timeout: float | None,
        max_retries: int | None,
    ) -> Any:
        if isinstance(file, (bytearray, memoryview)):
            file = bytes(file)
        elif isinstance(file, os.PathLike):
            file = os.fspath(file)
        elif hasattr(file, "read"):
            name = getattr(file, "name", None)
            if filename is None and isinstance(name, str):
                filename = os.path.basename(name)
            file = file.read()
            if isinstance(file, str):
                file = file.encode()
        return await self._run(
            lambda b, f: self._native.upload(b, f, file, filename, timeout, attempt_timeout, max_retries)
        )

    async def _run(self, start: Callable[[_native.Bridge, asyncio.Future[Any]], int]) -> Any:
        loop = _get_running_loop()
        bridge = _bridge.for_loop(loop)
        fut = _CallFuture(loop=loop)
        native = bridge.native
        try:
            call_id = start(native, fut)
        except _native.NativeError as e:
            raise _native_error(e) from None
        fut._lc_bridge = native
        fut._lc_id = call_id
        if self._getter is None:
            return await fut
        return await self._with_getter(bridge, fut, call_id)

    async def _with_getter(self, bridge: _bridge.LoopBridge, fut: _bridge.CallFuture, call_id: int) -> Any:
        # Token requests of this call run the getter on this loop, in the caller's context. A
        # cancel reaches the Rust task through CallFuture.cancel.
        bridge.token_calls[call_id] = (self, contextvars.copy_context(), fut)
        try:
            return await fut
        except _errors.TokenError as e:
            failure = bridge.token_errors.get(call_id)
            if failure is not None and failure[0] in e.message:
                e.__cause__ = failure[1]
            raise
        finally:
            bridge.token_calls.pop(call_id, None)
            bridge.token_errors.pop(call_id, None)

    def _ask_token_getter(self, refresh: bool) -> Any:
        getter = self._getter
        if getter is None:
            raise RuntimeError("no token getter")
        return getter(refresh) if self._getter_takes_refresh else getter()

    async def _iterate(
        self,
        method: str,
        items: tuple[str, ...],
        args: dict[str, Any],
        timeout: float | None,
        attempt_timeout: float | None,
        max_retries: int | None,
    ) -> AsyncIterator[Any]:
        # The core's pager owns the page ids (first request with the filters, later ones with
        # page_id only; a repeated or malformed next_page_id is an error); each page completes
        # through the bridge like a call.
        page_args = {k: v for k, v in args.items() if v is not None}
        try:
            pager = self._native.pager(method, page_args, timeout, attempt_timeout, max_retries)
        except _native.NativeError as e:
            raise _native_error(e) from None
        while True:
            page = await self._run(pager.next_page)
            if page is None:
                return
            for field in items:
                if field in page:
                    values = page[field]
                    if not isinstance(values, list):
                        raise _bad_page(method, f"`{field}` is {_json_type(values)}, expected an array")
                    for item in values:
                        yield item
                    break


class AgentWeb(_Client, _Methods):
    """A LiveChat Agent Chat API client (web transport), for asyncio.

    Use it as an async context manager::

        async with livechat_client.AgentWeb("client-id", token="dal:…") as agent:
            chat = await agent.start_chat()
            await agent.send_event(chat["chat_id"], {"type": "message", "text": "hi"})

    The options are those of every client (see ``livechat_client.Configuration`` too): ``client_id``,
    ``token`` or ``token_getter``, ``api_url``, ``version``, ``timeout``, ``attempt_timeout``,
    ``max_retries``, ``max_connections``, ``pool_idle_timeout``, ``headers``, ``region``,
    ``ca_file``, ``user_agent``, ``token_timeout``, ``max_response_bytes``, ``connect_timeout``,
    ``proxy`` and ``http2_prior_knowledge``.
    ``AgentWeb.sharing(config)`` makes one from a :class:`Configuration` client's settings.
    """

    __slots__ = ()

    _API: ClassVar[str] = "agent"


class Configuration(_Client, _ConfigurationMethods):
    """A LiveChat Configuration API client (bots, bot tokens, webhooks, agents, groups,
    properties, tags…), for asyncio. Same options, generic paths and errors as
    :class:`AgentWeb`; a method of the Agent Chat API raises :class:`UnsupportedMethodError`
    naming the API that has it::

        async with livechat_client.Configuration("client-id", token="dal:…") as config:
            bot = await config.create_bot("Helper", owner_client_id="client-id")

    ``Configuration.sharing(agent)`` makes one with an :class:`AgentWeb` client's settings, pool
    and token source.
    """

    __slots__ = ()

    _API: ClassVar[str] = "configuration"


def _bad_page(method: str, problem: str) -> _errors.DecodeError:
    return _errors.DecodeError(f"{problem}; stopping the iteration", action=method)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _takes_an_argument(fn: Callable[..., Any]) -> bool:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    params = [
        p
        for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    return bool(params)
