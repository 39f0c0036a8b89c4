"""Our package and lc-sdk-python in one interpreter: `import livechat_client` (ours) and
`import livechat` (theirs) both load, neither shadows the other, and both talk to one emulator
(ours over HTTP, theirs over HTTPS with the emulator's CA). Run by tests/python_coexist/run.sh
in a throwaway venv holding both distributions."""

from __future__ import annotations

import asyncio
import importlib.metadata
import sys
from pathlib import Path

import livechat  # lc-sdk-python's top-level package
import livechat_client
from livechat.agent.web.base import AgentWeb as SdkAgentWeb
from livechat_client.testing import Emulator


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"coexistence check failed: {what}")


async def ours(emu: Emulator) -> str:
    async with emu.client() as agent:
        chat = await agent.start_chat()
        return str(chat["chat_id"])


def theirs(emu: Emulator) -> int:
    host = emu.url.split("://", 1)[1]  # the SDK puts https:// in front itself
    client = SdkAgentWeb.get_client(
        access_token=f"Bearer {emu.token}", version="3.6", base_url=host, verify=emu.ca_file,
        disable_logging=True,
    )
    return int(client.list_chats().status_code)


def main() -> None:
    ours_dir = Path(livechat_client.__file__).parent
    theirs_dir = Path(livechat.__file__).parent
    check(ours_dir.name == "livechat_client", f"livechat_client loaded from {ours_dir}")
    check(theirs_dir.name == "livechat" and theirs_dir != ours_dir, f"livechat loaded from {theirs_dir}")
    check(not hasattr(livechat, "AgentWeb"), "`livechat` is ours, not lc-sdk-python's")
    for dist in ("livechat-client", "lc-sdk-python"):
        importlib.metadata.distribution(dist)  # raises PackageNotFoundError when absent
    with Emulator(tls=True) as emu:
        chat_id = asyncio.run(ours(emu))
        status = theirs(emu)
    check(bool(chat_id), "our start_chat returned no chat_id")
    check(status == 200, f"lc-sdk-python's list_chats answered {status}")
    print(f"ok: livechat_client {livechat_client.__version__} and lc-sdk-python "
          f"{importlib.metadata.version('lc-sdk-python')} in one process")


if __name__ == "__main__":
    main()
