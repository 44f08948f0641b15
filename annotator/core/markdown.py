"""Markdown for text that users write (project guidelines): one renderer, always sanitised.

markdown-it-py renders CommonMark with tables and strikethrough, with raw HTML turned
off, so `<script>` in the source comes out as text. nh3 then cleans the result anyway:
the renderer is not a sanitiser, and a bug or an option switched on later must not
open a hole. Only the tags Markdown produces survive, links keep only http(s) and
mailto targets, and no `style` or event attribute passes (the CSP would refuse inline
styles anyway).
"""

from __future__ import annotations

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser() -> MarkdownIt:
    # Built once per process: the parser holds no per-document state.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def render_markdown(text: str | None) -> SafeString:
    """`text` as sanitised HTML, safe to put into a template as it is."""
    if not text:
        return mark_safe("")
    html = _parser().render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # safe: cleaned by nh3 just above
