"""The site side of Bulletin: what the MkDocs hooks (hooks/bulletin_site.py) use to turn the archive into
pages: the page plan and URL shapes, Markdown through the sanitizer, inline SVG charts, the search
index records and the issue PDFs. A package of its own, with a name no installed package shares, so
the hook, the scripts and the tests import it by name."""
