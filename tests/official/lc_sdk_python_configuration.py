"""lc-sdk-python's Configuration API clients (3.5, 3.6, 3.7) against the emulator: every method
of each version's class, with the docs' sample arguments, must answer 2xx and send what the docs
show. Run by tests/official/run.sh (it starts the emulator and sets EMULATOR_INFO)."""

from __future__ import annotations

import inspect
import sys
from typing import Any

import httpx
from livechat.configuration.base import ConfigurationApi
from livechat.utils.structures import AccessToken, TokenType

from emulator import Emulator
from harness import Answer, Outcome, finish, run_version

VERSIONS = ["3.5", "3.6", "3.7"]
# Not API methods: the client's header helpers.
HELPERS = {"modify_header", "remove_header", "get_headers"}


class PythonAdapter:
    """One lc-sdk-python configuration client; keyword arguments are the body's field names."""

    def __init__(self, emu: Emulator, version: str) -> None:
        # The SDK builds https://{base_url}/v{version}/configuration/action, so the bare host
        # and the emulator's CA are the whole override.
        self.client = ConfigurationApi.get_client(
            token=AccessToken(scheme=TokenType.BEARER, token=emu.token),
            version=version,
            base_url=emu.host,
            verify=emu.ca_file,
            disable_logging=True,
        )

    def methods(self) -> list[str]:
        """Every API method of the class."""
        return sorted(
            m for m, _ in inspect.getmembers(self.client, inspect.ismethod)
            if not m.startswith("_") and m not in HELPERS
        )

    def has(self, action: str) -> bool:
        return action in self.methods()

    def call(self, action: str, body: dict[str, Any]) -> Answer:
        method = getattr(self.client, action)
        params = inspect.signature(method).parameters
        kwargs = {k: v for k, v in body.items() if k in params and k not in ("payload", "headers")}
        unsendable = [k for k in body if k not in kwargs]
        try:
            response: httpx.Response = method(**kwargs)
        except Exception as e:  # noqa: BLE001 - any SDK exception is a result to report
            return Answer(None, error=f"{type(e).__name__}: {e}", unsendable=unsendable)
        try:
            decoded = response.json()
        except ValueError:
            decoded = response.text
        return Answer(response.status_code, decoded, unsendable=unsendable)


def main() -> int:
    emu = Emulator.from_env()
    json_path = sys.argv[1] if len(sys.argv) > 1 else None
    outcomes: list[Outcome] = []
    for version in VERSIONS:
        adapter = PythonAdapter(emu, version)
        documented = emu.actions(version)
        print(f"== lc-sdk-python ConfigurationApiV{version.replace('.', '')}: "
              f"{len(adapter.methods())} methods; the docs have {len(documented)} actions")
        missing = sorted(set(documented) - set(adapter.methods()))
        if missing:
            print(f"   documented but absent from the SDK: {', '.join(missing)}")
        results = run_version("python", version, adapter, emu, documented)
        called = {o.method for o in results}
        uncalled = sorted(set(adapter.methods()) - called)
        for m in uncalled:
            # A method the plan does not know: a new SDK release; make the plan cover it.
            outcomes.append(Outcome("python", version, m, None, "NOT CALLED", ["not in plan.py"]))
            print(f"python {version} {m}: NOT CALLED (add it to plan.py)")
        outcomes.extend(results)
    return finish(outcomes, json_path)


if __name__ == "__main__":
    sys.exit(main())
