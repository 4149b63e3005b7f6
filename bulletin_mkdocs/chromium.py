"""Debian's Chromium, headless: one path and one set of flags for the issue PDFs, the tests and the
measuring scripts. Never a downloaded browser build (the intranet build machine has no internet)."""

from bulletin.ops.request import knob

CHROMIUM = knob("chromium")  # BULLETIN_CHROMIUM, else /usr/bin/chromium
# No background traffic of Chromium's own (updates, sync, QUIC probes): the build and the tests must
# reach no other host.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
