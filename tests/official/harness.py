"""What both harnesses share: running the plan through an SDK adapter, recording what went over
the wire, comparing it with the docs and judging the outcome against the known marks."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from docs_samples import first_samples
from emulator import Emulator
from flow import diff
from known import KNOWN
from plan import steps


@dataclass
class Answer:
    """What the SDK call gave back: an HTTP status when known, the decoded answer, an error."""

    status: int | None
    body: Any = None
    error: str | None = None
    # Documented fields the SDK method has no way to send.
    unsendable: list[str] = field(default_factory=list)


class Adapter(Protocol):
    """One SDK bound to one API version."""

    def has(self, action: str) -> bool:
        """Whether the SDK has a method for this action."""

    def call(self, action: str, body: dict[str, Any]) -> Answer:
        """Call the SDK's method for `action` with the docs-shaped `body`."""


@dataclass
class Outcome:
    """One line of the report."""

    sdk: str
    version: str
    method: str
    status: int | None
    verdict: str
    problems: list[str]


def run_version(sdk: str, version: str, adapter: Adapter, emu: Emulator,
                documented: list[str]) -> list[Outcome]:
    """The whole plan for one API version; the emulator is reset first."""
    emu.reset()
    samples = first_samples(version)
    ctx: dict[str, Any] = {"client_id": emu.client_id, "organization_id": emu.organization_id}
    out: list[Outcome] = []
    for step in steps():
        if not adapter.has(step.action):
            continue
        if step.setup:
            step.setup(ctx, emu.raw)
        body, sample, valid = step.body(samples, ctx)
        seen = len(emu.requests())
        answer = adapter.call(step.action, body)
        logged = emu.requests()[seen:]
        problems: list[str] = []
        if answer.error:
            problems.append(f"error: {answer.error}")
        elif answer.status is None or not 200 <= answer.status < 300:
            problems.append(f"answer {answer.status}: {json.dumps(answer.body)[:300]}")
        if answer.status is not None and 200 <= answer.status < 300 and step.save:
            step.save(ctx, answer.body)
        if step.action not in documented:
            problems.append(f"{step.action} is not a documented action of {version}")
        if len(logged) != 1:
            problems.append(f"{len(logged)} requests reached the emulator")
        for field_name in answer.unsendable:
            problems.append(f"no parameter for the documented field {field_name}")
        if logged and sample is not None:
            sent = logged[0]
            if sent.get("action") != step.action:
                problems.append(f"action: docs {step.action}, sent {sent.get('action')}")
            if sent.get("method") != sample.method:
                problems.append(f"HTTP method: docs {sample.method}, sent {sent.get('method')}")
            if sample.method == "POST":
                problems.extend(diff(body, sent.get("body")))
            else:
                # The emulator logs a GET's query string as its body (values are strings).
                query = sent.get("body")
                if not isinstance(query, dict):
                    query = dict(parse_qsl(urlsplit(sent.get("path", "")).query))
                problems.extend(diff({k: str(v) for k, v in body.items()}, query))
            if not valid:
                print(f"    note: the docs' {step.action} sample (v{version}.mdx:{sample.line}) "
                      "is not valid JSON; compared after removing comments/trailing commas")
        elif sample is None and step.action in documented:
            print(f"    note: v{version}.mdx has no request sample for {step.action}; not compared")
        out.append(judge(sdk, version, step.action, answer.status, problems))
    return out


def judge(sdk: str, version: str, method: str, status: int | None,
          problems: list[str]) -> Outcome:
    """ok, a known SDK bug / emulator issue, or a failure (unknown problem, or a mark that no
    longer matches anything: remove it)."""
    mark = KNOWN.get((sdk, version, method))
    if not problems:
        verdict = "ok" if mark is None else f"UNEXPECTED PASS (remove the {mark[0]} mark)"
    elif mark is not None:
        verdict = mark[0]
    else:
        verdict = "FAIL"
    line = f"{sdk} {version:4} {method:32} {status if status is not None else '-':>4} {verdict}"
    print(line)
    for p in problems:
        print(f"      {p}")
    if mark is not None and problems:
        print(f"      known: {mark[1]}")
    return Outcome(sdk, version, method, status, verdict, problems)


def finish(outcomes: list[Outcome], json_path: str | None) -> int:
    """Summary, optional JSON dump, exit code (non-zero on any unexpected outcome)."""
    bad = [o for o in outcomes if o.verdict not in ("ok", "sdk-bug", "emulator-issue")]
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.verdict] = counts.get(o.verdict, 0) + 1
    print("summary: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump([o.__dict__ for o in outcomes], f, indent=1)
    if bad:
        print(f"{len(bad)} unexpected outcome(s)", file=sys.stderr)
        return 1
    return 0

