"""deploy/nginx.conf loads on the installed nginx (Debian 12's 1.22 in CI) and serves a published
web root the way the docs promise: WEBROOT/current, the site's 404, no dotfiles or foreign files,
and long caching only for names that carry a content hash.

Only the machine-specific paths and ports are rewritten; every location and header is the file's.
"""

import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import NGINX_CONF, PUBLISH_DAY, run_cli

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (scripts/test.sh installs it)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configure(prefix: Path, webroot: Path, port: int, http_port: int | None = None) -> Path:
    """The sample with this machine's paths: a certificate of our own, logs and web root in `prefix`."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=bulletin.intranet",
                    "-keyout", prefix / "bulletin.key", "-out", prefix / "bulletin.crt"], check=True, capture_output=True)
    site = NGINX_CONF.read_text(encoding="utf-8")
    for old, new in [("/etc/nginx/tls/", f"{prefix}/"), ("/var/log/nginx/", f"{prefix}/"), ("/srv/bulletin/", f"{webroot}/"),
                     ("listen 443 ssl", f"listen 127.0.0.1:{port} ssl"), ("listen 80;", f"listen 127.0.0.1:{http_port or free_port()};")]:
        assert old in site, f"deploy/nginx.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    (prefix / "bulletin.conf").write_text(site, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = prefix / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "") +  # workers must read pytest's private temp folders
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n access_log off;\n{temp}"
        f" include {prefix}/bulletin.conf;\n}}\n", encoding="utf-8")
    return main


def test_sample_loads_with_nginx_t(tmp_path):
    main = configure(tmp_path, tmp_path / "www", free_port())
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # newer nginx only warns that "listen ... http2" is deprecated


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """nginx serving a freshly published minimal bulletin; yields (get, web root)."""
    from conftest import MINIMAL
    root = tmp_path_factory.mktemp("nginx")
    shutil.copytree(MINIMAL, root / "content")
    webroot = root / "www"
    published = run_cli("publish", "--content", root / "content", "--to", webroot,
                        "--site-url", "https://bulletin.intranet/bulletin/", env=PUBLISH_DAY)   # May still runs
    assert published.returncode == 0, published.stderr
    port, http_port = free_port(), free_port()
    main = configure(root, webroot, port, http_port)
    server = subprocess.Popen([NGINX, "-p", str(root), "-c", str(main), "-g", "daemon off;"], stderr=subprocess.PIPE)
    context = ssl.create_default_context(cafile=str(root / "bulletin.crt"))
    context.check_hostname = False

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)

    def get(path):
        try:
            response = opener.open(f"https://127.0.0.1:{port}{path}", timeout=10)
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.05)
    get.http_port = http_port
    yield get, webroot
    server.terminate()
    server.wait(timeout=10)


def test_serves_the_current_release_with_the_security_headers(nginx):
    get, webroot = nginx
    status, headers, body = get("/bulletin/items/2026-0001/")
    assert status == 200 and "今年林双县棉花病虫害预计为中度偏重发生" in body
    assert headers["X-Content-Type-Options"] == "nosniff" and "default-src 'self'" in headers["Content-Security-Policy"]
    assert get("/")[0] == 301 and get("/")[1]["Location"] == "/bulletin/"
    status, headers, _ = get("/bulletin/items/2026-0001")
    assert status == 301 and headers["Location"] == "/bulletin/items/2026-0001/"


def test_unknown_addresses_get_the_site_404_everywhere(nginx):
    get, _ = nginx
    site_404 = get("/bulletin/404.html")[2]
    for path in ["/bulletin/no/such/page/", "/elsewhere", "/index.html", "/bulletin/../releases/"]:
        status, headers, body = get(path)
        assert status == 404 and body == site_404, path
        assert headers["X-Frame-Options"] == "SAMEORIGIN"


def test_dotfiles_and_files_the_build_did_not_make_are_denied(nginx):
    get, webroot = nginx
    release = webroot / "current"
    (release / ".git").mkdir()
    (release / ".git/config").write_text("[core]\n", encoding="utf-8")
    for name in ("dump.sql", "index.html~", "notes.php"):
        (release / name).write_text("secret", encoding="utf-8")
    for path in ["/bulletin/.git/config", "/bulletin/.bulletin-build.json", "/bulletin/dump.sql",
                 "/bulletin/index.html~", "/bulletin/notes.php", "/bulletin/releases/"]:
        status, _, body = get(path)
        assert status == 404 and "secret" not in body and "[core]" not in body, path
    shutil.rmtree(release / ".git")   # leave the release as published: the chain refuses a publish onto an altered one
    for name in ("dump.sql", "index.html~", "notes.php"):
        (release / name).unlink()


def test_only_fingerprinted_assets_are_cached_for_long(nginx):
    get, webroot = nginx
    site = webroot / "current"
    hashed = [f"/bulletin/{p.relative_to(site).as_posix()}" for p in (site / "assets/stylesheets").glob("main.*.min.css")]
    hashed += [f"/bulletin/{p.relative_to(site).as_posix()}" for p in (site / "pagefind/fragment").iterdir()][:1]
    hashed += [f"/bulletin/{p.relative_to(site).as_posix()}" for p in sorted(site.glob("pagefind/*/filter/*"))][:1]
    for path in hashed:
        status, headers, _ = get(path)
        assert status == 200 and headers["Cache-Control"] == "max-age=31536000", path
    for path in ["/bulletin/", "/bulletin/assets/stylesheets/bulletin.css", "/bulletin/assets/javascripts/search.js",
                 "/bulletin/pagefind/pagefind.js", "/bulletin/pagefind/pagefind-entry.json",
                 "/bulletin/pagefind/years.json"]:
        status, headers, _ = get(path)
        assert status == 200 and headers["Cache-Control"] == "no-cache", path


def test_a_rollback_is_served_without_a_reload(nginx):
    get, webroot = nginx
    from test_publish import add_second_issue
    before = get("/bulletin/")[2]
    content = webroot.parent / "content"
    add_second_issue(content)   # a real newer release (a forged one would be refused by the chain)
    assert run_cli("publish", "--content", content, "--to", webroot,
                   "--site-url", "https://bulletin.intranet/bulletin/", env=PUBLISH_DAY).returncode == 0
    assert get("/bulletin/")[2] != before
    assert run_cli("publish", "--to", webroot, "--rollback").returncode == 0
    assert get("/bulletin/")[2] == before


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8443", "bulletin.intranet.evil.example"])
def test_plain_http_redirects_to_the_configured_name_whatever_host_the_request_names(nginx, host):
    get, _ = nginx
    with socket.create_connection(("127.0.0.1", get.http_port), timeout=10) as sock:
        sock.sendall(f"GET /bulletin/items/2026-0001/?q=1 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head = answer.decode("latin-1").split("\r\n\r\n", 1)[0].split("\r\n")
    location = [line.split(":", 1)[1].strip() for line in head if line.lower().startswith("location:")]
    assert head[0].split()[1] == "301", head
    assert location == ["https://bulletin.intranet/bulletin/items/2026-0001/?q=1"], head


def test_the_exports_are_served_as_csv_and_robots_txt_at_the_host_s_root(nginx):
    get, webroot = nginx
    site = webroot / "current"
    exports = sorted(site.rglob("*.csv"))
    assert exports, "the minimal bulletin's leaderboard exports"
    status, headers, body = get(f"/bulletin/{exports[0].relative_to(site).as_posix()}")
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body == exports[0].read_bytes().decode("utf-8")
    # The minimal fixture sets no site: robots, so the intranet's crawler may index it, and learns the sitemap.
    status, headers, body = get("/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert body == "User-agent: *\nDisallow:\n\nSitemap: https://bulletin.intranet/bulletin/sitemap.xml\n"
