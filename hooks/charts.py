"""Small charts as inline SVG made at build time: nothing to load, nothing from another host."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 480, 120, 18


def bar_chart(values: list[tuple[str, float]], label: str) -> Markup:
    """A bar per (label, value); each bar's <title> gives its figure on hover and to screen readers."""
    if not values:
        return Markup("")
    top = max((v for _, v in values), default=0) or 1
    step = (WIDTH - 2 * PAD) / len(values)
    bars = []
    for index, (name, value) in enumerate(values):
        height = (HEIGHT - 2 * PAD) * value / top
        x = PAD + index * step
        bars.append(f'<rect x="{x:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{max(step - 2, 1):.1f}" height="{height:.1f}">'
                    f"<title>{escape(name)}：{value:.1f} 分</title></rect>")
    first, last = escape(values[0][0]), escape(values[-1][0])
    return Markup(
        f'<svg class="bl-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>{"".join(bars)}'
        f'<text x="{PAD}" y="{HEIGHT - 4}">{first}</text><text x="{WIDTH - PAD}" y="{HEIGHT - 4}" text-anchor="end">{last}</text>'
        f'<text x="{PAD}" y="12">最高 {top:.1f} 分</text></svg>')
