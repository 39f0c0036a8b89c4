"""Every method of the table, called through the Python API against the emulator on API 3.3 and
3.6, with the result shapes the API documents."""

from __future__ import annotations

from typing import Any

import pytest

import livechat_client
from livechat_client.testing import Emulator

MESSAGE = {"type": "message", "text": "hello", "visibility": "all"}


async def test_every_method_works_on_its_versions(versioned_agent: livechat_client.AgentWeb, emu: Emulator) -> None:
    a = versioned_agent
    v33 = a.version == "3.3"
    # 3.3 events have no `visibility` (it was `recipients` until 3.4).
    message = {"type": "message", "text": "hello"} if v33 else MESSAGE
    called: set[str] = set()

    async def call(method_name: str, /, *args: object, **kwargs: object) -> Any:
        called.add(method_name)
        return await getattr(a, method_name)(*args, **kwargs)

    chat = await call("start_chat", chat={"thread": {"events": [message]}})
    chat_id, thread_id = chat["chat_id"], chat["thread_id"]
    assert chat["event_ids"]
    sent = await call("send_event", chat_id, message)
    event_id = sent["event_id"]
    up = await call("upload_file", b"data", "notes.txt")
    await a.send_event(chat_id, {"type": "file", "url": up["url"]})
    rich = await a.send_event(
        chat_id,
        {"type": "rich_message", "template_id": "quick_replies",
         "elements": [{"title": "Pick", "buttons": [{"text": "Yes", "type": "message", "value": "yes", "postback_id": "yes"}]}]},
    )
    await call("send_rich_message_postback", chat_id=chat_id, thread_id=thread_id, event_id=rich["event_id"],
               postback={"id": "yes", "toggled": True})
    summaries = await call("list_chats", limit=10)
    assert any(c["id"] == chat_id for c in summaries.get("chats_summary", summaries.get("chats_info", [])))
    threads = await call("list_threads", chat_id)
    assert threads["threads"][0]["id"] == thread_id
    got = await call("get_chat", chat_id, thread_id)
    assert got["id"] == chat_id and got["thread"]["id"] == thread_id
    assert (await call("list_archives", filters={"chat_ids": [chat_id]}))["chats"]
    for props_call, args in [
        ("update_chat_properties", (chat_id,)),
        ("update_thread_properties", (chat_id, thread_id)),
        ("update_event_properties", (chat_id, thread_id, event_id)),
    ]:
        await call(props_call, *args, {"test": {"string_property": "x", "bool_property": False}})
        await call(props_call.replace("update", "delete"), *args, {"test": ["string_property"]})
    await call("tag_thread", chat_id, thread_id, "vip")
    await call("untag_thread", chat_id, thread_id, "vip")
    await call("follow_chat", chat_id)
    await call("unfollow_chat", chat_id)
    await call("mark_events_as_seen", chat_id, "2030-01-01T00:00:00.000000Z")
    if v33:
        await call("send_typing_indicator", chat_id, True, "all")
        await call("add_user_to_chat", chat_id, "second@emulator.test", "agent", True)
        await call("grant_chat_access", chat_id, {"type": "group", "id": 1})
        await call("revoke_chat_access", chat_id, {"type": "group", "id": 1})
    else:
        await call("send_typing_indicator", chat_id, True, visibility="all")
        await call("add_user_to_chat", chat_id, "second@emulator.test", "agent", visibility="all")
        await call("send_event_preview", chat_id, MESSAGE)
        await call("send_thinking_indicator", chat_id, title="Thinking…")
        await call("get_thread_transcript", chat_id, thread_id)
    await call("remove_user_from_chat", chat_id, "second@emulator.test")
    agents = await call("list_agents_for_transfer", chat_id)
    assert isinstance(agents, list)
    statuses = await call("list_routing_statuses")
    assert isinstance(statuses, list) and statuses[0]["agent_id"]
    assert isinstance(await call("list_routing_statuses", [0]), list)
    me = statuses[0]["agent_id"]
    await call("set_routing_status", "accepting_chats", me)
    await call("multicast", {"agents": {"all": True}}, {"hello": "world"}, "note")
    if v33:
        await call("transfer_chat", chat_id, target={"type": "group", "ids": [1]}, force=True)
    else:
        await call("transfer_chat", chat_id, target={"type": "group", "ids": [1]}, ignore_agents_availability=True)
    await call("deactivate_chat", chat_id)
    if not v33:
        await call("request_thread_summary", chat_id, thread_id)
    resumed = await call("resume_chat", chat_id)
    assert resumed["thread_id"] != thread_id
    customer_id = emu.state()["customers"][0]["id"]
    if v33:
        created = await call("create_customer", name="Ada", email="ada@example.com")
        customer_id = created["customer_id"]
        assert (await call("list_customers", limit=5))["customers"]
    assert customer_id, "the emulator seeds customers"
    assert (await call("get_customer", customer_id))["id"] == customer_id
    await call("update_customer", customer_id, name="Ada L.")
    await call("follow_customer", customer_id)
    await call("unfollow_customer", customer_id)
    await call("ban_customer", customer_id, 1)
    if not v33:
        await call("logout")

    # Every method available on this version was exercised.
    table = livechat_client.method_table()["methods"]
    expected = {m["name"] for m in table if a.version in m["versions"] and m["name"] != "get_license_info"}
    assert expected - called == set()


async def test_get_license_info_on_3_5(emu: Emulator) -> None:
    async with emu.client(version="3.5") as a:
        info = await a.get_license_info()
        assert "license_id" in info


@pytest.mark.parametrize(
    ("version", "method", "fragment"),
    [("3.6", "create_customer", "API 3.3–3.5"), ("3.6", "grant_chat_access", "use transfer_chat"),
     ("3.3", "send_thinking_indicator", "API 3.6+")],
)
async def test_a_method_missing_from_the_version_raises_before_sending(
    emu: Emulator, version: str, method: str, fragment: str
) -> None:
    async with emu.client(version=version) as a:
        emu.clear_requests()
        with pytest.raises(livechat_client.UnsupportedMethodError, match=fragment):
            await a.call(method, {})
        assert emu.requests() == []


async def test_the_raw_send_and_generic_call(agent: livechat_client.AgentWeb) -> None:
    chat = await agent.send("start_chat", {})
    assert chat["chat_id"]
    got = await agent.call("get_chat", {"chat_id": chat["chat_id"]})
    assert got["id"] == chat["chat_id"]


async def test_properties_and_type(agent: livechat_client.AgentWeb, emu: Emulator) -> None:
    assert agent.api_url == emu.url
    assert agent.client_id == "emulator-tests"
    assert agent.version == "3.6"
    assert agent.type == "agent"
    for name in ("api_url", "client_id", "version", "type"):
        with pytest.raises(AttributeError):
            setattr(agent, name, "x")
