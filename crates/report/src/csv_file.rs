//! CSV: the whole document in reading order — text lines as one-cell rows, each table as its
//! caption, header and rows — in UTF-8 with a byte-order mark so Excel in Korea opens it as
//! Hangul. Cells are written as in the PDF ("256.2" under "(단위: 억 원)", "10,000명"). Text that
//! a spreadsheet would run as a formula (a project named "=HYPERLINK(…)") is written with a
//! leading apostrophe, so opening the file never executes what a record says. Figures (amounts,
//! counts, percentages) are the document's own numbers, never text, and stay numbers: "-0.5%".

use crate::document::{Block, Cell, Document};

/// Text as a spreadsheet will read it: an apostrophe before a leading =, +, -, @, tab or carriage
/// return, as OWASP recommends. Every one of them, "- " included: Excel reads "- 1+HYPERLINK(…)"
/// as a formula, so no exception for what looks like a list dash is safe. Every text cell of
/// every CSV Sandan writes goes through this.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
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
                out.write_record([inert(&format!("{marker} {text}"))])?
            }
            Block::Note(text) => out.write_record([inert(&format!("* {text}"))])?,
            Block::Table(table) => {
                out.write_record([inert(&format!("[표] {}", table.caption))])?;
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
        assert_eq!(inert("- 1+HYPERLINK(\"http://x\")"), "'- 1+HYPERLINK(\"http://x\")");
        assert_eq!(inert("\t=1+1"), "'\t=1+1");
        assert_eq!(inert("\r=1+1"), "'\r=1+1");
        assert_eq!(inert("스마트공장"), "스마트공장");
        assert_eq!(inert("1-2"), "1-2", "only the first character matters");
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

    #[test]
    fn a_second_level_item_is_written_inert_whatever_follows_its_dash() {
        let doc = Document {
            title: "보고서".into(),
            byline: vec![],
            blocks: vec![
                Block::Item {
                    depth: 2,
                    text: "1+HYPERLINK(\"http://x\")".into(),
                },
                Block::Item {
                    depth: 1,
                    text: "추진 현황".into(),
                },
            ],
        };
        let text = String::from_utf8(render(&doc).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "\"'- 1+HYPERLINK(\"\"http://x\"\")\"", "{text}");
        assert_eq!(lines[2], "□ 추진 현황");
    }
}
