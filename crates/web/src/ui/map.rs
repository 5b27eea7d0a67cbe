//! 시·도 지도: an SVG map of the 17 시·도, rendered on the server so that it works without
//! JavaScript. Boundaries come from data/map/sido.json (국토지리정보원, 기준일 2023-09-15; see
//! data/map/README.md), already projected to SVG units.
//!
//! Selection is shown by a hatch pattern, a darker outline, a marker and a text label, never by
//! colour alone (KWCAG 2.2, 1.3.3); regions with a page are links with a name of their own.

use std::fmt::Write;
use std::sync::LazyLock;

use sandan_domain::Region;
use serde::Deserialize;

use crate::ui::svg::escape;

/// One region's state on a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRegion {
    pub region: Region,
    /// Drawn hatched, outlined and labelled.
    pub selected: bool,
    /// Makes the region a link.
    pub href: Option<String>,
    /// Added to the region's name in its tooltip and link name, e.g. "2021년 선정 · 거점: 반월·시화국가산단".
    /// Screen readers hear this name, not the hatch: say here (or in the map's description) why
    /// a region is marked.
    pub note: Option<String>,
}

const SELECTED_FILL: &str = "#d8e5fd";
const SELECTED_HATCH: &str = "#256ef4";
const SELECTED_STROKE: &str = "#0b50d0";
const PLAIN_FILL: &str = "#e6e8ea";
const PLAIN_STROKE: &str = "#8a949e";
const TEXT: &str = "#1e2124";
const MUTED_TEXT: &str = "#464c53";
const ATTRIBUTION: &str = "경계: 국토지리정보원(2023.9.15.)";

#[derive(Deserialize)]
struct Data {
    view_box: String,
    inset: Inset,
    regions: Vec<Shape>,
}

#[derive(Deserialize)]
struct Inset {
    label: String,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

#[derive(Deserialize)]
struct Shape {
    code: String,
    slug: String,
    path: String,
    label: [f64; 2],
}

struct Geometry {
    view_box: String,
    width: f64,
    height: f64,
    inset: Inset,
    shapes: Vec<(Region, Shape)>,
}

static GEOMETRY: LazyLock<Geometry> = LazyLock::new(|| {
    let data: Data = serde_json::from_str(include_str!("../../../../data/map/sido.json")).expect("sido.json parses");
    let size: Vec<f64> = data
        .view_box
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(size.len(), 4, "sido.json view_box has four numbers");
    let shapes = data
        .regions
        .into_iter()
        .map(|shape| {
            let region: Region = shape.code.parse().expect("sido.json has our region codes");
            assert_eq!(region.slug(), shape.slug, "sido.json code and slug agree");
            (region, shape)
        })
        .collect();
    Geometry {
        view_box: data.view_box,
        width: size[2],
        height: size[3],
        inset: data.inset,
        shapes,
    }
});

/// The map as an `<svg>` element to put in a page. `id` prefixes every id inside, so that two
/// maps on one page do not clash; regions missing from `regions` are drawn plain. The title and
/// description name the map for screen readers (`role="group"`, since it may hold links).
pub fn korea_map(id: &str, title: &str, description: &str, regions: &[MapRegion]) -> String {
    let geo = &*GEOMETRY;
    let id = crate::ui::svg::id(id, "map");
    let state = |region: Region| regions.iter().find(|r| r.region == region);
    let is_selected = |region: Region| state(region).is_some_and(|r| r.selected);

    let mut svg = String::with_capacity(80_000);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="korea-map" viewBox="{vb}" role="group" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>"#,
        vb = geo.view_box,
        title = escape(title),
        description = escape(description),
    );
    let _ = write!(
        svg,
        r##"<defs><pattern id="{id}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="{SELECTED_FILL}"/><line x1="1.5" y1="0" x2="1.5" y2="6" stroke="{SELECTED_HATCH}" stroke-width="2.5"/></pattern></defs>"##
    );

    // Plain regions first, so that the darker outlines of the selected ones are drawn on top.
    svg.push_str(r#"<g fill-rule="evenodd" stroke-linejoin="round">"#);
    let plain = geo.shapes.iter().filter(|(r, _)| !is_selected(*r));
    let selected = geo.shapes.iter().filter(|(r, _)| is_selected(*r));
    for (region, shape) in plain.chain(selected) {
        let state = state(*region);
        let (fill, stroke, width) = if is_selected(*region) {
            (format!("url(#{id}-hatch)"), SELECTED_STROKE, "1.5")
        } else {
            (PLAIN_FILL.to_string(), PLAIN_STROKE, "0.6")
        };
        let path = format!(
            r#"<path data-region="{slug}" d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>"#,
            slug = region.slug(),
            d = shape.path,
        );
        let name = escape(&region_name(*region, state.and_then(|s| s.note.as_deref())));
        match (state.and_then(|s| s.href.as_deref()), state) {
            (Some(href), _) => {
                let _ = write!(svg, r#"<a href="{}"><title>{name}</title>{path}</a>"#, escape(href));
            }
            (None, Some(s)) if s.selected || s.note.is_some() => {
                let _ = write!(svg, "<g><title>{name}</title>{path}</g>");
            }
            _ => svg.push_str(&path.replacen("<path ", r#"<path aria-hidden="true" "#, 1)),
        }
    }
    svg.push_str("</g>");

    let inset = &geo.inset;
    let _ = write!(
        svg,
        r#"<g aria-hidden="true"><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="{PLAIN_STROKE}" stroke-width="0.8"/><text x="{tx}" y="{ty}" font-size="10" fill="{MUTED_TEXT}">{label}</text></g>"#,
        x = inset.x,
        y = inset.y,
        w = inset.width,
        h = inset.height,
        tx = inset.x + 4.0,
        ty = inset.y + 11.0,
        label = escape(&inset.label),
    );

    // Labels last, above every outline; clicks pass through to the region underneath. Screen
    // readers skip them: every selected region already has a name, as a link or a titled group.
    svg.push_str(r#"<g pointer-events="none" aria-hidden="true">"#);
    for (region, shape) in geo.shapes.iter().filter(|(r, _)| is_selected(*r)) {
        let [x, y] = shape.label;
        let _ = write!(
            svg,
            r##"<g class="korea-map-label"><circle cx="{x}" cy="{y}" r="3.5" fill="{SELECTED_STROKE}" stroke="#fff" stroke-width="1.5"/><text x="{tx}" y="{ty}" font-size="13" font-weight="700" fill="{TEXT}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{name}</text></g>"##,
            tx = round1(x + 6.0),
            ty = round1(y + 4.5),
            name = escape(region.short_name()),
        );
    }
    svg.push_str("</g>");

    let _ = write!(
        svg,
        r#"<text x="{x}" y="{y}" text-anchor="end" font-size="10" fill="{MUTED_TEXT}">{ATTRIBUTION}</text></svg>"#,
        x = round1(geo.width - 6.0),
        y = round1(geo.height - 6.0),
    );
    svg
}

/// "경기" or "경기 (2021년 선정 · 거점: 반월·시화국가산단)".
fn region_name(region: Region, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => format!("{} ({note})", region.short_name()),
        None => region.short_name().to_string(),
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gyeonggi_selected(note: &str) -> Vec<MapRegion> {
        vec![MapRegion {
            region: Region::Gyeonggi,
            selected: true,
            href: Some("/rounds/2021/plans/경기?a=1&b=2".into()),
            note: Some(note.into()),
        }]
    }

    /// The element that draws `region`, with its link or group if it has one.
    fn region_markup(svg: &str, region: Region) -> &str {
        let at = svg
            .find(&format!(r#"data-region="{}""#, region.slug()))
            .expect("region drawn");
        let start = svg[..at]
            .rfind("<a ")
            .filter(|a| !svg[*a..at].contains("</a>"))
            .unwrap_or_else(|| svg[..at].rfind("<path").expect("path opens"));
        let end = at + svg[at..].find("/>").expect("path closes") + 2;
        &svg[start..end]
    }

    #[test]
    fn every_region_has_a_path_and_a_label_point_inside_the_map() {
        let geo = &*GEOMETRY;
        assert_eq!(geo.shapes.len(), 17);
        for region in Region::all() {
            let (_, shape) = geo
                .shapes
                .iter()
                .find(|(r, _)| *r == region)
                .expect("region in sido.json");
            assert!(shape.path.starts_with('M') && shape.path.ends_with('Z'), "{region}");
            let [x, y] = shape.label;
            assert!(
                (0.0..geo.width).contains(&x) && (0.0..geo.height).contains(&y),
                "{region}"
            );
        }
        let svg = korea_map("m", "지도", "설명", &[]);
        for region in Region::all() {
            assert_eq!(
                svg.matches(&format!(r#"data-region="{}""#, region.slug())).count(),
                1,
                "{region}"
            );
        }
    }

    #[test]
    fn a_selected_region_is_hatched_labelled_and_linked_with_its_name() {
        let svg = korea_map(
            "round-2021",
            "2021년 선정 지역",
            "경기가 선정되었습니다.",
            &gyeonggi_selected("2021년 선정"),
        );
        let gyeonggi = region_markup(&svg, Region::Gyeonggi);
        assert!(
            gyeonggi.starts_with(r#"<a href="/rounds/2021/plans/경기?a=1&amp;b=2"><title>경기 (2021년 선정)</title>"#)
        );
        assert!(gyeonggi.contains(r#"fill="url(#round-2021-hatch)""#));
        assert!(gyeonggi.contains(SELECTED_STROKE));
        assert!(svg.contains(r#"<pattern id="round-2021-hatch""#));
        assert!(svg.contains(">경기</text>"), "a visible label");
        assert_eq!(svg.matches("<circle").count(), 1, "one marker");
        assert!(svg.contains(r#"role="group" aria-labelledby="round-2021-title round-2021-desc""#));
        assert!(svg.contains(r#"<title id="round-2021-title">2021년 선정 지역</title>"#));
    }

    #[test]
    fn an_unselected_region_is_plain_grey_without_label_or_link() {
        let svg = korea_map("m", "지도", "설명", &gyeonggi_selected("선정"));
        let seoul = region_markup(&svg, Region::Seoul);
        assert!(seoul.starts_with("<path"), "no link: {seoul:.80}");
        assert!(seoul.contains(PLAIN_FILL) && !seoul.contains("url(#"));
        assert!(!svg.contains(">서울</text>"));

        let none = korea_map("m", "지도", "설명", &[]);
        assert!(!none.contains("<a ") && !none.contains("<circle") && !none.contains(r#"fill="url(#"#));
    }

    #[test]
    fn every_inserted_text_is_escaped() {
        let svg = korea_map(
            r#"x" onload="y"#,
            "<제목> & \"따옴표\"",
            "a<b",
            &gyeonggi_selected(r#"비고 <&">"#),
        );
        assert!(svg.contains("경기 (비고 &lt;&amp;&quot;&gt;)"));
        assert!(svg.contains("&lt;제목&gt; &amp; &quot;따옴표&quot;"));
        assert!(svg.contains(r#"id="x--onload--y""#), "ids keep to safe characters");
        assert!(!svg.contains("<&") && !svg.contains("<제목>"));
        assert_well_formed(&svg);
    }

    #[test]
    fn two_maps_have_distinct_ids() {
        let a = korea_map("a", "", "", &gyeonggi_selected(""));
        let b = korea_map("b", "", "", &gyeonggi_selected(""));
        assert!(a.contains(r#"id="a-hatch""#) && b.contains(r#"id="b-hatch""#));
        assert!(!b.contains("#a-"));
        assert!(korea_map("1st", "", "", &[]).contains(r#"id="map-1st""#));
    }

    #[test]
    fn the_svg_is_well_formed() {
        let regions: Vec<MapRegion> = Region::all()
            .enumerate()
            .map(|(i, region)| MapRegion {
                region,
                selected: i % 2 == 0,
                href: (i % 3 == 0).then(|| format!("/regions/{}", region.slug())),
                note: (i % 4 == 0).then(|| "note & more".to_string()),
            })
            .collect();
        let svg = korea_map("all", "전체", "설명", &regions);
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains(ATTRIBUTION));
        assert_well_formed(&svg);
    }

    /// Tags balance, attributes are quoted, and every `&` starts an entity.
    fn assert_well_formed(svg: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(lt) = rest.find('<') {
            assert!(!rest[..lt].contains('>'), "stray '>' before {:.60}", &rest[lt..]);
            let gt = lt + rest[lt..].find('>').expect("tag closes");
            let tag = &rest[lt + 1..gt];
            assert!(!tag.contains('<'), "'<' inside tag {tag:.60}");
            assert_eq!(tag.matches('"').count() % 2, 0, "quotes balance in {tag:.60}");
            let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
            if let Some(closing) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(closing), "closing tag matches");
            } else if !tag.ends_with('/') {
                open.push(name);
            }
            rest = &rest[gt + 1..];
        }
        assert!(open.is_empty(), "unclosed: {open:?}");
        for (at, _) in svg.match_indices('&') {
            let entity = &svg[at..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "raw & at {:.30}",
                entity
            );
        }
    }
}
