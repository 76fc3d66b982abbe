"""The area page starts with a table of contents of its sections (links to their headings,
in a <details> that works without JavaScript), and its tables scroll inside their own box."""

import re
from html.parser import HTMLParser

from beatbridge.areas.templatetags.area_contents import headings
from beatbridge.data.demo import load_synthetic_enforcement

from ..data.helpers import RIVERSIDE, days_ago, import_rows


def _contents(page: str) -> str:
    start = page.index('<nav class="page-contents"')
    return page[start : page.index("</nav>", start)]


def test_contents_link_to_every_visible_section_heading(client, city, tmp_path):
    import_rows(tmp_path, [("a1", days_ago(1), "ASSAULT", RIVERSIDE)])
    page = client.get("/areas/neighborhood/1/").content.decode()
    contents = _contents(page)
    assert "<details>" in contents and "<summary>" in contents and "On this page" in contents
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', contents)
    assert ("crime-stats-heading", "Crime statistics") in links
    assert ("insights-heading", "Hotspots and prevention") in links
    assert links[0] == ("officers-heading", "Your beat officers")
    assert "map-heading" not in dict(links)  # visually hidden
    for anchor, _text in links:
        assert page.count(f'id="{anchor}"') == 1
    # Near the top: before the map, after the title.
    assert page.index("<h1>") < page.index('class="page-contents"') < page.index('id="area-map"')
    assert page.count('class="page-contents"') == 1


def test_contents_on_beat_and_district_pages(client, city):
    for url in ["/areas/beat/0111/", "/areas/district/1/"]:
        links = re.findall(r'href="#([^"]+)"', _contents(client.get(url).content.decode()))
        assert "crime-stats-heading" in links and "officers-heading" in links


def test_headings_reads_ids_and_text():
    html = (
        '<h2 id="a">One &amp; two</h2><h2>No id</h2><h2 id="m" class="visually-hidden">Map</h2>'
        '<h2 class="x" id="b">\n  <span>Three</span> <small>(3)</small></h2><h3 id="c">Sub</h3>'
    )
    assert headings(html) == [("a", "One &amp; two"), ("b", "Three (3)")]


class _Tables(HTMLParser):
    """Each <table> and whether a .table-scroll box holds it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.tables: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "link", "meta", "hr", "source", "col", "wbr"):
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append("table-scroll" in classes)
        if tag == "table":
            self.tables.append(any(self.stack[:-1]))

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "link", "meta", "hr"):
            self.stack.pop()


def test_every_statistics_table_scrolls_in_its_own_box(client, city, tmp_path):
    import_rows(tmp_path, [("a1", days_ago(1), "ASSAULT", RIVERSIDE)])
    load_synthetic_enforcement(out=lambda s: None, months=3)
    page = client.get("/areas/neighborhood/1/").content.decode()
    section = page[page.index('<section aria-labelledby="crime-stats-heading"') :]
    section = section[: section.index("</section>")]
    assert "Enforcement (last 12 months)" in section
    parser = _Tables()
    parser.feed(section)
    assert len(parser.tables) == 4 and all(parser.tables)
    assert "areas/area-page.css" in page  # .table-scroll { overflow-x: auto } on every section
