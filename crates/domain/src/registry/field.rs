//! 열 대응표: which column of a registry file holds which fact, read from its header text.
//!
//! The default table follows the published column list of 전국산업단지현황통계 (see the module
//! doc of [`registry`](super)) and the spellings other 현황 tables use; an office that receives a
//! file with other headers saves its own [`ColumnMapping`], which is consulted first.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A fact a registry column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 단지명
    Name,
    /// 유형 (국가·일반·도시첨단·농공)
    Kind,
    /// 시·도
    Region,
    /// 시·군·구
    District,
    /// 지정일
    Designated,
    /// 착공일
    ConstructionStarted,
    /// 준공일
    Completed,
    /// 지정면적
    Area,
    /// 관리기관
    ManagedBy,
    /// 입주업체
    Tenants,
    /// 가동업체
    Operating,
    /// 고용
    Employment,
    /// 생산 (당분기)
    Production,
    /// 수출 (당분기)
    Exports,
    /// 기준 분기
    Quarter,
}

impl Field {
    /// Without these a row cannot be matched to a complex or create one.
    pub const REQUIRED: [Field; 3] = [Field::Name, Field::Kind, Field::Region];

    pub fn korean(self) -> &'static str {
        match self {
            Field::Name => "단지명",
            Field::Kind => "유형",
            Field::Region => "시·도",
            Field::District => "시·군·구",
            Field::Designated => "지정일",
            Field::ConstructionStarted => "착공일",
            Field::Completed => "준공일",
            Field::Area => "지정면적",
            Field::ManagedBy => "관리기관",
            Field::Tenants => "입주업체",
            Field::Operating => "가동업체",
            Field::Employment => "고용",
            Field::Production => "생산",
            Field::Exports => "수출",
            Field::Quarter => "기준 분기",
        }
    }

    /// The unit a column of this field is read in when its header names none: 천㎡ for area
    /// (the published column is "지정면적(천제곱미터)"), and the survey's own 억 원 and 백만 달러.
    pub fn default_unit(self) -> Option<Unit> {
        match self {
            Field::Area => Some(Unit::ThousandSquareMetre),
            Field::Production => Some(Unit::HundredMillionWon),
            Field::Exports => Some(Unit::MillionDollar),
            _ => None,
        }
    }
}

/// A unit a header or a cell may state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    SquareMetre,
    ThousandSquareMetre,
    SquareKilometre,
    Won,
    ThousandWon,
    MillionWon,
    /// 억 원
    HundredMillionWon,
    /// 조 원
    TrillionWon,
    Dollar,
    ThousandDollar,
    MillionDollar,
    /// 억 달러
    HundredMillionDollar,
}

/// What a unit measures, so a 수출 column in 억 원 is refused instead of mis-scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Area,
    Won,
    Dollar,
}

/// Longest spellings first, so "천㎡" is not read as "㎡".
const UNIT_SPELLINGS: [(&str, Unit); 24] = [
    ("천제곱미터", Unit::ThousandSquareMetre),
    ("제곱킬로미터", Unit::SquareKilometre),
    ("백만달러", Unit::MillionDollar),
    ("억달러", Unit::HundredMillionDollar),
    ("천달러", Unit::ThousandDollar),
    ("제곱미터", Unit::SquareMetre),
    ("백만us$", Unit::MillionDollar),
    ("백만원", Unit::MillionWon),
    ("백만불", Unit::MillionDollar),
    ("천m2", Unit::ThousandSquareMetre),
    ("천m²", Unit::ThousandSquareMetre),
    ("천㎡", Unit::ThousandSquareMetre),
    ("백만$", Unit::MillionDollar),
    ("억불", Unit::HundredMillionDollar),
    ("천불", Unit::ThousandDollar),
    ("천원", Unit::ThousandWon),
    ("억원", Unit::HundredMillionWon),
    ("조원", Unit::TrillionWon),
    ("km2", Unit::SquareKilometre),
    ("km²", Unit::SquareKilometre),
    ("달러", Unit::Dollar),
    ("m2", Unit::SquareMetre),
    ("m²", Unit::SquareMetre),
    ("㎡", Unit::SquareMetre),
];

impl Unit {
    /// The unit `text` spells exactly (spaces ignored): "천㎡", "백만 달러", "억원".
    pub fn parse(text: &str) -> Option<Unit> {
        let compact: String = text
            .nfc()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        match compact.as_str() {
            "㎢" => return Some(Unit::SquareKilometre),
            "원" => return Some(Unit::Won),
            "불" | "$" | "us$" => return Some(Unit::Dollar),
            _ => {}
        }
        UNIT_SPELLINGS.iter().find(|(s, _)| *s == compact).map(|(_, u)| *u)
    }

    /// The unit a header states in brackets: "지정면적(천제곱미터)", "생산(억원) 당분기".
    pub fn in_header(header: &str) -> Option<Unit> {
        bracketed(header).find_map(Unit::parse)
    }

    pub fn dimension(self) -> Dimension {
        match self {
            Unit::SquareMetre | Unit::ThousandSquareMetre | Unit::SquareKilometre => Dimension::Area,
            Unit::Won | Unit::ThousandWon | Unit::MillionWon | Unit::HundredMillionWon | Unit::TrillionWon => {
                Dimension::Won
            }
            Unit::Dollar | Unit::ThousandDollar | Unit::MillionDollar | Unit::HundredMillionDollar => Dimension::Dollar,
        }
    }

    /// The (numerator, denominator) that turn a figure in this unit into the stored one:
    /// ㎡ for area, 억 원 for production, 백만 달러 for exports.
    pub fn to_stored(self) -> (i128, i128) {
        match self {
            Unit::SquareMetre => (1, 1),
            Unit::ThousandSquareMetre => (1_000, 1),
            Unit::SquareKilometre => (1_000_000, 1),
            Unit::Won => (1, 100_000_000),
            Unit::ThousandWon => (1, 100_000),
            Unit::MillionWon => (1, 100),
            Unit::HundredMillionWon => (1, 1),
            Unit::TrillionWon => (10_000, 1),
            Unit::Dollar => (1, 1_000_000),
            Unit::ThousandDollar => (1, 1_000),
            Unit::MillionDollar => (1, 1),
            Unit::HundredMillionDollar => (100, 1),
        }
    }

    pub fn korean(self) -> &'static str {
        match self {
            Unit::SquareMetre => "㎡",
            Unit::ThousandSquareMetre => "천㎡",
            Unit::SquareKilometre => "㎢",
            Unit::Won => "원",
            Unit::ThousandWon => "천 원",
            Unit::MillionWon => "백만 원",
            Unit::HundredMillionWon => "억 원",
            Unit::TrillionWon => "조 원",
            Unit::Dollar => "달러",
            Unit::ThousandDollar => "천 달러",
            Unit::MillionDollar => "백만 달러",
            Unit::HundredMillionDollar => "억 달러",
        }
    }
}

impl Field {
    /// The dimension this field's figures have, for fields that carry a unit.
    pub fn dimension(self) -> Option<Dimension> {
        self.default_unit().map(Unit::dimension)
    }
}

/// The texts inside (), [] and （） of a header.
fn bracketed(text: &str) -> impl Iterator<Item = &str> {
    text.split(['(', '[', '（'])
        .skip(1)
        .filter_map(|part| part.split([')', ']', '）']).next())
}

/// The comparable form of a header: NFC, without bracketed parts (units), spaces, middle dots,
/// underscores or footnote marks, so "시·도", "시도" and "시 도" compare alike.
pub fn header_key(text: &str) -> String {
    let mut key = String::new();
    let mut depth = 0usize;
    for c in text.nfc() {
        match c {
            '(' | '[' | '（' => depth += 1,
            ')' | ']' | '）' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() => {}
            '·' | 'ㆍ' | '・' | '‧' | '*' | '※' | '_' => {}
            c => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// One line of a mapping: a header text and the field it holds, or `None` to ignore the column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedHeader {
    pub header: String,
    pub field: Option<Field>,
}

/// 열 대응표: header text → field. Compared by [`header_key`], so spacing, units in brackets and
/// middle dots do not matter. The first line that matches wins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub headers: Vec<MappedHeader>,
}

/// Header spellings per field: the published 전국산업단지현황통계 columns first, then the
/// variants of other 현황 tables. Merged two-row headers arrive joined ("업체수 입주",
/// "생산(억원) 당분기"); "누계" columns are deliberately absent — a survey row is one quarter.
const DEFAULT_HEADERS: [(Field, &[&str]); 15] = [
    (Field::Name, &["단지명", "산업단지명", "산단명", "단지"]),
    (
        Field::Kind,
        &["유형", "단지유형", "산단유형", "산단구분", "단지구분", "구분", "종류"],
    ),
    (Field::Region, &["시도", "시도명", "광역시도", "광역자치단체"]),
    (
        Field::District,
        &["시군", "시군구", "시군구명", "시군명", "기초자치단체"],
    ),
    (Field::Designated, &["지정일", "지정일자", "지정연월일", "최초지정일"]),
    (
        Field::ConstructionStarted,
        &["착공일", "착공일자", "착공연월일", "착공"],
    ),
    (Field::Completed, &["준공일", "준공일자", "준공연월일", "준공"]),
    (Field::Area, &["지정면적", "면적", "단지면적"]),
    (Field::ManagedBy, &["관리기관", "관리기관명"]),
    (
        Field::Tenants,
        &["입주업체", "입주업체수", "입주기업", "입주기업수", "업체수입주", "입주"],
    ),
    (
        Field::Operating,
        &["가동업체", "가동업체수", "가동기업", "가동기업수", "업체수가동", "가동"],
    ),
    (
        Field::Employment,
        &["고용", "고용인원", "고용자수", "고용현황", "근로자수", "종업원수"],
    ),
    (
        Field::Production,
        &[
            "생산",
            "생산액",
            "생산실적",
            "생산당분기",
            "생산액당분기",
            "생산실적당분기",
        ],
    ),
    (
        Field::Exports,
        &[
            "수출",
            "수출액",
            "수출실적",
            "수출당분기",
            "수출액당분기",
            "수출실적당분기",
        ],
    ),
    (
        Field::Quarter,
        &["기준분기", "분기", "기준년월", "기준연월", "기준일", "기준시점"],
    ),
];

impl ColumnMapping {
    /// The default mapping for 한국산업단지공단's registry and statistics files.
    pub fn kicox() -> ColumnMapping {
        ColumnMapping {
            headers: DEFAULT_HEADERS
                .iter()
                .flat_map(|(field, spellings)| {
                    spellings.iter().map(|h| MappedHeader {
                        header: (*h).to_string(),
                        field: Some(*field),
                    })
                })
                .collect(),
        }
    }

    /// This (custom) mapping consulted before `base`.
    pub fn over(&self, base: &ColumnMapping) -> ColumnMapping {
        ColumnMapping {
            headers: self.headers.iter().chain(&base.headers).cloned().collect(),
        }
    }

    /// The mapping line for `header`: `Some(Some(field))`, `Some(None)` when the mapping says to
    /// ignore the column, `None` when it does not know the header.
    pub fn lookup(&self, header: &str) -> Option<Option<Field>> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        self.headers
            .iter()
            .find(|m| header_key(&m.header) == key)
            .map(|m| m.field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_compare_without_spaces_dots_or_bracketed_units() {
        assert_eq!(header_key("지정면적(천제곱미터)"), "지정면적");
        assert_eq!(header_key(" 시·도 "), "시도");
        assert_eq!(header_key("생산(억원) 당분기"), "생산당분기");
        assert_eq!(header_key("입주업체*"), "입주업체");
        assert_eq!(header_key("(천㎡)"), "");
    }

    #[test]
    fn the_default_mapping_reads_the_published_column_names() {
        let m = ColumnMapping::kicox();
        for (header, field) in [
            ("유형", Field::Kind),
            ("시도", Field::Region),
            ("시군", Field::District),
            ("단지명", Field::Name),
            ("지정면적(천제곱미터)", Field::Area),
            ("입주업체(개)", Field::Tenants),
            ("가동업체(개)", Field::Operating),
            ("업체수 입주", Field::Tenants),
            ("생산(억원) 당분기", Field::Production),
        ] {
            assert_eq!(m.lookup(header), Some(Some(field)), "{header}");
        }
        for header in ["관리면적(천제곱미터)", "생산(억원) 누계", "가동률", "조성상태", ""] {
            assert_eq!(m.lookup(header), None, "{header}");
        }
    }

    #[test]
    fn a_custom_mapping_overrides_the_default_and_survives_serde() {
        let custom = ColumnMapping {
            headers: vec![
                MappedHeader {
                    header: "구분".into(),
                    field: Some(Field::Name),
                },
                MappedHeader {
                    header: "면적".into(),
                    field: None,
                },
            ],
        };
        let json = serde_json::to_string(&custom).unwrap();
        assert_eq!(serde_json::from_str::<ColumnMapping>(&json).unwrap(), custom);
        let m = custom.over(&ColumnMapping::kicox());
        assert_eq!(m.lookup("구분"), Some(Some(Field::Name)));
        assert_eq!(m.lookup("면적(㎡)"), Some(None));
        assert_eq!(m.lookup("시도"), Some(Some(Field::Region)));
    }

    #[test]
    fn units_are_read_from_header_brackets() {
        assert_eq!(Unit::in_header("지정면적(천제곱미터)"), Some(Unit::ThousandSquareMetre));
        assert_eq!(Unit::in_header("면적 (㎡)"), Some(Unit::SquareMetre));
        assert_eq!(Unit::in_header("생산(백만 원) 당분기"), Some(Unit::MillionWon));
        assert_eq!(Unit::in_header("수출(백만불)"), Some(Unit::MillionDollar));
        assert_eq!(Unit::in_header("입주업체(개)"), None);
        assert_eq!(Unit::in_header("지정면적"), None);
    }
}
