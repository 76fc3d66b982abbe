"""Atom feeds (RFC 4287) of live announcements: city-wide, per area and per category.

Django's syndication framework writes the elements RFC 4287 requires: the feed's ``id``,
``title``, ``updated`` (RFC 3339 with offset), ``author``, ``link rel="self"`` and
``rel="alternate"``; each entry's ``id``, ``title``, ``updated``, ``published``, ``link``,
``summary``, ``author`` and ``category``. Ids are ``urn:uuid:`` URIs that never change: an
entry's is its announcement's UUID, a feed's is derived from what it lists (RFC 4122
version 5), so they stay the same when the site moves to another host name.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from beatbridge.areas.models import Area, AreaKind

from .models import Announcement, AnnouncementCategory

FEED_NAMESPACE = uuid.UUID("6f0d1c1e-3b7a-4c55-9d1e-2d6c7b0a5e10")
CONTENT_TYPE = "application/atom+xml; charset=utf-8"
ITEMS = 50


def feed_uuid(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, key)}"


class BeatbridgeAtomFeed(Atom1Feed):
    content_type = CONTENT_TYPE


class AnnouncementFeed(Feed):
    feed_type = BeatbridgeAtomFeed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response

    def get_object(self, request, *args, **kwargs):
        return None

    def scope_key(self, obj) -> str:
        return "city"

    def title(self, obj) -> str:
        return _("%(site)s: announcements") % {"site": settings.SITE_NAME}

    def subtitle(self, obj) -> str:
        return _("Announcements from officers and community partners.")

    def link(self, obj) -> str:
        return reverse("outreach:announcements")

    def feed_url(self, obj) -> str:
        return reverse("outreach:feed_city")

    def feed_guid(self, obj) -> str:
        return feed_uuid(self.scope_key(obj))

    def author_name(self, obj) -> str:
        return settings.SITE_NAME

    def queryset(self, obj):
        return Announcement.objects.live()

    def items(self, obj):
        return (
            self.queryset(obj)
            .select_related("author", "organization")
            .prefetch_related("areas")
            .order_by("-published_at", "-pk")[:ITEMS]
        )

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return linebreaks(escape(item.body)) + f"<p>{escape(item.area_label())}</p>"

    def item_link(self, item: Announcement) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Announcement) -> str:
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Announcement):
        return item.published_at

    def item_updateddate(self, item: Announcement):
        return item.updated_at

    def item_author_name(self, item: Announcement) -> str:
        return item.byline

    def item_categories(self, item: Announcement) -> list[str]:
        return [item.category]


class CityFeed(AnnouncementFeed):
    pass


class AreaFeed(AnnouncementFeed):
    def get_object(self, request, kind: str, code: str):
        if kind not in AreaKind.values:
            raise Http404
        return get_object_or_404(Area.objects.defer("geometry"), kind=kind, code=code)

    def scope_key(self, obj) -> str:
        return f"area:{obj.kind}:{obj.code}"

    def title(self, obj) -> str:
        return _("%(area)s: announcements") % {"area": obj}

    def subtitle(self, obj) -> str:
        return _("Announcements for %(area)s, its district and the whole city.") % {"area": obj}

    def link(self, obj) -> str:
        return reverse("areas:detail", args=[obj.kind, obj.code])

    def feed_url(self, obj) -> str:
        return reverse("outreach:feed_area", args=[obj.kind, obj.code])

    def queryset(self, obj):
        return Announcement.objects.live().for_area(obj)


class CategoryFeed(AnnouncementFeed):
    def get_object(self, request, category: str):
        if category not in AnnouncementCategory.values:
            raise Http404
        return category

    def scope_key(self, obj) -> str:
        return f"category:{obj}"

    def title(self, obj) -> str:
        return _("%(site)s: %(category)s") % {
            "site": settings.SITE_NAME,
            "category": AnnouncementCategory(obj).label,
        }

    def link(self, obj) -> str:
        return reverse("outreach:announcements") + f"?category={obj}"

    def feed_url(self, obj) -> str:
        return reverse("outreach:feed_category", args=[obj])

    def queryset(self, obj):
        return Announcement.objects.live().filter(category=obj)


def feed_links(area: Area | None = None) -> list[dict]:
    """The feeds a page announces in its <head> and lists: (title, url, type)."""
    links = []
    if area is not None:
        links.append(
            {
                "title": _("%(area)s: announcements (Atom)") % {"area": area},
                "url": reverse("outreach:feed_area", args=[area.kind, area.code]),
                "type": "application/atom+xml",
            }
        )
        links.append(
            {
                "title": _("%(area)s: meetings (iCalendar)") % {"area": area},
                "url": reverse("meetings:feed_area", args=[area.kind, area.code]),
                "type": "text/calendar",
            }
        )
    links.append(
        {
            "title": _("City-wide announcements (Atom)"),
            "url": reverse("outreach:feed_city"),
            "type": "application/atom+xml",
        }
    )
    return links
