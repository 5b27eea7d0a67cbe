//! Charts drawn on the server as SVG strings, for dashboards of budgets (억 원), jobs, firms
//! and goal progress. One [`Chart`] holds the numbers; [`Chart::bars`] draws one row of bars
//! per category (regions, ministries), [`Chart::columns`] one group of columns per category
//! (years, quarters), and [`Chart::table`] the same numbers as a table to put next to either.
//! No JavaScript, and the same SVG can go into a PDF.
//!
//! Accessibility (KWCAG 2.2; research/ecosystem.md §3):
//! - The `<svg>` is `role="img"`, named by its `<title>` and `<desc>` (`aria-labelledby`).
//!   When some category links somewhere it is `role="group"` instead: an image's children are
//!   presentational, so links inside one would be focusable yet nameless (axe
//!   `nested-interactive`). The drawing is then `aria-hidden` and each category is read out
//!   once, as "서울: 계획 1,200, 집행 900 (단위: 억 원)" — a link's `<title>`, or the
//!   `aria-label` of a `role="img"` group where there is no link.
//! - Series differ by fill pattern (solid, diagonal hatch, dots, cross-hatch, horizontal and
//!   vertical stripes, then again in another colour) and are named in a legend, so colour is
//!   never the only cue (색에 무관한 콘텐츠 인식). Every bar prints its value; every bar has a
//!   dark outline, so it stands out from the white background whatever its fill.
//! - `width="100%"` with a viewBox 640 wide, so the drawing shrinks with its container; text
//!   is at least 12 units, #1e2124 or #464c53 on white (over 7:1). At 320 CSS px that text is
//!   6 px, so a page should give the `svg.chart` a `min-width` inside a container that scrolls
//!   sideways (WCAG 1.4.10 lets two-dimensional content scroll); the table next to it reflows.
//!
//! Scale: gridlines every step of 1, 2, 2.5 or 5 × 10^k (whole numbers only), the smallest
//! such step that covers the largest value in at most five; the axis ends at the first
//! multiple of the step at or above that value. So the longest bar fills at least two thirds
//! of the axis (a maximum of 1, 2, 2.5 or 5 × 10^k alone can leave half of it empty: 1,010 →
//! 2,000), and there are 3 to 5 gridlines above zero once the largest value is over 5.
//! Largest value → axis: 0 → 1, 3 → 3, 7 → 8, 23 → 25, 1,010 → 1,250, 1,234 → 1,250.
//!
//! Negative values: there is no baseline below zero. A negative value draws no bar; its value
//! is still printed at the zero line, in the link's title and in the table.

use std::fmt::Write;

use crate::ui::svg::escape;

const WIDTH: f64 = 640.0;
const PAD: f64 = 8.0;
const FONT: f64 = 13.0;
const SMALL: f64 = 12.0;
pub(crate) const TEXT: &str = "#1e2124";
pub(crate) const MUTED: &str = "#464c53";
pub(crate) const GRID: &str = "#cdd1d5";
/// KRDS primary 50, 60, 70 and grey 70, 50: each at least 3:1 against white.
const PALETTE: [&str; 5] = ["#256ef4", "#0b50d0", "#464c53", "#083891", "#6d7882"];
pub(crate) const FONTS: &str = "'Pretendard GOV', 'Noto Sans KR', sans-serif";
/// Height of one bar in [`Chart::bars`], and the gap between categories.
const BAR: f64 = 20.0;
const ROW_GAP: f64 = 12.0;
/// Height of the plot in [`Chart::columns`].
const PLOT_H: f64 = 220.0;

/// One kind of value measured in every category: "계획" and "집행", or "국비", "지방비", "민자".
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
}

/// One row of the table and one group of bars: a region, a ministry, a year.
#[derive(Clone, Debug)]
pub struct Category {
    pub label: String,
    /// Where the category's own page is; makes its bars and its row header links.
    pub href: Option<String>,
    /// One value per series, in the order of [`Chart::series`]; a missing one draws nothing
    /// and leaves its table cell empty.
    pub values: Vec<i64>,
}

/// The numbers of one chart and how to say them.
pub struct Chart<'a> {
    /// Prefix of every id in the output, so several charts share a page; letters, digits, `-`
    /// and `_` are kept, anything else becomes `-`.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Shown above the drawing and in the table's caption: "단위: 억 원".
    pub unit: &'a str,
    pub series: Vec<Series>,
    pub categories: Vec<Category>,
    /// How a value is written, on bars, gridlines and in the table.
    pub format: fn(i64) -> String,
}

impl Chart<'_> {
    /// Horizontal grouped bars, one row per category: suits long lists such as regions. The
    /// height grows with the number of categories.
    pub fn bars(&self) -> String {
        let ids = self.ids("bars");
        let scale = Scale::of(self.largest());
        let per_row = self.series.len().max(1) as f64 * BAR;
        let label_w = widest(self.categories.iter().map(|c| c.label.as_str()), FONT).clamp(48.0, 200.0);
        let x0 = PAD + label_w + 8.0;
        let x1 = WIDTH - PAD - (self.widest_value() + 6.0).clamp(24.0, 160.0);
        let at = |v: i64| x0 + scale.fraction(v) * (x1 - x0);

        let mut out = String::new();
        out.push_str("<g aria-hidden=\"true\">");
        let top = self.legend(&mut out, &ids) + 10.0;
        let bottom = top + (per_row + ROW_GAP) * self.categories.len() as f64;
        for t in scale.ticks() {
            let x = at(t);
            let stroke = if t == 0 { MUTED } else { GRID };
            line(&mut out, x, top, x, bottom, stroke);
            text(&mut out, x, bottom + 16.0, "middle", SMALL, MUTED, &(self.format)(t));
        }
        out.push_str("</g>");

        for (i, category) in self.categories.iter().enumerate() {
            let y = top + ROW_GAP / 2.0 + (per_row + ROW_GAP) * i as f64;
            let mut g = String::new();
            let label = fit(&category.label, label_w, FONT);
            text(
                &mut g,
                x0 - 8.0,
                y + per_row / 2.0 + 0.35 * FONT,
                "end",
                FONT,
                TEXT,
                &label,
            );
            for (s, &v) in category.values.iter().take(self.series.len()).enumerate() {
                let by = y + BAR * s as f64;
                let w = at(v) - x0;
                if w > 0.0 {
                    bar(&mut g, &ids, s, x0, by + 1.0, w, BAR - 2.0);
                }
                let value = (self.format)(v);
                text(
                    &mut g,
                    x0 + w + 4.0,
                    by + BAR / 2.0 + 0.35 * SMALL,
                    "start",
                    SMALL,
                    TEXT,
                    &value,
                );
            }
            self.category(&mut out, category, &g);
        }
        self.svg(&ids, bottom + 24.0, &out)
    }

    /// Vertical grouped columns, one group per category: suits a few years or quarters. Value
    /// labels turn upright when they are wider than a column.
    pub fn columns(&self) -> String {
        let ids = self.ids("columns");
        let scale = Scale::of(self.largest());
        let n = self.series.len().max(1) as f64;
        let axis_w = widest(
            scale
                .ticks()
                .map(self.format)
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
            SMALL,
        );
        let x0 = PAD + axis_w.max(16.0) + 8.0;
        let group_w = (WIDTH - PAD - x0) / self.categories.len().max(1) as f64;
        let col_w = (group_w * 0.8 / n).min(56.0);
        let value_w = self.widest_value();
        let upright = value_w + 2.0 > col_w;

        let mut out = String::new();
        out.push_str("<g aria-hidden=\"true\">");
        let top = self.legend(&mut out, &ids) + if upright { value_w + 12.0 } else { 24.0 };
        let bottom = top + PLOT_H;
        let at = |v: i64| bottom - scale.fraction(v) * PLOT_H;
        for t in scale.ticks() {
            let y = at(t);
            line(&mut out, x0, y, WIDTH - PAD, y, if t == 0 { MUTED } else { GRID });
            text(
                &mut out,
                x0 - 6.0,
                y + 0.35 * SMALL,
                "end",
                SMALL,
                MUTED,
                &(self.format)(t),
            );
        }
        out.push_str("</g>");

        for (i, category) in self.categories.iter().enumerate() {
            let gx = x0 + group_w * i as f64;
            let start = gx + (group_w - n * col_w) / 2.0;
            let mut g = String::new();
            let label = fit(&category.label, group_w - 4.0, FONT);
            text(&mut g, gx + group_w / 2.0, bottom + 18.0, "middle", FONT, TEXT, &label);
            for (s, &v) in category.values.iter().take(self.series.len()).enumerate() {
                let x = start + col_w * s as f64;
                let y = at(v);
                if bottom - y > 0.0 {
                    bar(&mut g, &ids, s, x + 1.0, y, (col_w - 2.0).max(1.0), bottom - y);
                }
                let value = (self.format)(v);
                let cx = x + col_w / 2.0;
                if upright {
                    let (tx, ty) = (cx + 0.35 * SMALL, y - 4.0);
                    let _ = write!(
                        g,
                        "<text x=\"{tx:.1}\" y=\"{ty:.1}\" transform=\"rotate(-90 {tx:.1} {ty:.1})\" \
                         font-size=\"{SMALL}\" fill=\"{TEXT}\">{}</text>",
                        escape(&value)
                    );
                } else {
                    text(&mut g, cx, y - 4.0, "middle", SMALL, TEXT, &value);
                }
            }
            self.category(&mut out, category, &g);
        }
        self.svg(&ids, bottom + 30.0, &out)
    }

    /// The values as a table: caption "title (unit)", a column header per series, a row header
    /// per category (a link when the category has one), each cell the formatted value.
    pub fn table(&self) -> String {
        let mut out = String::from("<div class=\"krds-table-wrap\"><table class=\"krds-table tbl\">");
        let _ = write!(
            out,
            "<caption>{}</caption><thead><tr><td></td>",
            escape(&self.caption())
        );
        for series in &self.series {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&series.name));
        }
        out.push_str("</tr></thead><tbody>");
        for category in &self.categories {
            let label = escape(&category.label);
            match &category.href {
                Some(href) => {
                    let _ = write!(
                        out,
                        "<tr><th scope=\"row\"><a href=\"{}\">{label}</a></th>",
                        escape(href)
                    );
                }
                None => {
                    let _ = write!(out, "<tr><th scope=\"row\">{label}</th>");
                }
            }
            for s in 0..self.series.len() {
                let value = category.values.get(s).map(|&v| (self.format)(v)).unwrap_or_default();
                let _ = write!(out, "<td class=\"num\">{}</td>", escape(&value));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
        out
    }

    fn caption(&self) -> String {
        if self.unit.is_empty() {
            self.title.to_string()
        } else {
            format!("{} ({})", self.title, self.unit)
        }
    }

    /// The id prefix of one drawing: the chart's id, cleaned, and the kind of drawing.
    fn ids(&self, kind: &str) -> String {
        format!("{}-{kind}", crate::ui::svg::id(self.id, "chart"))
    }

    fn largest(&self) -> i64 {
        self.categories
            .iter()
            .flat_map(|c| c.values.iter().take(self.series.len()))
            .copied()
            .max()
            .unwrap_or(0)
    }

    fn widest_value(&self) -> f64 {
        let values: Vec<String> = self
            .categories
            .iter()
            .flat_map(|c| &c.values)
            .map(|&v| (self.format)(v))
            .collect();
        widest(values.iter().map(String::as_str), SMALL)
    }

    /// What one category says when read out: "서울: 계획 1,200, 집행 900 (단위: 억 원)".
    fn summary(&self, category: &Category) -> String {
        let values: Vec<String> = (self.series.iter().zip(&category.values))
            .map(|(s, &v)| format!("{} {}", s.name, (self.format)(v)))
            .collect();
        let mut summary = format!("{}: {}", category.label, values.join(", "));
        if !self.unit.is_empty() {
            let _ = write!(summary, " ({})", self.unit);
        }
        summary
    }

    fn linked(&self) -> bool {
        self.categories.iter().any(|c| c.href.is_some())
    }

    /// One category's drawing, as a link when it has one; see the module's notes on roles.
    fn category(&self, out: &mut String, category: &Category, drawing: &str) {
        let summary = escape(&self.summary(category));
        match &category.href {
            Some(href) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\"><title>{summary}</title><g aria-hidden=\"true\">{drawing}</g></a>",
                    escape(href)
                );
            }
            None if self.linked() => {
                let _ = write!(
                    out,
                    "<g role=\"img\" aria-label=\"{summary}\"><g aria-hidden=\"true\">{drawing}</g></g>"
                );
            }
            None => out.push_str(drawing),
        }
    }

    /// The unit at the top right and the legend, wrapping, at the top left; returns its bottom.
    fn legend(&self, out: &mut String, ids: &str) -> f64 {
        text(out, WIDTH - PAD, PAD + 13.0, "end", FONT, TEXT, self.unit);
        let right = WIDTH - PAD - text_width(self.unit, FONT) - 16.0;
        let (mut x, mut y) = (PAD, PAD);
        for (s, series) in self.series.iter().enumerate() {
            let name = fit(&series.name, right - PAD - 22.0, FONT);
            let w = 22.0 + text_width(&name, FONT);
            if x > PAD && x + w > right {
                (x, y) = (PAD, y + 22.0);
            }
            bar(out, ids, s, x, y, 16.0, 16.0);
            text(out, x + 22.0, y + 13.0, "start", FONT, TEXT, &name);
            x += w + 18.0;
        }
        y + 16.0
    }

    fn svg(&self, ids: &str, height: f64, body: &str) -> String {
        let role = if self.linked() { "group" } else { "img" };
        let desc = match (self.description.is_empty(), self.unit.is_empty()) {
            (_, true) => self.description.to_string(),
            (true, false) => self.unit.to_string(),
            (false, false) => format!("{} ({})", self.description, self.unit),
        };
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
             width=\"100%\" role=\"{role}\" aria-labelledby=\"{ids}-title {ids}-desc\" font-family=\"{FONTS}\">"
        );
        let _ = write!(
            out,
            r#"<title id="{ids}-title">{}</title><desc id="{ids}-desc">{}</desc><defs>{}</defs>"#,
            escape(self.title),
            escape(&desc),
            patterns(ids, self.series.len())
        );
        let _ = write!(
            out,
            r##"<rect width="{WIDTH}" height="{height:.0}" fill="#fff"/>{body}</svg>"##
        );
        out
    }
}

/// The value axis: from 0 to `max`, a gridline every `step`.
#[derive(Debug, PartialEq)]
struct Scale {
    max: i64,
    step: i64,
}

impl Scale {
    /// The smallest step of 1, 2, 2.5 or 5 × 10^k (whole numbers only) that covers `largest`
    /// in at most five steps; the axis ends at the first multiple of it at or above `largest`
    /// (at least 1). Above 5 that is always 3 to 5 steps.
    fn of(largest: i64) -> Scale {
        let wanted = i128::from(largest.max(1));
        let mut power: i128 = 1;
        loop {
            // Tenths of the power.
            for tenths in [10, 20, 25, 50] {
                if tenths * power % 10 != 0 || tenths * power / 10 * 5 < wanted {
                    continue;
                }
                let step = tenths * power / 10;
                let max = (wanted + step - 1) / step * step;
                return match (i64::try_from(max), i64::try_from(step)) {
                    (Ok(max), Ok(step)) => Scale { max, step },
                    _ => Scale {
                        max: i64::MAX,
                        step: i64::MAX / 4,
                    },
                };
            }
            power *= 10;
        }
    }

    /// Where `value` sits along the axis, from 0 to 1; negatives sit at 0.
    fn fraction(&self, value: i64) -> f64 {
        value.clamp(0, self.max) as f64 / self.max as f64
    }

    fn ticks(&self) -> impl Iterator<Item = i64> {
        (0..=self.max).step_by(self.step as usize)
    }
}

/// One pattern per series: solid, diagonal hatch, dots, cross-hatch, horizontal and vertical
/// stripes; the colour cycles by fives, so the first 30 series all differ.
fn patterns(ids: &str, count: usize) -> String {
    let mut out = String::new();
    for s in 0..count {
        let c = PALETTE[s % PALETTE.len()];
        let (size, turn, marks) = match s % 6 {
            0 => (8, "", format!(r#"<rect width="8" height="8" fill="{c}"/>"#)),
            1 => (
                8,
                " patternTransform=\"rotate(45)\"",
                format!(r#"<rect width="4" height="8" fill="{c}"/>"#),
            ),
            2 => (6, "", format!(r#"<circle cx="3" cy="3" r="1.8" fill="{c}"/>"#)),
            3 => (
                8,
                " patternTransform=\"rotate(45)\"",
                format!(r#"<rect width="2.5" height="8" fill="{c}"/><rect width="8" height="2.5" fill="{c}"/>"#),
            ),
            4 => (6, "", format!(r#"<rect width="6" height="3" fill="{c}"/>"#)),
            _ => (6, "", format!(r#"<rect width="3" height="6" fill="{c}"/>"#)),
        };
        let _ = write!(
            out,
            "<pattern id=\"{ids}-s{s}\" width=\"{size}\" height=\"{size}\" patternUnits=\"userSpaceOnUse\"{turn}>\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>{marks}</pattern>"
        );
    }
    out
}

/// A bar or a legend swatch of series `s`.
fn bar(out: &mut String, ids: &str, s: usize, x: f64, y: f64, w: f64, h: f64) {
    let _ = write!(
        out,
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"url(#{ids}-s{s})\" \
         stroke=\"{TEXT}\" stroke-width=\"1\"/>"
    );
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
    let _ = write!(
        out,
        r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="1"/>"#
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, size: f64, fill: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">{}</text>"#,
        escape(content)
    );
}

/// Roughly how wide `s` is at `size`: Hangul and other wide script a full em, punctuation a
/// third, the rest six tenths. Generous, so labels do not run into each other.
fn text_width(s: &str, size: f64) -> f64 {
    let ems: f64 = s
        .chars()
        .map(|c| match c {
            '\u{1100}'.. => 1.0,
            ',' | '.' | ' ' | ':' | '\'' | '|' | 'i' | 'l' | '!' => 0.32,
            _ => 0.62,
        })
        .sum();
    ems * size
}

fn widest<'s>(texts: impl Iterator<Item = &'s str>, size: f64) -> f64 {
    texts.map(|t| text_width(t, size)).fold(0.0, f64::max)
}

/// `s` cut to `width`, ending in "…" when cut; the whole text stays in the table and the title.
fn fit(s: &str, width: f64, size: f64) -> String {
    if text_width(s, size) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) + size > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thousands(v: i64) -> String {
        let digits = v.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(d);
        }
        if v < 0 { format!("-{out}") } else { out }
    }

    fn chart(categories: &[(&str, Option<&str>, &[i64])]) -> Chart<'static> {
        Chart {
            id: "budget",
            title: "연도별 예산",
            description: "국비와 지방비의 연도별 예산",
            unit: "단위: 억 원",
            series: ["국비", "지방비", "민자"]
                .map(|name| Series { name: name.to_string() })
                .to_vec(),
            categories: categories
                .iter()
                .map(|(label, href, values)| Category {
                    label: label.to_string(),
                    href: href.map(str::to_string),
                    values: values.to_vec(),
                })
                .collect(),
            format: thousands,
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn the_axis_ends_at_the_first_multiple_of_a_1_2_2_5_or_5_step_covering_the_data_in_five() {
        let scale = |v| {
            let s = Scale::of(v);
            (s.max, s.step)
        };
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(-40), (1, 1));
        assert_eq!(scale(3), (3, 1));
        assert_eq!(scale(7), (8, 2));
        assert_eq!(scale(10), (10, 2));
        assert_eq!(scale(11), (15, 5));
        assert_eq!(scale(23), (25, 5));
        assert_eq!(scale(26), (30, 10));
        assert_eq!(scale(1010), (1250, 250));
        assert_eq!(scale(1234), (1250, 250));
        assert_eq!(scale(2001), (2500, 500));
        assert_eq!(scale(98_765), (100_000, 20_000));
        assert_eq!(scale(i64::MAX).0, i64::MAX);
    }

    #[test]
    fn there_are_three_to_five_gridlines_above_zero_once_the_data_passes_five() {
        for v in (6..5_000).chain([123_456, 9_999_999, i64::MAX]) {
            let ticks: Vec<i64> = Scale::of(v).ticks().collect();
            assert!((4..=6).contains(&ticks.len()), "{v}: {ticks:?}");
            assert!(*ticks.last().unwrap() >= v || v == i64::MAX, "{v}: {ticks:?}");
        }
        let ticks = |v| Scale::of(v).ticks().collect::<Vec<_>>();
        assert_eq!(ticks(1234), [0, 250, 500, 750, 1000, 1250]);
        assert_eq!(ticks(0), [0, 1]);
        assert_eq!(ticks(2), [0, 1, 2]);
    }

    #[test]
    fn each_series_fills_with_its_own_pattern_and_is_named_in_the_legend() {
        let svg = chart(&[("2024", None, &[10, 20, 30])]).bars();
        let defs = patterns("x", 6);
        let bodies: Vec<&str> = defs.split("<pattern id=\"x-s").skip(1).map(|p| &p[1..]).collect();
        assert_eq!(bodies.len(), 6);
        for (i, a) in bodies.iter().enumerate() {
            for b in &bodies[i + 1..] {
                assert_ne!(a, b);
            }
        }
        for (s, name) in ["국비", "지방비", "민자"].iter().enumerate() {
            assert_eq!(count(&svg, &format!("<pattern id=\"budget-bars-s{s}\"")), 1);
            // Its legend swatch and its bar.
            assert_eq!(count(&svg, &format!("fill=\"url(#budget-bars-s{s})\"")), 2);
            assert!(svg.contains(&format!(">{name}</text>")));
        }
    }

    #[test]
    fn every_bar_and_column_prints_its_formatted_value() {
        let c = chart(&[("서울", None, &[1200, 35, -7]), ("부산", None, &[0, 98765, 4])]);
        for svg in [c.bars(), c.columns()] {
            for value in ["1,200", "35", "-7", "0", "98,765", "4"] {
                assert!(svg.contains(&format!(">{value}</text>")), "{value} in {svg}");
            }
            // The negative and the zero draw no bar: four bars, three legend swatches.
            assert_eq!(count(&svg, "fill=\"url(#"), 4 + 3);
            assert!(svg.contains(">서울</text>") && svg.contains(">부산</text>"));
        }
    }

    #[test]
    fn the_svg_is_an_image_named_by_its_title_and_description() {
        let svg = chart(&[("2024", None, &[1, 2, 3])]).columns();
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains(r#"role="img" aria-labelledby="budget-columns-title budget-columns-desc""#));
        assert!(svg.contains(r#"<title id="budget-columns-title">연도별 예산</title>"#));
        assert!(svg.contains(r#"<desc id="budget-columns-desc">국비와 지방비의 연도별 예산 (단위: 억 원)</desc>"#));
        assert!(svg.contains(r#"width="100%""#) && svg.contains(r#"viewBox="0 0 640 "#));
        assert!(!svg.contains("<a "));
    }

    #[test]
    fn two_drawings_on_one_page_share_no_id() {
        let c = chart(&[("2024", None, &[1, 2, 3])]);
        let other = Chart {
            id: "jobs",
            ..chart(&[("2024", None, &[1, 2, 3])])
        };
        let ids = |svg: &str| -> Vec<String> {
            svg.split(" id=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .collect()
        };
        let mut all = [ids(&c.bars()), ids(&c.columns()), ids(&other.bars())].concat();
        let before = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), before);
        assert!(
            Chart {
                id: "a b\"<",
                ..chart(&[])
            }
            .bars()
            .contains("id=\"a-b---bars-title\"")
        );
    }

    #[test]
    fn linked_categories_wrap_their_bars_in_a_named_link_and_the_svg_becomes_a_group() {
        let c = chart(&[
            ("서울", Some("/regions/11?y=2024&x=1"), &[1200, 35, 0]),
            ("부산", None, &[5, 6, 7]),
        ]);
        let svg = c.bars();
        assert!(svg.contains(r#"role="group" aria-labelledby="budget-bars-title budget-bars-desc""#));
        assert!(svg.contains(
            r#"<a href="/regions/11?y=2024&amp;x=1"><title>서울: 국비 1,200, 지방비 35, 민자 0 (단위: 억 원)</title>"#
        ));
        assert!(svg.contains(r#"<g role="img" aria-label="부산: 국비 5, 지방비 6, 민자 7 (단위: 억 원)">"#));
        let table = c.table();
        assert!(table.contains(r#"<th scope="row"><a href="/regions/11?y=2024&amp;x=1">서울</a></th>"#));
        assert!(table.contains(r#"<th scope="row">부산</th>"#));
    }

    #[test]
    fn the_table_has_a_caption_with_the_unit_and_scoped_headers() {
        let mut c = chart(&[("2023", None, &[1200, 35, -7]), ("2024", None, &[5])]);
        c.series.truncate(2);
        let table = c.table();
        assert!(table.contains("<table class=\"krds-table tbl\"><caption>연도별 예산 (단위: 억 원)</caption>"));
        assert_eq!(count(&table, "<th scope=\"col\">"), 2);
        assert!(table.contains("<th scope=\"col\">국비</th><th scope=\"col\">지방비</th></tr>"));
        assert!(
            table.contains("<tr><th scope=\"row\">2023</th><td class=\"num\">1,200</td><td class=\"num\">35</td></tr>")
        );
        // A missing value leaves its cell empty; a value beyond the series is not shown.
        assert!(table.contains("<tr><th scope=\"row\">2024</th><td class=\"num\">5</td><td class=\"num\"></td></tr>"));
        assert!(!table.contains("-7"));
    }

    #[test]
    fn labels_titles_and_links_are_escaped() {
        let mut c = chart(&[("<b>&\"'", Some("/x?a=\"q9\"&b=<2>"), &[1, 2, 3])]);
        c.series[0].name = "A&B <C>".to_string();
        c.title = "T<&\">";
        c.description = "D & <E>";
        for out in [c.bars(), c.columns(), c.table()] {
            assert!(!out.contains("<b>") && !out.contains("<C>") && !out.contains("<E>") && !out.contains("<2>"));
            assert!(!out.contains("\"q9\"") && !out.contains("&\"'"));
            assert!(out.contains("A&amp;B &lt;C&gt;"));
        }
        assert!(c.bars().contains("&lt;b&gt;&amp;&quot;&#39;"));
        assert!(
            c.table()
                .contains(r#"<a href="/x?a=&quot;q9&quot;&amp;b=&lt;2&gt;">&lt;b&gt;&amp;&quot;&#39;</a>"#)
        );
        assert!(
            c.columns()
                .contains("<title id=\"budget-columns-title\">T&lt;&amp;&quot;&gt;</title>")
        );
    }

    #[test]
    fn zero_and_empty_data_render_without_panicking() {
        let zeros = chart(&[("2024", None, &[0, 0, 0]), ("2025", None, &[])]);
        let empty = Chart {
            series: Vec::new(),
            ..chart(&[])
        };
        for c in [zeros, empty] {
            for svg in [c.bars(), c.columns()] {
                assert!(svg.ends_with("</svg>"));
                assert!(!svg.contains("NaN") && !svg.contains("inf"));
            }
            assert!(c.table().ends_with("</table></div>"));
        }
    }

    #[test]
    fn the_drawing_grows_with_the_categories_and_long_labels_are_cut() {
        let height = |svg: &str| -> f64 {
            let h = &svg[svg.find("viewBox=\"0 0 640 ").unwrap() + 17..];
            h[..h.find('"').unwrap()].parse().unwrap()
        };
        let few = chart(&[("a", None, &[1, 2, 3])]).bars();
        let row: (&str, Option<&str>, &[i64]) = ("a", None, &[1, 2, 3]);
        let many = chart(&[row; 10]).bars();
        assert!(height(&many) > height(&few) + 9.0 * 3.0 * BAR);
        let long = "아주 긴 이름의 산업단지 혁신 사업 대상 지역 이름입니다".repeat(2);
        let svg = chart(&[(&long, None, &[1, 2, 3])]).bars();
        assert!(svg.contains("…</text>") && !svg.contains(&format!(">{long}<")));
        assert!(fit("서울", 100.0, FONT) == "서울");
    }
}
