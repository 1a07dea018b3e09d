"""The nginx recipe for real: Debian's nginx on 127.0.0.1 with the generated block, the site under /practice/."""
from __future__ import annotations

from conftest import require, state_path

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from thaw.web.headers import HEADER_CSP, IMMUTABLE, SECURITY_HEADERS

from test_browser_exercises import assert_clean, open_page

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_site(nginx_server: tuple[str, Path]) -> str:
    return nginx_server[0]


@pytest.fixture(scope="module")
def nginx_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Debian's nginx serving the frozen sample site under /practice/; yields its address and its access log."""
    require(Path(NGINX).exists(), "nginx is missing: `make test` installs Debian's nginx-light")
    root = tmp_path_factory.mktemp("nginx")
    snippet = (built_site / "_nginx.conf").read_text().replace("alias /var/www/thaw/;", f"alias {built_site}/;")
    port = free_port()
    temp = "".join(f"    {kind}_temp_path {root}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    access_log {root}/access.log;\n{temp}"
        f"    server {{\n        listen 127.0.0.1:{port};\n        server_name localhost;\n{snippet}    }}\n}}\n"
    )
    process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf")], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/practice/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield url, root / "access.log"
    process.terminate()
    process.wait(timeout=10)


def test_security_headers_arrive(nginx_site: str) -> None:
    response = urllib.request.urlopen(nginx_site, timeout=5)
    assert response.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name
    assert response.headers["Content-Security-Policy"] == HEADER_CSP
    assert response.headers["Cache-Control"] == "no-cache"
    page = response.read().decode()
    asset = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    cached = urllib.request.urlopen(f"{nginx_site.split('/practice/')[0]}{asset}", timeout=5)
    assert cached.headers["Cache-Control"] == IMMUTABLE
    assert cached.headers["Content-Security-Policy"] == HEADER_CSP


def test_missing_pages_get_the_sites_404(nginx_site: str) -> None:
    try:
        urllib.request.urlopen(nginx_site + "no-such-page/", timeout=5)
        raise AssertionError("expected a 404")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert "We could not find that page" in error.read().decode()


def test_browser_smoke_test_through_nginx(browser, nginx_site: str) -> None:
    context, page, seen = open_page(browser)
    page.goto(nginx_site)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Understanding numbness").click()
    page.wait_for_url("**/practice/understanding/")
    page.locator(".cards a").first.click()
    page.wait_for_url("**/practice/understanding/*/")
    page.goto(nginx_site + "exercises/grounding/")
    page.locator("#panel").get_by_role("link", name="7", exact=True).click()
    page.wait_for_url("**/" + state_path("grounding", "7/see"))
    assert_clean(page, seen, nginx_site.split("/practice/")[0])
    context.close()
