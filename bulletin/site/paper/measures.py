"""GB/T 9704-2012 as this product prints it: the one place its measurements are written down.

The typeset PDFs (gbt9704.typ, filled in from here) and the reader's 打印 (the `@page` and
`@media print` rules in theme/assets/stylesheets/bulletin.css) keep one design: the stylesheet
repeats these figures by hand, and tests/test_paper.py checks that it still says the same.
"""

from __future__ import annotations

PAGE_MM = (210, 297)          # A4
TOP_MM = 37                   # 天头: top of the page to the text block
BINDING_MM = 28               # 订口: the bound edge (left on odd pages, right on even ones)
BLOCK_MM = (156, 225)         # 版心: the text block
OUTER_MM = PAGE_MM[0] - BINDING_MM - BLOCK_MM[0]        # 26: 翻口
BOTTOM_MM = PAGE_MM[1] - TOP_MM - BLOCK_MM[1]           # 35
LINES = 22                    # lines of 3号 text on a full page
CHARS = 28                    # characters on a full line
BODY_PT = 16                  # 3号: body, masthead lines, 版记 labels
TITLE_PT = 22                 # 2号: titles
FOLIO_PT = 14                 # 4号: page numbers "— N —", the 版记
TABLE_PT = 10.5               # 5号: tables (a leaderboard's columns do not fit at 3号)
FOLIO_BELOW_MM = 7            # the page number's line sits 7 mm under the text block
MASTHEAD_PT = 42              # the series name, in red
RED = "#c8161d"               # the masthead and its rule, as on the screen (--bl-red)

# Font stacks: the office PCs' fonts first (Windows: FangSong_GB2312, FangSong, SimSun, SimHei,
# KaiTi; 方正小标宋 where the office installed it), then what a Debian build machine has (Noto CJK).
# Typst takes the first family that has the character, so a machine with the TrueType 仿宋
# prints in it and one with only fonts-noto-cjk prints in Noto Serif CJK SC.
FANG = ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC")
TITLE = ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "SimHei", "Noto Serif CJK SC")   # set bold: Noto's Bold
SONG = ("SimSun", "宋体", "Noto Serif CJK SC")      # page numbers
HEI = ("SimHei", "黑体", "Noto Sans CJK SC")         # marking, 本期目录, headings in a body
KAI = ("KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "Noto Serif CJK SC")   # 编者按, the unit under a title

# Where Typst looks for fonts: the system's font folders, named, and nothing else (no download;
# Typst's own embedded Latin fonts stay as the last fallback).
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")


def typst_constants() -> str:
    """The figures above as Typst `let`s, put in front of gbt9704.typ."""
    def stack(fonts):
        return "(" + ", ".join(f'"{f}"' for f in fonts) + ")"
    return "\n".join([
        f"#let page-w = {PAGE_MM[0]}mm", f"#let page-h = {PAGE_MM[1]}mm",
        f"#let top-mm = {TOP_MM}mm", f"#let binding-mm = {BINDING_MM}mm", f"#let outer-mm = {OUTER_MM}mm",
        f"#let bottom-mm = {BOTTOM_MM}mm", f"#let block-w = {BLOCK_MM[0]}mm", f"#let block-h = {BLOCK_MM[1]}mm",
        f"#let lines = {LINES}", f"#let chars = {CHARS}",
        f"#let body-pt = {BODY_PT}pt", f"#let title-pt = {TITLE_PT}pt", f"#let folio-pt = {FOLIO_PT}pt",
        f"#let table-pt = {TABLE_PT}pt", f"#let masthead-pt = {MASTHEAD_PT}pt", f"#let folio-below = {FOLIO_BELOW_MM}mm",
        f'#let red = rgb("{RED}")',
        f"#let fang = {stack(FANG)}", f"#let title-font = {stack(TITLE)}", f"#let song = {stack(SONG)}",
        f"#let hei = {stack(HEI)}", f"#let kai = {stack(KAI)}", ""])
