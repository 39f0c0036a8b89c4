"""livechat_client — a complete, fast client for the LiveChat Agent Chat API (web transport) and
Configuration API.

::

    import livechat_client

    async with livechat_client.AgentWeb("my-client-id", token="dal:…") as agent:
        chat = await agent.start_chat()
        await agent.send_event(chat["chat_id"], {"type": "message", "text": "Hello"})

Every method of the API is an awaitable method of :class:`AgentWeb` (API 3.3–3.7; calling one
that the chosen version lacks raises :class:`UnsupportedMethodError` before any request); every
Configuration API method (bots, bot tokens, webhooks, agents, groups…) one of
:class:`Configuration`, which takes the same options (its results are the TypedDicts of
:mod:`livechat_client.config_types`). Errors
are :class:`LiveChatError` subclasses; ``livechat_client.testing.Emulator`` runs a local API for tests.
:func:`livechat_client.webhooks.parse` verifies a webhook's secret and types its payload by action.
When the server answers within microseconds (a local gateway, the emulator), an asyncio loop
running calls busy-polls for their results instead of sleeping (:func:`set_busy_poll` tunes or
turns it off; :class:`EventLoop` and ``livechat_client.run`` fix the budget per loop).
"""

from __future__ import annotations

import json as _json
import logging as _logging
from typing import Any

from . import _native
from . import config_types as config_types
from . import webhooks as webhooks
from ._client import DEFAULT_API_URL, DEFAULT_VERSION, AgentWeb, Configuration, TokenGetter
from ._loop import EventLoop, new_event_loop, run, set_busy_poll
from ._methods import CONFIGURATION_METHOD_NAMES, METHOD_NAMES
from ._token import BotToken, Token

__version__: str = _native.__version__

# A library must not print in apps that never configured logging: without a handler of its own,
# Python's last-resort handler would write every retry warning to stderr.
_logging.getLogger("livechat_client").addHandler(_logging.NullHandler())

# Collect the library's logs from the start at the `livechat_client` logger's level (refreshed later on
# every batch of completions).
_native.set_log_level(_logging.getLogger("livechat_client").getEffectiveLevel())

#: The API versions this client speaks, oldest first (the core's).
VERSIONS: tuple[str, ...] = _native.API_VERSIONS


def method_table() -> dict[str, Any]:
    """The core's method table: every method, its parameters, versions and retry class."""
    return _json.loads(_native.methods_json())  # type: ignore[no-any-return]


# <generated: exports> (py/tools/generate.py keeps this block in step with _errors.py)
from ._errors import (
    LiveChatError as LiveChatError,
    ApiError as ApiError,
    TransportError as TransportError,
    TimeoutError as TimeoutError,
    DecodeError as DecodeError,
    TokenError as TokenError,
    UnsupportedMethodError as UnsupportedMethodError,
    InvalidArgumentError as InvalidArgumentError,
    CallCancelledError as CallCancelledError,
    ClosedError as ClosedError,
    RuntimeStateError as RuntimeStateError,
    InternalError as InternalError,
    InvalidWebhookError as InvalidWebhookError,
    WebhookSecretError as WebhookSecretError,
    AuthenticationError as AuthenticationError,
    AuthorizationError as AuthorizationError,
    ValidationError as ValidationError,
    NotFoundError as NotFoundError,
    MissingAccessError as MissingAccessError,
    ChatInactiveError as ChatInactiveError,
    AgentOfflineError as AgentOfflineError,
    LimitReachedError as LimitReachedError,
    RateLimitError as RateLimitError,
    EntityTooLargeError as EntityTooLargeError,
    MisdirectedRequestError as MisdirectedRequestError,
    RequestTimeoutError as RequestTimeoutError,
    ServiceUnavailableError as ServiceUnavailableError,
    InternalServerError as InternalServerError,
    LicenseExpiredError as LicenseExpiredError,
    LicenseNotFoundError as LicenseNotFoundError,
    UnsupportedVersionError as UnsupportedVersionError,
    WrongProductVersionError as WrongProductVersionError,
)

__all__ = [
    'AgentWeb',
    'Configuration',
    'Token',
    'BotToken',
    'webhooks',
    'TokenGetter',
    'DEFAULT_API_URL',
    'DEFAULT_VERSION',
    'METHOD_NAMES',
    'CONFIGURATION_METHOD_NAMES',
    'VERSIONS',
    'method_table',
    'EventLoop',
    'new_event_loop',
    'run',
    'set_busy_poll',
    '__version__',
    'LiveChatError',
    'ApiError',
    'TransportError',
    'TimeoutError',
    'DecodeError',
    'TokenError',
    'UnsupportedMethodError',
    'InvalidArgumentError',
    'CallCancelledError',
    'ClosedError',
    'RuntimeStateError',
    'InternalError',
    'InvalidWebhookError',
    'WebhookSecretError',
    'AuthenticationError',
    'AuthorizationError',
    'ValidationError',
    'NotFoundError',
    'MissingAccessError',
    'ChatInactiveError',
    'AgentOfflineError',
    'LimitReachedError',
    'RateLimitError',
    'EntityTooLargeError',
    'MisdirectedRequestError',
    'RequestTimeoutError',
    'ServiceUnavailableError',
    'InternalServerError',
    'LicenseExpiredError',
    'LicenseNotFoundError',
    'UnsupportedVersionError',
    'WrongProductVersionError',
]
# </generated: exports>
