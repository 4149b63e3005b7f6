"""`bulletin import`: the office's archive of issues (.docx; .doc and .wps through LibreOffice;
born-digital PDF) into issue and item files of the content format, with a review list of every guess.

The steps, one module each:

1. `convert`: .doc/.wps to .docx by one LibreOffice for the whole run, where it is installed;
2. `package`: a .docx refused before parsing when it would inflate past a bound or declares entities;
3. `blocks` (with `formatting` and `markdown`): a .docx's element tree into blocks in print order,
   each paragraph with what the page shows (size, weight, font, alignment, border), text boxes and
   tables with their cells' paragraphs, images; `pdf`: a PDF's text layer into the same blocks;
4. `layout`: titles told by how they look, each by a named rule, and the office's `profile`;
   `recognise`: the blocks into an issue (`imported`): masthead and colophon, and, through `body`
   and `bylines`, the 编者按, the 目录 and the items with their bylines;
5. `units`: bylines matched to units.yml; `guesses`: category and topic, which issues do not print;
6. `writing` (with `images`): the issue and item files (through `compose`'s YAML writing), never
   overwriting; `staging`: written into a checked copy beside content/ and only then moved in;
7. `review`: what was read and what was unsure, per file.

`command` runs the steps for `bulletin import`; `patterns` holds the dates and numbers they share.
"""
