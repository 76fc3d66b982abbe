"""Finding a neighborhood from what people type: names (typos and accents aside), aliases
(places inside neighborhoods), ZIP codes, addresses and intersections (``geocoder``)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import geocoder, locator
from .models import Area, AreaAlias, AreaKind, ZipArea
from .textmatch import normalize

MAX_RESULTS = 20


@dataclass
class SearchMatch:
    area: Area
    note: str = ""  # why it matched ("also called Pilsen", "1600 W Howard St is here")
    beat: Area | None = None


@dataclass
class SearchResult:
    query: str
    matches: list[SearchMatch] = field(default_factory=list)
    point: tuple[float, float] | None = None  # where an address or ZIP code was placed
    how: str = ""  # "name", "alias", "fuzzy", "address", "intersection", "zip"
    message: str = ""  # shown when nothing matched

    @property
    def areas(self) -> list[Area]:
        return [m.area for m in self.matches]


def _neighborhoods() -> list[Area]:
    return list(Area.objects.neighborhoods().defer("geometry").order_by("name"))


def _by_name(query: str) -> tuple[list[SearchMatch], str]:
    key = normalize(query)
    if not key:
        return [], ""
    areas = _neighborhoods()
    names = {a.pk: normalize(a.name) for a in areas}
    exact = [a for a in areas if names[a.pk] == key]
    if exact:
        return [SearchMatch(a) for a in exact], "name"
    aliases = list(
        AreaAlias.objects.filter(area__kind=AreaKind.NEIGHBORHOOD).select_related("area")
    )
    alias_exact = [al for al in aliases if al.normalized == key]
    if alias_exact:
        return [_alias_match(al) for al in alias_exact], "alias"
    contains = [SearchMatch(a) for a in areas if key in names[a.pk]]
    contains += [_alias_match(al) for al in aliases if key in al.normalized]
    if contains:
        return _unique(contains), "name"
    # Typos: close matches on whole names, aliases and single words of names.
    candidates: dict[str, list[SearchMatch]] = {}
    for a in areas:
        candidates.setdefault(names[a.pk], []).append(SearchMatch(a))
        for word in names[a.pk].split():
            if len(word) >= 4:
                candidates.setdefault(word, []).append(SearchMatch(a))
    for al in aliases:
        candidates.setdefault(al.normalized, []).append(_alias_match(al))
    close = difflib.get_close_matches(key, list(candidates), n=5, cutoff=0.75)
    found = [m for c in close for m in candidates[c]]
    return _unique(found), "fuzzy" if found else ""


def _alias_match(alias: AreaAlias) -> SearchMatch:
    return SearchMatch(alias.area, _("also known as “%(alias)s”") % {"alias": alias.name})


def _unique(matches: list[SearchMatch]) -> list[SearchMatch]:
    seen: set[int] = set()
    out = []
    for m in matches:
        if m.area.pk not in seen:
            seen.add(m.area.pk)
            out.append(m)
    return out[:MAX_RESULTS]


def _at_point(lon: float, lat: float, note: str) -> list[SearchMatch]:
    try:
        found = locator.locate(lon, lat, kinds=(AreaKind.NEIGHBORHOOD, AreaKind.BEAT))
    except ValueError:
        return []
    beat = next((a for a in found if a.kind == AreaKind.BEAT), None)
    return [SearchMatch(a, note, beat) for a in found if a.kind == AreaKind.NEIGHBORHOOD]


def _zip_neighborhoods(code: str) -> list[SearchMatch]:
    """Neighborhoods covering at least 5% of the ZIP code's area, largest share first."""
    from shapely.geometry import shape

    zip_area = ZipArea.objects.filter(code=code).first()
    if zip_area is None:
        return []
    zshape = shape(zip_area.geometry)
    if zshape.area <= 0:
        return []
    shares = []
    for area in Area.objects.neighborhoods().filter(
        max_lon__gte=zshape.bounds[0], min_lon__lte=zshape.bounds[2],
        max_lat__gte=zshape.bounds[1], min_lat__lte=zshape.bounds[3],
    ):  # fmt: skip
        share = area.shape().intersection(zshape).area / zshape.area
        if share >= 0.05:
            shares.append((share, area))
    shares.sort(key=lambda t: -t[0])
    note = _("in ZIP code %(zip)s") % {"zip": code}
    return [SearchMatch(a, note) for _share, a in shares]


def search_areas(query: str) -> SearchResult:
    """Neighborhoods for typed text; see the module docstring for what is understood."""
    query = (query or "").strip()[:100]
    result = SearchResult(query)
    if not query:
        return result
    if geocoder.is_zip(query):
        code = query[:5]
        result.matches = _zip_neighborhoods(code)
        found = geocoder.geocode_zip(code)
        result.point = (found.lon, found.lat) if found else None
        result.how = "zip"
        if not result.matches:
            result.message = (
                _("ZIP code %(zip)s is not known here. Try your street address or neighborhood.")
                % {"zip": code}
                if ZipArea.objects.exists()
                else _(
                    "ZIP codes are not set up on this site yet. "
                    "Try your street address or neighborhood."
                )
            )
        return result
    matches, how = _by_name(query)
    if how in ("name", "alias"):
        result.matches, result.how = matches, how
        return result
    located = geocoder.geocode_intersection(query) or geocoder.geocode_address(query)
    if located is not None:
        result.point = (located.lon, located.lat)
        result.how = located.how
        result.matches = _at_point(
            located.lon, located.lat, _("%(place)s is here") % {"place": query}
        )
        if result.matches:
            return result
    if matches:
        result.matches, result.how = matches, how
        for m in result.matches:
            m.note = m.note or _("closest name to what you typed")
        return result
    result.message = _(
        "No neighborhood matches “%(q)s”. Try a neighborhood name, a street address "
        "(“1600 W Howard St”), two crossing streets or a ZIP code."
    ) % {"q": query}
    return result
