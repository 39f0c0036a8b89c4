"""The call plan shared by the harnesses: which Configuration API call to make, in which order,
with which arguments, and how those arguments derive from the docs' request sample.

Each step starts from the docs' sample body of its action (when the page has one) and applies
`edits`: the few values that must name things that exist in the emulator (a group created a
step earlier, a bot id, a webhook id). The same edited body is what the SDK must send, so the
comparison stays field for field with the docs.
"""

from __future__ import annotations

import copy
import json
import re
from urllib.parse import parse_qsl
from dataclasses import dataclass, field
from typing import Any, Callable

from docs_samples import Sample

Ctx = dict[str, Any]
Edit = Callable[[dict[str, Any], Ctx], None]

# The docs' agents, replaced by agents of the emulator's seed (emulator/README.md).
AGENTS = {
    "agent1@example.com": "agent@emulator.test",
    "agent2@example.com": "second@emulator.test",
    "agent3@example.com": "busy@emulator.test",
}


def lenient_json(text: str) -> Any:
    """A sample body that is JSON once its `//` comments and trailing commas are gone (the
    register_property and update_company_details samples)."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


def sample_body(sample: Sample) -> tuple[dict[str, Any], bool]:
    """The sample's body (a GET sample's query string as a dict) and whether it was valid JSON
    as published."""
    if sample.method == "GET":
        return dict(parse_qsl(sample.query or "")), True
    try:
        return sample.body() or {}, True
    except ValueError:
        return lenient_json(sample.body_text or "{}"), False


def put(key: str, value: Any) -> Edit:
    """Set top-level `key` to `value` (a callable gets the context)."""

    def edit(body: dict[str, Any], ctx: Ctx) -> None:
        body[key] = value(ctx) if callable(value) else value

    return edit


def drop(key: str) -> Edit:
    """Leave `key` out (a reference to something the emulator does not hold)."""

    def edit(body: dict[str, Any], _ctx: Ctx) -> None:
        body.pop(key, None)

    return edit


def swap_agents(body: dict[str, Any], _ctx: Ctx) -> None:
    """The docs' agent1..3@example.com become seed agents."""
    prios = body.get("agent_priorities")
    if isinstance(prios, dict):
        body["agent_priorities"] = {AGENTS.get(k, k): v for k, v in prios.items()}


def groups_exist(body: dict[str, Any], ctx: Ctx) -> None:
    """Group ids the emulator lacks (5, 2, 42, …) become 0, 1 and the group created earlier."""
    known = [0, 1, ctx.get("group", 1)]

    def fix(ids: list[Any]) -> list[Any]:
        return [i if i in known else known[n % len(known)] for n, i in enumerate(ids)]

    if isinstance(body.get("groups"), list):
        seen: set[int] = set()
        out = []
        for g in body["groups"]:
            g = dict(g)
            if g.get("id") not in known or g.get("id") in seen:
                g["id"] = next(k for k in known if k not in seen)
            seen.add(g["id"])
            out.append(g)
        body["groups"] = out
    if isinstance(body.get("group_ids"), list):
        body["group_ids"] = sorted(set(fix(body["group_ids"])))
    access = body.get("access")
    if isinstance(access, dict) and isinstance(access.get("groups"), list):
        access["groups"] = sorted(set(fix(access["groups"])))
    filters = body.get("filters")
    if isinstance(filters, dict) and isinstance(filters.get("group_ids"), list):
        filters["group_ids"] = sorted(set(fix(filters["group_ids"])))


@dataclass
class Step:
    """One call: the SDK method, the docs action it maps to, its arguments and what to keep."""

    method: str
    action: str = ""
    edits: list[Edit] = field(default_factory=list)
    # Arguments for methods whose page has no sample (nothing to compare with).
    args: Callable[[Ctx], dict[str, Any]] | None = None
    save: Callable[[Ctx, Any], None] | None = None
    # Run before the call, outside the SDK: `setup(ctx, raw)` with raw(version, action, body).
    setup: Callable[[Ctx, Callable[[str, str, dict[str, Any]], Any]], None] | None = None

    def __post_init__(self) -> None:
        self.action = self.action or self.method

    def body(self, samples: dict[str, Sample], ctx: Ctx) -> tuple[dict[str, Any], Sample | None, bool]:
        """The arguments, the docs sample they came from (or None) and whether it was JSON."""
        sample = samples.get(self.action)
        if sample is not None and self.args is None:
            body, valid = sample_body(sample)
            body = copy.deepcopy(body)
            for edit in self.edits:
                edit(body, ctx)
            return body, sample, valid
        return (self.args(ctx) if self.args else {}), None, True


def keep(key: str, field_name: str = "id") -> Callable[[Ctx, Any], None]:
    """Store `answer[field_name]` as `ctx[key]`."""

    def save(ctx: Ctx, answer: Any) -> None:
        if isinstance(answer, dict) and field_name in answer:
            ctx[key] = answer[field_name]

    return save


def keep_bot(ctx: Ctx, answer: Any) -> None:
    """create_bot: the id, and the secret from 3.5."""
    if isinstance(answer, dict):
        ctx["bot"] = answer.get("id")
        ctx["bot_secret"] = answer.get("secret")


def diff(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Field-by-field differences between the body the docs show and the body sent."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for k in expected:
            if k not in actual:
                out.append(f"{path}{k}: missing (docs: {json.dumps(expected[k])})")
            else:
                out.extend(diff(expected[k], actual[k], f"{path}{k}."))
        for k in actual:
            if k not in expected:
                out.append(f"{path}{k}: not in the docs' sample (sent {json.dumps(actual[k])})")
        return out
    if expected != actual:
        return [f"{path.rstrip('.') or 'body'}: docs {json.dumps(expected)}, sent {json.dumps(actual)}"]
    return []
