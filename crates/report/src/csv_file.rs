//! CSV: the whole document in reading order — text lines as one-cell rows, each table as its
//! caption, header and rows — in UTF-8 with a byte-order mark so Excel in Korea opens it as
//! Hangul. Cells are written as in the PDF ("256.2" under "(단위: 억 원)", "10,000명"). Text that
//! a spreadsheet would run as a formula (a project named "=HYPERLINK(…)") is written with a
//! leading apostrophe, so opening the file never executes what a record says.

use crate::document::{Block, Cell, Document};

/// Text as a spreadsheet will read it: an apostrophe before a leading =, +, @, a tab or carriage
/// return, or a - that is not a list dash ("- 항목"). Every CSV Sandan writes goes through this.
pub fn inert(text: &str) -> String {
    let mut chars = text.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => chars.next().is_some_and(|c| !c.is_whitespace()),
        _ => false,
    };
    if risky { format!("'{text}") } else { text.to_string() }
}

#[derive(Debug, thiserror::Error)]
#[error("CSV 파일을 만들지 못했습니다: {0}")]
pub struct CsvRenderError(#[from] csv::Error);

pub fn render(doc: &Document) -> Result<Vec<u8>, CsvRenderError> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record([inert(&doc.title)])?;
    for line in &doc.byline {
        out.write_record([inert(line)])?;
    }
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => out.write_record([inert(text)])?,
            Block::Item { depth, text } => {
                let marker = match depth {
                    1 => "□",
                    2 => "-",
                    _ => "·",
                };
                out.write_record([format!("{marker} {text}")])?
            }
            Block::Note(text) => out.write_record([format!("* {text}")])?,
            Block::Table(table) => {
                out.write_record([format!("[표] {}", table.caption)])?;
                out.write_record(table.columns.iter().map(|c| inert(c)))?;
                for row in &table.rows {
                    out.write_record(row.iter().map(|cell| match cell {
                        Cell::Text(t) => inert(t),
                        number => number.written(),
                    }))?;
                }
                if let Some(note) = &table.note {
                    out.write_record([inert(note)])?;
                }
            }
            Block::PageBreak => {}
        }
    }
    out.into_inner().map_err(|e| CsvRenderError(e.into_error().into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Table;

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_written_inert() {
        assert_eq!(inert("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(inert("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-2+3"), "'-2+3");
        assert_eq!(inert("- 목록 항목"), "- 목록 항목");
        assert_eq!(inert("스마트공장"), "스마트공장");
        let doc = Document {
            title: "=1+1".into(),
            byline: vec![],
            blocks: vec![Block::Table(Table {
                caption: "표".into(),
                columns: vec!["사업명".into(), "증감".into()],
                rows: vec![vec![Cell::text("=cmd()"), Cell::Permille(-5)]],
                grouped_first_column: false,
                note: None,
            })],
        };
        let text = String::from_utf8(render(&doc).unwrap()).unwrap();
        assert!(text.contains("'=1+1") && text.contains("'=cmd()"), "{text}");
        assert!(text.contains(",-0.5%"), "a negative figure stays a number: {text}");
    }
}
