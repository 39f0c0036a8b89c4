"""Test helpers: :class:`Emulator` runs the local LiveChat API emulator in-process, so tests hold
real conversations without an account or network::

    async with Emulator() as emu:
        async with emu.client() as agent:
            chat = await agent.start_chat()
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from . import _native
from ._client import AgentWeb, Configuration
from ._token import Token


class Emulator:
    """A local, stateful Agent Chat and Configuration API server on 127.0.0.1 (see ``emulator/README.md``).

    Args:
        port: TCP port (0 = a free one).
        token: The Bearer token it accepts (default ``dal:emulator-dev-token``).
        pat: ``(account_id, token)`` of the personal access token it accepts.
        region: The region it serves (an ``X-Region`` naming another gets ``misdirected_request``).
        latency_ms: Delay added to every answer.
        rate_limit: Requests per second per credential before ``too_many_requests``.
        tls: Serve HTTPS with a generated CA (``ca_file`` tells where its PEM is).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        token: str | None = None,
        pat: tuple[str, str] | None = None,
        region: str | None = None,
        latency_ms: int | None = None,
        rate_limit: int | None = None,
        tls: bool = False,
    ) -> None:
        options: dict[str, Any] = {"port": port, "tls": tls}
        if token is not None:
            options["token"] = token
        if pat is not None:
            options["pat"] = {"account_id": pat[0], "token": pat[1]}
        if region is not None:
            options["region"] = region
        if latency_ms is not None:
            options["latency_ms"] = latency_ms
        if rate_limit is not None:
            options["rate_limit"] = rate_limit
        self._options = json.dumps(options)
        self._handle: _native.EmulatorHandle | None = None
        self._info: dict[str, Any] = {}

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Starts it (blocking briefly). Returns ``self``."""
        if self._handle is None:
            self._handle = _native.EmulatorHandle.start(self._options)
            self._info = json.loads(self._handle.info())
        return self

    def stop(self) -> None:
        """Stops it. Idempotent."""
        if self._handle is not None:
            self._handle.shutdown()
            self._handle = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Emulator:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)

    # -- what tests need --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``."""
        return str(self._require()["url"])

    @property
    def token(self) -> str:
        """The Bearer token it accepts."""
        return str(self._require()["token"])

    @property
    def pat(self) -> Token:
        """Its personal access token as a :class:`Token`."""
        p = self._require()["pat"]
        return Token.pat(p["account_id"], p["token"])

    @property
    def client_id(self) -> str:
        """The Client ID of its application (``issue_bot_token`` takes it)."""
        return str(self._require()["client_id"])

    @property
    def organization_id(self) -> str:
        """The organization ID of its license (``issue_bot_token`` takes it)."""
        return str(self._require()["organization_id"])

    @property
    def ca_file(self) -> str | None:
        """The CA certificate PEM file, with ``tls=True``."""
        value = self._require().get("ca_file")
        return str(value) if value else None

    @property
    def info(self) -> dict[str, Any]:
        """Everything it announced at start (url, token, pat, versions, region, agents…)."""
        return dict(self._require())

    def client(self, client_id: str = "emulator-tests", **options: Any) -> AgentWeb:
        """An :class:`AgentWeb` for this emulator (Bearer token unless ``token``/``token_getter``
        is given; other options pass through)."""
        if "token" not in options and "token_getter" not in options:
            options["token"] = self.token
        options.setdefault("ca_file", self.ca_file)
        return AgentWeb(client_id, api_url=self.url, **options)

    def configuration(self, client_id: str = "emulator-tests", **options: Any) -> Configuration:
        """A :class:`Configuration` client for this emulator (options as for :meth:`client`)."""
        if "token" not in options and "token_getter" not in options:
            options["token"] = self.token
        options.setdefault("ca_file", self.ca_file)
        return Configuration(client_id, api_url=self.url, **options)

    def state(self) -> dict[str, Any]:
        """The whole server state (chats, events, customers, …)."""
        handle = self._require_handle()
        return json.loads(handle.state())  # type: ignore[no-any-return]

    def reset(self) -> None:
        """Back to the initial state: clears chats, faults and the request log."""
        self._require_handle().reset()

    def add_fault(self, action: str, **fault: Any) -> None:
        """Makes the next requests of ``action`` (``"*"`` = any) fail: ``status``, ``error``
        (``{"type", "message"}``), ``headers``, ``delay_ms``, ``drop``, ``count``, ``apply``
        (``"before"`` or ``"after"`` the action takes effect). A bad fault raises ``ValueError``."""
        self._require_handle().add_faults(json.dumps({"action": action, **fault}))

    def clear_faults(self) -> None:
        """Removes pending faults."""
        self._require_handle().clear_faults()

    def requests(self) -> list[dict[str, Any]]:
        """The API requests it received (credentials never included)."""
        return json.loads(self._require_handle().requests())["requests"]  # type: ignore[no-any-return]

    def clear_requests(self) -> None:
        """Empties the request log."""
        self._require_handle().clear_requests()

    def advance_clock(self, seconds: float) -> None:
        """Moves its clock ``seconds`` forward (whole seconds): bot tokens expire by it; event
        times keep following the real clock. :meth:`reset` sets it back."""
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, got {seconds}")
        self._require_handle().advance_clock(int(seconds))

    # -- webhooks and the customer ----------------------------------------------------------------

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        """The webhook delivery log, oldest first: ``url``, ``action``, ``attempts``,
        ``statuses``, ``status`` (``"delivered"``, ``"failed"``, ``"pending"``), …"""
        return json.loads(self._require_handle().webhook_deliveries())["deliveries"]  # type: ignore[no-any-return]

    def clear_webhook_deliveries(self) -> None:
        """Empties the webhook delivery log."""
        self._require_handle().clear_webhook_deliveries()

    def wait_for_deliveries(self, timeout: float = 10.0) -> bool:
        """Blocks until no webhook delivery is pending (at most ``timeout`` seconds); ``False``
        if some still are. Blocking: from async code, run it in a thread."""
        return self._require_handle().wait_for_deliveries(timeout)

    def customer_start_chat(
        self,
        message: str | None = None,
        *,
        name: str | None = None,
        email: str | None = None,
        group_id: int | None = None,
    ) -> dict[str, Any]:
        """Starts a chat as a new customer, routed to an ``accepting_chats`` bot (first) or
        agent, optionally with a first ``message``; returns the chat (``id``, …)."""
        body = {"message": message, "name": name, "email": email, "group_id": group_id}
        text = self._require_handle().customer_start_chat(
            json.dumps({k: v for k, v in body.items() if v is not None})
        )
        return json.loads(text)  # type: ignore[no-any-return]

    def customer_says(self, chat_id: str, text: str) -> dict[str, Any]:
        """The chat's customer writes ``text``; returns the event."""
        return json.loads(self._require_handle().customer_send_message(chat_id, text))  # type: ignore[no-any-return]

    def customer_sets_session_fields(self, chat_id: str, fields: Mapping[str, str]) -> dict[str, Any]:
        """The chat's customer sets session fields (``{"plan": "gold"}``): a key it had gets the
        new value, new keys are added in order. Each of the customer's active chats gets a
        ``customer_session_fields_updated`` webhook; returns ``{"customer_id", "session_fields"}``
        with all of them (``[{"plan": "gold"}, …]``)."""
        if not isinstance(fields, Mapping):
            raise TypeError(f"fields must be a mapping of str to str, not {type(fields).__name__}")
        body = {"session_fields": [{key: value} for key, value in fields.items()]}
        return json.loads(self._require_handle().customer_update_session_fields(chat_id, json.dumps(body)))  # type: ignore[no-any-return]

    def customer_chat(self, chat_id: str) -> dict[str, Any]:
        """The chat as its customer sees it: what agents and bots answered."""
        return json.loads(self._require_handle().customer_chat(chat_id))  # type: ignore[no-any-return]

    def customer_leaves(self, chat_id: str) -> dict[str, Any]:
        """The customer closes the chat."""
        return json.loads(self._require_handle().customer_deactivate_chat(chat_id))  # type: ignore[no-any-return]

    # -- internals --------------------------------------------------------------------------------

    def _require(self) -> dict[str, Any]:
        if self._handle is None:
            raise RuntimeError("the emulator is not running; use `with Emulator() as emu:` or start()")
        return self._info

    def _require_handle(self) -> _native.EmulatorHandle:
        self._require()
        assert self._handle is not None
        return self._handle
