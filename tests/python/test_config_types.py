"""Every key of every documented response sample of the Configuration API (every version, nested
objects included) is a declared key of the TypedDict its method returns."""

from __future__ import annotations

import json
import typing
from typing import Any, get_args, get_origin, get_type_hints

import livechat_client
from livechat_client import _native

from config_docs import samples


def undeclared(value: Any, hint: Any, path: str) -> list[str]:
    """The paths of the keys in `value` that `hint` does not declare, looking into TypedDicts,
    lists and maps of them."""
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path} is not an object"]
        fields = get_type_hints(hint)
        out = []
        for key, v in value.items():
            if key in fields:
                out += undeclared(v, fields[key], f"{path}.{key}")
            else:
                out.append(f"{path}.{key}")
        return out
    origin = get_origin(hint)
    if origin is list and isinstance(value, list):
        return [p for i, item in enumerate(value) for p in undeclared(item, get_args(hint)[0], f"{path}[{i}]")]
    if origin is dict and isinstance(value, dict):
        return [p for k, v in value.items() for p in undeclared(v, get_args(hint)[1], f"{path}.{k}")]
    return []


def test_every_sample_key_is_declared() -> None:
    table = json.loads(_native.methods_json())
    config = next(s for s in table["surfaces"] if s["name"] == "configuration")
    versions = {m["name"]: m["versions"] for m in config["methods"]}
    checked = 0
    nested = 0
    problems = []
    for version, method, where, sample in samples():
        # A few sample files outlive their method (getLicenseID in 3.5+).
        if version not in versions.get(method, ()):
            continue
        returns = get_type_hints(getattr(livechat_client.Configuration, method))["return"]
        found = undeclared(sample, returns, method)
        problems += [f"{where}: {p}" for p in found]
        checked += 1
        nested += "{" in json.dumps(sample)[1:]
    assert not problems, "\n".join(problems)
    assert checked >= 140, f"only {checked} response samples checked"
    assert nested >= 70, f"only {nested} samples with nested objects"


def test_an_undeclared_key_is_found() -> None:
    ct = livechat_client.config_types
    assert undeclared({"id": "x", "surprise": 1}, ct.Bot, "get_bot") == ["get_bot.surprise"]
    assert undeclared([{"groups": [{"id": 1, "x": 2}]}], list[ct.Bot], "list_bots") == ["list_bots[0].groups[0].x"]
    assert undeclared({"p": {"type": "int", "y": 1}}, ct.PropertyConfigs, "lp") == ["lp.p.y"]
