"""Credentials: Bearer (OAuth access or bot token) and Basic (personal access token)."""

from __future__ import annotations

import base64

from . import _native


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
