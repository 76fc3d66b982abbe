"""Point-in-polygon for many points at once (pure shapely 2 + numpy + scipy, no Django).

``PolygonIndex.locate`` returns, for each point, the position of the first polygon (in the
order given) that covers it, or -1. "Covers" includes the boundary, so a point on a shared
border is claimed by the polygon with the lowest position: deterministic.

How it is fast: a regular grid of cells over the polygons' bounding box is classified once.
Every cell that some polygon's boundary may touch is a *border* cell; every other cell lies
wholly inside the same set of polygons (possibly none) and gets its answer in advance. Most
points are then placed by one array lookup; only points in border cells are tested exactly
(``shapely.intersects_xy`` against the few polygons whose boundary crosses that cell).

Why the answers are exact and not approximate:

* Border marking is conservative. Boundaries are cut into pieces no longer than a cell, and
  every cell whose closed box, grown by a tiny margin, meets a piece's bounding box is a
  border cell. A point binned into the wrong neighbouring cell by floating-point rounding is
  still inside that margin, so its cell's answer holds for it too.
* Non-border cells that share an edge form regions that no boundary crosses, so each region
  is wholly inside or wholly outside every polygon: one exact test of one cell centre per
  region decides all of its cells.
* A border cell may also lie wholly inside a polygon whose boundary does not cross it (when
  polygons overlap). Testing the cell centre against all polygons finds those; the cell's
  answer is then the lowest such polygon unless a lower-positioned crossing polygon covers
  the point, which the exact tests decide.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from scipy import ndimage
from shapely.geometry import shape

#: Cells per grid, at most; the grid is about square in degrees-per-cell.
MAX_CELLS = 1 << 21
MIN_CELLS = 1 << 12
#: Least margin around each cell, as a fraction of the cell size (covers rounding of point
#: binning); grown when coordinates are so large that rounding errors are bigger.
_MARGIN = 1e-6
_NO_AREA = -1
_FIRST_BORDER = -2  # cell value -2 - k means "border cell number k"


class PolygonIndex:
    """Locate points in an ordered list of polygons; the lowest position wins on borders."""

    def __init__(
        self, keys: Sequence[int], geometries: Sequence, *, cells: int | None = None
    ) -> None:
        self.keys = np.asarray(keys, dtype=np.int64)
        self.geometries = np.asarray(geometries, dtype=object)
        if self.keys.shape != self.geometries.shape:
            raise ValueError("keys and geometries must have the same length.")
        for geom in self.geometries:
            shapely.prepare(geom)
        self.tree = shapely.STRtree(self.geometries)
        self._build_grid(cells)

    @classmethod
    def from_geojson(cls, keys: Sequence[int], geojson: Sequence[dict]) -> PolygonIndex:
        return cls(keys, [shape(g) for g in geojson])

    # -- building ---------------------------------------------------------------------------

    def _build_grid(self, cells: int | None) -> None:
        geoms = self.geometries
        self.grid: np.ndarray | None = None
        if len(geoms) == 0 or shapely.is_empty(geoms).all():
            return
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        span_x, span_y = maxx - minx, maxy - miny
        pad = 1e-9 * max(1.0, abs(minx), abs(maxx), abs(miny), abs(maxy)) + 1e-6 * max(
            span_x, span_y
        )
        minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
        span_x, span_y = maxx - minx, maxy - miny
        if cells is None:
            # Enough cells that borders are a small share of them, few enough to build fast.
            vertices = int(shapely.get_num_coordinates(geoms).sum())
            cells = int(np.clip(16 * vertices, MIN_CELLS, MAX_CELLS))
        size = np.sqrt(span_x * span_y / cells)
        nx = int(np.clip(np.ceil(span_x / size), 1, 8192))
        ny = int(np.clip(np.ceil(span_y / size), 1, 8192))
        self.x0, self.y0, self.nx, self.ny = float(minx), float(miny), nx, ny
        self.sx, self.sy = nx / span_x, ny / span_y  # cells per degree

        touch_cell, touch_poly = self._touching_pairs()
        border = np.zeros(nx * ny, dtype=bool)
        border[touch_cell] = True

        grid = np.full(nx * ny, _NO_AREA, dtype=np.int32)
        # Interior regions: one exact test per connected region of non-border cells.
        labels, count = ndimage.label(~border.reshape(ny, nx))
        labels = labels.ravel()
        if count:
            _, first = np.unique(labels, return_index=True)
            first = first[1:] if labels[first[0]] == 0 else first  # label 0 = border cells
            region_pos = np.full(count + 1, _NO_AREA, dtype=np.int32)
            region_pos[labels[first]] = self._exact_lowest(*self._centres(first))
            grid = region_pos[labels]

        # Border cells: numbered, with their candidate polygons and "wholly inside" fallback.
        border_cells = np.flatnonzero(border)
        self.border_cells = border_cells
        number = np.full(nx * ny, -1, dtype=np.int64)
        number[border_cells] = np.arange(border_cells.size)
        grid[border_cells] = _FIRST_BORDER - np.arange(border_cells.size, dtype=np.int32)

        n_poly = len(geoms)
        touch_key = np.unique(number[touch_cell] * n_poly + touch_poly)
        # Polygons covering a border cell's centre without crossing the cell cover all of it.
        c_idx, p_idx = self.tree.query(
            shapely.points(*self._centres(border_cells)), predicate="covered_by"
        )
        key = c_idx.astype(np.int64) * n_poly + p_idx
        whole = ~np.isin(key, touch_key, assume_unique=False)
        fallback = np.full(border_cells.size, n_poly, dtype=np.int64)
        np.minimum.at(fallback, c_idx[whole], p_idx[whole])
        cand_cell, cand_poly = np.divmod(touch_key, n_poly)  # sorted by cell, then polygon
        useful = cand_poly < fallback[cand_cell]
        cand_cell, cand_poly = cand_cell[useful], cand_poly[useful]
        self.cand_start = np.searchsorted(cand_cell, np.arange(border_cells.size + 1))
        self.cand_poly = cand_poly.astype(np.int32)
        self.fallback = np.where(fallback == n_poly, _NO_AREA, fallback).astype(np.int64)
        self.grid = grid

    def _centres(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        iy, ix = np.divmod(cells, self.nx)
        return self.x0 + (ix + 0.5) / self.sx, self.y0 + (iy + 0.5) / self.sy

    def _exact_lowest(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Lowest covering position for each point, by exact tests (no grid)."""
        n_poly = len(self.geometries)
        out = np.full(np.shape(xs), n_poly, dtype=np.int64)
        if out.size:
            point_idx, poly_idx = self.tree.query(shapely.points(xs, ys), predicate="covered_by")
            np.minimum.at(out, point_idx, poly_idx)
        out[out == n_poly] = _NO_AREA
        return out

    def _touching_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(cell, polygon) pairs: cells whose margin-grown box may meet the polygon's boundary."""
        geoms = self.geometries
        kinds = shapely.get_type_id(geoms)
        polygonal = (kinds == 3) | (kinds == 6)  # Polygon, MultiPolygon
        parts, part_of = shapely.get_parts(geoms[polygonal], return_index=True)
        rings, ring_of = shapely.get_rings(parts, return_index=True)
        ring_poly = np.flatnonzero(polygonal)[part_of[ring_of]]
        coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
        # Work in cell units: x in [0, nx], y in [0, ny].
        gx = (coords[:, 0] - self.x0) * self.sx
        gy = (coords[:, 1] - self.y0) * self.sy
        same = coord_ring[1:] == coord_ring[:-1]
        ax, ay, bx, by = gx[:-1][same], gy[:-1][same], gx[1:][same], gy[1:][same]
        seg_poly = ring_poly[coord_ring[:-1][same]]
        # Cut segments into pieces at most one cell long in x and in y.
        pieces = np.maximum(np.ceil(np.maximum(np.abs(bx - ax), np.abs(by - ay))), 1).astype(
            np.int64
        )
        seg = np.repeat(np.arange(pieces.size), pieces)
        step = np.arange(seg.size) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        t0, t1 = step / pieces[seg], (step + 1) / pieces[seg]
        px0 = ax[seg] + (bx[seg] - ax[seg]) * t0
        px1 = ax[seg] + (bx[seg] - ax[seg]) * t1
        py0 = ay[seg] + (by[seg] - ay[seg]) * t0
        py1 = ay[seg] + (by[seg] - ay[seg]) * t1
        lo_x, hi_x = np.minimum(px0, px1), np.maximum(px0, px1)
        lo_y, hi_y = np.minimum(py0, py1), np.maximum(py0, py1)
        piece_poly = seg_poly[seg]
        boxes = [(lo_x, hi_x, lo_y, hi_y, piece_poly)]
        # Anything not polygonal (lines, points...): treat its whole bounding box as border.
        for pos in np.flatnonzero(~polygonal & ~shapely.is_empty(geoms)):
            bminx, bminy, bmaxx, bmaxy = shapely.bounds(geoms[pos])
            bx0, bx1 = (bminx - self.x0) * self.sx, (bmaxx - self.x0) * self.sx
            by0, by1 = (bminy - self.y0) * self.sy, (bmaxy - self.y0) * self.sy
            xs = np.arange(np.floor(bx0), np.ceil(bx1) + 1)
            ys = np.arange(np.floor(by0), np.ceil(by1) + 1)
            gxx, gyy = (a.ravel() for a in np.meshgrid(xs, ys))
            boxes.append((gxx, gxx, gyy, gyy, np.full(gxx.size, pos)))
        # Binning a point costs a few roundings of |coordinate| * cells-per-degree each.
        ulp = np.finfo(np.float64).eps
        far_x = max(abs(self.x0), abs(self.x0 + self.nx / self.sx))
        far_y = max(abs(self.y0), abs(self.y0 + self.ny / self.sy))
        mx = max(_MARGIN, 64 * ulp * far_x * self.sx)
        my = max(_MARGIN, 64 * ulp * far_y * self.sy)
        cells, polys = [], []
        for lo_x, hi_x, lo_y, hi_y, owner in boxes:
            # Cell i's grown box [i - m, i + 1 + m] meets [lo, hi] iff lo - 1 - m <= i <= hi + m.
            ix0 = np.clip(np.ceil(lo_x - 1 - mx), 0, self.nx - 1).astype(np.int64)
            ix1 = np.clip(np.floor(hi_x + mx), 0, self.nx - 1).astype(np.int64)
            iy0 = np.clip(np.ceil(lo_y - 1 - my), 0, self.ny - 1).astype(np.int64)
            iy1 = np.clip(np.floor(hi_y + my), 0, self.ny - 1).astype(np.int64)
            wide = int(max((ix1 - ix0).max(initial=0), (iy1 - iy0).max(initial=0)))
            for dx in range(wide + 1):
                for dy in range(wide + 1):
                    ok = (ix0 + dx <= ix1) & (iy0 + dy <= iy1)
                    cells.append((iy0[ok] + dy) * self.nx + ix0[ok] + dx)
                    polys.append(owner[ok])
        cell = np.concatenate(cells) if cells else np.empty(0, dtype=np.int64)
        poly = np.concatenate(polys) if polys else np.empty(0, dtype=np.int64)
        return cell.astype(np.int64), poly.astype(np.int64)

    # -- querying ---------------------------------------------------------------------------

    def locate(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Position of the covering polygon for each point, -1 where none covers it."""
        lons = np.asarray(lons, dtype=np.float64)
        lats = np.asarray(lats, dtype=np.float64)
        if lons.shape != lats.shape:
            raise ValueError("lons and lats must have the same shape.")
        shape_ = lons.shape
        lons, lats = lons.ravel(), lats.ravel()
        out = np.full(lons.shape, _NO_AREA, dtype=np.int64)
        if lons.size == 0 or self.grid is None:
            return out.reshape(shape_)
        fx = (lons - self.x0) * self.sx
        fy = (lats - self.y0) * self.sy
        inside = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)  # False for NaN
        if not inside.all():
            fx = np.where(inside, fx, 0)
            fy = np.where(inside, fy, 0)
        cell = fy.astype(np.int64) * self.nx + fx.astype(np.int64)
        value = self.grid[cell]
        value[~inside] = _NO_AREA
        out[:] = value
        exact = np.flatnonzero(value <= _FIRST_BORDER)
        if exact.size:
            out[exact] = self._locate_border(exact, _FIRST_BORDER - value[exact], lons, lats)
        return out.reshape(shape_)

    def _locate_border(
        self, points: np.ndarray, border: np.ndarray, lons: np.ndarray, lats: np.ndarray
    ) -> np.ndarray:
        """Exact answers for points in border cells: first crossing candidate that covers
        the point, else the polygon that covers the whole cell (or -1)."""
        start = self.cand_start[border]
        count = self.cand_start[border + 1] - start
        result = self.fallback[border].copy()
        owner = np.repeat(np.arange(points.size), count)
        offset = np.arange(owner.size) - np.repeat(np.cumsum(count) - count, count)
        poly = self.cand_poly[np.repeat(start, count) + offset]
        pt = points[owner]
        hit = shapely.intersects_xy(self.geometries[poly], lons[pt], lats[pt])
        owner, poly = owner[hit], poly[hit]
        # Candidates are in ascending position within a cell, so the first hit is the lowest.
        first = np.ones(owner.size, dtype=bool)
        first[1:] = owner[1:] != owner[:-1]
        result[owner[first]] = poly[first]
        return result

    def locate_keys(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        pos = self.locate(lons, lats)
        keys = np.full(pos.shape, -1, dtype=np.int64)
        hit = pos >= 0
        keys[hit] = self.keys[pos[hit]]
        return keys
