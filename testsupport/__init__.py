"""Support shared by the tests and the measuring scripts: a static server for a built site and
Debian's headless Chromium. Installed with the project (pyproject.toml), so both import it by name."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import os

# Debian's Chromium, never a downloaded browser build (the intranet machine has no internet). The
# build does not use it (PDFs are typeset by Typst); the browser tests and measuring scripts do.
CHROMIUM = os.environ.get("BULLETIN_CHROMIUM", "/usr/bin/chromium")
# No background traffic of Chromium's own (updates, sync, QUIC probes): the tests reach no other host.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]



class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that drops a fetch it no longer needs (a page navigated away, a search bundle
        superseded) is no error of the site's: no traceback in the log. Anything else still prints."""
        import sys
        if isinstance(sys.exc_info()[1], ConnectionError):   # BrokenPipeError, ConnectionResetError
            return
        super().handle_error(request, client_address)


def serve_root(site: Path, prefix: str = "/", headers: list[tuple[str, str]] = ()):
    """Serve `site` under `prefix` on a free loopback port, adding `headers`; returns (server, base URL)."""

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(site / "__outside_the_site__")
            return super().translate_path("/" + path[len(prefix):])

        def end_headers(self):
            for name, value in headers:
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = _QuietServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{prefix}"


def launch(playwright):
    """Debian's Chromium, headless; never a downloaded browser build."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
