"""`serve` and `preview` answer only local, well-formed requests and stop cleanly; logos, images and error text are checked."""
from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from thaw.cli import main

from conftest import ROOT, article

BUILD = str(ROOT / "build.py")
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])  # what must never reach the terminal raw (tab and newline may)


# --- pictures, made here so the tests need no files ------------------------------------------------------------------


def png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
SAFE_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#2f5f68"/></linearGradient><circle id="c" r="4"/></defs>
  <title>Logo</title>
  <style>circle { fill: url(#g); }</style>
  <use href="#c" x="5" y="5"/><use xlink:href="#c" x="2" y="2" style="fill: url(#g)"/>
</svg>
"""


# --- running the real command line ------------------------------------------------------------------------------------


def project(tmp_path: Path, files: dict[str, str | bytes] | None = None, toml: str = "") -> Path:
    """A tiny project in tmp_path/project: one article, optional extra files, thaw.toml; returns its folder."""
    folder = tmp_path / "project"
    (folder / "content" / "understanding").mkdir(parents=True, exist_ok=True)
    (folder / "tmp").mkdir(exist_ok=True)
    (folder / "content" / "understanding" / "a.md").write_text(article(), encoding="utf-8")
    for name, data in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    (folder / "thaw.toml").write_text(toml or '[build]\ncontent = "content"\noutput = "_site"\n', encoding="utf-8")
    return folder


def environment(folder: Path) -> dict[str, str]:
    """The CLI's environment: its temporary folders go into folder/tmp, so the test can see what is left there."""
    return {**os.environ, "TMPDIR": str(folder / "tmp"), "PYTHONUNBUFFERED": "1"}


def run_build(folder: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, BUILD, "build"], cwd=folder, env=environment(folder), capture_output=True, timeout=120)


def assert_refused(result: subprocess.CompletedProcess[bytes], *named: str) -> str:
    """Exit 1, every name in the message, a fix after a dash, and no traceback; returns stderr."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, err
    assert "Traceback" not in err
    for name in named:
        assert name in err, err
    assert " — " in err, err
    return err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One `build.py serve|preview` process on a free port, its stderr going to a file."""

    process: subprocess.Popen[bytes]
    port: int
    folder: Path
    stderr: Path

    def errors(self, since: int = 0) -> str:
        """What the server has written to stderr (from byte `since` on)."""
        return self.stderr.read_bytes()[since:].decode("utf-8", "replace")

    def mark(self) -> int:
        return self.stderr.stat().st_size

    def leftovers(self) -> list[Path]:
        return sorted((self.folder / "tmp").glob("thaw-serve-*"))

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def start(verb: str, folder: Path) -> Server:
    """Start the verb and wait until it answers (preview builds first)."""
    port = free_port()
    stderr = folder / f"{verb}.stderr"
    args = [sys.executable, BUILD, verb, "--port", str(port)]
    with stderr.open("wb") as err_file:
        process = subprocess.Popen(args, cwd=folder, env=environment(folder), stdout=subprocess.DEVNULL, stderr=err_file)
    server = Server(process, port, folder, stderr)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{verb} exited with {process.returncode}: {server.errors()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.stop(signal.SIGKILL)
    raise AssertionError(f"{verb} did not start listening: {server.errors()}")


def request(port: int, target: bytes, host: bytes | None = b"127.0.0.1") -> tuple[int, bytes]:
    """Send one raw GET (the target's bytes exactly as given) and return (status, body); status 0 if nothing came back."""
    lines = [b"GET " + target + b" HTTP/1.1"]
    if host is not None:
        lines.append(b"Host: " + host.replace(b"PORT", str(port).encode()))
    lines.append(b"Connection: close")
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        conn.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    if not answer.startswith(b"HTTP/"):
        return 0, answer
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.fixture(scope="module", params=["preview", "serve"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A running preview (built site) or serve (live app) of a tiny project, shared by the tests of this module."""
    running = start(request.param, project(tmp_path_factory.mktemp(request.param)))
    yield running
    running.stop()


# --- 14. servers -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["serve", "preview"])
def test_servers_bind_to_localhost_by_default(verb: str) -> None:
    """Guards: nobody else on the network can reach a preview unless the author passes --host on purpose."""
    options = {param.name: param for param in main.commands[verb].params}
    assert options["host"].default == "127.0.0.1"
    assert "port" in options


@pytest.mark.parametrize(
    "host",
    [b"evil.example", b"evil.example:PORT", b"localhost.evil.example", b"127.0.0.1.nip.io:PORT", b"localhost:PORT@evil.example",
     b"10.0.0.1:PORT", b"", b"localhost:x", None],
)
def test_servers_refuse_foreign_host_headers(server: Server, host: bytes | None) -> None:
    """Guards DNS rebinding: a page on another name (resolving to 127.0.0.1) must not read drafts or the site."""
    mark = server.mark()
    status, _ = request(server.port, b"/", host)
    assert status == 400
    assert "Traceback" not in server.errors(mark)


@pytest.mark.parametrize("host", [b"localhost", b"localhost:PORT", b"LOCALHOST:PORT", b"127.0.0.1", b"127.0.0.1:PORT", b"[::1]", b"[::1]:PORT"])
def test_servers_answer_local_host_names(server: Server, host: bytes) -> None:
    """Guards against the Host check shutting out the author's own browser."""
    status, _ = request(server.port, b"/", host)
    assert status == 200


@pytest.mark.parametrize(
    "target",
    [b"/%00", b"/a%00b/", b"/understanding%00/", b"/" + b"a" * 256, b"/" + b"a" * 256 + b"/", b"/understanding/" + b"%61" * 300,
     b"/..%2f..%2f..%2fetc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/../../etc/passwd", b"/..\\..\\etc\\passwd", b"/%zz", b"/%",
     b"/%c3%28", b"/%ff%fe", b"/media/..%2f..%2fthaw.toml", b"//etc/passwd/", b"http://evil.example/", b"/\xff"],
)
def test_servers_answer_bad_paths_without_traceback(server: Server, target: bytes) -> None:
    """Guards: NUL bytes, over-long names, `..` tricks and broken percent-encoding get 400 or 404, never a console traceback."""
    mark = server.mark()
    status, body = request(server.port, target)
    assert status in (400, 404)
    assert b"root:" not in body and b"[build]" not in body
    assert "Traceback" not in server.errors(mark)


def test_folders_are_never_listed(server: Server) -> None:
    """Guards: a folder without index.html (assets/) is the site's own 404 page, not a file listing."""
    status, body = request(server.port, b"/assets/")
    assert status == 404
    assert body == request(server.port, b"/no-such-page/")[1]
    assert b"Directory listing" not in body


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("verb", ["preview", "serve"])
def test_servers_stop_cleanly_on_signals(tmp_path: Path, verb: str, signum: int) -> None:
    """Guards: stopping a server (systemd, a terminal, a test) exits 0 without a traceback and removes /tmp/thaw-serve-*."""
    running = start(verb, project(tmp_path))
    assert request(running.port, b"/")[0] == 200
    if verb == "preview":
        assert running.leftovers()  # the server's mount folder exists while it runs (else this test would prove nothing)
    assert running.stop(signum) == 0, running.errors()
    assert "Traceback" not in running.errors()
    assert running.leftovers() == []


# --- 15. trusted surfaces --------------------------------------------------------------------------------------------

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
UNSAFE_SVGS = {
    "script": SVG_HEAD + "<script>alert(1)</script></svg>",
    "script-other-namespace": SVG_HEAD + '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "onclick-nested": SVG_HEAD + '<g><rect width="1" height="1" onClick="alert(1)"/></g></svg>',
    "javascript-href": SVG_HEAD + '<a href="javascript:alert(1)"><text>x</text></a></svg>',
    "javascript-xlink": SVG_HEAD + '<a xlink:href=" JavaScript:alert(1)"><text>x</text></a></svg>',
    "foreignObject": SVG_HEAD + '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
    "external-image": SVG_HEAD + '<image href="https://tracker.example/p.png" width="1" height="1"/></svg>',
    "external-use": SVG_HEAD + '<use xlink:href="other.svg#a"/></svg>',
    "data-uri": SVG_HEAD + '<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="1" height="1"/></svg>',
    "css-import": SVG_HEAD + "<style>@import url(https://evil.example/x.css);</style></svg>",
    "css-url": SVG_HEAD + '<rect width="1" height="1" style="fill: url(https://evil.example/x.svg#p)"/></svg>',
    "presentation-url": SVG_HEAD + '<rect width="1" height="1" fill="url( \'//evil.example/x.svg#p\')"/></svg>',
    "stylesheet-pi": '<?xml-stylesheet href="https://evil.example/x.css"?>' + SVG_HEAD + "</svg>",
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>',
    "external-entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    "doctype-only": '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + SVG_HEAD + "</svg>",
    "not-xml": "<svg><g></svg>",
    "not-svg": '<html xmlns="http://www.w3.org/1999/xhtml"><body>hi</body></html>',
    "html-in-svg-clothes": "<html><script>alert(1)</script></html>",
    "empty": "",
}


@pytest.mark.parametrize("case", list(UNSAFE_SVGS))
def test_unsafe_svg_logos_are_refused(tmp_path: Path, case: str) -> None:
    """Guards: the logo is on every page; an SVG with script, handlers, outside references or entities is refused."""
    folder = project(tmp_path, {"brand/logo.svg": UNSAFE_SVGS[case]}, '[site]\nlogo = "brand/logo.svg"\n')
    assert_refused(run_build(folder), "brand/logo.svg")
    assert not (folder / "_site").exists()


@pytest.mark.parametrize("where", ["parent", "absolute", "symlink"])
def test_logo_outside_the_project_folder_is_refused(tmp_path: Path, where: str) -> None:
    """Guards: the logo path may not reach outside the config file's folder (by .., an absolute path or a symlink)."""
    outside = tmp_path / "outside.png"
    outside.write_bytes(png())
    logo = {"parent": "../outside.png", "absolute": str(outside), "symlink": "linked.png"}[where]
    folder = project(tmp_path, toml=f'[site]\nlogo = "{logo}"\n')
    if where == "symlink":
        (folder / "linked.png").symlink_to(outside)
    err = assert_refused(run_build(folder), "thaw.toml:2", "logo")
    assert "outside" in err
    assert not (folder / "_site").exists()


@pytest.mark.parametrize(
    "name, data",
    [("logo.png", JPEG), ("logo.png", b"<html><script>alert(1)</script></html>"), ("logo.jpg", png()), ("logo.webp", GIF),
     ("logo.jpeg", b""), ("logo.png", b"\x89PNG")],
    ids=["png-is-jpeg", "png-is-html", "jpg-is-png", "webp-is-gif", "empty-jpeg", "truncated-png"],
)
def test_logo_bytes_must_match_its_extension(tmp_path: Path, name: str, data: bytes) -> None:
    """Guards: a logo that is not the picture its name says (HTML, another format, nothing) is refused."""
    folder = project(tmp_path, {name: data}, f'[site]\nlogo = "{name}"\n')
    assert_refused(run_build(folder), "thaw.toml:2", name)


@pytest.mark.parametrize(
    "name, data",
    [("chart.png", b"<html><script>alert(1)</script></html>"), ("chart.png", GIF), ("chart.jpg", png()), ("chart.gif", b"GIF"),
     ("chart.webp", b"RIFF\x00\x00\x00\x00AVI LIST"), ("chart.avif", JPEG)],
    ids=["png-is-html", "png-is-gif", "jpg-is-png", "gif-truncated", "webp-is-avi", "avif-is-jpeg"],
)
def test_content_image_bytes_must_match_their_extension(tmp_path: Path, name: str, data: bytes) -> None:
    """Guards: an article's image must really be the picture its extension says, named with the article's line."""
    folder = project(tmp_path, {f"content/understanding/{name}": data})
    (folder / "content" / "understanding" / "a.md").write_text(article(body=f"Text.\n\n![A chart](./{name})\n"), encoding="utf-8")
    assert_refused(run_build(folder), "understanding/a.md:", name)


def test_genuine_pictures_and_a_plain_svg_logo_are_accepted(tmp_path: Path) -> None:
    """Guards against false alarms: real PNG, JPEG, GIF and WebP images and a self-contained SVG logo build."""
    images = {"chart.png": png(), "photo.jpg": JPEG, "anim.gif": GIF, "pic.webp": WEBP}
    files: dict[str, str | bytes] = {f"content/understanding/{name}": data for name, data in images.items()}
    files["logo.svg"] = SAFE_SVG
    folder = project(tmp_path, files, '[site]\nlogo = "logo.svg"\n[build]\ncontent = "content"\noutput = "_site"\n')
    body = "Text.\n\n" + "".join(f"![Picture {n}](./{name})\n\n" for n, name in enumerate(images))
    (folder / "content" / "understanding" / "a.md").write_text(article(body=body), encoding="utf-8")
    result = run_build(folder)
    assert result.returncode == 0, result.stderr.decode()
    assert list((folder / "_site" / "assets").glob("logo*.svg"))


@pytest.mark.parametrize(
    "control",
    ["\x1b]0;owned\x07", "\x1b[2J\x1b[31m", "\x9b2J", "\r", "\b\b\b", "\x7f", "\x85"],
    ids=["osc-title", "csi", "c1-csi", "carriage-return", "backspace", "del", "c1-nel"],
)
def test_terminal_controls_in_error_messages_are_escaped(tmp_path: Path, control: str) -> None:
    """Guards: content (here a file name, echoed in the error) cannot rewrite the author's terminal: title, screen, colours."""
    folder = project(tmp_path, {f"content/understanding/b{control}x.md": article()})
    result = run_build(folder)
    assert_refused(result, "understanding/b\\x")
    assert not any(byte in result.stderr for byte in CONTROL_BYTES), result.stderr
    assert not any("\x80" <= ch <= "\x9f" for ch in result.stderr.decode("utf-8")), result.stderr
