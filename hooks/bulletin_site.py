"""MkDocs hooks: mkdocs.yml's entry to the adapter (bulletin_mkdocs/plugin.py).

MkDocs loads this file once per build (and per `serve` rebuild) and calls its on_* functions;
they are the events of one `BulletinPlugin`, which keeps the build's state on itself.
"""

from bulletin_mkdocs.plugin import BulletinPlugin

_plugin = BulletinPlugin()

on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_files = _plugin.on_files
on_nav = _plugin.on_nav
on_env = _plugin.on_env
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_post_page = _plugin.on_post_page
on_template_context = _plugin.on_template_context
on_post_build = _plugin.on_post_build
