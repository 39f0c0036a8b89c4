"""Shared fixtures: one in-process emulator for the session (reset before each test) and clients
for it on API 3.3 and 3.6."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

import livechat_client
from livechat_client import _native
from livechat_client.testing import Emulator


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
async def agent(emu: Emulator) -> AsyncIterator[livechat_client.AgentWeb]:
    async with emu.client(max_retries=0) as a:
        yield a


@pytest.fixture
async def versioned_agent(emu: Emulator, version: str) -> AsyncIterator[livechat_client.AgentWeb]:
    async with emu.client(version=version, max_retries=0) as a:
        yield a


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=1)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(scope="session", autouse=True)
def no_secret_in_any_log_line() -> Iterator[None]:
    """The whole suite runs with the `livechat_client` logger at its most verbose level (1, below
    DEBUG: the core's TRACE events); afterwards no captured line may hold a credential of the
    emulator's (its Bearer token, its PAT, or the PAT's Basic encoding)."""
    logger = logging.getLogger("livechat_client")
    capture = _Capture()
    previous = logger.level
    logger.addHandler(capture)
    logger.setLevel(1)
    try:
        yield
    finally:
        _native.flush_logs()
        logger.removeHandler(capture)
        logger.setLevel(previous)
    with Emulator() as emu:
        pat = emu.pat.header_value().split(" ", 1)[1]
        secrets = [emu.token.split(":", 1)[1], emu.info["pat"]["token"], pat]
    assert capture.lines, "the suite produced no log lines: the capture is broken"
    leaks = [line for line in capture.lines for s in secrets if s in line]
    assert not leaks, f"a credential appeared in {len(leaks)} log line(s), e.g. {leaks[0][:200]!r}"
