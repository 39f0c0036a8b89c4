"""livechat_client.webhooks: every documented sample (tests/fixtures/webhooks, API 3.3–3.7) parses to its
typed form and back to the same JSON, every key it holds is declared by its TypedDict, bad bodies
and secrets raise the right error without showing a secret, and narrowing by action type-checks."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest

import livechat_client
from livechat_client import webhooks
from livechat_client.types import Event

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "webhooks"
SAMPLE_SECRET = "<secret_key>"
SECRET = "s3cret-webhook-key-value"


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("v*/*.json"))


def body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


# ---- the rule of core/tests/webhook_samples.rs ----------------------------------------------------


def is_default(v: Any) -> bool:
    """What a typed field holds when the sample left it out."""
    if v is None or v is False or v == "" or v == []:
        return True
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v == 0
    if isinstance(v, dict):
        return all(is_default(x) for x in v.values())
    return False


def same_up_to_defaults(sample: Any, back: Any, path: str = "") -> str | None:
    """None when ``back`` holds everything ``sample`` holds, unchanged, and adds only defaults."""
    if isinstance(sample, dict) and isinstance(back, dict):
        for k, sv in sample.items():
            if k not in back:
                return f"{path}.{k} was lost"
            problem = same_up_to_defaults(sv, back[k], f"{path}.{k}")
            if problem:
                return problem
        for k, bv in back.items():
            if k not in sample and not is_default(bv):
                return f"{path}.{k} = {bv!r} was added"
        return None
    if isinstance(sample, list) and isinstance(back, list) and len(sample) == len(back):
        for i, (sv, bv) in enumerate(zip(sample, back)):
            problem = same_up_to_defaults(sv, bv, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if sample == back and type(sample) is type(back):
        return None
    return f"{path}: {sample!r} became {back!r}"


def test_the_rule_catches_lost_changed_and_added_values() -> None:
    assert same_up_to_defaults({"a": 1, "b": [1]}, {"a": 1, "b": [1], "c": "", "d": {"e": 0}}) is None
    assert same_up_to_defaults({"a": 1}, {}) == ".a was lost"
    assert same_up_to_defaults({"a": 1}, {"a": 2}) == ".a: 1 became 2"
    assert same_up_to_defaults({"a": 1}, {"a": True}) == ".a: 1 became True"
    assert same_up_to_defaults({}, {"x": "y"}) == ".x = 'y' was added"
    assert same_up_to_defaults({"l": [1]}, {"l": [1, 2]}) == ".l: [1] became [1, 2]"


# ---- keys declared by the TypedDicts ----------------------------------------------------------


def undeclared_keys(value: Any, annotation: Any, path: str) -> list[str]:
    """Keys of ``value`` that the TypedDict ``annotation`` (recursively) does not declare."""
    if typing.is_typeddict(annotation) and isinstance(value, dict):
        hints = typing.get_type_hints(annotation)
        missing = []
        for k, v in value.items():
            if k not in hints:
                missing.append(f"{path}.{k}")
            else:
                missing += undeclared_keys(v, hints[k], f"{path}.{k}")
        return missing
    if typing.get_origin(annotation) is list and isinstance(value, list):
        (item,) = typing.get_args(annotation)
        return [m for i, v in enumerate(value) for m in undeclared_keys(v, item, f"{path}[{i}]")]
    return []


def test_the_key_check_finds_undeclared_keys() -> None:
    sample = {"action": "incoming_event", "payload": {"event": {"text": "hi", "zzz": 1}, "yyy": 2}}
    found = undeclared_keys(sample, webhooks.WEBHOOK_TYPES["incoming_event"], "")
    assert found == [".payload.event.zzz", ".payload.yyy"]


# ---- every documented sample ------------------------------------------------------------------


def test_every_documented_sample_parses_to_its_typed_form_and_back() -> None:
    files = fixture_files()
    # 23, 36, 37, 38 and 38 action sections in API 3.3–3.7, some with several samples.
    assert len(files) >= 178, f"only {len(files)} webhook fixtures in {FIXTURES}"
    failures = []
    for f in files:
        name = f"{f.parent.name}/{f.name}"
        raw = f.read_bytes()
        sample = json.loads(raw)
        w = webhooks.parse(raw, SAMPLE_SECRET)
        if w["action"] not in webhooks.KNOWN_ACTIONS:
            failures.append(f"{name}: {w['action']} is not a known action")
        expected = {k: v for k, v in sample.items() if k != "secret_key"}
        problem = same_up_to_defaults(expected, w)
        if problem:
            failures.append(f"{name}: {problem}")
        declared = webhooks.WEBHOOK_TYPES.get(w["action"], webhooks.OtherWebhook)
        failures += [f"{name}: {k} is not declared" for k in undeclared_keys(dict(w), declared, "")]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def test_the_union_has_one_typeddict_per_known_action_of_the_core() -> None:
    assert set(webhooks.KNOWN_ACTIONS) == set(livechat_client._native.WEBHOOK_ACTIONS)
    assert len(webhooks.KNOWN_ACTIONS) == 44
    assert set(webhooks.WEBHOOK_TYPES) == set(webhooks.KNOWN_ACTIONS)
    members = typing.get_args(webhooks.Webhook)
    assert set(members) == set(webhooks.WEBHOOK_TYPES.values())
    for action, td in webhooks.WEBHOOK_TYPES.items():
        assert typing.get_type_hints(td)["action"] == typing.Literal[action], action


def test_an_unknown_action_is_kept_as_sent() -> None:
    w = webhooks.parse(body(secret_key=SECRET, action="brand_new", payload={"x": [1]}, extra=True), SECRET)
    assert w == {"action": "brand_new", "payload": {"x": [1]}, "extra": True}


def test_a_known_action_in_an_undocumented_shape_is_kept_with_the_reason() -> None:
    w = webhooks.parse(body(secret_key=SECRET, action="incoming_event", payload={"chat_id": 5}), SECRET)
    assert w["payload"] == {"chat_id": 5}
    assert "expected a string" in w.get("payload_error", "")
    typed = webhooks.parse(body(secret_key=SECRET, action="incoming_event", payload={"chat_id": "C"}), SECRET)
    assert "payload_error" not in typed


def test_the_body_may_be_bytes_bytearray_memoryview_or_str() -> None:
    raw = body(secret_key=SECRET, action="thread_tagged", payload={"tag": "é"})
    for b in (raw, bytearray(raw), memoryview(raw), raw.decode()):
        assert webhooks.parse(b, SECRET)["payload"] == {"tag": "é"}


# ---- errors -----------------------------------------------------------------------------------


def check_error(exc: pytest.ExceptionInfo[livechat_client.LiveChatError], *words: str) -> None:
    text = f"{exc.value} {exc.value!r} {exc.value.args}"
    for w in words:
        assert w in text, text
    assert SECRET not in text and "other-secret" not in text, text


def test_a_wrong_or_missing_secret_is_a_webhook_secret_error() -> None:
    with pytest.raises(livechat_client.WebhookSecretError) as e:
        webhooks.parse(body(secret_key="other-secret", action="thread_tagged"), SECRET)
    check_error(e, "does not match")
    with pytest.raises(livechat_client.WebhookSecretError) as e:
        webhooks.parse(body(action="thread_tagged"), SECRET)
    check_error(e, "no string secret_key")
    with pytest.raises(livechat_client.WebhookSecretError) as e:
        webhooks.parse(body(secret_key=SECRET + "x", action="thread_tagged"), SECRET)
    check_error(e, "does not match")
    assert issubclass(livechat_client.WebhookSecretError, livechat_client.LiveChatError)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"{not json", ("not", "JSON")),
        (b"[1, 2]", ("array", "not an object")),
        (b'"text"', ("string", "not an object")),
        (json.dumps({"secret_key": SECRET, "payload": {}}).encode(), ("no `action`",)),
        (json.dumps({"secret_key": SECRET, "action": 5}).encode(), ("`action` is a JSON number",)),
        (b"\xff\xfe", ("JSON",)),
    ],
)
def test_bodies_that_are_not_webhooks_are_invalid_webhook_errors(raw: bytes, words: tuple[str, ...]) -> None:
    with pytest.raises(livechat_client.InvalidWebhookError) as e:
        webhooks.parse(raw, SECRET)
    check_error(e, *words)
    assert issubclass(livechat_client.InvalidWebhookError, livechat_client.LiveChatError)


def test_a_body_over_one_mib_is_refused_before_parsing() -> None:
    assert webhooks.MAX_WEBHOOK_BYTES == 1 << 20
    padding = "x" * (webhooks.MAX_WEBHOOK_BYTES + 1)
    with pytest.raises(livechat_client.InvalidWebhookError) as e:
        # Valid JSON with the right secret: only its size is wrong.
        webhooks.parse(body(secret_key=SECRET, action="thread_tagged", pad=padding), SECRET)
    check_error(e, "1048576-byte limit")
    # Just under the limit is fine.
    small = body(secret_key=SECRET, action="thread_tagged", pad="")
    fits = body(secret_key=SECRET, action="thread_tagged", pad="x" * (webhooks.MAX_WEBHOOK_BYTES - len(small)))
    assert len(fits) == webhooks.MAX_WEBHOOK_BYTES
    assert webhooks.parse(fits, SECRET)["action"] == "thread_tagged"


def test_bad_arguments_are_invalid_argument_errors_naming_the_problem() -> None:
    raw = body(secret_key=SECRET, action="thread_tagged")
    with pytest.raises(livechat_client.InvalidArgumentError) as e:
        webhooks.parse(raw, "")
    check_error(e, "secret_key is empty")
    with pytest.raises(livechat_client.InvalidArgumentError) as e:
        webhooks.parse(42, SECRET)  # type: ignore[arg-type]
    check_error(e, "body must be bytes", "not int")
    with pytest.raises(livechat_client.InvalidArgumentError) as e:
        webhooks.parse(raw, b"s3cret")  # type: ignore[arg-type]
    check_error(e, "secret_key must be a str", "not bytes")


# ---- static typing ----------------------------------------------------------------------------


def event_text(w: webhooks.Webhook) -> str | None:
    """Narrowing by action types the payload (mypy --strict checks this file)."""
    if w["action"] == "incoming_event":
        event: Event = w["payload"].get("event", {})
        return event.get("text")
    if w["action"] == "auto_accesses_updated":
        return ",".join(rule.get("status", "") for rule in w["payload"])
    return None


def test_narrowing_reads_the_typed_payload() -> None:
    event = {"id": "E1", "type": "message", "text": "hi"}
    w = webhooks.parse(body(secret_key=SECRET, action="incoming_event", payload={"event": event}), SECRET)
    assert event_text(w) == "hi"
    rules = [{"id": "a", "status": "added"}, {"id": "b", "status": "deleted"}]
    w = webhooks.parse(body(secret_key=SECRET, action="auto_accesses_updated", payload=rules), SECRET)
    assert event_text(w) == "added,deleted"


def test_without_narrowing_or_with_a_wrong_key_mypy_refuses(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from livechat_client import webhooks\n"
        "def f(w: webhooks.Webhook) -> None:\n"
        "    w['payload']['event']\n"  # line 3: not narrowed, most payloads have no event
        "    if w['action'] == 'incoming_event':\n"
        "        w['payload']['event']['text']\n"  # line 5: fine
        "        w['payload']['evnt']\n"  # line 6: no such key
    )
    out, _, status = api.run(["--strict", "--no-incremental", "--follow-imports=silent", str(snippet)])
    lines = sorted({line.split(":")[1] for line in out.splitlines() if ": error:" in line})
    assert status == 1 and lines == ["3", "6"], out
    assert "has no key \"evnt\"" in out and "TypedDict \"IncomingChatPayload\" has no key \"event\"" in out, out
