//! The arithmetic: weighted two-way fixed effects by the within transformation, least squares by
//! nalgebra, errors clustered by matched set and intervals from Student's t (statrs).
//!
//! Each sample is one cohort's balanced panel with complex weights constant over its quarters.
//! For such a panel, taking out the complex mean over time, the weighted mean of each quarter
//! and adding back the weighted grand mean is exactly the projection off the complex and quarter
//! effects (the two sets are orthogonal once the grand mean is out), so the regression on the
//! transformed columns gives the fixed-effects coefficients and residuals (Frisch–Waugh–Lovell)
//! without a dummy column per complex. Stacked cohorts are transformed one by one: their effects
//! are the cohort's own.

use std::collections::HashMap;

use nalgebra::{DMatrix, DVector};
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::panel::Sample;
use super::{EventPoint, LEVEL, Refusal};

/// A coefficient in log points with its clustered standard error, its interval at the test's
/// level and its two-sided p-value.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub coefficient: f64,
    pub std_error: f64,
    pub low: f64,
    pub high: f64,
    pub p_value: f64,
    /// Degrees of freedom of the t distribution: clusters − 1.
    pub degrees_of_freedom: usize,
}

impl Estimate {
    fn new(coefficient: f64, std_error: f64, degrees_of_freedom: usize) -> Estimate {
        let t = StudentsT::new(0.0, 1.0, degrees_of_freedom as f64)
            .expect("at least one degree of freedom, checked by fit");
        let critical = t.inverse_cdf(1.0 - LEVEL / 2.0);
        let p_value = if std_error > 0.0 {
            (2.0 * t.sf((coefficient / std_error).abs())).min(1.0)
        } else if coefficient == 0.0 {
            1.0
        } else {
            0.0
        };
        Estimate {
            coefficient,
            std_error,
            low: coefficient - critical * std_error,
            high: coefficient + critical * std_error,
            p_value,
            degrees_of_freedom,
        }
    }

    /// The coefficient as a percentage difference: 100 × (e^β − 1).
    pub fn percent(&self) -> f64 {
        to_percent(self.coefficient)
    }

    /// The interval as percentages.
    pub fn percent_interval(&self) -> (f64, f64) {
        (to_percent(self.low), to_percent(self.high))
    }

    /// The estimate, the interval's low and high ends, as percentages in tenths (49 = 4.9%), as
    /// tables print them.
    pub fn percent_tenths(&self) -> [i64; 3] {
        let (low, high) = self.percent_interval();
        [self.percent(), low, high].map(|p| (p * 10.0).round() as i64)
    }

    /// The same written out: ["4.9%", "3.1%", "6.8%"].
    pub fn percent_texts(&self) -> [String; 3] {
        self.percent_tenths().map(percent_text)
    }

    /// The interval excludes zero.
    pub fn is_significant(&self) -> bool {
        self.p_value < LEVEL
    }
}

/// A percentage in tenths written with one decimal: 49 → "4.9%", -3 → "-0.3%".
pub fn percent_text(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}%", tenths.abs() / 10, tenths.abs() % 10)
}

fn to_percent(log_points: f64) -> f64 {
    100.0 * log_points.exp_m1()
}

/// The coefficients and their clustered covariance.
pub(super) struct Fit {
    pub coefficients: DVector<f64>,
    pub covariance: DMatrix<f64>,
    pub clusters: usize,
}

impl Fit {
    pub fn estimate(&self, column: usize) -> Estimate {
        Estimate::new(
            self.coefficients[column],
            self.covariance[(column, column)].max(0.0).sqrt(),
            self.clusters - 1,
        )
    }
}

/// Fits `y = complex + quarter effects + x·β` on the samples, `x` filling the `columns`
/// regressors of a unit at an event time, with errors clustered by matched set.
pub(super) fn fit(
    samples: &[&Sample],
    columns: usize,
    x: impl Fn(&Sample, bool, i32, &mut [f64]),
) -> Result<Fit, Refusal> {
    let rows: usize = samples.iter().map(|s| s.units.len() * s.quarters()).sum();
    let mut design = DMatrix::<f64>::zeros(rows, columns);
    let mut outcome = DVector::<f64>::zeros(rows);
    let mut weights = Vec::with_capacity(rows);
    let mut cluster_of = Vec::with_capacity(rows);
    let cluster_of_unit = clusters(samples);
    let groups = cluster_of_unit.iter().flatten().max().map_or(0, |m| m + 1);
    let mut row = 0;
    for (s, sample) in samples.iter().enumerate() {
        let (t, n) = (sample.quarters(), sample.units.len());
        let mut raw = DMatrix::<f64>::zeros(n * t, columns + 1);
        for (u, unit) in sample.units.iter().enumerate() {
            for q in 0..t {
                let r = u * t + q;
                raw[(r, 0)] = unit.logs[q];
                let mut regressors = vec![0.0; columns];
                x(sample, unit.treated, sample.first_event + q as i32, &mut regressors);
                for (c, v) in regressors.into_iter().enumerate() {
                    raw[(r, c + 1)] = v;
                }
            }
        }
        let unit_weights: Vec<f64> = sample.units.iter().map(|u| u.weight).collect();
        within(&mut raw, &unit_weights, t);
        for (u, unit) in sample.units.iter().enumerate() {
            let cluster = cluster_of_unit[s][u];
            for q in 0..t {
                let r = u * t + q;
                outcome[row] = raw[(r, 0)];
                for c in 0..columns {
                    design[(row, c)] = raw[(r, c + 1)];
                }
                weights.push(unit.weight);
                cluster_of.push(cluster);
                row += 1;
            }
        }
    }
    if groups < 2 || rows <= columns {
        return Err(Refusal::Singular);
    }
    let weighted = DMatrix::from_fn(rows, columns, |r, c| design[(r, c)] * weights[r]);
    let bread = (design.transpose() * &weighted)
        .try_inverse()
        .filter(|m| m.iter().all(|v| v.is_finite()))
        .ok_or(Refusal::Singular)?;
    let coefficients = &bread * (weighted.transpose() * &outcome);
    let residuals = &outcome - &design * &coefficients;
    // Score of each cluster: Σ w·x·e over its rows.
    let mut scores = DMatrix::<f64>::zeros(groups, columns);
    for r in 0..rows {
        let e = weights[r] * residuals[r];
        for c in 0..columns {
            scores[(cluster_of[r], c)] += design[(r, c)] * e;
        }
    }
    let meat = scores.transpose() * &scores;
    let absorbed: usize = samples.iter().map(|s| s.quarters()).sum();
    let adjustment = cr1(groups, rows, columns + absorbed);
    let covariance = &bread * meat * &bread * adjustment;
    Ok(Fit {
        coefficients,
        covariance,
        clusters: groups,
    })
}

/// Each unit's cluster: its cohort's matched set. A comparison complex reused by another
/// cohort is in a set there too; its quarters overlap, but merging such sets left the stacked
/// estimate a handful of huge clusters whose errors were far too small, so sets stay apart and
/// the program's interval is read as slightly narrow (the cohorts' are exact by design).
fn clusters(samples: &[&Sample]) -> Vec<Vec<usize>> {
    let mut number: HashMap<(usize, &str), usize> = HashMap::new();
    samples
        .iter()
        .enumerate()
        .map(|(s, sample)| {
            sample
                .units
                .iter()
                .map(|unit| {
                    let next = number.len();
                    *number.entry((s, unit.set.0.as_str())).or_insert(next)
                })
                .collect()
        })
        .collect()
}

/// The CR1 small-sample factor, G/(G−1) · (N−1)/(N−K), as Stata's and reghdfe's clustered
/// errors use it; complex effects are nested in the clusters and not counted in K, quarter
/// effects are.
pub(super) fn cr1(groups: usize, rows: usize, parameters: usize) -> f64 {
    let (g, n, k) = (groups as f64, rows as f64, parameters as f64);
    g / (g - 1.0) * (n - 1.0) / (n - k).max(1.0)
}

/// Takes the complex and quarter effects out of every column of a balanced panel laid out
/// unit by unit (`t` rows each), weighting units by `weights`.
fn within(m: &mut DMatrix<f64>, weights: &[f64], t: usize) {
    let total: f64 = weights.iter().sum();
    for c in 0..m.ncols() {
        let unit_means: Vec<f64> = (0..weights.len())
            .map(|u| (0..t).map(|q| m[(u * t + q, c)]).sum::<f64>() / t as f64)
            .collect();
        let quarter_means: Vec<f64> = (0..t)
            .map(|q| {
                weights
                    .iter()
                    .enumerate()
                    .map(|(u, w)| w * m[(u * t + q, c)])
                    .sum::<f64>()
                    / total
            })
            .collect();
        let grand = weights.iter().zip(&unit_means).map(|(w, m)| w * m).sum::<f64>() / total;
        for (u, unit_mean) in unit_means.iter().enumerate() {
            for (q, quarter_mean) in quarter_means.iter().enumerate() {
                m[(u * t + q, c)] += grand - unit_mean - quarter_mean;
            }
        }
    }
}

/// The difference-in-differences: one regressor, treated × from selection on.
pub(super) fn did(samples: &[&Sample]) -> Result<(Estimate, usize), Refusal> {
    let fit = fit(samples, 1, |_, treated, event, x| {
        x[0] = f64::from(u8::from(treated && event >= 0));
    })?;
    Ok((fit.estimate(0), fit.clusters))
}

/// The event study: treated × each event time but the quarter before selection.
pub(super) fn event_study(samples: &[&Sample]) -> Result<Vec<EventPoint>, Refusal> {
    let first = samples.iter().map(|s| s.first_event).min().unwrap_or(-1);
    let last = samples
        .iter()
        .map(|s| s.first_event + s.quarters() as i32 - 1)
        .max()
        .unwrap_or(-1);
    let events: Vec<i32> = (first..=last).filter(|&e| e != -1).collect();
    let fit = fit(samples, events.len(), |_, treated, event, x| {
        if treated && let Some(c) = events.iter().position(|&e| e == event) {
            x[c] = 1.0;
        }
    })?;
    Ok((first..=last)
        .map(|event| EventPoint {
            event,
            estimate: events.iter().position(|&e| e == event).map(|c| fit.estimate(c)),
        })
        .collect())
}

/// The placebo: the quarters before selection only, with selection pretended halfway through
/// them; `None` when a sample has too few to split.
pub(super) fn placebo(samples: &[&Sample]) -> Option<Estimate> {
    let pre: Vec<Sample> = samples.iter().map(|s| s.before_selection()).collect();
    if pre.iter().any(|s| s.quarters() < 4) {
        return None;
    }
    let refs: Vec<&Sample> = pre.iter().collect();
    fit(&refs, 1, |sample, treated, event, x| {
        x[0] = f64::from(u8::from(treated && event >= sample.first_event / 2));
    })
    .ok()
    .map(|f| f.estimate(0))
}
