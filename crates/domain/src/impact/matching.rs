//! 비교 산단 짝짓기: each hub's nearest comparison complexes of its own kind on the level and
//! trend of the indicator before selection.

use super::{Comparison, NEIGHBOURS};
use crate::complex::{ComplexId, SiteKind};

/// A complex with its logged series over the window.
pub(super) struct Series<'a> {
    pub complex: &'a ComplexId,
    pub kind: SiteKind,
    pub logs: Vec<f64>,
}

/// The comparisons chosen, and the hubs no complex of their kind could stand in for.
pub(super) struct Matched {
    pub comparison: Vec<Comparison>,
    pub unmatched: Vec<ComplexId>,
}

/// Up to `NEIGHBOURS` of `pool` for each of `treated`, without replacement, on the mean and
/// least-squares slope of the first `pre` quarters, each divided by its spread over everyone so
/// that neither dominates. Pairs are taken nearest first over all hubs (greedy matching), so no
/// hub's order decides who gets the closest complex; ties go to the smaller ids. Without
/// replacement each comparison belongs to one hub's matched set, and errors clustered by matched
/// set are valid after matching (Abadie and Spiess, 2021). A comparison's weight is 1/k for a
/// hub with k comparisons, so the comparison group weighs as much as the hubs.
pub(super) fn nearest(treated: &[Series], pool: &[Series], pre: usize) -> Matched {
    let features = |s: &Series| level_and_trend(&s.logs[..pre]);
    let all: Vec<(f64, f64)> = treated.iter().chain(pool).map(features).collect();
    let (level_scale, trend_scale) = (spread(all.iter().map(|f| f.0)), spread(all.iter().map(|f| f.1)));
    let pool_features: Vec<(f64, f64)> = pool.iter().map(features).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (h, hub) in treated.iter().enumerate() {
        let (level, trend) = features(hub);
        for (c, _) in pool.iter().enumerate().filter(|(_, c)| c.kind == hub.kind) {
            let (l, t) = pool_features[c];
            let distance = ((l - level) / level_scale).powi(2) + ((t - trend) / trend_scale).powi(2);
            pairs.push((distance, h, c));
        }
    }
    pairs.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| treated[a.1].complex.cmp(treated[b.1].complex))
            .then_with(|| pool[a.2].complex.cmp(pool[b.2].complex))
    });
    let mut sets: Vec<Vec<usize>> = vec![Vec::new(); treated.len()];
    let mut used = vec![false; pool.len()];
    for (_, h, c) in pairs {
        if sets[h].len() < NEIGHBOURS && !used[c] {
            sets[h].push(c);
            used[c] = true;
        }
    }
    let mut comparison = Vec::new();
    let mut unmatched = Vec::new();
    for (hub, set) in treated.iter().zip(&sets) {
        if set.is_empty() {
            unmatched.push(hub.complex.clone());
        }
        for &c in set {
            comparison.push(Comparison {
                complex: pool[c].complex.clone(),
                weight: 1.0 / set.len() as f64,
                matched_to: hub.complex.clone(),
            });
        }
    }
    comparison.sort_by(|a, b| a.complex.cmp(&b.complex));
    Matched { comparison, unmatched }
}

/// Mean and least-squares slope per quarter.
fn level_and_trend(logs: &[f64]) -> (f64, f64) {
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let centre = (n - 1.0) / 2.0;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, y) in logs.iter().enumerate() {
        let dt = t as f64 - centre;
        sxy += dt * (y - mean);
        sxx += dt * dt;
    }
    (mean, if sxx > 0.0 { sxy / sxx } else { 0.0 })
}

/// The standard deviation, or 1 where there is none to divide by.
fn spread(values: impl Iterator<Item = f64>) -> f64 {
    let values: Vec<f64> = values.collect();
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd.is_finite() && sd > 0.0 { sd } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series<'a>(id: &'a ComplexId, kind: SiteKind, logs: &[f64]) -> Series<'a> {
        Series {
            complex: id,
            kind,
            logs: logs.to_vec(),
        }
    }

    #[test]
    fn level_and_trend_are_the_mean_and_the_least_squares_slope() {
        let (level, trend) = level_and_trend(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!((level, trend), (2.5, 1.0));
        assert_eq!(level_and_trend(&[5.0, 5.0]), (5.0, 0.0));
    }

    #[test]
    fn hubs_take_their_nearest_of_their_own_kind_without_sharing_and_weights_sum_to_the_hubs() {
        let ids: Vec<ComplexId> = (0..12).map(|i| ComplexId(format!("c{i:02}"))).collect();
        let hub = series(&ids[0], SiteKind::General, &[3.0, 3.1]);
        let hub2 = series(&ids[1], SiteKind::General, &[3.05, 3.15]);
        let hub3 = series(&ids[2], SiteKind::National, &[9.0, 9.0]);
        let general = |i: usize, level: f64| series(&ids[i], SiteKind::General, &[level, level + 0.1]);
        let pool: Vec<Series> = vec![
            general(3, 3.0),
            general(4, 3.05),
            series(&ids[5], SiteKind::National, &[3.0, 3.1]),
            general(6, 3.2),
            general(7, 1.0),
            general(8, 2.0),
            general(9, 4.0),
            general(10, 7.0),
            general(11, 3.1),
        ];
        let matched = nearest(&[hub, hub2, hub3], &pool, 2);
        let set = |hub: usize| -> Vec<&str> {
            matched
                .comparison
                .iter()
                .filter(|c| c.matched_to == ids[hub])
                .map(|c| c.complex.0.as_str())
                .collect()
        };
        // The two closest pairs go first: c03 to the hub at 3.0, c04 to the hub at 3.05; no
        // complex is in two sets and the national one at 3.0 goes to neither general hub.
        let (first, second) = (set(0), set(1));
        assert!(
            first.contains(&"c03") && second.contains(&"c04"),
            "{first:?} {second:?}"
        );
        assert!(first.iter().all(|c| !second.contains(c)));
        assert_eq!(
            first.len() + second.len(),
            8,
            "all eight general complexes for two hubs"
        );
        assert!(!first.contains(&"c05") && !second.contains(&"c05"));
        assert_eq!(set(2), vec!["c05"], "the only national complex");
        let total: f64 = matched.comparison.iter().map(|c| c.weight).sum();
        assert!((total - 3.0).abs() < 1e-12, "three hubs, comparison weight {total}");
        assert!(matched.unmatched.is_empty());
    }

    #[test]
    fn a_hub_without_a_complex_of_its_kind_is_left_unmatched() {
        let (a, b) = (ComplexId("a".into()), ComplexId("b".into()));
        let matched = nearest(
            &[series(&a, SiteKind::National, &[1.0, 2.0])],
            &[series(&b, SiteKind::General, &[1.0, 2.0])],
            2,
        );
        assert!(matched.comparison.is_empty());
        assert_eq!(matched.unmatched, vec![a]);
    }
}
