"""The site's commands: build, preview, publish, verify and review the site (`checking.py`: check).

The generator (ProperDocs or MkDocs) runs in a child process, so this package needs no MkDocs
import and the generator can be swapped without touching the domain.
"""

from __future__ import annotations

import errno
import socket
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bulletin.archive import Archive
from bulletin.cli.loading import config_file, load, parse_memo_in_cache, request_for
from bulletin.content import parse_memo
from bulletin.ops import generators, processes, publish as releases, served_check, site_build
from bulletin.ops.progress import Phases
from bulletin.ops.request import BuildRequest
from bulletin.ops.base_content import base_archive
from bulletin.ops.review import write_review
from bulletin.ops.release_inputs import nav_pages
from bulletin.ops.verify import verify as verify_site


def _parse_memo(args, request: BuildRequest):
    """The parse memo in the build's cache; none for a publish to a folder that is not yet known
    to be a web root (nothing is written there), and the web root's for a publish without --cache."""
    to = getattr(args, "to", None)
    if to is not None and not request.cache and (not to.is_dir() or releases.refuse_webroot(to.absolute())):
        return parse_memo.kept(None)
    if to is not None and not request.cache:
        return parse_memo.kept(releases.default_cache(to.absolute()))
    return parse_memo_in_cache(args, request)


def _checked(args, request: BuildRequest) -> Archive | None:
    """Read and check the content before building (the generator builds from what was checked)."""
    with Phases(report=request.phases).phase("check", "读取并检查内容"), _parse_memo(args, request):
        return load(args)


def build(args) -> int:
    request = request_for(args, args.site_url)
    archive = _checked(args, request)
    if archive is None:
        return 1
    out = args.out.absolute()
    site_build.build(request, config_file(args), out, archive)
    print(f"网站已生成：{out}")
    return 0


def publish(args) -> int:
    if args.rollback:
        if args.repair_chain:
            print("--rollback 与 --repair-chain 不能同时使用：先修复（它会发布一个新版本），再回退。", file=sys.stderr)
            return 1
        releases.rollback(args.to.absolute())
        return 0
    request = request_for(args, args.site_url)
    with _parse_memo(args, request):   # the kept releases' records too: the served one is the committed lock
        return _publish(args, request)


def _publish(args, request: BuildRequest) -> int:
    archive = _checked(args, request)
    if archive is None:
        print("内容检查未通过，未发布。", file=sys.stderr)
        return 1
    root = args.to.absolute()
    if not request.cache:   # kept with the releases, so a fresh clone (a wiped CI workspace) builds warm
        request = replace(request, cache=str(releases.default_cache(root)))
    releases.publish(request, config_file(args), root, archive, args.keep, repair=args.repair_chain)
    return 0


def verify(args) -> int:
    """The merge request's check of the site it built: the same verification publish runs; or,
    with --served, the check of a web root's chain of releases (bulletin/ops/served_check.py)."""
    if args.served:
        return served_check.report(args.served.absolute())
    archive = load(args)
    if archive is None:
        return 1
    problems = verify_site(args.site, archive, args.site_url, fixed=nav_pages(config_file(args)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"网站 {args.site} 核验未通过：共 {len(problems)} 处问题。", file=sys.stderr)
        return 1
    print(f"网站核验通过：{args.site}")
    return 0


def review(args) -> int:
    archive = load(args)
    if archive is None:
        return 1
    base = base_archive(args.content, args.against) if args.against else None
    summary = write_review(archive, base, args.content, args.site, args.out)
    print(summary.read_text(encoding="utf-8"))
    return 0


def serve(args) -> int:
    busy = _cannot_listen(args.addr)  # before the check and the whole first build, not after them
    if busy:
        print(busy, file=sys.stderr)
        return 1
    if load(args) is None:
        return 1
    command = generators.command("serve", "-a", args.addr, "-f", str(config_file(args)))
    with tempfile.TemporaryDirectory(prefix="bulletin-serve-") as folder:
        return processes.run(command, request_for(args).write(Path(folder) / "request.json"))


def _cannot_listen(addr: str) -> str | None:
    """Why the preview server could not listen at `addr` (host:port), or None."""
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        return f"--addr {addr} 不对：应为“地址:端口”，如 127.0.0.1:8000"
    try:
        family = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # as the preview server binds: a port left in TIME_WAIT by the last preview is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, int(port)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return (f"无法预览：端口 {port} 已被占用（{host}:{port}）。请关闭占用它的程序（可能是另一个 bulletin serve），"
                    f"或换一个端口，如 --addr {host}:{int(port) + 1}")
        return f"无法在 {addr} 上预览：{error.strerror or error}。请检查 --addr 的地址是否属于本机"
    return None
