"""Ready-to-post texts within length limits, and the PNG share cards."""

import datetime as dt
import io

import pytest
from PIL import Image

from beatbridge.outreach import services, share


def _is_card(content: bytes) -> Image.Image:
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(content))
    image.verify()
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG" and image.size == (1200, 630)
    return image


@pytest.mark.parametrize("length", [10, 270, 600, 5000])
def test_texts_fit_their_limits(officer, city, length):
    a = services.post_announcement(
        by=officer,
        title=("Very long title " * 20)[:140],
        body=("word " * 1000)[:length],
        category="event",
        areas=[city["riverside"], city["b111"]],
    )
    text = share.announcement_text(a)
    assert len(text.short) <= 280 and len(text.long) <= 500
    assert text.short.endswith(text.url) and text.long.endswith(text.url)
    assert text.url.endswith(f"/outreach/announcements/{a.pk}/")
    assert "Event" in text.short


def test_short_announcement_is_complete(announcement):
    text = share.announcement_text(announcement)
    assert "Street fair on River St" in text.short and "Riverside" in text.short
    assert "Come to the street fair on Saturday from noon." in text.long


def test_compose_never_exceeds_limit():
    for n in range(0, 700, 37):
        out = share.compose("H" * n, "b " * n, "(area)", "https://x.example/a/", 280)
        assert len(out) <= 280 and out.endswith("https://x.example/a/")


def test_announcement_card_is_valid_png_with_caching(client, announcement):
    r = client.get(f"/outreach/announcements/{announcement.pk}/card.png")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert "max-age=3600" in r["Cache-Control"] and r["ETag"]
    image = _is_card(r.content)
    assert (
        len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 20
    )  # text drawn, not a blank card
    again = client.get(
        f"/outreach/announcements/{announcement.pk}/card.png", HTTP_IF_NONE_MATCH=r["ETag"]
    )
    assert again.status_code == 304


def test_card_text_is_rendered(monkeypatch, announcement):
    drawn = []
    from PIL import ImageDraw

    original = ImageDraw.ImageDraw.text

    def spy(self, xy, text, *a, **kw):
        drawn.append(text)
        return original(self, xy, text, *a, **kw)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", spy)
    _is_card(share.announcement_card(announcement))
    joined = " ".join(drawn)
    assert "Street fair" in joined and "Riverside" in joined and "EVENT" in joined


def test_monthly_summary_counts_and_card(client, city, monkeypatch):
    from beatbridge.data import stats

    today = dt.date(2026, 6, 15)
    months = stats.month_list(today, 24)

    def fake(area, day, years=3):
        return [(m, 40 if m == 202605 else 50 if m == 202505 else 1) for m in months]

    monkeypatch.setattr(stats, "monthly_counts", fake)
    summary = share.monthly_summary(city["riverside"], today)
    assert summary["count"] == 40 and summary["last_year"] == 50 and summary["change"] == -20.0
    assert "40 reported crimes" in summary["text"].short and "down 20%" in summary["text"].short
    assert len(summary["text"].short) <= 280 and len(summary["text"].long) <= 500
    _is_card(share.summary_card(summary))


def test_area_share_page_and_card(client, city):
    r = client.get("/outreach/share/neighborhood/1/")
    assert r.status_code == 200 and "Short post" in r.content.decode()
    r = client.get("/outreach/share/neighborhood/1/card.png")
    assert r.status_code == 200
    _is_card(r.content)
    assert client.get("/outreach/share/planet/1/").status_code == 404
    assert client.get("/outreach/share/sector/1/card.png").status_code == 404
