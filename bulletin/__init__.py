"""Bulletin: the domain of a government information bulletin (政务信息), free of any site generator.

Load a content folder with `bulletin.content.load.load_content`, get problems as `Problem`s, and derive
the browsable views with `bulletin.archive.Archive`.
"""

__version__ = "0.1.0"
