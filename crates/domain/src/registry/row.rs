//! 행 읽기: the rows under the header into [`RegistryRow`]s, leaving out blank lines, the
//! subtotals (시·도 계, 소계, 합계, 총계, 전국) and the notes (※, *, 주), 자료:, 출처:) that
//! published tables carry, and turning every bad cell into a [`RowProblem`] instead of a refusal
//! of the whole file.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::cells::{CellError, clean_name, read_amount, read_count, read_kind, read_quarter, read_region};
use super::field::{ColumnMapping, Field};
use super::header::{Column, Header, HeaderError, find_header};
use super::skip::{is_note, is_subtotal};
use super::table::{Table, TableRow};
use crate::complex::SiteKind;
use crate::complex::facts::PartialDay;
use crate::package::Quarter;
use crate::region::Region;

/// A value and the cell it was read from, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written<T> {
    pub value: T,
    pub text: String,
}

/// 입주·가동·고용·생산·수출 of one row, each in the survey's unit; `None` where the cell is blank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub tenants: Option<i64>,
    pub operating: Option<i64>,
    pub employment: Option<i64>,
    /// 억 원
    pub production_eok: Option<i64>,
    /// 백만 달러
    pub exports_musd: Option<i64>,
}

impl Figures {
    /// (name, figure) in the order the survey prints them.
    pub fn named(&self) -> [(&'static str, Option<i64>); 5] {
        [
            ("입주업체 수", self.tenants),
            ("가동업체 수", self.operating),
            ("고용", self.employment),
            ("생산", self.production_eok),
            ("수출", self.exports_musd),
        ]
    }
}

/// One complex as a registry row states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryRow {
    pub line: usize,
    /// 단지명 as printed, tidied (see [`clean_name`](super::cells::clean_name)).
    pub name: String,
    pub kind: SiteKind,
    pub region: Region,
    /// A group row of a statistics table ("한국수출산업 (①)"), whose figures repeat its
    /// members': never add it to them.
    pub group: bool,
    pub district: Option<Written<String>>,
    pub designated: Option<Written<PartialDay>>,
    pub construction_started: Option<Written<PartialDay>>,
    pub completed: Option<Written<PartialDay>>,
    /// 지정면적 (㎡)
    pub area_m2: Option<Written<i64>>,
    pub managed_by: Option<Written<String>>,
    /// The row's own 기준 분기, where the table has such a column.
    pub quarter: Option<Quarter>,
    pub figures: Figures,
}

/// A bad cell: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{line}행 '{column}': {message}")]
pub struct RowProblem {
    pub line: usize,
    /// The column's header as printed.
    pub column: String,
    pub message: String,
}

/// Why a row was left out without a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    Blank,
    /// 계, 소계, 합계, 총계, 전국, "경기 계"
    Subtotal,
    /// ※, *, 주), 자료:, 출처:, (단위: …)
    Note,
    /// The header printed again after a page break.
    RepeatedHeader,
}

impl SkipReason {
    pub fn korean(self) -> &'static str {
        match self {
            SkipReason::Blank => "빈 행",
            SkipReason::Subtotal => "합계·소계",
            SkipReason::Note => "주석",
            SkipReason::RepeatedHeader => "반복 머리글",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub line: usize,
    pub reason: SkipReason,
}

/// A table read: its header, the rows kept, the cells refused and the rows left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadTable {
    pub header: Header,
    pub rows: Vec<RegistryRow>,
    pub problems: Vec<RowProblem>,
    pub skipped: Vec<SkippedRow>,
}

/// Reads a whole table. Only a table without a usable header is refused; a row with a bad
/// 단지명, 유형 or 시·도 is left out with its problem, and a row with another bad cell is kept
/// without that value.
pub fn read_table(table: &Table, mapping: &ColumnMapping) -> Result<ReadTable, HeaderError> {
    let header = find_header(table, mapping)?;
    let mut read = ReadTable {
        header,
        rows: Vec::new(),
        problems: Vec::new(),
        skipped: Vec::new(),
    };
    for row in &table.rows[read.header.data_from.min(table.rows.len())..] {
        let skip = |reason| SkippedRow { line: row.line, reason };
        if row.is_blank() {
            read.skipped.push(skip(SkipReason::Blank));
        } else if is_note(row) {
            read.skipped.push(skip(SkipReason::Note));
        } else if read.header.is_repeated_in(row, mapping) {
            read.skipped.push(skip(SkipReason::RepeatedHeader));
        } else if is_subtotal(row, &read.header) {
            read.skipped.push(skip(SkipReason::Subtotal));
        } else {
            match read_row(row, &read.header) {
                (Some(kept), problems) => {
                    read.rows.push(kept);
                    read.problems.extend(problems);
                }
                (None, problems) => read.problems.extend(problems),
            }
        }
    }
    Ok(read)
}

/// One data row: the row (if its 단지명, 유형 and 시·도 are good) and every problem found.
fn read_row(row: &TableRow, header: &Header) -> (Option<RegistryRow>, Vec<RowProblem>) {
    let mut cells = Cells {
        row,
        header,
        problems: Vec::new(),
    };
    let name_column = header
        .column(Field::Name)
        .expect("the header has every required column");
    let (name, group) = clean_name(row.cell(name_column.index));
    if name.is_empty() {
        cells.refuse(
            name_column,
            CellError::Blank {
                field: Field::Name.korean(),
            },
        );
    }
    let kind = cells.required(Field::Kind, read_kind);
    let region = cells.required(Field::Region, read_region);
    // Every cell is read before deciding, so one pass reports all of a row's problems.
    let district = cells.text(Field::District);
    let designated = cells.date(Field::Designated);
    let construction_started = cells.date(Field::ConstructionStarted);
    let completed = cells.date(Field::Completed);
    let area_m2 = cells.amount(Field::Area);
    let managed_by = cells.text(Field::ManagedBy);
    let quarter = cells
        .read(Field::Quarter, |t, _| {
            if t.is_empty() {
                Ok(None)
            } else {
                read_quarter(t).map(Some)
            }
        })
        .map(|w| w.value);
    let figures = Figures {
        tenants: cells.count(Field::Tenants),
        operating: cells.count(Field::Operating),
        employment: cells.count(Field::Employment),
        production_eok: cells.amount(Field::Production).map(|w| w.value),
        exports_musd: cells.amount(Field::Exports).map(|w| w.value),
    };
    let (false, Some(kind), Some(region)) = (name.is_empty(), kind, region) else {
        return (None, cells.finish());
    };
    let read = RegistryRow {
        line: row.line,
        name,
        kind,
        region,
        group,
        district,
        designated,
        construction_started,
        completed,
        area_m2,
        managed_by,
        quarter,
        figures,
    };
    (Some(read), cells.finish())
}

/// The cells of one row, and the problems found in them so far with their column's index.
struct Cells<'a> {
    row: &'a TableRow,
    header: &'a Header,
    problems: Vec<(usize, RowProblem)>,
}

impl Cells<'_> {
    fn refuse(&mut self, column: &Column, error: CellError) {
        let problem = RowProblem {
            line: self.row.line,
            column: column.header.clone(),
            message: error.to_string(),
        };
        self.problems.push((column.index, problem));
    }

    /// The problems from left to right, as the office reads the row.
    fn finish(mut self) -> Vec<RowProblem> {
        self.problems.sort_by_key(|(index, _)| *index);
        self.problems.into_iter().map(|(_, p)| p).collect()
    }

    /// The cell of `field`'s column read by `read`; `None` when the table has no such column,
    /// the cell is blank, or it is bad (and then a problem is noted).
    fn read<T>(
        &mut self,
        field: Field,
        read: impl Fn(&str, &Column) -> Result<Option<T>, CellError>,
    ) -> Option<Written<T>> {
        let header = self.header;
        let column = header.column(field)?;
        let text = self.row.cell(column.index);
        match read(text, column) {
            Ok(value) => value.map(|value| Written {
                value,
                text: text.to_string(),
            }),
            Err(error) => {
                self.refuse(column, error);
                None
            }
        }
    }

    fn required<T>(&mut self, field: Field, read: fn(&str) -> Result<T, CellError>) -> Option<T> {
        self.read(field, |text, column| {
            if text.is_empty() {
                Err(CellError::Blank {
                    field: column.field.korean(),
                })
            } else {
                read(text).map(Some)
            }
        })
        .map(|w| w.value)
    }

    fn text(&mut self, field: Field) -> Option<Written<String>> {
        self.read(field, |text, _| {
            let tidy = text
                .nfc()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            Ok((!tidy.is_empty() && !is_dash(&tidy)).then_some(tidy))
        })
    }

    fn date(&mut self, field: Field) -> Option<Written<PartialDay>> {
        self.read(field, |text, _| {
            if text.is_empty() || is_dash(text) {
                Ok(None)
            } else {
                Ok(Some(text.parse::<PartialDay>()?))
            }
        })
    }

    fn amount(&mut self, field: Field) -> Option<Written<i64>> {
        self.read(field, |text, column| {
            read_amount(text, column.unit.expect("a figure column has a unit"))
        })
    }

    fn count(&mut self, field: Field) -> Option<i64> {
        self.read(field, |text, _| read_count(text)).map(|w| w.value)
    }
}

fn is_dash(text: &str) -> bool {
    matches!(text.trim(), "-" | "–" | "—")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        Table::from_rows(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
    }

    fn read(rows: &[&[&str]]) -> ReadTable {
        read_table(&table(rows), &ColumnMapping::kicox()).unwrap()
    }

    const HEADER: &[&str] = &[
        "유형",
        "시도",
        "시군",
        "단지명",
        "지정면적(천제곱미터)",
        "착공일",
        "입주업체(개)",
    ];

    #[test]
    fn totals_notes_blanks_and_repeated_headers_are_left_out() {
        let t = read(&[
            HEADER,
            &["", "전국", "", "", "1,425,000", "", "119,281"],
            &["", "경기", "", "경기 계", "200,000", "", "30,000"],
            &["국가", "경기", "안산시", "반월·시화", "50,000", "1977", "20,000"],
            &["국가 소계", "", "", "", "", "", ""],
            &["", "", "", "", "", "", ""],
            &["계", "경기", "", "", "", "", ""],
            HEADER,
            &["일반", "대구", "달서구", "성서", "12,000", "1984. 3.", "2,800"],
            &["", "경북", "", "", "", "", ""],
            &["※ 면적은 지정면적 기준"],
            &["주1) 2024년 12월 말 기준"],
            &["자료: 한국산업단지공단"],
            &["*잠정치"],
            &["", "", "", "출처 : 산업입지정보시스템"],
        ]);
        let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["반월·시화", "성서"]);
        let reasons: Vec<(usize, SkipReason)> = t.skipped.iter().map(|s| (s.line, s.reason)).collect();
        assert_eq!(
            reasons,
            [
                (2, SkipReason::Subtotal),
                (3, SkipReason::Subtotal),
                (5, SkipReason::Subtotal),
                (6, SkipReason::Blank),
                (7, SkipReason::Subtotal),
                (8, SkipReason::RepeatedHeader),
                (11, SkipReason::Note),
                (12, SkipReason::Note),
                (13, SkipReason::Note),
                (14, SkipReason::Note),
                (15, SkipReason::Note),
            ]
        );
        let problems: Vec<String> = t.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "10행 '유형': 유형이 비어 있습니다.",
                "10행 '단지명': 단지명이 비어 있습니다."
            ],
            "a row with a 시·도 and nothing else is neither a total nor a complex"
        );
    }

    #[test]
    fn numbers_dates_and_units_are_read_from_their_cells() {
        let t = read(&[
            HEADER,
            &[
                "국가",
                "경기도",
                "안산시",
                "반월·시화",
                "1,234.5",
                "1977. 3.",
                "1,234개사",
            ],
            &["농공", "전라북도", "완주군", "봉동 ", " - ", "", ""],
        ]);
        let first = &t.rows[0];
        assert_eq!((first.kind, first.region), (SiteKind::National, Region::Gyeonggi));
        assert_eq!(
            first.area_m2.as_ref().map(|w| (w.value, w.text.as_str())),
            Some((1_234_500, "1,234.5"))
        );
        assert_eq!(
            first.construction_started.as_ref().unwrap().value.to_string(),
            "1977-03"
        );
        assert_eq!(first.figures.tenants, Some(1_234));
        assert_eq!(first.district.as_ref().unwrap().value, "안산시");
        let second = &t.rows[1];
        assert_eq!((second.name.as_str(), second.region), ("봉동", Region::Jeonbuk));
        assert_eq!(
            (second.area_m2.clone(), second.construction_started.clone()),
            (None, None)
        );
        assert_eq!(second.figures, Figures::default());
        assert!(t.problems.is_empty(), "{:?}", t.problems);
    }

    #[test]
    fn a_bad_cell_is_a_problem_of_its_row_and_the_good_rows_come_through() {
        let t = read(&[
            HEADER,
            &["국가", "경기", "안산시", "반월·시화", "오만", "1977-13-01", "12.5"],
            &["특구", "경기", "성남시", "판교", "", "", ""],
            &["일반", "경기 북부", "파주시", "파주", "", "", ""],
            &["일반", "대구", "달서구", "성서", "12,000", "1984", "2,800"],
        ]);
        let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["반월·시화", "성서"],
            "a row with bad optional cells is kept without them"
        );
        assert_eq!(t.rows[0].area_m2, None);
        assert_eq!(t.rows[0].construction_started, None);
        assert_eq!(t.rows[0].figures.tenants, None);
        let problems: Vec<String> = t.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "2행 '지정면적(천제곱미터)': '오만'은(는) 숫자로 읽을 수 없습니다 (예: 1,234 또는 12.5).",
                "2행 '착공일': '1977-13-01'은(는) 날짜로 읽을 수 없습니다 (예: 1973-12-24, 1973.12.24, 1973. 12., 1973년)",
                "2행 '입주업체(개)': '12.5'은(는) 정수여야 합니다.",
                "3행 '유형': '특구'은(는) 산업단지 유형이 아닙니다 (국가, 일반, 도시첨단, 농공).",
                "4행 '시도': '경기 북부'은(는) 시·도 이름이 아닙니다 (예: 경기, 경기도, 전북특별자치도).",
            ]
        );
    }

    #[test]
    fn group_rows_are_kept_and_marked() {
        let t = read(&[
            &["유형", "시도", "단지명"],
            &["국가", "서울", "한국수출산업 (①)"],
            &["국가", "서울", "　　서울디지털 ①"],
        ]);
        let rows: Vec<(&str, bool)> = t.rows.iter().map(|r| (r.name.as_str(), r.group)).collect();
        assert_eq!(rows, [("한국수출산업", true), ("서울디지털", false)]);
    }

    #[test]
    fn a_name_starting_with_ju_is_no_footnote() {
        let t = read(&[
            &["단지명", "유형", "시도"],
            &["주안·부평", "국가", "인천"],
            &["주) 잠정", "", ""],
        ]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.skipped[0].reason, SkipReason::Note);
    }
}
