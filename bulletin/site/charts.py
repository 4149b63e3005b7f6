"""Small charts as inline SVG made at build time: nothing to load, nothing from another host.

Every figure is printed beside its bar, because a phone has no hover. The charts have no viewBox:
text is drawn at a fixed pixel size (it never shrinks on a phone) and bar lengths are percentages
of the chart's width, so one chart fits 390 px and 1280 px alike.
"""

from __future__ import annotations

from markupsafe import Markup, escape

ROW, FONT, GAP = 24, 14, 6  # px: row height, label size, space between label, bar and figure
BAR_SHARE = 55  # % of the width the longest bar takes: room for a 6-character label and its figure at 390 px
VALUE_ROOM = 56  # px after a bar's end for its figure ("1234.5")


def _label_width(labels: list[str]) -> int:
    """Room for the longest label: CJK characters are one em, others about half."""
    longest = max((sum(1 if ord(ch) > 0x2E80 else .55 for ch in label) for label in labels), default=0)
    return int(longest * FONT) + 2 * GAP


def bar_chart(values: list[tuple[str, float]], title: str, unit: str = "分", scale_note: str = "最高") -> Markup:
    """A horizontal bar per (label, value), in the order given, each with its figure printed.

    `title` heads the figure; the axis line starts at 0 and the caption states what the longest
    bar stands for (e.g. 单月最高 181.0 分), so lengths can be read without hovering anything. With no
    value above 0 there is no chart, only a sentence saying so.
    """
    if not values:
        return Markup("")
    top = max(v for _, v in values)
    if top <= 0:   # no bar to draw: a scale (最高 1.0 分) over bars all 0 would say what is not so
        return Markup(f'<figure class="bl-figure"><p class="bl-figure__note bl-figure__note--empty">{escape(title)}：没有得正分的，不画图。</p></figure>')
    left = _label_width([name for name, _ in values])
    height = ROW * len(values) + GAP
    rows = []
    for index, (name, value) in enumerate(values):
        y = index * ROW + GAP
        share = BAR_SHARE * max(value, 0) / top
        # A nested <svg> placed at the bar's end (a percentage) holds the figure at a pixel offset.
        rows.append(
            f'<g class="bl-chart__row"><text class="bl-chart__label" x="{left - GAP}" y="{y + ROW * .62:.1f}" text-anchor="end">{escape(name)}</text>'
            f'<svg x="0" width="100%" overflow="visible"><rect x="{left}" y="{y + 3}" width="{share:.2f}%" height="{ROW - 8}"/></svg>'
            f'<svg x="{share:.2f}%" overflow="visible"><text class="bl-chart__value" x="{left + GAP}" y="{y + ROW * .62:.1f}">{value:.1f}</text></svg></g>')
    return Markup(
        f'<figure class="bl-figure"><figcaption class="bl-figure__title">{escape(title)}</figcaption>'
        f'<svg class="bl-chart bl-chart--bars" width="100%" height="{height}" role="img" aria-label="{escape(title)}">'
        f'{"".join(rows)}<line class="bl-chart__axis" x1="{left}" y1="0" x2="{left}" y2="{height}"/></svg>'
        f'<p class="bl-figure__note">单位：{escape(unit)}；横条从 0 起，最长的横条为{escape(scale_note)} {top:.1f} {escape(unit)}'
        f'{"；负分不画横条" if any(v < 0 for _, v in values) else ""}。</p></figure>')
