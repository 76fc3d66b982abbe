"""Point-in-polygon for many points at once (pure shapely 2 + numpy, no Django).

Polygons are indexed in a shapely STRtree; ``locate`` returns, for each point, the position
of the first polygon (in the order given) that covers it, or -1. "Covers" includes the
boundary, so a point on a shared border is claimed by the earlier polygon: deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import shape


class PolygonIndex:
    def __init__(self, keys: Sequence[int], geometries: Sequence) -> None:
        self.keys = np.asarray(keys, dtype=np.int64)
        self.geometries = np.asarray(geometries, dtype=object)
        for geom in self.geometries:
            shapely.prepare(geom)
        self.tree = shapely.STRtree(self.geometries)

    @classmethod
    def from_geojson(cls, keys: Sequence[int], geojson: Sequence[dict]) -> PolygonIndex:
        return cls(keys, [shape(g) for g in geojson])

    def locate(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Position of the covering polygon for each point, -1 where none covers it."""
        lons = np.asarray(lons, dtype=np.float64)
        lats = np.asarray(lats, dtype=np.float64)
        out = np.full(lons.shape, -1, dtype=np.int64)
        if lons.size == 0 or len(self.geometries) == 0:
            return out
        points = shapely.points(lons, lats)
        point_idx, poly_idx = self.tree.query(points, predicate="covered_by")
        if point_idx.size:
            # Lowest polygon position wins on shared borders.
            order = np.lexsort((poly_idx, point_idx))
            point_idx, poly_idx = point_idx[order], poly_idx[order]
            first = np.ones(point_idx.size, dtype=bool)
            first[1:] = point_idx[1:] != point_idx[:-1]
            out[point_idx[first]] = poly_idx[first]
        return out

    def locate_keys(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        pos = self.locate(lons, lats)
        keys = np.full(pos.shape, -1, dtype=np.int64)
        hit = pos >= 0
        keys[hit] = self.keys[pos[hit]]
        return keys
