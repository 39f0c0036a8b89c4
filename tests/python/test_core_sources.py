"""What the package takes from the core instead of keeping its own copy: the default URL, the
default and supported API versions, and the region rule of tokens."""

from __future__ import annotations

import json

import pytest

import livechat_client
from livechat_client import _native


def test_versions_and_defaults_are_the_cores() -> None:
    table = json.loads(_native.methods_json())
    assert livechat_client.VERSIONS == tuple(table["versions"])
    assert livechat_client.DEFAULT_VERSION == table["default_version"]
    assert livechat_client.DEFAULT_API_URL == _native.DEFAULT_API_URL == "https://api.livechatinc.com"


def test_a_client_uses_the_defaults() -> None:
    a = livechat_client.AgentWeb("defaults", token="dal:x")
    assert a.version == livechat_client.DEFAULT_VERSION
    assert a.api_url == livechat_client.DEFAULT_API_URL


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("dal:abc", "dal"),
        ("fra:abc", "fra"),
        # Regions are opaque: any short lowercase prefix counts.
        ("fra-a:abc", "fra-a"),
        ("x1:abc", "x1"),
        ("abcdefghijklmnop:abc", "abcdefghijklmnop"),
        # No prefix, an empty one, an empty token after it.
        ("eyJhbGciOi.jwt", None),
        (":abc", None),
        ("dal:", None),
        ("", None),
        # Not a region: too long, upper case, not starting with a letter, other characters.
        ("abcdefghijklmnopq:abc", None),
        ("DAL:abc", None),
        ("1dal:abc", None),
        ("da_l:abc", None),
        ("dål:abc", None),
    ],
)
def test_token_region_is_the_cores(value: str, region: str | None) -> None:
    assert livechat_client.Token.bearer(value).region == region
    assert _native.token_region("Bearer", value) == region


def test_a_basic_credential_names_no_region() -> None:
    assert livechat_client.Token.basic("dal:abc").region is None
    assert livechat_client.Token.pat("dal", "secret").region is None


def test_the_native_region_rule_refuses_an_unknown_scheme() -> None:
    with pytest.raises(_native.NativeError, match="scheme"):
        _native.token_region("Digest", "dal:abc")
