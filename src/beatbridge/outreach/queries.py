"""Read-side helpers: what the area sections and the supervisors' panel show."""

from __future__ import annotations

from django.db.models import Count

from .models import Announcement, Resource, WorkshopRequest


def area_announcements(area, limit: int = 5):
    return (
        Announcement.objects.live()
        .for_area(area)
        .select_related("author", "organization")
        .order_by("-published_at", "-pk")[:limit]
    )


def resources_for(categories: list[str], language: str, limit: int = 3) -> list[Resource]:
    """Published resources tagged with any of these category codes, the reader's language
    first (then the other languages), newest first."""
    if not categories or limit <= 0:
        return []
    found = []
    qs = Resource.objects.filter(is_published=True).order_by("-updated_at")
    for resource in qs.only("slug", "title", "summary", "kind", "language", "categories"):
        if set(resource.categories or ()) & set(categories):
            found.append(resource)
    found.sort(key=lambda r: r.language != language)
    return found[:limit]


def featured_resources(language: str, limit: int = 4) -> list[Resource]:
    qs = Resource.objects.filter(is_published=True, language=language).order_by("title")
    return list(qs.only("slug", "title", "summary", "kind", "language")[:limit])


def workshop_request_counts() -> list[dict]:
    """Open workshop requests per neighborhood and topic, most requested first."""
    rows = (
        WorkshopRequest.objects.filter(status="open")
        .values("area__name", "area__code", "topic")
        .annotate(n=Count("pk"))
        .order_by("-n", "area__name", "topic")
    )
    from .models import Topic

    return [
        {
            "area": r["area__name"],
            "code": r["area__code"],
            "topic": Topic(r["topic"]).label if r["topic"] in Topic.values else r["topic"],
            "n": r["n"],
        }
        for r in rows
    ]


# Words (folded) that name a topic in a workshop's title or description, English and Spanish.
TOPIC_WORDS = {
    "home_security": ("home security", "burglary", "break-in", "seguridad del hogar", "robo"),
    "personal_safety": ("personal safety", "self-defense", "seguridad personal", "defensa"),
    "neighborhood_watch": ("neighborhood watch", "block club", "vigilancia vecinal"),
    "legal_rights": ("rights", "derechos"),
    "victim_services": ("victim", "victima"),
    "youth": ("youth", "teen", "juvenil", "jovenes"),
    "mental_health": ("mental health", "crisis", "988", "salud mental"),
    "social_services": ("social service", "servicios sociales"),
    "traffic": ("traffic", "bike", "pedestrian", "trafico", "bicicleta", "vial"),
}


def resources_for_text(text: str, language: str, limit: int = 3) -> list[Resource]:
    """Resources whose topics a workshop's title or description names (reader's language
    first), for the meeting page of a workshop."""
    from .search import fold

    folded = fold(text)
    topics = [t for t, words in TOPIC_WORDS.items() if any(w in folded for w in words)]
    if not topics or limit <= 0:
        return []
    found = [
        r
        for r in Resource.objects.filter(is_published=True).order_by("title")
        if set(r.topics or ()) & set(topics)
    ]
    found.sort(key=lambda r: r.language != language)
    return found[:limit]
