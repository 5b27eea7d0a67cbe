//! CSV: the whole document in reading order — text lines as one-cell rows, each table as its
//! caption, header and rows — in UTF-8 with a byte-order mark so Excel in Korea opens it as
//! Hangul. Cells are written as in the PDF ("256.2" under "(단위: 억 원)", "10,000명").

use crate::document::{Block, Document};

#[derive(Debug, thiserror::Error)]
#[error("CSV 파일을 만들지 못했습니다: {0}")]
pub struct CsvRenderError(#[from] csv::Error);

pub fn render(doc: &Document) -> Result<Vec<u8>, CsvRenderError> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record([&doc.title])?;
    for line in &doc.byline {
        out.write_record([line])?;
    }
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) => out.write_record([text])?,
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
                out.write_record(&table.columns)?;
                for row in table.written_rows() {
                    out.write_record(&row)?;
                }
                if let Some(note) = &table.note {
                    out.write_record([note])?;
                }
            }
            Block::PageBreak => {}
        }
    }
    out.into_inner().map_err(|e| CsvRenderError(e.into_error().into()))
}
