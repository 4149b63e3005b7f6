"""`bulletin import`: the office's archive of Word issues (.docx; .doc and .wps through LibreOffice)
into issue and item files of the content format, with a review list of every guess.

The steps, one module each:

1. `convert`: .doc/.wps to .docx with LibreOffice headless, where it is installed;
2. `blocks`: a .docx (python-docx) into blocks in print order: paragraphs with their Markdown,
   alignment, boldness and heading level; tables as rows;
3. `recognise`: the blocks into an issue (`imported`): masthead (刊名, 第N期, 总第M期, date, 签发人)
   and colophon (报/送/发, 印发, 印数), and, through `body`, the 编者按, the 目录 and the items with
   their bylines;
4. `units`: bylines matched to units.yml by full name, short name or `aliases`; `guesses`:
   category and topic, which Word issues do not print;
5. `writing`: the issue and item files (through `compose`'s YAML writing), never overwriting,
   taken back when they would make `bulletin check` fail;
6. `review`: what was read and what was unsure, per file.

`command` runs the steps for `bulletin import`; `patterns` holds the dates and numbers they share.
"""
