//! 머리글 찾기: where a registry table's header is and which column holds which field.
//!
//! Published tables start with a title, a date and a "(단위: …)" line, and often have a header
//! of two rows: a parent spanning its children ("업체수" over "입주", "가동"; "생산(억원)" over
//! "누계", "당분기"). The decoder either repeats a merged cell's text into every cell it spans
//! or leaves the spanned cells blank; both are read here. Three-row headers are not.

use super::field::{ColumnMapping, Field, Unit, header_key};
use super::table::{Table, TableRow};

/// How far down a header is looked for: titles and notes take a few rows, never dozens.
const SEARCH_ROWS: usize = 30;

/// A column the mapping understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    /// The header as printed, a two-row header's parent and child joined: "업체수 입주".
    pub header: String,
    pub field: Field,
    /// The unit figures are read in: the header's own, else the one a "(단위: …)" line above
    /// lists for the field's dimension, else the field's default.
    pub unit: Option<Unit>,
}

/// The header found: its lines and the columns it maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The 1-based lines the header occupies (one or two).
    pub lines: Vec<usize>,
    pub columns: Vec<Column>,
    /// Headers no mapping line knows, so the office can see what was left out.
    pub unmapped: Vec<String>,
    /// Columns mapped to a field an earlier column already holds; the earlier one is read.
    pub duplicates: Vec<String>,
    /// Index of the first row after the header in the table.
    pub(crate) data_from: usize,
}

/// Why a table cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("표가 비어 있습니다.")]
    Empty,
    #[error(
        "필수 열을 찾지 못했습니다: {}. 머리글을 확인하거나 열 대응표에 추가해 주세요.",
        korean_list(.missing)
    )]
    MissingColumns { missing: Vec<Field> },
    #[error("{line}행 '{header}' 열의 단위({unit})로는 {field}을(를) 읽을 수 없습니다.")]
    WrongUnit {
        line: usize,
        header: String,
        unit: &'static str,
        field: &'static str,
    },
}

fn korean_list(fields: &[Field]) -> String {
    fields.iter().map(|f| f.korean()).collect::<Vec<_>>().join(", ")
}

impl Header {
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// Whether `row` is this header printed again (tables repeat it after page breaks): two or
    /// more of its cells name the field of their own column.
    pub(crate) fn is_repeated_in(&self, row: &TableRow, mapping: &ColumnMapping) -> bool {
        self.columns
            .iter()
            .filter(|c| mapping.lookup(row.cell(c.index)) == Some(Some(c.field)))
            .count()
            >= 2
    }
}

/// Finds the header in the first rows of `table`: the top-most row (or pair of rows) under which
/// every required field has a column.
pub fn find_header(table: &Table, mapping: &ColumnMapping) -> Result<Header, HeaderError> {
    if table.rows.iter().all(TableRow::is_blank) {
        return Err(HeaderError::Empty);
    }
    let mut closest: Option<Candidate> = None;
    for i in 0..table.rows.len().min(SEARCH_ROWS) {
        let top = &table.rows[i];
        if top.is_blank() {
            continue;
        }
        let single = Candidate::read(table, i, None, mapping);
        // A title ("2024년 4분기 현황") is one cell; a parent header row has several.
        let parent_like = top.cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2;
        let double = (parent_like && i + 1 < table.rows.len()).then(|| Candidate::read(table, i, Some(i + 1), mapping));
        // A data row under a one-row header loses the name column when joined to it, so a pair
        // that maps as much as the row alone is a parent over children or over a unit row.
        let best = match double {
            Some(d) if d.fields() >= single.fields() => d,
            _ => single,
        };
        if best.missing().is_empty() {
            return best.into_header(table);
        }
        if closest.as_ref().is_none_or(|c| best.rank() > c.rank()) {
            closest = Some(best);
        }
    }
    Err(HeaderError::MissingColumns {
        missing: closest.map_or_else(|| Field::REQUIRED.to_vec(), |c| c.missing()),
    })
}

/// One reading of one or two rows as a header.
struct Candidate {
    rows: Vec<usize>,
    /// (column index, header text, field or None)
    columns: Vec<(usize, String, Option<Field>)>,
}

impl Candidate {
    fn read(table: &Table, parent: usize, child: Option<usize>, mapping: &ColumnMapping) -> Candidate {
        let top = &table.rows[parent];
        let Some(child) = child else {
            let columns = (0..top.cells.len())
                .map(|j| {
                    let text = top.cell(j).to_string();
                    let field = mapping.lookup(&text).flatten();
                    (j, text, field)
                })
                .collect();
            return Candidate {
                rows: vec![parent],
                columns,
            };
        };
        let bottom = &table.rows[child];
        let width = top.cells.len().max(bottom.cells.len());
        let mut columns = Vec::with_capacity(width);
        // The parent text a blank spanned cell inherits, when the cell to its left was a parent
        // over a different child.
        let mut spanning: Option<String> = None;
        for j in 0..width {
            let (mut p, c) = (top.cell(j).to_string(), bottom.cell(j).to_string());
            let child_named = !header_key(&c).is_empty();
            if p.is_empty() && child_named {
                p = spanning.clone().unwrap_or_default();
            }
            spanning = (!p.is_empty() && child_named && header_key(&p) != header_key(&c)).then(|| p.clone());
            let text = if p.is_empty() {
                c.clone()
            } else if c.is_empty() || header_key(&p) == header_key(&c) {
                p.clone()
            } else {
                format!("{p} {c}")
            };
            // A child alone may name the field ("현황" over "입주업체"); a parent alone may not,
            // or "생산" over "누계" would be read as the quarter's production.
            let field = match mapping.lookup(&text) {
                Some(found) => found,
                None if !p.is_empty() && child_named => mapping.lookup(&c).flatten(),
                None => None,
            };
            columns.push((j, text, field));
        }
        Candidate {
            rows: vec![parent, child],
            columns,
        }
    }

    fn fields(&self) -> usize {
        let mut fields: Vec<Field> = self.columns.iter().filter_map(|c| c.2).collect();
        fields.sort();
        fields.dedup();
        fields.len()
    }

    fn missing(&self) -> Vec<Field> {
        Field::REQUIRED
            .into_iter()
            .filter(|f| !self.columns.iter().any(|c| c.2 == Some(*f)))
            .collect()
    }

    fn rank(&self) -> (usize, usize) {
        (Field::REQUIRED.len() - self.missing().len(), self.fields())
    }

    fn into_header(self, table: &Table) -> Result<Header, HeaderError> {
        let last = *self.rows.last().expect("a candidate has rows");
        let line = table.rows[self.rows[0]].line;
        let mut header = Header {
            lines: self.rows.iter().map(|&i| table.rows[i].line).collect(),
            columns: Vec::new(),
            unmapped: Vec::new(),
            duplicates: Vec::new(),
            data_from: last + 1,
        };
        let noted = noted_units(&table.rows[..self.rows[0]]);
        for (index, text, field) in self.columns {
            let Some(field) = field else {
                if !text.is_empty() {
                    header.unmapped.push(text);
                }
                continue;
            };
            if header.column(field).is_some() {
                header.duplicates.push(text);
                continue;
            }
            let stated = Unit::in_header(&text);
            if let (Some(unit), Some(dimension)) = (stated, field.dimension())
                && unit.dimension() != dimension
            {
                return Err(HeaderError::WrongUnit {
                    line,
                    header: text,
                    unit: unit.korean(),
                    field: field.korean(),
                });
            }
            let noted = field
                .dimension()
                .and_then(|d| only(noted.iter().filter(|u| u.dimension() == d)));
            let unit = field.dimension().and(stated.or(noted).or(field.default_unit()));
            header.columns.push(Column {
                index,
                header: text,
                field,
                unit,
            });
        }
        Ok(header)
    }
}

/// The units a "(단위: 천㎡, 개사, 명, 억원, 백만달러)" line above the header lists. A column
/// whose header states no unit takes the one listed for its dimension, if exactly one is.
fn noted_units(above: &[TableRow]) -> Vec<Unit> {
    above
        .iter()
        .flat_map(|row| &row.cells)
        .filter_map(|cell| cell.split_once("단위").map(|(_, after)| after))
        .flat_map(|after| after.split([',', '/', ';', '、', ':', '(', ')', '）', '（']))
        .filter_map(Unit::parse)
        .collect()
}

/// The one item of `items`, if there is exactly one.
fn only<'a>(mut items: impl Iterator<Item = &'a Unit>) -> Option<Unit> {
    match (items.next(), items.next()) {
        (Some(unit), None) => Some(*unit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        Table::from_rows(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
    }

    fn fields(header: &Header) -> Vec<(usize, Field)> {
        header.columns.iter().map(|c| (c.index, c.field)).collect()
    }

    #[test]
    fn a_single_row_header_is_found_under_a_title_and_a_unit_line() {
        let t = table(&[
            &["2024년 4분기 전국산업단지 현황"],
            &["(단위: 천㎡, 개사)"],
            &[],
            &[
                "유형",
                "시도",
                "시군",
                "단지명",
                "지정면적(천제곱미터)",
                "관리면적(천제곱미터)",
                "입주업체(개)",
            ],
            &["국가", "경기", "안산시", "반월·시화", "50,000", "50,000", "20,000"],
        ]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(h.lines, [4]);
        assert_eq!(h.data_from, 4);
        assert_eq!(
            fields(&h),
            [
                (0, Field::Kind),
                (1, Field::Region),
                (2, Field::District),
                (3, Field::Name),
                (4, Field::Area),
                (6, Field::Tenants)
            ]
        );
        assert_eq!(h.column(Field::Area).unwrap().unit, Some(Unit::ThousandSquareMetre));
        assert_eq!(h.unmapped, ["관리면적(천제곱미터)"]);
    }

    #[test]
    fn a_merged_two_row_header_is_read_with_blank_spanned_cells() {
        let t = table(&[
            &[
                "단지명",
                "유형",
                "시도",
                "업체수",
                "",
                "생산(억원)",
                "",
                "수출(백만달러)",
            ],
            &["", "", "", "입주", "가동", "누계", "당분기", ""],
            &[
                "반월·시화",
                "국가",
                "경기",
                "20,000",
                "18,500",
                "600,000",
                "160,000",
                "3,000",
            ],
        ]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(h.lines, [1, 2]);
        assert_eq!(
            fields(&h),
            [
                (0, Field::Name),
                (1, Field::Kind),
                (2, Field::Region),
                (3, Field::Tenants),
                (4, Field::Operating),
                (6, Field::Production),
                (7, Field::Exports)
            ]
        );
        assert_eq!(h.column(Field::Production).unwrap().header, "생산(억원) 당분기");
        assert_eq!(
            h.unmapped,
            ["생산(억원) 누계"],
            "the year-to-date column is not the quarter's"
        );
    }

    #[test]
    fn a_merged_two_row_header_is_read_with_repeated_spanned_cells() {
        let t = table(&[
            &["단지명", "유형", "시도", "업체수", "업체수", "생산(억원)", "생산(억원)"],
            &["단지명", "유형", "시도", "입주", "가동", "누계", "당분기"],
            &["반월·시화", "국가", "경기", "20,000", "18,500", "600,000", "160,000"],
        ]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(h.lines, [1, 2]);
        assert_eq!(h.column(Field::Name).unwrap().header, "단지명");
        assert_eq!(h.column(Field::Operating).unwrap().index, 4);
        assert_eq!(h.column(Field::Production).unwrap().index, 6);
    }

    #[test]
    fn a_unit_row_under_the_header_gives_the_units() {
        let t = table(&[
            &["단지명", "유형", "시도", "지정면적", "업체수", ""],
            &["", "", "", "(㎡)", "입주", "가동"],
            &["성서", "일반", "대구", "1,234,567", "2,800", "2,600"],
        ]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(h.lines, [1, 2]);
        assert_eq!(h.column(Field::Area).unwrap().unit, Some(Unit::SquareMetre));
        let t = table(&[&["단지명", "유형", "시도", "지정면적"], &["", "", "", "(㎡)"]]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(h.lines, [1, 2], "a unit row alone still belongs to the header");
        assert_eq!(h.column(Field::Area).unwrap().unit, Some(Unit::SquareMetre));
    }

    #[test]
    fn a_unit_line_above_the_header_gives_the_units_headers_leave_out() {
        let t = table(&[
            &["(단위: ㎡, 개사, 백만 원, 천달러)"],
            &["단지명", "유형", "시도", "지정면적", "생산", "수출", "관리면적(천㎡)"],
        ]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(h.column(Field::Area).unwrap().unit, Some(Unit::SquareMetre));
        assert_eq!(h.column(Field::Production).unwrap().unit, Some(Unit::MillionWon));
        assert_eq!(h.column(Field::Exports).unwrap().unit, Some(Unit::ThousandDollar));
        let t = table(&[
            &["단위: ㎡ / 천㎡"],
            &["단지명", "유형", "시도", "지정면적(㎡)", "면적"],
        ]);
        let h = find_header(&t, &ColumnMapping::kicox()).unwrap();
        assert_eq!(
            h.column(Field::Area).unwrap().unit,
            Some(Unit::SquareMetre),
            "the header's own unit wins"
        );
    }

    #[test]
    fn a_file_missing_a_required_column_is_refused_naming_it() {
        let t = table(&[&["단지명", "시군", "입주업체"], &["반월·시화", "안산시", "1"]]);
        let err = find_header(&t, &ColumnMapping::kicox()).unwrap_err();
        assert_eq!(
            err,
            HeaderError::MissingColumns {
                missing: vec![Field::Kind, Field::Region]
            }
        );
        assert_eq!(
            err.to_string(),
            "필수 열을 찾지 못했습니다: 유형, 시·도. 머리글을 확인하거나 열 대응표에 추가해 주세요."
        );
        assert_eq!(
            find_header(&table(&[&[""]]), &ColumnMapping::kicox()),
            Err(HeaderError::Empty)
        );
    }

    #[test]
    fn a_figure_column_in_the_wrong_currency_is_refused() {
        let t = table(&[&["단지명", "유형", "시도", "수출(억원)"]]);
        let err = find_header(&t, &ColumnMapping::kicox()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "1행 '수출(억원)' 열의 단위(억 원)로는 수출을(를) 읽을 수 없습니다."
        );
    }
}
