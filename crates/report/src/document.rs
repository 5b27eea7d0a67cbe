//! 문서: an official output as a sequence of blocks. Every format writes the same blocks, so a
//! figure cannot read one way in the PDF and another in the spreadsheet.

use sandan_domain::quantity::thousands;

/// One official output (보도자료 참고자료, 지역 보고서, 전국 현황).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The title as it heads the first page.
    pub title: String,
    /// Lines under the title: who issues it, its date, and a synthetic-data mark when the
    /// figures are not real.
    pub byline: Vec<String>,
    pub blocks: Vec<Block>,
}

/// A block of the document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// 1: a part (본문, 참고), 2: a region's sheet, 3: a numbered section (1. 혁신계획 개요).
    Heading {
        level: u8,
        text: String,
    },
    /// Running text.
    Paragraph(String),
    /// A list item: depth 1 is "□", 2 is "-", 3 is "·" in the government's layout.
    Item {
        depth: u8,
        text: String,
    },
    /// A footnote-style line ("* …") under the item before it.
    Note(String),
    Table(Table),
    /// The next block starts a new page (each reference sheet does).
    PageBreak,
}

/// A table; in XLSX it is a sheet of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The caption; also the XLSX sheet name (shortened to Excel's limit where needed).
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// An empty first cell continues the label above it (연계단지 over several rows), so
    /// formats with merged cells merge it.
    pub grouped_first_column: bool,
    /// A note under the table, such as "(단위: 억 원)" or the source of the figures.
    pub note: Option<String>,
}

/// One cell. Amounts and counts stay numbers so a spreadsheet can add them up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// 원, written in 억 원 to one decimal in text formats (the table's note says so).
    Eok(i64),
    /// A whole number with its unit: 10,000명, 37개.
    Count {
        value: i64,
        unit: &'static str,
    },
    /// Per mille, written as a percentage with one decimal: 923 → "92.3%".
    Permille(i64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as every text format writes it.
    pub fn written(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Eok(won) => sandan_domain::quantity::eok(*won),
            Cell::Count { value, unit } => format!("{}{unit}", thousands(*value)),
            Cell::Permille(p) => {
                let sign = if *p < 0 { "-" } else { "" };
                format!("{sign}{}.{}%", thousands(p.abs() / 10), p.abs() % 10)
            }
            Cell::Empty => String::new(),
        }
    }
}

impl Table {
    /// Columns: the header's, or the widest row's if a row is wider.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.columns.len()])
            .max()
            .unwrap_or(0)
    }

    /// How many rows each row's first cell spans when the first column is grouped: 1 or more for
    /// a label (itself and the empty cells under it), 0 for a row whose first cell is covered by
    /// the label above. All 1 when the column is not grouped.
    pub fn first_column_spans(&self) -> Vec<usize> {
        let continues = |row: &Vec<Cell>| matches!(row.first(), None | Some(Cell::Empty));
        (0..self.rows.len())
            .map(|i| {
                if !self.grouped_first_column {
                    1
                } else if i > 0 && continues(&self.rows[i]) {
                    0
                } else {
                    1 + self.rows[i + 1..].iter().take_while(|r| continues(r)).count()
                }
            })
            .collect()
    }

    /// Every cell as written, row by row (CSV and the text formats share this).
    pub fn written_rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.rows.iter().map(|row| row.iter().map(Cell::written).collect())
    }
}

impl Document {
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grouped_label_spans_the_empty_cells_under_it() {
        let row = |first: Cell| vec![first, Cell::text("x")];
        let mut table = Table {
            caption: "대상지역".into(),
            columns: vec!["구분".into(), "대상지".into()],
            rows: vec![
                row(Cell::text("거점단지")),
                row(Cell::text("연계단지")),
                row(Cell::Empty),
                row(Cell::Empty),
                row(Cell::text("연계지역")),
            ],
            grouped_first_column: true,
            note: None,
        };
        assert_eq!(table.first_column_spans(), [1, 3, 0, 0, 1]);
        assert_eq!(table.width(), 2);
        table.grouped_first_column = false;
        assert_eq!(table.first_column_spans(), [1; 5]);
    }

    #[test]
    fn cells_are_written_as_officials_write_them() {
        assert_eq!(Cell::Eok(25_620_000_000).written(), "256.2");
        assert_eq!(
            Cell::Count {
                value: 10_000,
                unit: "명"
            }
            .written(),
            "10,000명"
        );
        assert_eq!(Cell::Permille(923).written(), "92.3%");
        assert_eq!(Cell::Permille(-5).written(), "-0.5%");
        assert_eq!(Cell::Empty.written(), "");
    }
}
