"""A widget's content rows framed once per repaint, not once per row.

Textual's ``StylesCache.render_line`` frames every content row of a widget on its own: it
reads the border, outline, padding, tint and opacities from the styles again, builds the
border's styles, looks its box up and pads the row, about 130 µs a row. The log view's rows
are all new at every tick of a busy session, and the panels whose figures moved are drawn
whole: under load that was a third of a repaint. Without an outline, tint, hatch or
opacity (how the console styles its log and panels), a content row is always ``[left edge,
left padding, content fitted to the width, right padding, right edge]``, and all but the
content depend only on the styles and colours of the pass: they are worked out once per
``render``, and each row is one strip. Border and padding rows (titles among them), and any
other box, go through Textual's own code. The tests hold every row equal to Textual's.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._border import get_box
from textual._segment_tools import make_blank
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.css.styles import StylesBase
from textual.geometry import Size, Spacing
from textual.strip import Strip
from textual.style import Style


class _Frame:
    """What frames each content row of one pass."""

    __slots__ = ("after", "before", "bottom", "inner", "top")

    def __init__(
        self, inner: RichStyle, before: list[Segment], after: list[Segment], top: int, bottom: int
    ) -> None:
        self.inner = inner
        self.before = before  # the left edge and padding
        self.after = after  # the right padding and edge
        self.top = top  # rows above the content (border and padding)
        self.bottom = bottom  # ... and below it


class RowFrameCache(StylesCache):
    def __init__(self) -> None:
        super().__init__()
        self._frame: _Frame | None = None

    def render(
        self, styles: StylesBase, size: Size, base_background: Color, background: Color,
        *args: Any, **kwargs: Any,
    ) -> list[Strip]:  # fmt: skip
        padding = kwargs.get("padding")
        # Only in the call this was written against (render_widget's: the line callback,
        # filters and titles by position, the rest by name); any other goes Textual's way.
        known = len(args) == 4 and "opacity" in kwargs
        self._frame = (
            self._plain_frame(
                styles,
                base_background,
                background,
                styles.padding if padding is None else padding,
                kwargs["opacity"],
            )
            if known
            else None
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
        if frame is None or not frame.top <= y < height - frame.bottom:
            return super().render_line(styles, y, size, content_size, *args)
        inner = frame.inner
        content_width, content_height = content_size
        render_content_line = args[3]
        content_y = y - frame.top
        if content_y < content_height:
            line = render_content_line(content_y).adjust_cell_length(content_width, inner)
        else:
            line = Strip.blank(content_width, inner)
        return Strip([*frame.before, *line, *frame.after], width)

    def _plain_frame(
        self,
        styles: StylesBase,
        base_background: Color,
        background: Color,
        padding: Spacing,
        opacity: float,
    ) -> _Frame | None:
        """What frames a content row (as Textual's ``render_line`` draws it), if nothing
        but borders and padding do, else None."""
        if any(edge for edge, _ in styles.outline) or opacity != 1.0:
            return None
        if styles.text_opacity != 1.0 or styles.tint.a:
            return None
        if styles.has_rule("hatch") and styles.hatch != "none":
            return None
        border = styles.border
        (top_type, _), (right_type, right_color), (bottom_type, _), (left_type, left_color) = border
        inner, outer = self.get_inner_outer(base_background, background)
        pad_top, pad_right, pad_bottom, pad_left = padding
        before: list[Segment] = []
        after: list[Segment] = []
        if left_type:
            left_style = Style(foreground=base_background + left_color.multiply_alpha(opacity))
            before.append(get_box(left_type, inner, outer, left_style)[1][0])
        if pad_left:
            before.append(make_blank(pad_left, inner.rich_style))
        if pad_right:
            after.append(make_blank(pad_right, inner.rich_style))
        if right_type:
            right_style = Style(foreground=base_background + right_color.multiply_alpha(opacity))
            after.append(get_box(right_type, inner, outer, right_style)[1][2])
        top = pad_top + (1 if top_type else 0)
        bottom = pad_bottom + (1 if bottom_type else 0)
        return _Frame(inner.rich_style, before, after, top, bottom)
