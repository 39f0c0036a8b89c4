"""The emulator's control API (`/__emulator/…`, no auth) as the harnesses need it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Emulator:
    """The running emulator, from its startup line (run.sh passes it as `EMULATOR_INFO`)."""

    url: str
    token: str
    ca_file: str
    agent_id: str
    client_id: str
    organization_id: str
    _http: httpx.Client | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls) -> "Emulator":
        """Read `EMULATOR_INFO`; the emulator must run with `--tls` (the SDKs only speak https)."""
        raw = os.environ.get("EMULATOR_INFO")
        if not raw:
            raise SystemExit("EMULATOR_INFO is not set: start the emulator with tests/official/run.sh")
        info = json.loads(raw)
        if "ca_file" not in info:
            raise SystemExit("the emulator must run with --tls: both SDKs put https:// before the host")
        return cls(info["url"], info["token"], info["ca_file"], info["agent_id"], info["client_id"],
                   info["organization_id"])

    @property
    def host(self) -> str:
        """`127.0.0.1:PORT`, the bare host both SDKs take (they add https:// themselves)."""
        return self.url.split("://", 1)[1].rstrip("/")

    def _control(self, method: str, path: str) -> Any:
        if self._http is None:
            self._http = httpx.Client(verify=self.ca_file, timeout=10)
        answer = self._http.request(method, f"{self.url}/__emulator/{path}")
        answer.raise_for_status()
        return answer.json()

    def actions(self, version: str) -> list[str]:
        """The Configuration API actions of `version` (the client's table, checked against the
        docs by core/tests/configuration_table.rs), batch actions included."""
        return list(self._control("GET", "actions/configuration")[version])

    def raw(self, version: str, action: str, body: dict[str, Any]) -> Any:
        """A Configuration API call made without any SDK (set-up for a step); must succeed."""
        if self._http is None:
            self._http = httpx.Client(verify=self.ca_file, timeout=10)
        answer = self._http.post(
            f"{self.url}/v{version}/configuration/action/{action}",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        answer.raise_for_status()
        return answer.json()

    def reset(self) -> None:
        """State back to the seed, request log cleared."""
        self._control("POST", "reset")

    def requests(self) -> list[dict[str, Any]]:
        """The request log, oldest first."""
        return list(self._control("GET", "requests")["requests"])
