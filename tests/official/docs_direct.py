"""The docs' own request samples, sent without any SDK, for the 3.7 actions no official SDK has
(lc-sdk-python's 3.7 class lacks them; lc-sdk-js 4.0.2 stops at 3.4): so the emulator is
checked against every documented 3.7 sample an SDK user could send by hand. Same plan, same
comparison, same verdicts as the SDK harnesses. Run by tests/official/run.sh."""

from __future__ import annotations

import sys
from typing import Any

import httpx

from emulator import Emulator
from harness import Answer, finish, run_version
from lc_sdk_python_configuration import PythonAdapter

VERSION = "3.7"


class DirectAdapter:
    """httpx with the emulator's Bearer token; covers what the SDK's 3.7 class does not."""

    def __init__(self, emu: Emulator, actions: list[str]) -> None:
        self.actions = actions
        self.url = f"{emu.url}/v{VERSION}/configuration/action"
        self.http = httpx.Client(
            verify=emu.ca_file, timeout=15, headers={"Authorization": f"Bearer {emu.token}"}
        )

    def has(self, action: str) -> bool:
        return action in self.actions

    def call(self, action: str, body: dict[str, Any]) -> Answer:
        try:
            response = self.http.post(f"{self.url}/{action}", json=body)
        except httpx.HTTPError as e:
            return Answer(None, error=f"{type(e).__name__}: {e}")
        try:
            decoded = response.json()
        except ValueError:
            decoded = response.text
        return Answer(response.status_code, decoded)


def main() -> int:
    emu = Emulator.from_env()
    documented = emu.actions(VERSION)
    uncovered = sorted(set(documented) - set(PythonAdapter(emu, VERSION).methods()))
    print(f"== the docs' samples sent directly (API {VERSION}): {', '.join(uncovered)}")
    outcomes = run_version("docs", VERSION, DirectAdapter(emu, uncovered), emu, documented)
    missed = sorted(set(uncovered) - {o.method for o in outcomes})
    for m in missed:
        print(f"docs {VERSION} {m}: NOT CALLED (add it to plan.py)")
    return finish(outcomes, sys.argv[1] if len(sys.argv) > 1 else None) or (1 if missed else 0)


if __name__ == "__main__":
    sys.exit(main())
