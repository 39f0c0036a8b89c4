"""Credentials: Bearer (OAuth access or bot token), Basic (personal access token) and bot
credentials (tokens issued and renewed by the client)."""

from __future__ import annotations

import base64
from typing import Any

from . import _errors, _native


class Token:
    """A credential for the ``Authorization`` header. Its ``repr`` never shows the secret.

    >>> Token.pat("account-id", "personal-access-token")
    Token.pat(<redacted>)
    """

    __slots__ = ("_scheme", "_value")

    def __init__(self, scheme: str, value: str) -> None:
        if scheme not in ("Bearer", "Basic"):
            raise ValueError(f"scheme must be 'Bearer' or 'Basic', not {scheme!r}")
        self._scheme = scheme
        self._value = value

    @classmethod
    def bearer(cls, token: str) -> Token:
        """An OAuth access token or bot token (``dal:…``/``fra:…`` prefixes pick the region)."""
        return cls("Bearer", token)

    @classmethod
    def pat(cls, account_id: str, pat: str) -> Token:
        """A personal access token: ``Basic base64(account_id:pat)``."""
        raw = f"{account_id}:{pat}".encode()
        return cls("Basic", base64.b64encode(raw).decode("ascii"))

    @classmethod
    def basic(cls, encoded: str) -> Token:
        """An already-encoded Basic credential (as the Developer Console shows it)."""
        return cls("Basic", encoded)

    @classmethod
    def bot(
        cls, bot_id: str, client_id: str, bot_secret: str, organization_id: str, *, issuer: Token | str
    ) -> BotToken:
        """Act as a bot: the client issues the bot's tokens with ``issue_bot_token`` (authenticated
        by ``issuer``: an agent's token or ``Token.pat(…)``), shares one among concurrent calls and
        renews it before it expires and once after an authentication error.

        ``client_id`` is the Client ID owning the bot (``create_bot``'s ``owner_client_id``). Bot
        tokens name no region: give the client's ``region`` option outside the default one.
        """
        return BotToken(bot_id, client_id, bot_secret, organization_id, issuer=issuer)

    @property
    def scheme(self) -> str:
        """``"Bearer"`` or ``"Basic"``."""
        return self._scheme

    @property
    def region(self) -> str | None:
        """The region named by a Bearer token's prefix (``dal:…`` → ``"dal"``), by the core's
        rule: a short lowercase prefix followed by a non-empty token."""
        return _native.token_region(self._scheme, self._value)

    def header_value(self) -> str:
        """The ``Authorization`` header value. Contains the secret: do not log it."""
        return f"{self._scheme} {self._value}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self._scheme, self._value) == (other._scheme, other._value)

    def __hash__(self) -> int:
        return hash((self._scheme, self._value))

    def __repr__(self) -> str:
        if self._scheme == "Basic":
            return "Token.pat(<redacted>)"
        region = self.region
        return f"Token.bearer({region + ':' if region else ''}<redacted>)"


class BotToken:
    """Bot credentials (see :meth:`Token.bot`), given as a client's ``token``. Its ``repr`` shows
    the bot's ID, never the secret or the issuer's token."""

    __slots__ = ("_bot_id", "_client_id", "_secret", "_organization_id", "_issuer")

    def __init__(
        self, bot_id: str, client_id: str, bot_secret: str, organization_id: str, *, issuer: Token | str
    ) -> None:
        fields = {"bot_id": bot_id, "client_id": client_id, "bot_secret": bot_secret, "organization_id": organization_id}
        for name, value in fields.items():
            if not isinstance(value, str):
                raise _errors.InvalidArgumentError(f"Token.bot: {name} must be a str, not {type(value).__name__}")
        if not isinstance(issuer, (Token, str)):
            raise _errors.InvalidArgumentError(
                f"Token.bot: issuer must be a Token or a Bearer token string, not {type(issuer).__name__}"
            )
        self._bot_id = bot_id
        self._client_id = client_id
        self._secret = bot_secret
        self._organization_id = organization_id
        self._issuer = issuer

    @property
    def bot_id(self) -> str:
        """The bot's ID."""
        return self._bot_id

    @property
    def client_id(self) -> str:
        """The Client ID owning the bot."""
        return self._client_id

    @property
    def organization_id(self) -> str:
        """The organization the bot's tokens are issued for."""
        return self._organization_id

    def _config(self) -> dict[str, Any]:
        # The client config's "token" (authenticating issue_bot_token only) and "bot" keys.
        issuer = self._issuer.header_value() if isinstance(self._issuer, Token) else self._issuer
        bot = {
            "bot_id": self._bot_id,
            "client_id": self._client_id,
            "bot_secret": self._secret,
            "organization_id": self._organization_id,
        }
        return {"token": issuer, "bot": bot}

    def __repr__(self) -> str:
        return f"Token.bot({self._bot_id!r}, <redacted>)"
