"""Share work between forked processes: each takes the next chunk when it is free, so none waits on a slow one."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
MAX_CHUNKS = 8192  # 4 bytes each: well within the 64 KiB a pipe holds before anyone reads it


class WorkQueue:
    """The numbers 0 … count-1 in a pipe, written before forking; each process reads the next one when it is free.

    A 4-byte read from a pipe is taken whole under the pipe's lock, so no number is handed out twice, and a
    process on a busy core simply takes fewer chunks. The queue is used up once; iterate it in every process.
    """

    def __init__(self, count: int) -> None:
        if count > MAX_CHUNKS:
            raise ValueError(f"a work queue holds at most {MAX_CHUNKS} chunks, not {count}")
        self._read, write = os.pipe()
        try:
            os.write(write, b"".join(n.to_bytes(4, "little") for n in range(count)))
        finally:
            os.close(write)

    def __iter__(self) -> Iterator[int]:
        while data := os.read(self._read, 4):
            yield int.from_bytes(data, "little")

    def close(self) -> None:
        os.close(self._read)


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` cut into consecutive chunks of `size` (more when a queue could not hold that many chunks)."""
    size = max(size, -(-len(items) // MAX_CHUNKS))
    return [items[start : start + size] for start in range(0, len(items), size)]
