"""Ready-to-post social media text and a 1200×630 PNG share card.

Every text comes in two lengths: ``short`` fits 280 characters (X; Bluesky allows 300) and
``long`` fits 500 (Mastodon, Threads, Facebook), both counted with the link included, so a
department can paste either as is. Cards are drawn with Pillow: title, area, key figure.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

SHORT_LIMIT = 280
LONG_LIMIT = 500
CARD_SIZE = (1200, 630)
ELLIPSIS = "…"


@dataclass(frozen=True)
class ShareText:
    short: str
    long: str
    url: str


def absolute(path: str) -> str:
    return str(getattr(settings, "SITE_URL", "") or "").rstrip("/") + path


def _shorten(text: str, room: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= room:
        return text
    if room <= 1:
        return ""
    cut = text[: room - 1]
    if " " in cut[room // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + ELLIPSIS


def compose(head: str, body: str, tail: str, url: str, limit: int) -> str:
    """``head`` (shortened only if it alone is too long), as much of ``body`` as fits, then
    ``tail`` and ``url``; never longer than ``limit`` characters."""
    fixed = [p for p in (tail, url) if p]
    fixed_len = sum(len(p) for p in fixed) + len(fixed)  # a space or newline before each
    head = _shorten(head, max(limit - fixed_len, 0))
    room = limit - fixed_len - len(head) - (2 if body else 0)
    text = head
    if body and room > 20:
        text += "\n\n" + _shorten(body, room)
    for p in fixed:
        text += ("\n" if p == url else " ") + p
    return text[:limit]


def announcement_text(announcement) -> ShareText:
    url = absolute(announcement.get_absolute_url())
    area = announcement.area_label()
    head = f"{announcement.get_category_display()}: {announcement.title}"
    tail = f"({_shorten(area, 80)})" if area else ""
    return ShareText(
        short=compose(head, "", tail, url, SHORT_LIMIT),
        long=compose(head, announcement.body, tail, url, LONG_LIMIT),
        url=url,
    )


def _month_name(yyyymm: int) -> str:
    day = dt.date(yyyymm // 100, yyyymm % 100, 1)
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def monthly_summary(area, today: dt.date | None = None) -> dict:
    """The last complete month's incident count in ``area`` against the same month a year
    earlier (the data app's monthly counts), with both share texts."""
    from beatbridge.data import stats

    today = today or timezone.localdate()
    counts = stats.monthly_counts(area, today, years=2)
    # The last entry is the current, unfinished month.
    (month, count), (ly_month, ly_count) = counts[-2], counts[-14]
    change = stats.change(count, ly_count)
    url = absolute(reverse("areas:detail", args=[area.kind, area.code]))
    month_label = _month_name(month)
    if change is None:
        trend = ""
    elif change < 0:
        trend = _("down %(p)s%% from %(m)s") % {"p": f"{abs(change):g}", "m": _month_name(ly_month)}
    elif change > 0:
        trend = _("up %(p)s%% from %(m)s") % {"p": f"{change:g}", "m": _month_name(ly_month)}
    else:
        trend = _("the same as %(m)s") % {"m": _month_name(ly_month)}
    head = _("%(area)s, %(month)s: %(n)s reported crimes") % {
        "area": area,
        "month": month_label,
        "n": f"{count:,}",
    }
    if trend:
        head += f", {trend}."
    else:
        head += "."
    body = _(
        "Figures are incidents reported to the police, shown at block level. Come to your "
        "beat meeting to talk about what they mean for your block."
    )
    return {
        "area": area,
        "month": month,
        "month_label": month_label,
        "count": count,
        "last_year": ly_count,
        "change": change,
        "text": ShareText(
            short=compose(head, "", "", url, SHORT_LIMIT),
            long=compose(head, body, "", url, LONG_LIMIT),
            url=url,
        ),
    }


# ------------------------------------------------------------------ the PNG card

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
BOLD_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
BACKGROUND = (14, 47, 82)
ACCENT = (255, 196, 61)
WHITE = (255, 255, 255)
MUTED = (200, 214, 230)


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False):
    for path in BOLD_PATHS if bold else FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    words, lines, line = (text or "").split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    consumed = " ".join(lines).split()
    if len(consumed) < len(words) and lines:
        last = lines[-1]
        while last and draw.textlength(last + ELLIPSIS, font=font) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return lines


def render_card(*, kicker: str, title: str, area: str, figure: str, figure_label: str) -> bytes:
    """A 1200×630 PNG: a kicker (category), the title, the area and one key figure."""
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 64
    draw.rectangle([0, 0, 18, CARD_SIZE[1]], fill=ACCENT)
    draw.text((margin, 52), kicker.upper(), font=_font(30, bold=True), fill=ACCENT)
    figure_width = 0
    if figure:
        big = _font(120, bold=True)
        figure_width = int(draw.textlength(figure, font=big))
        fx = CARD_SIZE[0] - margin - figure_width
        draw.text((fx, 170), figure, font=big, fill=WHITE)
        label_font = _font(28)
        for i, line in enumerate(_wrap(draw, figure_label, label_font, max(figure_width, 260), 2)):
            lw = draw.textlength(line, font=label_font)
            draw.text((CARD_SIZE[0] - margin - lw, 310 + 36 * i), line, font=label_font, fill=MUTED)
        figure_width = max(figure_width, 260) + 48
    title_font = _font(58, bold=True)
    title_width = CARD_SIZE[0] - 2 * margin - figure_width
    y = 120
    for line in _wrap(draw, title, title_font, title_width, 4):
        draw.text((margin, y), line, font=title_font, fill=WHITE)
        y += 70
    draw.line([margin, 500, CARD_SIZE[0] - margin, 500], fill=MUTED, width=2)
    draw.text(
        (margin, 520),
        _wrap(draw, area, _font(36), 800, 1)[0] if area else "",
        font=_font(36),
        fill=WHITE,
    )
    site = str(settings.SITE_NAME)
    sw = draw.textlength(site, font=_font(30, bold=True))
    draw.text((CARD_SIZE[0] - margin - sw, 526), site, font=_font(30, bold=True), fill=ACCENT)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def announcement_card(announcement) -> bytes:
    published = timezone.localtime(announcement.published_at).date()
    return render_card(
        kicker=str(announcement.get_category_display()),
        title=announcement.title,
        area=announcement.area_label(),
        figure=formats.date_format(published, "j M"),
        figure_label=str(announcement.byline),
    )


def summary_card(summary: dict) -> bytes:
    change = summary["change"]
    if change is None:
        label = _("reported crimes")
    else:
        label = _("reported crimes, %(sign)s%(p)s%% vs. a year before") % {
            "sign": "+" if change > 0 else "",
            "p": f"{change:g}",
        }
    return render_card(
        kicker=_("Crime statistics · %(month)s") % {"month": summary["month_label"]},
        title=_("Monthly safety summary"),
        area=str(summary["area"]),
        figure=f"{summary['count']:,}",
        figure_label=label,
    )
