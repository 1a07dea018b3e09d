"""What `serve` and `preview` share: answer only local Host names and well-formed paths, and stop cleanly on signals."""
from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
MAX_SEGMENT = 255  # bytes: the longest file name Linux and macOS allow
HOST = re.compile(r"^(?:\[(?P<v6>[0-9a-fA-F:.]+)\]|(?P<name>[^\[\]:@/\s]+))(?::(?P<port>[0-9]{1,5}))?$")
PERCENT = re.compile(r"%(?![0-9a-fA-F]{2})")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def allowed_names(bound: str) -> frozenset[str]:
    """The Host names a server bound to `bound` answers: the loopback names, and `bound` itself if it was given by name."""
    bound = bound.strip("[]").lower()
    return LOCAL_NAMES if bound in WILDCARDS else LOCAL_NAMES | {bound}


def host_allowed(header: str | None, names: frozenset[str] = LOCAL_NAMES) -> bool:
    """Whether a Host header names this machine (with or without a port); others may be DNS rebinding, so are refused."""
    match = HOST.match(header or "")
    if not match:
        return False
    return (match.group("v6") or match.group("name")).lower() in names


def bad_target(target: str) -> bool:
    """Whether a raw request target (latin-1 text of its bytes) is no path a static site has: answered with 400."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//") or any(not "\x21" <= ch <= "\x7e" for ch in path) or PERCENT.search(path):
        return True
    raw = re.sub(rb"%([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), path.encode("ascii"))
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    if CONTROL.search(decoded):
        return True
    segments = decoded.split("/")[1:]
    return any(s in (".", "..") or len(s.encode()) > MAX_SEGMENT or (not s and i < len(segments) - 1) for i, s in enumerate(segments))


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGINT into KeyboardInterrupt, once, so `finally` blocks clean up; later signals wait for that."""
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}

    def stop(signum: int, frame: FrameType | None) -> None:
        for each in previous:
            signal.signal(each, signal.SIG_IGN)  # cleaning up must not be interrupted by a second Ctrl+C
        raise KeyboardInterrupt

    for signum in previous:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
