//! 점수: scores in tenths of a point, exact, and means kept as fractions so that a tie is a
//! tie and never an accident of floating point.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A score or a maximum, in tenths of a point: "8.5" is `Points(85)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Points(pub i64);

impl Points {
    pub fn whole(points: i64) -> Points {
        Points(points * 10)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("점수 '{0}'을(를) 읽을 수 없습니다. 0 이상의 숫자로, 소수점 아래는 한 자리까지 쓰십시오 (예: 8.5).")]
pub struct BadPoints(pub String);

/// "8", "8.5", "８.５" is refused; so are negatives and a second decimal place.
impl FromStr for Points {
    type Err = BadPoints;

    fn from_str(text: &str) -> Result<Points, BadPoints> {
        let bad = || BadPoints(text.to_string());
        let t = text.trim().trim_end_matches('점').trim();
        let (whole, tenth) = match t.split_once('.') {
            Some((w, f)) if f.len() == 1 => (w, f),
            Some(_) => return Err(bad()),
            None => (t, "0"),
        };
        if whole.is_empty() || whole.len() > 6 || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if !tenth.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(Points(
            whole.parse::<i64>().map_err(|_| bad())? * 10 + tenth.parse::<i64>().map_err(|_| bad())?,
        ))
    }
}

/// "8.5", "9" (no ".0").
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, tenth) = (self.0.abs() / 10, self.0.abs() % 10);
        if tenth == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{tenth}")
        }
    }
}

/// A mean of scores as the exact fraction `sum / count` (sum in tenths of a point, possibly
/// scaled by weights in percent: `scale` says by how much).
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mean {
    pub sum: i64,
    pub count: i64,
    /// What one point is in `sum`: 10 for plain tenths, 1,000 for tenths × percent weights.
    pub scale: i64,
}

impl Mean {
    pub fn of(values: impl IntoIterator<Item = i64>, scale: i64) -> Option<Mean> {
        let (mut sum, mut count) = (0i64, 0i64);
        for v in values {
            sum += v;
            count += 1;
        }
        (count > 0).then_some(Mean { sum, count, scale })
    }

    /// The mean in points, for display and for differences; never for comparing.
    pub fn value(&self) -> f64 {
        self.sum as f64 / (self.count * self.scale) as f64
    }

    /// "83.44" — two decimals, as evaluation results are usually published.
    pub fn shown(&self) -> String {
        format!("{:.2}", self.value())
    }

    fn key(&self) -> (i128, i128) {
        (self.sum as i128, (self.count * self.scale) as i128)
    }
}

impl PartialEq for Mean {
    fn eq(&self, other: &Mean) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Mean {}

impl PartialOrd for Mean {
    fn partial_cmp(&self, other: &Mean) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// a/b against c/d as a·d against c·b: exact, since counts and scales are positive.
impl Ord for Mean {
    fn cmp(&self, other: &Mean) -> Ordering {
        let (a, b) = self.key();
        let (c, d) = other.key();
        (a * d).cmp(&(c * b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_and_written_with_at_most_one_decimal() {
        assert_eq!("8.5".parse::<Points>().unwrap(), Points(85));
        assert_eq!(" 10 ".parse::<Points>().unwrap(), Points(100));
        assert_eq!("7점".parse::<Points>().unwrap(), Points(70));
        for bad in ["", "-1", "8.55", "8.", ".5", "열", "1e3", "9999999"] {
            let err = bad.parse::<Points>().unwrap_err().to_string();
            assert!(err.contains("소수점"), "{bad}: {err}");
        }
        assert_eq!(Points(85).to_string(), "8.5");
        assert_eq!(Points(90).to_string(), "9");
    }

    #[test]
    fn equal_fractions_are_equal_means_whatever_their_counts() {
        let a = Mean::of([800, 810, 790], 10).unwrap();
        let b = Mean::of([800, 800, 800, 800, 800], 10).unwrap();
        assert_eq!(a, b);
        let c = Mean::of([801, 800, 800], 10).unwrap();
        assert!(c > a);
        assert_eq!(c.shown(), "80.03");
        assert!(Mean::of([], 10).is_none());
    }
}
