"""``{% page_contents %}…{% contents_here %}…{% end_page_contents %}``: a table of contents of
a long page, listing every ``<h2 id="…">`` rendered inside the block, put where
``{% contents_here %}`` stands.

The area page's sections come from other apps (``core.sections``) and each writes its own
heading, so the list is read from what was rendered rather than kept by hand: a new section
appears in it with no change here. Visually hidden headings are left out.
"""

from __future__ import annotations

import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MARKER = "<!-- beatbridge:page-contents -->"
MIN_ENTRIES = 3
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_HIDDEN = re.compile(r"""\bclass=["'][^"']*\bvisually-hidden\b""")


def headings(html: str) -> list[tuple[str, SafeString]]:
    """(id, text) of each visible second-level heading with an id, in page order. The text
    is already escaped (it comes from rendered HTML), with any inner tags dropped."""
    found = []
    for attrs, inner in _H2.findall(html):
        anchor = _ID.search(attrs)
        if anchor and not _HIDDEN.search(attrs):
            text = " ".join(strip_tags(inner).split())
            if text:
                found.append((anchor.group(1), mark_safe(text)))  # noqa: S308 - escaped HTML
    return found


class PageContentsNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        html = self.nodelist.render(context)
        entries = headings(html)
        contents = ""
        if len(entries) >= MIN_ENTRIES:
            contents = render_to_string("areas/_page_contents.html", {"entries": entries})
        return mark_safe(html.replace(MARKER, contents, 1))  # noqa: S308 - rendered template


@register.tag
def page_contents(parser: template.base.Parser, token: template.base.Token) -> PageContentsNode:
    nodelist = parser.parse(("end_page_contents",))
    parser.delete_first_token()
    return PageContentsNode(nodelist)


@register.simple_tag
def contents_here() -> SafeString:
    return mark_safe(MARKER)  # noqa: S308 - a constant comment
