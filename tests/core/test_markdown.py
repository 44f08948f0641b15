"""Guidelines Markdown: rendered, and whatever HTML or script it holds comes out inert."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from annotator.core.markdown import render_markdown


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def assert_inert(html: str) -> _Elements:
    found = _Elements(html)
    assert not {"script", "img", "iframe", "div", "b", "style", "object", "embed"} & set(found.tags), found.tags
    for name, value in found.attrs:
        assert not name.startswith("on") and name != "style", name
        assert not value.strip().lower().startswith(("javascript:", "vbscript:", "data:")), value
    return found


def test_markdown_is_rendered():
    html = render_markdown("# Quotes\n\nMark **every** quote, *direct* or not.\n\n- one\n- two\n\n`code`")
    assert isinstance(html, SafeString)
    assert "<h1>Quotes</h1>" in html and "<strong>every</strong>" in html and "<em>direct</em>" in html
    assert "<li>one</li>" in html and "<code>code</code>" in html


def test_tables_and_links_survive_without_inline_styles():
    html = render_markdown("| kind | cue |\n|:--|--:|\n| direct | said |\n\n[docs](https://example.org/g)")
    assert "<table>" in html and "<td>direct</td>" in html and "style=" not in html
    assert '<a href="https://example.org/g" rel="noopener noreferrer nofollow">docs</a>' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('x')</script>",
        "Text <script src=https://evil.example/x.js></script> more",
        '<img src=x onerror="alert(1)">',
        "<iframe src=https://evil.example></iframe>",
        '<a href="javascript:alert(1)">click</a>',
        "<div style='position:fixed'>overlay</div>",
        "<!-- comment --><b onclick=alert(1)>bold</b>",
    ],
)
def test_raw_html_is_shown_as_text(source):
    html = render_markdown(source)
    assert_inert(html)
    assert "&lt;" in html  # the tags are visible as text, not dropped silently


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "![pic](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_script_links_are_not_links(source):
    assert_inert(render_markdown(source))


@pytest.mark.parametrize("html", ['<a href=" javascript:x()">a</a>', "<p onclick=x()>p</p>", "<script>x()</script>"])
def test_the_inertness_check_can_fail(html):
    with pytest.raises(AssertionError):
        assert_inert(html)


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""


def test_markdown_template_filter():
    template = Template("{% load markdown %}{{ text|markdown }}")
    html = template.render(Context({"text": "**bold** <script>x()</script>"}))
    assert "<strong>bold</strong>" in html and "&lt;script&gt;" in html and "<script>" not in html
