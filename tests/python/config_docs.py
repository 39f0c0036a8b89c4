"""The official Configuration API pages beside the repository (``../shared/reference/docs``, the
folder the Rust tests read, core/tests/config_docs): every documented JSON response sample, per
version and method."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The versions the pages cover, oldest first.
VERSIONS = ("3.3", "3.4", "3.5", "3.6", "3.7")

_ACTION = re.compile(r"/configuration/action/([a-z_]+)")
_FENCE = re.compile(r"```json\s*\n(.*?)\n\s*```", re.S)


def docs_dir() -> Path:
    """``../shared/reference/docs`` beside the repository. Missing is a failure, not a skip: CI
    has it."""
    root = Path(__file__).resolve().parents[2]
    d = root.parent / "shared" / "reference" / "docs"
    assert (d / "configuration-api").is_dir(), (
        f"the official docs are missing: expected {d / 'configuration-api'} (the shared reference "
        "folder beside the repository); these tests check the Configuration types against them"
    )
    return d


def _snake(camel: str) -> str:
    """``listGroupsProperties`` → ``list_groups_properties``; ``getLicenseID`` → ``get_license_id``."""
    out = re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), camel.replace("ID", "Id"))
    return "get_license_webhooks_state" if out == "get_webhooks_state" else out


def _loads(text: str) -> Any:
    """A sample as JSON; comment lines and trailing commas (a few samples have them) dropped."""
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def _is_error(sample: Any) -> bool:
    """An error answer (``{"error": {…}}``, a misdirected request), not a method's result."""
    return isinstance(sample, dict) and set(sample) == {"error"}


def samples() -> Iterator[tuple[str, str, str, Any]]:
    """``(version, method, where, sample)`` for every response sample that is valid JSON and not
    an error answer: the payload files the pages include, then the samples written inline."""
    docs = docs_dir()
    for v in VERSIONS:
        for path in sorted((docs / f"payloads/v{v}/configuration-api/responses").rglob("*.json")):
            try:
                sample = _loads(path.read_text())
            except ValueError:
                continue
            if not _is_error(sample):
                yield v, _snake(path.stem), str(path.relative_to(docs)), sample
        page = (docs / f"configuration-api/v{v}.mdx").read_text()
        # A response belongs to the last action named before it: its section's "Method URL"
        # row, or the request sample just above it.
        for block in re.finditer(r"<CodeResponse(?:\s[^>]*)?(?<!/)>(.*?)</CodeResponse>", page, re.S):
            actions = _ACTION.findall(page, 0, block.start())
            fence = _FENCE.search(block.group(1))
            if not actions or fence is None:
                continue
            try:
                sample = _loads(fence.group(1))
            except ValueError:
                continue
            line = page.count("\n", 0, block.start()) + 1
            if not _is_error(sample):
                yield v, actions[-1], f"configuration-api/v{v}.mdx:{line}", sample
