"""`{% load markdown %}` then `{{ project.guidelines|markdown }}`: sanitised Markdown."""

from django import template
from django.utils.safestring import SafeString

from annotator.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """Markdown rendered without raw HTML and cleaned (see `annotator.core.markdown`)."""
    return render_markdown(text)
