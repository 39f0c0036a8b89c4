"""A tiny HTTP/1.1 server on 127.0.0.1 for tests that need answers the emulator will not give:
each complete request is passed to ``answer(n, path, body)`` (``n`` counts from 1), which
returns the response body (sent as a 200 ``application/json``), a ``(status, headers, body)``
tuple, or ``None`` to never answer. Keep-alive is kept; ``requests`` lists ``(path, body)``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Union

Answer = Union[bytes, tuple[int, dict[str, str], bytes], None]


class CannedServer:
    """See the module docstring. Use as ``async with CannedServer(answer) as server:``."""

    def __init__(self, answer: Callable[[int, str, bytes], Answer], *, idle_close: float | None = None) -> None:
        self.answer = answer
        self.idle_close = idle_close
        self.requests: list[tuple[str, bytes]] = []
        self.connections = 0
        self.url = ""
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> CannedServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None
        self._server.close()
        for w in list(self._writers):
            w.transport.abort()
        await self._server.wait_closed()
        # Handlers end once their connection is gone; a handler left running would be cancelled
        # by the test's loop teardown, which asyncio logs as an error.
        await asyncio.gather(*self._handlers, return_exceptions=True)

    async def _read(self, reader: asyncio.StreamReader) -> tuple[str, bytes] | None:
        try:
            if self.idle_close is not None:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.idle_close)
            else:
                head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.TimeoutError):
            return None
        return lines[0].split(" ")[1], body

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        self.connections += 1
        try:
            while (request := await self._read(reader)) is not None:
                self.requests.append(request)
                answer = self.answer(len(self.requests), *request)
                if answer is None:
                    await reader.read()  # never answers; ends when the client gives up
                    return
                status, headers, body = (200, {}, answer) if isinstance(answer, bytes) else answer
                head = f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
                head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                writer.write(head.encode() + b"\r\n" + body)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
