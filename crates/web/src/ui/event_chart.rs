//! The event-study chart: the difference between selected hubs and their comparison complexes
//! at each quarter from selection, in percent, with its 95% interval as a vertical whisker. The
//! bar charts of `chart` start at zero and cannot draw a difference that goes below it.
//!
//! Accessibility as in `chart`: `role="img"` named by `<title>` and `<desc>`; the desc says what
//! the chart shows and where the numbers are (the table next to it holds every point). Points
//! are filled circles before and after selection alike; the reference quarter is a hollow
//! circle on the zero line and the selection is a labelled dashed line, so nothing rests on
//! colour alone. Text is at least 12 units, #1e2124 or #464c53 on white.

use std::fmt::Write;

use crate::ui::chart::{FONTS, GRID, MUTED, TEXT};
use crate::ui::svg::{escape, id};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;
/// KRDS primary 60, as the bar charts' second series.
const POINT: &str = "#0b50d0";

/// One quarter of the chart: its event time and, except at the reference quarter, the estimate
/// and interval in percent.
pub struct EventPoint {
    pub event: i32,
    pub percent: Option<(f64, f64, f64)>,
}

pub fn event_chart(chart_id: &str, title: &str, description: &str, points: &[EventPoint]) -> String {
    let ids = id(chart_id, "chart");
    let (low, high) = points
        .iter()
        .filter_map(|p| p.percent)
        .fold((0.0f64, 0.0f64), |(lo, hi), (_, l, h)| (lo.min(l), hi.max(h)));
    let step = nice_step((high - low).max(1.0) / 5.0);
    let (bottom_value, top_value) = ((low / step).floor() * step, (high / step).ceil() * step);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + (top_value - v) / (top_value - bottom_value).max(f64::EPSILON) * plot_h;
    let n = points.len().max(1) as f64;
    let slot = (WIDTH - LEFT - RIGHT) / n;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart event-chart\" role=\"img\" aria-labelledby=\"{ids}-title {ids}-desc\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" font-family=\"{FONTS}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{ids}-title\">{}</title><desc id=\"{ids}-desc\">{}</desc><g aria-hidden=\"true\">",
        escape(title),
        escape(description)
    );
    let mut v = bottom_value;
    while v <= top_value + step / 2.0 {
        let colour = if v.abs() < step / 1000.0 { MUTED } else { GRID };
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\" stroke=\"{colour}\"/>\
             <text x=\"{2}\" y=\"{3:.1}\" text-anchor=\"end\" font-size=\"12\" fill=\"{MUTED}\">{4}%</text>",
            y(v),
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            trim(v)
        );
        v += step;
    }
    if let Some(i) = points.iter().position(|p| p.event == 0) {
        let sx = x(i) - slot / 2.0;
        let _ = write!(
            out,
            "<line x1=\"{sx:.1}\" y1=\"{TOP}\" x2=\"{sx:.1}\" y2=\"{0:.1}\" stroke=\"{TEXT}\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{1:.1}\" y=\"{2}\" font-size=\"12\" fill=\"{TEXT}\">선정</text>",
            HEIGHT - BOTTOM,
            sx + 4.0,
            TOP - 8.0
        );
    }
    for (i, p) in points.iter().enumerate() {
        let cx = x(i);
        if p.event % 2 == 0 {
            let _ = write!(
                out,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
                HEIGHT - BOTTOM + 16.0,
                p.event
            );
        }
        match p.percent {
            Some((estimate, low, high)) => {
                let _ = write!(
                    out,
                    "<line x1=\"{cx:.1}\" y1=\"{:.1}\" x2=\"{cx:.1}\" y2=\"{:.1}\" stroke=\"{POINT}\" stroke-width=\"2\"/>\
                     <circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{POINT}\"/>",
                    y(low),
                    y(high),
                    y(estimate)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#fff\" stroke=\"{TEXT}\" stroke-width=\"2\"/>",
                    y(0.0)
                );
            }
        }
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">선정 분기로부터 분기 (0 = 선정 분기, -1 = 기준)</text>",
        LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
        HEIGHT - 8.0
    );
    out.push_str("</g></svg>");
    out
}

/// 1, 2, 2.5 or 5 × 10^k at or above `rough`.
fn nice_step(rough: f64) -> f64 {
    let magnitude = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude)
}

/// A gridline value without trailing zeros: 2.5, 5, -10.
fn trim(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    let text = format!("{rounded:.1}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_named_image_with_a_whisker_per_point_and_a_hollow_reference() {
        let points = vec![
            EventPoint {
                event: -2,
                percent: Some((0.5, -1.0, 2.0)),
            },
            EventPoint {
                event: -1,
                percent: None,
            },
            EventPoint {
                event: 0,
                percent: Some((4.9, 3.1, 6.8)),
            },
        ];
        let svg = event_chart("impact employment", "고용 <효과>", "설명", &points);
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"impact-employment-title"));
        assert!(svg.contains("<title id=\"impact-employment-title\">고용 &lt;효과&gt;</title>"));
        assert_eq!(
            svg.matches("stroke-width=\"2\"/><circle").count(),
            2,
            "two estimated points"
        );
        assert_eq!(svg.matches("fill=\"#fff\"").count(), 1, "one reference point");
        assert!(svg.contains(">선정</text>"));
    }

    #[test]
    fn gridlines_fall_on_round_steps() {
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(0.21), 0.25);
        assert_eq!(nice_step(4.0), 5.0);
        assert_eq!(trim(-0.0), "0");
        assert_eq!(trim(2.5), "2.5");
        assert_eq!(trim(-10.0), "-10");
    }
}
