"""The MkDocs side of Bulletin: the plugin (plugin.py, entered from hooks/bulletin_site.py) that turns
the site plan (bulletin/site/) into MkDocs pages, and what only a generator needs: pages rendered
outside MkDocs' loop and their cache, Markdown through the sanitizer, inline SVG charts, the search
index and the issue PDFs. A package of its own, with a name no installed package shares."""
