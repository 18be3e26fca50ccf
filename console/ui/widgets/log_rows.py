"""The log view's rows inside its border, framed once per repaint instead of once per row.

Textual's ``StylesCache.render_line`` frames every content row of a widget on its own: it
reads the border, outline, padding, tint and opacities from the styles again, builds the
border's two styles and looks its box up, and makes a strip from them, about 130 µs a row
of the log (4.5 ms of a 15 ms repaint under load, where the log's rows are all new at every
tick). For a plain bordered box (all four edges, no padding, outline, tint, hatch or
opacity: how the log is styled) a content row is always ``[left edge, *content padded to
the width, right edge]``; the edges depend only on the styles and colours of the pass, so
they are worked out once per ``render`` and each row is one strip. Anything else (the
border rows with their titles, another style) goes through Textual's own code. The test
holds every row equal to what Textual draws.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._border import get_box
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.css.styles import StylesBase
from textual.geometry import Size, Spacing
from textual.strip import Strip
from textual.style import Style

# The framing of one pass: the inner style (the content's padding) and the two edges.
_Frame = tuple[RichStyle, Segment, Segment]


class LogRowsCache(StylesCache):
    def __init__(self) -> None:
        super().__init__()
        self._frame: _Frame | None = None

    def render(
        self, styles: StylesBase, size: Size, base_background: Color, background: Color,
        *args: Any, **kwargs: Any,
    ) -> list[Strip]:  # fmt: skip
        self._frame = self._plain_frame(
            styles,
            base_background,
            background,
            styles.padding if kwargs.get("padding") is None else kwargs["padding"],
            kwargs.get("opacity", 1.0),
        )
        try:
            return super().render(styles, size, base_background, background, *args, **kwargs)
        finally:
            self._frame = None

    def render_line(
        self, styles: StylesBase, y: int, size: Size, content_size: Size, *args: Any,
    ) -> Strip:  # fmt: skip
        frame = self._frame
        width, height = size
        if frame is None or not 0 < y < height - 1:
            return super().render_line(styles, y, size, content_size, *args)
        inner, left, right = frame
        content_width, content_height = content_size
        render_content_line = args[3]
        if y - 1 < content_height:
            line = render_content_line(y - 1).adjust_cell_length(content_width, inner)
        else:
            line = Strip.blank(content_width, inner)
        return Strip([left, *line, right], width)

    def _plain_frame(
        self,
        styles: StylesBase,
        base_background: Color,
        background: Color,
        padding: Spacing,
        opacity: float,
    ) -> _Frame | None:
        """The edges of a content row, if the box is a plain bordered one (as Textual's
        ``render_line`` would draw them), else None."""
        border = styles.border
        if not all(edge for edge, _ in border) or any(edge for edge, _ in styles.outline):
            return None
        if any(padding) or opacity != 1.0 or styles.text_opacity != 1.0 or styles.tint.a:
            return None
        if styles.has_rule("hatch") and styles.hatch != "none":
            return None
        inner, outer = self.get_inner_outer(base_background, background)
        (_, _), (right_type, right_color), (_, _), (left_type, left_color) = border
        left_style = Style(foreground=base_background + left_color.multiply_alpha(opacity))
        right_style = Style(foreground=base_background + right_color.multiply_alpha(opacity))
        left = get_box(left_type, inner, outer, left_style)[1][0]
        right = get_box(right_type, inner, outer, right_style)[1][2]
        return inner.rich_style, left, right
