"""@livechat/lc-sdk-js 4.0.2's Configuration.Web (API 3.4, fixed in the SDK) against the
emulator: every method, with the docs' sample arguments, must answer 2xx and send what the docs
show. The SDK runs in Node (lc_sdk_js_bridge.js); this side maps each docs body to the method's
positional arguments and judges the outcome. Run by tests/official/run.sh."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

from emulator import Emulator
from harness import Answer, Outcome, finish, run_version

VERSION = "3.4"
HERE = Path(__file__).resolve().parent

Body = dict[str, Any]
# docs action -> (SDK method, docs body -> positional arguments). Each mapping takes the fields
# it can carry; the ones left over are reported as fields the SDK cannot send.
Mapping = tuple[str, Callable[[Body], list[Any]]]


def rest(body: Body, *taken: str) -> Body:
    """The fields not passed positionally (the SDK's `fields`/`opts` object)."""
    return {k: v for k, v in body.items() if k not in taken}


METHODS: dict[str, Mapping] = {
    "create_agent": ("createAgent", lambda b: [b.pop("id", None), rest(b)]),
    "get_agent": ("getAgent", lambda b: [b.pop("id", None), b.pop("fields", None)]),
    # The SDK takes filters.group_ids only.
    "list_agents": ("listAgents",
                    lambda b: [(b.pop("filters", None) or {}).get("group_ids"),
                               b.pop("fields", None)]),
    "update_agent": ("updateAgent", lambda b: [b.pop("id", None), rest(b)]),
    "delete_agent": ("deleteAgent", lambda b: [b.pop("id", None)]),
    "suspend_agent": ("suspendAgent", lambda b: [b.pop("id", None)]),
    "unsuspend_agent": ("unsuspendAgent", lambda b: [b.pop("id", None)]),
    "request_agent_unsuspension": ("requestAgentUnsuspension", lambda b: []),
    "approve_agent": ("approveAgent", lambda b: [b.pop("id", None)]),
    "create_bot": ("createBot", lambda b: [rest(b)]),
    "delete_bot": ("deleteBot", lambda b: [b.pop("id", None)]),
    "update_bot": ("updateBot", lambda b: [b.pop("id", None), rest(b)]),
    "list_bots": ("listBots", lambda b: [b.pop("all", None), rest(b) or None]),
    "get_bot": ("getBot", lambda b: [b.pop("id", None), rest(b) or None]),
    "create_group": ("createGroup",
                     lambda b: [b.pop("name", None), b.pop("agent_priorities", None),
                                b.pop("language_code", None)]),
    "update_group": ("updateGroup",
                     lambda b: [b.pop("id", None), b.pop("name", None),
                                b.pop("agent_priorities", None), b.pop("language_code", None)]),
    "delete_group": ("deleteGroup", lambda b: [b.pop("id", None)]),
    "list_groups": ("listGroups", lambda b: [b.pop("fields", None)]),
    "get_group": ("getGroup", lambda b: [b.pop("id", None), b.pop("fields", None)]),
    "register_property": ("registerProperty", lambda b: [rest(b)]),
    "unregister_property": ("unregisterProperty",
                            lambda b: [b.pop("name", None), b.pop("owner_client_id", None)]),
    # access_type ["read", "write"] is two booleans in the SDK.
    "publish_property": ("publishProperty",
                         lambda b: [b.pop("name", None), b.pop("owner_client_id", None),
                                    "read" in b.get("access_type", []),
                                    "write" in b.pop("access_type", [])]),
    "list_properties": ("listProperties", lambda b: [b.pop("owner_client_id", None)]),
    "update_license_properties": ("updateLicenseProperties", lambda b: [b.pop("properties", None)]),
    # The SDK's first parameter is called namespace_prefix; the docs' field is namespace.
    "list_license_properties": ("listLicenseProperties",
                                lambda b: [b.pop("namespace", None), b.pop("name_prefix", None)]),
    "delete_license_properties": ("deleteLicenseProperties", lambda b: [b.pop("properties", None)]),
    "update_group_properties": ("updateGroupProperties",
                                lambda b: [b.pop("group_id", None), b.pop("properties", None)]),
    "list_group_properties": ("listGroupProperties",
                              lambda b: [b.pop("id", None), b.pop("namespace", None),
                                         b.pop("name_prefix", None)]),
    "delete_group_properties": ("deleteGroupProperties",
                                lambda b: [b.pop("id", None), b.pop("properties", None)]),
    "register_webhook": ("registerWebhook",
                         lambda b: [rest(b, "owner_client_id"), b.get("owner_client_id")]),
    "list_webhooks": ("listWebhooks", lambda b: [b.pop("owner_client_id", None)]),
    "unregister_webhook": ("unregisterWebhook",
                           lambda b: [b.pop("id", None), b.pop("owner_client_id", None)]),
    "list_webhook_names": ("listWebhookNames", lambda b: [b.pop("version", None)]),
    # The SDK's parameter is client_id; the docs' field is owner_client_id.
    "enable_license_webhooks": ("enableLicenseWebhooks", lambda b: [b.pop("owner_client_id", None)]),
    "disable_license_webhooks": ("disableLicenseWebhooks",
                                 lambda b: [b.pop("owner_client_id", None)]),
    "get_license_webhooks_state": ("getLicenseWebhooksState",
                                   lambda b: [b.pop("owner_client_id", None)]),
    "add_auto_access": ("addAutoAccess", lambda b: [rest(b)]),
    "list_auto_accesses": ("listAutoAccesses", lambda b: []),
    "delete_auto_access": ("deleteAutoAccess", lambda b: [b.pop("id", None)]),
    "update_auto_access": ("updateAutoAccess", lambda b: [b.pop("id", None), rest(b)]),
    "get_organization_id": ("getOrganizationID", lambda b: [b.pop("license_id", None)]),
    "get_license_id": ("getLicenseID", lambda b: [b.pop("organization_id", None)]),
}
# Mappings that hand the whole remaining body over as one object consume every field.
WHOLE = {"create_agent", "update_agent", "create_bot", "update_bot", "list_bots", "get_bot",
         "register_property", "register_webhook", "add_auto_access", "update_auto_access"}


class JsAdapter:
    """The bridge process: one Configuration.Web instance for the whole run."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            ["node", str(HERE / "lc_sdk_js_bridge.js")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=HERE,
        )
        self.methods = self._methods()

    def _methods(self) -> list[str]:
        out = subprocess.run(
            ["node", "-e", "const {Configuration}=require('@livechat/lc-sdk-js');"
             "console.log(JSON.stringify(Object.getOwnPropertyNames(Configuration.Web.prototype)"
             ".filter(n=>n!=='constructor')))"],
            cwd=HERE, check=True, capture_output=True, text=True,
        )
        return list(json.loads(out.stdout))

    def has(self, action: str) -> bool:
        return action in METHODS

    def call(self, action: str, body: Body) -> Answer:
        name, to_args = METHODS[action]
        left = dict(body)
        args = to_args(left)
        unsendable = [] if action in WHOLE else sorted(left)
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"method": name, "args": args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            return Answer(None, error="the Node bridge exited", unsendable=unsendable)
        answer = json.loads(line)
        if answer["ok"]:
            # 4.0.2 resolves with the body only; a resolved call was a 2xx.
            return Answer(200, answer["result"], unsendable=unsendable)
        return Answer(None, error=json.dumps(answer["error"]), unsendable=unsendable)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


def main() -> int:
    emu = Emulator.from_env()
    json_path = sys.argv[1] if len(sys.argv) > 1 else None
    adapter = JsAdapter()
    documented = emu.actions(VERSION)
    mapped = {name for name, _ in METHODS.values()}
    print(f"== @livechat/lc-sdk-js 4.0.2 Configuration.Web (API {VERSION}): "
          f"{len(adapter.methods)} methods; the docs have {len(documented)} actions")
    missing = sorted(set(documented) - set(METHODS))
    if missing:
        print(f"   documented but absent from the SDK: {', '.join(missing)}")
    outcomes: list[Outcome] = []
    try:
        outcomes = run_version("js", VERSION, adapter, emu, documented)
    finally:
        adapter.close()
    for m in sorted(set(adapter.methods) - mapped):
        outcomes.append(Outcome("js", VERSION, m, None, "NOT CALLED", ["not in METHODS"]))
        print(f"js {VERSION} {m}: NOT CALLED (map it in METHODS)")
    return finish(outcomes, json_path)


if __name__ == "__main__":
    sys.exit(main())
