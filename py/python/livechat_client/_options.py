"""Checks of the client options, before they become the core's JSON config: each problem is an
:class:`InvalidArgumentError` naming the option (the core's JSON parser would name a column of
a document the caller never wrote)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import Any

from ._errors import InvalidArgumentError


def describe(value: object) -> str:
    """A value for an error message: short reprs of numbers, only the type of anything else (a
    string may be a secret)."""
    name = type(value).__name__
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value!r} ({name})"
    return f"a {name}" if not isinstance(value, bool) else f"{value!r} (bool)"


def text(option: str, value: object, example: str = "") -> str:
    """A str option, which must be valid UTF-8."""
    if not isinstance(value, str):
        hint = f' such as "{example}"' if example else ""
        raise InvalidArgumentError(f"{option} must be a str{hint}, got {describe(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Not chained: the UnicodeEncodeError holds the whole string.
        raise InvalidArgumentError(f"{option} is not valid UTF-8 (it holds a lone surrogate)") from None
    return value


def seconds(option: str, value: object, *, zero_ok: bool = False) -> float:
    """A duration in seconds: a finite real number (not a bool or a string), positive (or 0
    when ``zero_ok``)."""
    bound = "0 or more" if zero_ok else "more than 0"
    if isinstance(value, (bool, str, bytes)) or not hasattr(value, "__float__"):
        raise InvalidArgumentError(f"{option} must be a number of seconds ({bound}), got {describe(value)}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero_ok):
        raise InvalidArgumentError(f"{option} must be a number of seconds ({bound}), got {number!r}")
    return number


def count(option: str, value: object, low: int, high: int | None = None) -> int:
    """An int option from ``low`` to ``high`` (an int or an ``__index__`` object; not a bool or a
    float: ``2.0`` retries is a mistake somewhere)."""
    bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise InvalidArgumentError(f"{option} must be an integer {bounds}, got {describe(value)}")
    number = value.__index__()
    if number < low or (high is not None and number > high):
        raise InvalidArgumentError(f"{option} must be an integer {bounds}, got {number}")
    return int(number)


def flag(option: str, value: object) -> bool:
    """A bool (not a truthy stand-in: ``"no"`` would turn the option on)."""
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{option} must be True or False, got {describe(value)}")
    return value


def headers(value: object) -> dict[str, str]:
    """Extra headers: a mapping of str to str."""
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"headers must be a mapping of str to str, got {describe(value)}")
    out: dict[str, str] = {}
    for name, v in value.items():
        text("headers: a header name", name)
        out[name] = text(f"headers[{name!r}]", v)
    return out


def path(option: str, value: object) -> str:
    """A file path: str or os.PathLike."""
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidArgumentError(f"{option} must be a path (str or os.PathLike), got {describe(value)}")
    fs = os.fspath(value)
    if not isinstance(fs, str):
        raise InvalidArgumentError(f"{option} must be a str path, got {describe(fs)}")
    return text(option, fs)


def config(options: Mapping[str, Any]) -> dict[str, Any]:
    """The checked options (those not ``None``), in the core config's types."""
    checks: dict[str, Callable[[Any], Any]] = {
        "timeout": lambda v: seconds("timeout", v),
        "attempt_timeout": lambda v: seconds("attempt_timeout", v),
        "token_timeout": lambda v: seconds("token_timeout", v),
        "pool_idle_timeout": lambda v: seconds("pool_idle_timeout", v, zero_ok=True),
        "max_retries": lambda v: count("max_retries", v, 0, 10),
        "max_connections": lambda v: count("max_connections", v, 1),
        "max_response_bytes": lambda v: count("max_response_bytes", v, 1),
        "headers": headers,
        "region": lambda v: text("region", v, "dal"),
        "ca_file": lambda v: path("ca_file", v),
        "user_agent": lambda v: text("user_agent", v),
        "connect_timeout": lambda v: seconds("connect_timeout", v),
        "proxy": lambda v: text("proxy", v, "http://proxy.internal:3128"),
        "http2_prior_knowledge": lambda v: flag("http2_prior_knowledge", v),
    }
    return {k: checks[k](v) for k, v in options.items() if v is not None}
