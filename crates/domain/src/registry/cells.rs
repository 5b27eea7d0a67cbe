//! 셀 읽기: one cell of a registry table into a value — numbers with commas and units, the
//! legal type, the 시·도, the reference quarter and the complex's name as printed.

use unicode_normalization::UnicodeNormalization;

use super::field::Unit;
use crate::complex::SiteKind;
use crate::complex::facts::BadPartialDay;
use crate::hangul::particle;
use crate::package::Quarter;
use crate::region::Region;

/// Why a cell was not taken, in the office's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    #[error("'{0}'은(는) 숫자로 읽을 수 없습니다 (예: 1,234 또는 12.5).")]
    NotANumber(String),
    #[error("'{0}'은(는) 정수여야 합니다.")]
    NotWhole(String),
    #[error("'{0}'은(는) 0 이상이어야 합니다.")]
    Negative(String),
    #[error("'{0}'은(는) 너무 큰 수입니다.")]
    TooLarge(String),
    #[error("'{text}'의 단위({unit})는 이 열에 쓸 수 없습니다.")]
    WrongUnit { text: String, unit: &'static str },
    #[error("'{0}'은(는) 산업단지 유형이 아닙니다 (국가, 일반, 도시첨단, 농공).")]
    UnknownKind(String),
    #[error("'{0}'은(는) 시·도 이름이 아닙니다 (예: 경기, 경기도, 전북특별자치도).")]
    UnknownRegion(String),
    #[error("{0}")]
    BadDate(#[from] BadPartialDay),
    #[error("'{0}'은(는) 분기로 읽을 수 없습니다 (예: 2024년 4분기, 2024-Q4, 2024.12).")]
    BadQuarter(String),
    #[error("{field}{} 비어 있습니다.", particle(.field, "이", "가", "이(가)"))]
    Blank { field: &'static str },
}

/// A number as written, kept exact: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// Unit words a count cell may carry ("1,234개사", "12명"); they change nothing.
const COUNT_WORDS: [&str; 7] = ["개사", "개소", "개", "사", "명", "인", "%"];

/// Reads "1,234", "1 234", "12.5", "1,234개사", "△12" (Korean tables' minus) and "1,234천㎡".
/// A blank cell and a lone dash ("-", "–", "—") are no figure.
pub fn read_number(text: &str) -> Result<Option<(Decimal, Option<Unit>)>, CellError> {
    let original = text.trim();
    let compact: String = original.nfc().filter(|c| !c.is_whitespace() && *c != ',').collect();
    if compact.is_empty() || matches!(compact.as_str(), "-" | "–" | "—" | "−" | "--") {
        return Ok(None);
    }
    let bad = || CellError::NotANumber(original.to_string());
    let (negative, body) = match compact.strip_prefix(['-', '−', '△']) {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (number, suffix) = body.split_at(end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() || fraction.contains('.') || whole.len() + fraction.len() > 30 {
        return Err(if whole.len() + fraction.len() > 30 {
            CellError::TooLarge(original.to_string())
        } else {
            bad()
        });
    }
    let unit = if suffix.is_empty() || COUNT_WORDS.contains(&suffix) {
        None
    } else {
        Some(Unit::parse(suffix).ok_or_else(bad)?)
    };
    let digits: i128 = format!("{whole}{fraction}").parse().map_err(|_| bad())?;
    let decimal = Decimal {
        mantissa: if negative { -digits } else { digits },
        scale: fraction.len() as u32,
    };
    Ok(Some((decimal, unit)))
}

impl Decimal {
    /// The value times `num / den`, rounded half away from zero; `None` when it does not fit.
    pub fn scaled(self, (num, den): (i128, i128)) -> Option<i64> {
        let denominator = 10i128.checked_pow(self.scale)?.checked_mul(den)?;
        let numerator = self.mantissa.checked_mul(num)?;
        let half = denominator / 2;
        let rounded = (numerator + numerator.signum() * half) / denominator;
        i64::try_from(rounded).ok()
    }

    /// Whether the value has no fractional part ("12.0" has none, "12.5" has).
    pub fn is_whole(self) -> bool {
        10i128.checked_pow(self.scale).is_some_and(|p| self.mantissa % p == 0)
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }
}

/// A count (입주업체, 가동업체, 고용): whole and not negative.
pub fn read_count(text: &str) -> Result<Option<i64>, CellError> {
    let Some((value, unit)) = read_number(text)? else {
        return Ok(None);
    };
    if let Some(unit) = unit {
        return Err(CellError::WrongUnit {
            text: text.trim().to_string(),
            unit: unit.korean(),
        });
    }
    check_sign(text, value)?;
    if !value.is_whole() {
        return Err(CellError::NotWhole(text.trim().to_string()));
    }
    value
        .scaled((1, 1))
        .map(Some)
        .ok_or_else(|| CellError::TooLarge(text.trim().to_string()))
}

/// An amount in `column_unit` (or the unit the cell itself writes, if of the same kind),
/// turned into the stored unit and rounded to a whole one.
pub fn read_amount(text: &str, column_unit: Unit) -> Result<Option<i64>, CellError> {
    let Some((value, unit)) = read_number(text)? else {
        return Ok(None);
    };
    let unit = unit.unwrap_or(column_unit);
    if unit.dimension() != column_unit.dimension() {
        return Err(CellError::WrongUnit {
            text: text.trim().to_string(),
            unit: unit.korean(),
        });
    }
    check_sign(text, value)?;
    value
        .scaled(unit.to_stored())
        .map(Some)
        .ok_or_else(|| CellError::TooLarge(text.trim().to_string()))
}

fn check_sign(text: &str, value: Decimal) -> Result<(), CellError> {
    if value.is_negative() {
        Err(CellError::Negative(text.trim().to_string()))
    } else {
        Ok(())
    }
}

/// 유형: "국가", "국가산업단지", "일반산단", "도시첨단", "농공단지" and the like.
pub fn read_kind(text: &str) -> Result<SiteKind, CellError> {
    let compact: String = text.nfc().filter(|c| !c.is_whitespace()).collect();
    let stem = ["산업단지", "산단", "단지"]
        .iter()
        .find_map(|suffix| compact.strip_suffix(suffix))
        .unwrap_or(&compact);
    match stem {
        "국가" => Ok(SiteKind::National),
        "일반" | "일반지방" | "지방" => Ok(SiteKind::General),
        "도시첨단" | "첨단" => Ok(SiteKind::UrbanHighTech),
        "농공" => Ok(SiteKind::AgroIndustrial),
        _ => Err(CellError::UnknownKind(text.trim().to_string())),
    }
}

/// 시·도: every form [`Region`] reads, plus the everyday "서울시", "제주도", "세종시", "전북도".
pub fn read_region(text: &str) -> Result<Region, CellError> {
    let compact: String = text.nfc().filter(|c| !c.is_whitespace()).collect();
    if let Ok(region) = compact.parse() {
        return Ok(region);
    }
    let short = compact
        .strip_suffix('시')
        .or_else(|| compact.strip_suffix('도'))
        .unwrap_or("");
    Region::all()
        .find(|r| r.short_name() == short)
        .ok_or_else(|| CellError::UnknownRegion(text.trim().to_string()))
}

/// 기준 분기: "2024년 4분기", "2024-Q4", "2024 4Q", or a month ("2024.12", "2024년 12월") that
/// gives the quarter it falls in. A two-digit year ("24년 4분기") is refused, not guessed.
pub fn read_quarter(text: &str) -> Result<Quarter, CellError> {
    let bad = || CellError::BadQuarter(text.trim().to_string());
    let upper: String = text.nfc().flat_map(char::to_uppercase).collect();
    let compact: String = upper.chars().filter(|c| !c.is_whitespace()).collect();
    let numbers: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let [year, second] = numbers.as_slice() else {
        return Err(bad());
    };
    if year.len() != 4 {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    let second: u8 = second.parse().map_err(|_| bad())?;
    let quarter = if compact.contains("분기") || compact.contains('Q') {
        second
    } else if (1..=12).contains(&second) {
        (second - 1) / 3 + 1
    } else {
        return Err(bad());
    };
    Quarter::new(year, quarter).map_err(|_| bad())
}

/// 단지명 as printed, tidied: NFC, outer and doubled spaces gone, the list marks "▷" and "└"
/// dropped, and the 묶음 marks of the statistics tables taken off. Those tables print a group
/// such as "한국수출산업 (①)" or "구미국가(4단지) (② + ③)" next to its members "서울디지털 ①";
/// the second value says whether the row was such a group, whose figures repeat its members'.
pub fn clean_name(text: &str) -> (String, bool) {
    let nfc: String = text.nfc().collect();
    let mut name = nfc.trim().trim_start_matches(['▷', '└', '▶', '-']).to_string();
    let mut group = false;
    while let Some((start, end)) = group_mark(&name) {
        name.replace_range(start..end, "");
        group = true;
    }
    let name: String = name.chars().filter(|c| !is_circled_digit(*c)).collect();
    (name.split_whitespace().collect::<Vec<_>>().join(" "), group)
}

/// The byte range of a bracket holding only circled digits, '+', ',' and spaces.
fn group_mark(name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(offset) = name[from..].find('(') {
        let start = from + offset;
        let close = name[start..].find(')')? + start;
        let inside = &name[start + 1..close];
        if inside.chars().any(is_circled_digit)
            && inside
                .chars()
                .all(|c| is_circled_digit(c) || matches!(c, '+' | ',') || c.is_whitespace())
        {
            return Some((start, close + 1));
        }
        from = close + 1;
    }
    None
}

pub(crate) fn is_circled_digit(c: char) -> bool {
    ('①'..='⑳').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<i64> {
        read_number(text).unwrap().map(|(d, _)| d.scaled((1, 1)).unwrap())
    }

    #[test]
    fn numbers_are_read_through_commas_spaces_units_and_dashes() {
        assert_eq!(number("1,234"), Some(1_234));
        assert_eq!(number(" 1 234 "), Some(1_234));
        assert_eq!(number("1,234개사"), Some(1_234));
        assert_eq!(number("12명"), Some(12));
        assert_eq!(number("12.5"), Some(13), "rounded half away from zero");
        assert_eq!(number("△12"), Some(-12));
        for blank in ["", " ", "-", "–", "—"] {
            assert_eq!(number(blank), None, "{blank:?}");
        }
        for bad in ["12a", "1.2.3", "..", "약 100", "12개월", "1e5"] {
            assert!(read_number(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            read_number("1234567890123456789012345678901"),
            Err(CellError::TooLarge(_))
        ));
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(read_count("1,234개"), Ok(Some(1_234)));
        assert_eq!(read_count("12.0"), Ok(Some(12)));
        assert_eq!(read_count("-"), Ok(None));
        assert_eq!(read_count("12.5"), Err(CellError::NotWhole("12.5".into())));
        assert_eq!(read_count("-3"), Err(CellError::Negative("-3".into())));
        assert!(matches!(read_count("12억원"), Err(CellError::WrongUnit { .. })));
    }

    #[test]
    fn amounts_are_scaled_from_the_column_unit_or_the_cells_own() {
        assert_eq!(read_amount("1,234.5", Unit::ThousandSquareMetre), Ok(Some(1_234_500)));
        assert_eq!(read_amount("657353.0", Unit::SquareMetre), Ok(Some(657_353)));
        assert_eq!(read_amount("1.5㎢", Unit::ThousandSquareMetre), Ok(Some(1_500_000)));
        assert_eq!(read_amount("12,345", Unit::MillionWon), Ok(Some(123)), "123.45억");
        assert_eq!(read_amount("2.5조원", Unit::HundredMillionWon), Ok(Some(25_000)));
        assert_eq!(read_amount("1,500", Unit::ThousandDollar), Ok(Some(2)), "1.5 → 2");
        assert!(matches!(
            read_amount("12억원", Unit::MillionDollar),
            Err(CellError::WrongUnit { .. })
        ));
    }

    #[test]
    fn kinds_are_read_in_short_and_long_forms() {
        for (text, kind) in [
            ("국가", SiteKind::National),
            ("국가산업단지", SiteKind::National),
            ("일반산단", SiteKind::General),
            ("일반", SiteKind::General),
            ("도시첨단", SiteKind::UrbanHighTech),
            ("도시첨단산업단지", SiteKind::UrbanHighTech),
            ("농공", SiteKind::AgroIndustrial),
            ("농공단지", SiteKind::AgroIndustrial),
        ] {
            assert_eq!(read_kind(text), Ok(kind), "{text}");
        }
        assert_eq!(
            read_kind("경제자유구역").unwrap_err().to_string(),
            "'경제자유구역'은(는) 산업단지 유형이 아닙니다 (국가, 일반, 도시첨단, 농공)."
        );
    }

    #[test]
    fn regions_are_read_in_official_former_and_everyday_forms() {
        for (text, region) in [
            ("전라북도", Region::Jeonbuk),
            ("전북특별자치도", Region::Jeonbuk),
            ("전북", Region::Jeonbuk),
            ("강원도", Region::Gangwon),
            ("강원특별자치도", Region::Gangwon),
            ("서울시", Region::Seoul),
            ("서울특별시", Region::Seoul),
            ("제주도", Region::Jeju),
            ("세종시", Region::Sejong),
            (" 경기 도 ", Region::Gyeonggi),
        ] {
            assert_eq!(read_region(text), Ok(region), "{text}");
        }
        assert!(read_region("경기 계").is_err());
        assert!(read_region("도").is_err());
    }

    #[test]
    fn quarters_are_read_from_quarter_and_month_forms() {
        let q4 = Quarter { year: 2024, quarter: 4 };
        for text in [
            "2024년 4분기",
            "2024-Q4",
            "2024 4Q",
            "2024.12",
            "2024년 10월",
            "2024.4분기",
        ] {
            assert_eq!(read_quarter(text), Ok(q4), "{text}");
        }
        for text in ["24년 4분기", "2024", "2024년 5분기", "2024.13", "4분기"] {
            assert!(read_quarter(text).is_err(), "{text}");
        }
    }

    #[test]
    fn names_lose_list_marks_and_group_marks_but_nothing_else() {
        assert_eq!(clean_name("　　서울디지털 ①"), ("서울디지털".into(), false));
        assert_eq!(clean_name("한국수출산업 (①)"), ("한국수출산업".into(), true));
        assert_eq!(clean_name("구미국가(4단지) (② + ③)"), ("구미국가(4단지)".into(), true));
        assert_eq!(clean_name("▷ 반월  시화"), ("반월 시화".into(), false));
        assert_eq!(
            clean_name("강진(구 성전)일반산단"),
            ("강진(구 성전)일반산단".into(), false)
        );
        let decomposed: String = "반월".nfd().collect();
        assert_eq!(clean_name(&decomposed).0, "반월");
    }
}
