"""The request samples of the official Configuration API pages.

Reads `configuration-api/v{version}.mdx` from the shared reference folder beside the repository
(`../shared/reference/docs`, the same files `core/tests/config_docs` reads): every `curl -X …`
sample, its HTTP method, its query string and its `-d '…'` body.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def docs_dir() -> Path:
    """`LIVECHAT_DOCS_DIR`, else `../shared/reference/docs` beside the repository."""
    override = os.environ.get("LIVECHAT_DOCS_DIR")
    base = Path(override) if override else REPO.parent / "shared" / "reference" / "docs"
    if not (base / "configuration-api").is_dir():
        raise SystemExit(
            f"the official docs are missing: expected {base / 'configuration-api'} "
            "(set LIVECHAT_DOCS_DIR to the folder holding configuration-api/v3.x.mdx)"
        )
    return base


@dataclass
class Sample:
    """One `curl` request sample of a page."""

    action: str
    method: str
    query: str | None
    body_text: str | None
    line: int

    def body(self) -> Any:
        """The body as JSON; `None` without a body, `ValueError` when it is not JSON."""
        if self.body_text is None:
            return None
        return json.loads(self.body_text)


_ACTION = re.compile(r"/configuration/action/([a-z_]+)")


def samples(version: str) -> list[Sample]:
    """Every `curl -X` sample of `v{version}.mdx`, in page order."""
    text = (docs_dir() / "configuration-api" / f"v{version}.mdx").read_text(encoding="utf-8")
    out: list[Sample] = []
    for match in re.finditer(r"curl -X ", text):
        start = match.end()
        end = text.find("```", start)
        block = text[start : end if end >= 0 else len(text)]
        method = re.match(r"[A-Z]+", block)
        url = re.search(r"https://[^\s\\']+", block)
        if not method or not url:
            continue
        action = _ACTION.search(url.group(0))
        if not action:
            continue
        query = url.group(0).split("?", 1)[1] if "?" in url.group(0) else None
        body = None
        d = block.find("-d '")
        if d >= 0:
            after = block[d + 4 :]
            body = after[: after.rfind("'")]
        out.append(
            Sample(
                action=action.group(1),
                method=method.group(0),
                query=query,
                body_text=body,
                line=text.count("\n", 0, match.start()) + 1,
            )
        )
    return out


def first_samples(version: str) -> dict[str, Sample]:
    """The first sample of each action on the page."""
    out: dict[str, Sample] = {}
    for s in samples(version):
        out.setdefault(s.action, s)
    return out
