"""Many calls at once, the GIL released while waiting, and pagination."""

from __future__ import annotations

import asyncio

import livechat_client
from livechat_client.testing import Emulator


async def test_ten_thousand_concurrent_calls(emu: Emulator) -> None:
    async with emu.client() as a:
        results = await asyncio.gather(*(a.list_routing_statuses() for _ in range(10_000)))
    assert len(results) == 10_000
    assert all(isinstance(r, list) and r for r in results)


async def test_concurrent_writers_keep_every_event(emu: Emulator) -> None:
    async with emu.client() as a:
        chat = await a.start_chat()
        sent = await asyncio.gather(
            *(a.send_event(chat["chat_id"], {"type": "message", "text": f"m{i}", "visibility": "all"}) for i in range(500))
        )
    ids = {s["event_id"] for s in sent}
    assert len(ids) == 500
    stored = emu.state()["chats"]
    events = [e for c in stored if c["id"] == chat["chat_id"] for t in c["threads"] for e in t["events"]]
    assert {e["id"] for e in events} >= ids


async def test_the_loop_stays_responsive_while_calls_wait(emu: Emulator) -> None:
    emu.add_fault("list_chats", delay_ms=300, count=1)
    async with emu.client() as a:
        slow = asyncio.create_task(a.list_chats())
        ticks = 0
        while not slow.done():
            await asyncio.sleep(0.01)
            ticks += 1
        await slow
    assert ticks >= 10, "the event loop kept running while the call waited"


async def test_iterators_page_with_page_id(emu: Emulator) -> None:
    async with emu.client() as a:
        created = [(await a.start_chat())["chat_id"] for _ in range(5)]
        emu.clear_requests()
        seen = [c["id"] async for c in a.iter_archives(limit=2)]
        assert set(created) <= set(seen)
        bodies = [r["body"] for r in emu.requests()]
        assert bodies[0] == {"limit": 2}
        assert all(set(b) == {"page_id"} for b in bodies[1:]), bodies
        assert len(bodies) >= 3
        chats = [c["id"] async for c in a.iter_chats(limit=2)]
        assert set(created) <= set(chats)
        threads = [t["id"] async for t in a.iter_threads(created[0], limit=1)]
        assert len(threads) == 1


async def test_iter_customers_on_3_3(emu: Emulator) -> None:
    async with emu.client(version="3.3") as a:
        customers = [c["id"] async for c in a.iter_customers(limit=1)]
    assert len(customers) == len(emu.state()["customers"])


async def test_upload_accepts_bytes_paths_and_files(emu: Emulator, tmp_path: "object") -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "photo.png"
    path.write_bytes(bytes(range(256)))
    async with emu.client() as a:
        r1 = await a.upload_file(bytes(range(256)), "bytes.png")
        r2 = await a.upload_file(path)
        r3 = await a.upload_file(str(path), "renamed.png")
        with path.open("rb") as fh:
            r4 = await a.upload_file(fh)
        r5 = await a.upload_file(bytearray(b"abc"), "b.txt")
    for r in (r1, r2, r3, r4, r5):
        assert r["url"].startswith(emu.url)
    uploads = [r["upload"] for r in emu.requests() if r["action"] == "upload_file"]
    assert [u["filename"] for u in uploads] == ["bytes.png", "photo.png", "renamed.png", "photo.png", "b.txt"]
    assert uploads[0]["size"] == 256 and uploads[0]["content_type"] == "image/png"
    import urllib.request

    with urllib.request.urlopen(r1["url"]) as resp:
        assert resp.read() == bytes(range(256))
    assert isinstance(livechat_client.METHOD_NAMES, tuple)
