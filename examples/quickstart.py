"""Quickstart: a conversation against the LiveChat API (or the local emulator).

Reads LIVECHAT_API_URL and LIVECHAT_TOKEN (Bearer), optionally LIVECHAT_VERSION. Run it with
./scripts/demo, which starts the emulator for you.
"""

import asyncio
import os

import livechat_client


async def main() -> None:
    version = os.environ.get("LIVECHAT_VERSION", "3.6")
    async with livechat_client.AgentWeb(
        "quickstart",
        api_url=os.environ["LIVECHAT_API_URL"],
        token=os.environ["LIVECHAT_TOKEN"],
        version=version,
    ) as agent:
        print(f"[python] talking to {agent.api_url} (API {agent.version})")

        chat = await agent.start_chat(chat={"thread": {"events": [{"type": "message", "text": "Hello from Python!"}]}})
        chat_id, thread_id = chat["chat_id"], chat["thread_id"]
        print(f"[python] started chat {chat_id} (thread {thread_id})")
        sent = await agent.send_event(chat_id, {"type": "message", "text": "How can I help?", "visibility": "all"})
        print(f"[python] sent message {sent['event_id']}")

        uploaded = await agent.upload_file(b"quarterly numbers\n", "report.txt")
        file_event = await agent.send_event(chat_id, {"type": "file", "url": uploaded["url"]})
        print(f"[python] uploaded {uploaded['url']} and sent it as event {file_event['event_id']}")

        await agent.tag_thread(chat_id, thread_id, "quickstart")
        await agent.update_thread_properties(chat_id, thread_id, {"test": {"string_property": "set by Python"}})
        print("[python] tagged the thread and set test.string_property")

        chats = await agent.list_chats(limit=10)
        print(f"[python] list_chats: {len(chats['chats_summary'])} chat(s) on the first page")
        page, ids = 1, []
        async for archived in agent.iter_archives(limit=2):
            ids.append(archived["id"])
        print(f"[python] archives, paged two at a time: {ids}")

        try:
            await agent.get_chat("NO_SUCH_CHAT")
        except livechat_client.NotFoundError as e:
            print(f"[python] get_chat(NO_SUCH_CHAT) failed cleanly: {type(e).__name__}: {e}")
        try:
            await agent.grant_chat_access(chat_id, {"type": "group", "id": 1})
        except livechat_client.UnsupportedMethodError as e:
            print(f"[python] {e}")


asyncio.run(main())
