"""One build at a time per output: a locked file in the cache folder names the build holding it."""
from __future__ import annotations

import fcntl
import shutil
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from thaw.errors import ThawError

LOCK = "build.lock"
WAIT = 30.0  # seconds a build waits for another to finish (THAW_LOCK_WAIT changes it)


@contextmanager
def build_lock(cache_dir: Path, output: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the output's lock for the block; wait a bounded time for another build, then refuse.

    The lock is an flock, so a build that is killed releases it with its last process.
    """
    wait = float(os.environ.get("THAW_LOCK_WAIT", WAIT)) if wait is None else wait
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / LOCK
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(descriptor)
                if time.monotonic() >= deadline:
                    raise ThawError(f"{output}: another build ({holder}) is running — wait for it or stop it") from None
                if not told:
                    print(f"{output}: waiting up to {wait:.0f} s for another build ({holder}) to finish…", file=sys.stderr, flush=True)
                    told = True
                time.sleep(0.1)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)


def _holder(descriptor: int) -> str:
    """'pid N' from the lock file, or a vaguer phrase while the holder has not written it yet."""
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f"pid {text}" if text.isdigit() else "pid unknown"


def clear_cache(cache_dir: Path) -> None:
    """Remove everything in the cache folder but the lock the running build holds."""
    if not cache_dir.is_dir():
        return
    for entry in cache_dir.iterdir():
        if entry.name == LOCK:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
