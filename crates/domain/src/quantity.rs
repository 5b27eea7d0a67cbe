//! 수치: amounts as Korean officials write them ("63.8조원", "1.3만 명", "3,200억 원", "59.5%").
//!
//! A `Quantity` is exact: money is integer 원, counts are integers, percentages are kept in
//! hundredths. Parsing a written figure never rounds: "1.35만 명" is refused rather than
//! turned into 13,500.x people. The canonical written form is the shortest lossless one,
//! which is also the form the 2021 press release uses for every figure it prints.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The unit a figure is counted in (단위).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 원 (Korean won)
    Won,
    /// $ (US dollars, as export figures are published)
    Usd,
    /// 개사 (firms)
    Firms,
    /// 명 (people)
    People,
    /// 개 (items, jobs counted as 개)
    Items,
    /// 건 (cases, e.g. accidents)
    Cases,
    /// % (a share or a rate)
    Percent,
    /// %p (percentage points)
    PercentPoint,
    /// 점 (index points)
    Points,
}

impl Unit {
    /// Suffixes as written, longest first so "개사" wins over "개".
    const WRITTEN: [(&'static str, Unit); 9] = [
        ("개사", Unit::Firms),
        ("%p", Unit::PercentPoint),
        ("원", Unit::Won),
        ("$", Unit::Usd),
        ("명", Unit::People),
        ("개", Unit::Items),
        ("건", Unit::Cases),
        ("%", Unit::Percent),
        ("점", Unit::Points),
    ];

    /// How the unit is written after the number.
    pub fn suffix(self) -> &'static str {
        Self::WRITTEN
            .iter()
            .find(|(_, u)| *u == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }

    /// Units below one are kept in hundredths (59.5% is 5,950).
    pub fn scale(self) -> i64 {
        match self {
            Unit::Percent | Unit::PercentPoint | Unit::Points => 100,
            _ => 1,
        }
    }

    /// Things counted one by one compare with each other: "일자리 1만 개" and "고용 1만명" are the
    /// same goal written two ways.
    fn dimension(self) -> u8 {
        match self {
            Unit::Won => 0,
            Unit::Usd => 1,
            Unit::Firms | Unit::People | Unit::Items | Unit::Cases => 2,
            Unit::Percent | Unit::PercentPoint => 3,
            Unit::Points => 4,
        }
    }
}

/// A figure with its unit (e.g. 생산액 63.8조 원).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quantity {
    /// In the unit's base: 원, $, people, … or hundredths of a percent or point.
    pub value: i64,
    pub unit: Unit,
}

/// The Korean large-number words, largest first.
const MYRIADS: [(&str, i64); 3] = [("조", 1_000_000_000_000), ("억", 100_000_000), ("만", 10_000)];

/// Why a written figure could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("수치 '{0}'에 숫자가 없습니다")]
    NoNumber(String),
    #[error("수치 '{0}'의 단위를 알 수 없습니다 (원, $, 개사, 명, 개, 건, %, %p, 점 중 하나)")]
    UnknownUnit(String),
    #[error("수치 '{0}'는 단위보다 작은 자리까지 적혀 있어 정확히 나타낼 수 없습니다")]
    Inexact(String),
    #[error("수치 '{0}'가 너무 큽니다")]
    TooLarge(String),
}

impl Quantity {
    pub fn new(value: i64, unit: Unit) -> Self {
        Quantity { value, unit }
    }

    /// 원 amount.
    pub fn won(value: i64) -> Self {
        Quantity::new(value, Unit::Won)
    }

    /// Whether two figures state the same amount, whatever counting word they use.
    pub fn same_amount(&self, other: &Quantity) -> bool {
        self.unit.dimension() == other.unit.dimension() && self.value == other.value
    }

    /// Whether two figures count the same kind of thing (원 with 원, people with jobs, …).
    pub fn comparable(&self, other: &Quantity) -> bool {
        self.unit.dimension() == other.unit.dimension()
    }

    /// Every figure written inside a sentence, in order ("생산액 5조원 증대" → [5조 원]).
    pub fn find_all(text: &str) -> Vec<Quantity> {
        let chars: Vec<char> = text.chars().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
                // Take the longest prefix from here that reads as a figure.
                let rest: String = chars[i..].iter().collect();
                let mut best = None;
                let mut end = rest.len();
                while end > 0 {
                    if rest.is_char_boundary(end)
                        && let Ok(q) = rest[..end].trim_end().parse::<Quantity>()
                    {
                        best = Some((q, rest[..end].chars().count()));
                        break;
                    }
                    end -= 1;
                }
                if let Some((q, len)) = best {
                    found.push(q);
                    i += len;
                    continue;
                }
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',' || chars[i] == '.') {
                    i += 1;
                }
                continue;
            }
            i += 1;
        }
        found
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    /// Reads "63.8조원", "1조 2,345억 원", "1.3만 명", "19,577개사", "96억$", "59.5%".
    fn from_str(written: &str) -> Result<Self, Self::Err> {
        let s: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        let (unit, number) = Unit::WRITTEN
            .iter()
            .find_map(|(suffix, unit)| s.strip_suffix(suffix).map(|n| (*unit, n)))
            .ok_or_else(|| QuantityError::UnknownUnit(written.to_string()))?;
        let number = number.replace(',', "");
        if number.is_empty() {
            return Err(QuantityError::NoNumber(written.to_string()));
        }
        // Split into groups like "1조", "2345억", "6789" and add them up exactly.
        let mut total: i128 = 0;
        let mut rest = number.as_str();
        let mut last_multiplier = i128::MAX;
        while !rest.is_empty() {
            let (digits, multiplier, tail) = match MYRIADS
                .iter()
                .filter_map(|(word, m)| rest.find(word).map(|at| (at, *word, *m)))
                .min_by_key(|(at, _, _)| *at)
            {
                Some((at, word, m)) => (&rest[..at], m as i128, &rest[at + word.len()..]),
                None => (rest, 1, ""),
            };
            if multiplier >= last_multiplier {
                return Err(QuantityError::NoNumber(written.to_string()));
            }
            last_multiplier = multiplier;
            total += exact(digits, multiplier * unit.scale() as i128)
                .ok_or_else(|| QuantityError::Inexact(written.to_string()))?
                .ok_or_else(|| QuantityError::NoNumber(written.to_string()))?;
            rest = tail;
        }
        let value = i64::try_from(total).map_err(|_| QuantityError::TooLarge(written.to_string()))?;
        Ok(Quantity { value, unit })
    }
}

/// `digits` (which may hold one decimal point) times `multiplier`, if that is a whole number.
/// `Some(None)` when `digits` is not a number at all.
fn exact(digits: &str, multiplier: i128) -> Option<Option<i128>> {
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Some(None);
    }
    if whole.len() + frac.len() > 30 {
        return Some(None);
    }
    let mantissa: i128 = format!("{whole}{frac}").parse().ok()?;
    let divisor = 10i128.pow(frac.len() as u32);
    let scaled = mantissa.checked_mul(multiplier)?;
    (scaled % divisor == 0).then_some(Some(scaled / divisor))
}

/// Groups digits by thousands: 19577 → "19,577".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The shortest lossless Korean writing of a whole number: the largest of 조/억/만 that
/// leaves at most one decimal and at least 1, else the digits with thousands separators.
/// 63,800,000,000,000 → "63.8조", 320,000,000,000 → "3,200억", 13,000 → "1.3만", 19,577 → "19,577".
pub fn korean_compact(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let abs = n.unsigned_abs() as i128;
    for (word, m) in MYRIADS {
        let m = m as i128;
        if abs >= m && (abs * 10) % m == 0 {
            let tenths = abs * 10 / m;
            let whole = thousands((tenths / 10) as i64);
            return match tenths % 10 {
                0 => format!("{sign}{whole}{word}"),
                d => format!("{sign}{whole}.{d}{word}"),
            };
        }
    }
    format!("{sign}{}", thousands(n))
}

/// 원 in 억 원 to one decimal, as budget tables write it under "(단위: 억 원)": 25,620,000,000 →
/// "256.2". Rounds half away from zero; an amount that rounds to nothing but is not nothing
/// reads "0.1 미만" rather than a misleading 0.
pub fn eok(won: i64) -> String {
    let tenths = (i128::from(won) * 10 + i128::from(won.signum()) * 50_000_000) / 100_000_000;
    if tenths == 0 && won != 0 {
        return if won > 0 {
            "0.1 미만".into()
        } else {
            "-0.1 미만".into()
        };
    }
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    format!("{sign}{}.{}", thousands((a / 10) as i64), a % 10)
}

/// 원 for a headline, rounded to the largest word it reaches: "2조 5,620억 원", "3,200억 원",
/// "4,500만 원", "9,000원".
pub fn won_rounded(won: i64) -> String {
    let sign = if won < 0 { "-" } else { "" };
    let a = i128::from(won).abs();
    let round = |unit: i128| (a + unit / 2) / unit;
    let (jo, eok, man) = (1_000_000_000_000i128, 100_000_000i128, 10_000i128);
    if a >= eok {
        let in_eok = round(eok);
        let (j, e) = (in_eok / (jo / eok), in_eok % (jo / eok));
        return match (j, e) {
            (0, e) => format!("{sign}{}억 원", thousands(e as i64)),
            (j, 0) => format!("{sign}{}조 원", thousands(j as i64)),
            (j, e) => format!("{sign}{}조 {}억 원", thousands(j as i64), thousands(e as i64)),
        };
    }
    if a >= man {
        return format!("{sign}{}만 원", thousands(round(man) as i64));
    }
    format!("{sign}{}원", thousands(a as i64))
}

/// Hundredths as a decimal without trailing zeros: 5950 → "59.5".
fn hundredths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    match a % 100 {
        0 => format!("{sign}{}", thousands((a / 100) as i64)),
        f if f % 10 == 0 => format!("{sign}{}.{}", thousands((a / 100) as i64), f / 10),
        f => format!("{sign}{}.{:02}", thousands((a / 100) as i64), f),
    }
}

impl fmt::Display for Quantity {
    /// "63.8조 원", "5,000원", "19,577개사", "1.3만 명", "96억$", "59.5%".
    /// A space stands between a number word (조/억/만) and 원/명/개, none after digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit.scale() {
            1 => {
                let number = korean_compact(self.value);
                let spaced = number.ends_with(['조', '억', '만'])
                    && matches!(self.unit, Unit::Won | Unit::People | Unit::Items | Unit::Cases);
                let gap = if spaced { " " } else { "" };
                write!(f, "{number}{gap}{}", self.unit.suffix())
            }
            _ => write!(f, "{}{}", hundredths(self.value), self.unit.suffix()),
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = String::deserialize(d)?;
        written.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Quantity {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("수치: 숫자와 단위 (예: \"63.8조 원\", \"1.3만 명\", \"59.5%\")"))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Quantity {}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn reads_every_figure_form_the_press_release_uses() {
        assert_eq!(q("63.8조원"), Quantity::won(63_800_000_000_000));
        assert_eq!(q("5조 원"), Quantity::won(5_000_000_000_000));
        assert_eq!(q("3,200억 원"), Quantity::won(320_000_000_000));
        assert_eq!(q("96억$"), Quantity::new(9_600_000_000, Unit::Usd));
        assert_eq!(q("25.8억$"), Quantity::new(2_580_000_000, Unit::Usd));
        assert_eq!(q("19,577개사"), Quantity::new(19_577, Unit::Firms));
        assert_eq!(q("25만명"), Quantity::new(250_000, Unit::People));
        assert_eq!(q("1.3만 개"), Quantity::new(13_000, Unit::Items));
        assert_eq!(q("59.5%"), Quantity::new(5_950, Unit::Percent));
        assert_eq!(q("24.4%"), Quantity::new(2_440, Unit::Percent));
        assert_eq!(q("80점"), Quantity::new(8_000, Unit::Points));
        assert_eq!(q("1조 2,345억 6,789만 원"), Quantity::won(1_234_567_890_000));
    }

    #[test]
    fn writes_the_shortest_lossless_form_with_spacing_as_officials_do() {
        assert_eq!(Quantity::won(5_000_000_000_000).to_string(), "5조 원");
        assert_eq!(Quantity::won(320_000_000_000).to_string(), "3,200억 원");
        assert_eq!(Quantity::won(5_000).to_string(), "5,000원");
        assert_eq!(Quantity::new(13_000, Unit::Items).to_string(), "1.3만 개");
        assert_eq!(Quantity::new(19_577, Unit::Firms).to_string(), "19,577개사");
        assert_eq!(Quantity::new(9_600_000_000, Unit::Usd).to_string(), "96억$");
        assert_eq!(Quantity::new(5_950, Unit::Percent).to_string(), "59.5%");
        assert_eq!(Quantity::new(1_200, Unit::Percent).to_string(), "12%");
        assert_eq!(Quantity::new(825, Unit::PercentPoint).to_string(), "8.25%p");
    }

    #[test]
    fn writing_then_reading_gives_back_the_same_figure() {
        for value in [
            0,
            1,
            9,
            99,
            1_442,
            19_577,
            10_000,
            13_000,
            250_000,
            1_234_567,
            320_000_000_000,
            63_800_000_000_000,
            i64::MAX / 2,
        ] {
            for unit in [Unit::Won, Unit::People, Unit::Firms, Unit::Usd, Unit::Percent] {
                let figure = Quantity::new(value, unit);
                assert_eq!(figure.to_string().parse::<Quantity>(), Ok(figure), "{figure}");
            }
        }
    }

    #[test]
    fn refuses_figures_it_cannot_hold_exactly_and_says_why() {
        assert!("1.35만 명".parse::<Quantity>().is_ok());
        assert_eq!(
            "1.00005만 명".parse::<Quantity>(),
            Err(QuantityError::Inexact("1.00005만 명".into()))
        );
        assert!(matches!("오조원".parse::<Quantity>(), Err(QuantityError::NoNumber(_))));
        assert!(matches!("5조".parse::<Quantity>(), Err(QuantityError::UnknownUnit(_))));
        assert!(matches!(
            "5만1조원".parse::<Quantity>(),
            Err(QuantityError::NoNumber(_))
        ));
        assert!(matches!(
            "999999999999조원".parse::<Quantity>(),
            Err(QuantityError::TooLarge(_))
        ));
        assert!(matches!("1.2.3원".parse::<Quantity>(), Err(QuantityError::NoNumber(_))));
    }

    #[test]
    fn finds_the_figures_inside_a_goal_sentence() {
        assert_eq!(
            Quantity::find_all("생산액 5조원 증대"),
            vec![Quantity::won(5_000_000_000_000)]
        );
        assert_eq!(
            Quantity::find_all("강소기업 99개사 육성"),
            vec![Quantity::new(99, Unit::Firms)]
        );
        assert_eq!(
            Quantity::find_all("청년고용 증가율 8% 상승"),
            vec![Quantity::new(800, Unit::Percent)]
        );
        assert_eq!(Quantity::find_all("디지털 레벨향상"), vec![]);
        assert_eq!(
            Quantity::find_all("일자리 1.3만 개 창출, 생산액 5.1조 원 증대"),
            vec![Quantity::new(13_000, Unit::Items), Quantity::won(5_100_000_000_000)]
        );
    }

    #[test]
    fn job_counts_written_as_jobs_or_people_are_the_same_amount() {
        assert!(q("1만 개").same_amount(&q("1만명")));
        assert!(!q("1만 개").same_amount(&q("1만 원")));
    }

    #[test]
    fn budget_tables_show_eok_to_one_decimal_and_never_a_false_zero() {
        assert_eq!(eok(25_620_000_000), "256.2");
        assert_eq!(eok(2_000_000_000_000), "20,000.0");
        assert_eq!(eok(15_000_000), "0.2", "half a tenth rounds up");
        assert_eq!(eok(4_999_999), "0.1 미만");
        assert_eq!(eok(0), "0.0");
        assert_eq!(eok(-25_650_000_000), "-256.5");
    }

    #[test]
    fn headline_money_is_rounded_to_jo_eok_and_man() {
        assert_eq!(won_rounded(2_562_049_000_000), "2조 5,620억 원");
        assert_eq!(won_rounded(320_000_000_000), "3,200억 원");
        assert_eq!(won_rounded(1_000_000_000_000), "1조 원");
        assert_eq!(won_rounded(45_004_000), "4,500만 원");
        assert_eq!(won_rounded(9_000), "9,000원");
        assert_eq!(won_rounded(-150_000_000), "-2억 원");
    }
}
