"""Which areas overlap: from the outlines the locator keeps, the same as exact
intersections, fresh after an outline changes, outlines deferred but loadable."""

from beatbridge.areas import queries
from beatbridge.areas.models import Area


def _exact(area: Area, kind: str, min_share: float = 0.05) -> list[str]:
    geom = area.shape()
    out = []
    for other in Area.objects.filter(kind=kind).exclude(pk=area.pk):
        shape = other.shape()
        shared = geom.intersection(shape).area
        if shared and (shared >= min_share * shape.area or shared >= min_share * geom.area):
            out.append(other.code)
    return sorted(out)


def _codes(areas) -> list[str]:
    return [a.code for a in areas]


def test_overlapping_matches_exact_intersections(city):
    for area in Area.objects.all():
        for kind in ("district", "beat", "neighborhood"):
            for share in (0.05, 0.6):
                assert _codes(queries.overlapping(area, kind, share)) == _exact(area, kind, share)
    assert _codes(queries.beats_serving(city["hilltop"])) == ["0112", "0211"]


def test_overlapping_sees_a_changed_outline(city):
    hilltop = city["hilltop"]
    assert _codes(queries.overlapping(hilltop, "beat")) == ["0112", "0211"]
    hilltop.set_geometry(city["b111"].geometry)
    hilltop.save()
    assert _codes(queries.overlapping(hilltop, "beat")) == ["0111"]
    beat = city["b211"]
    beat.set_geometry(city["b111"].geometry)
    beat.save()
    assert _codes(queries.overlapping(hilltop, "beat")) == ["0111", "0211"]


def test_areas_come_without_outline_but_load_it_on_use(city, django_assert_num_queries):
    beats = queries.beats_serving(city["hilltop"])
    assert all("geometry" in b.get_deferred_fields() for b in beats)
    with django_assert_num_queries(1):
        outline = beats[0].geometry
    assert outline == Area.objects.get(pk=beats[0].pk).geometry
    assert beats[0].shape().area > 0


def test_unsaved_area_is_computed_directly(city):
    area = Area(kind="neighborhood", code="x", name="X")
    area.set_geometry(city["b112"].geometry)
    assert _codes(queries.overlapping(area, "beat")) == ["0112"]


def test_district_beats_come_without_outlines(city):
    beats = queries.beats_serving(city["d1"])
    assert _codes(beats) == ["0111", "0112"]
    assert all("geometry" in b.get_deferred_fields() for b in beats)
