"""Shared fixtures: one in-process emulator for the session (reset before each test) and clients
for it on API 3.3 and 3.6."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

import livechat
from livechat.testing import Emulator


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    emulator.reset()
    return emulator


@pytest.fixture(params=["3.3", "3.6"])
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def agent(emu: Emulator) -> AsyncIterator[livechat.AgentWeb]:
    async with emu.client(max_retries=0) as a:
        yield a


@pytest.fixture
async def versioned_agent(emu: Emulator, version: str) -> AsyncIterator[livechat.AgentWeb]:
    async with emu.client(version=version, max_retries=0) as a:
        yield a
