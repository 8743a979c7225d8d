"""Charts drawn with matplotlib as SVG (vector, sharp in print). Only this module produces
markup that reaches the PDF unescaped; labels are drawn as paths, never parsed as HTML."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Status colours of the web pages (static/css/results.css), with a pattern-free legend.
STATUS_COLOURS = {
    "achieved": "#17693a", "partly_achieved": "#c27c0e", "not_achieved": "#a4161a",
    "on_track": "#2e8b57", "off_track": "#d4501e", "no_data": "#9aa1b1",
    "not_started": "#d9dde6",
}


def stacked_bars(*, categories: list[str], series: list[tuple[str, str, list[int]]],
                 xlabel: str) -> str:
    """Horizontal stacked bars: one bar per category, one segment per (key, label, values)
    series. Returns the SVG text."""
    height = max(1.6, 0.42 * len(categories) + 1.1)
    fig, ax = plt.subplots(figsize=(6.3, height))
    try:
        plt.rcParams["svg.hashsalt"] = "dwcp"
        left = [0] * len(categories)
        positions = list(range(len(categories)))
        for key, label, values in series:
            ax.barh(positions, values, left=left, color=STATUS_COLOURS.get(key, "#1e2dbe"),
                    label=label, height=0.6, edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(positions, categories, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if series:
            fig.legend(fontsize=7, frameon=False, ncol=min(4, len(series)),
                       loc="lower center")
        fig.tight_layout(rect=(0, 0.08 if series else 0, 1, 1))
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        return out.getvalue()
    finally:
        plt.close(fig)
