//! XLSX: the document's text in reading order on a first sheet, then one sheet per table, with
//! amounts and counts as numbers (formatted "256.2억 원", "10,000명", "62.5%") so they add up.

use std::collections::HashSet;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::document::{Block, Cell, Document, Table};

/// Why a workbook was not written.
#[derive(Debug, thiserror::Error)]
#[error("엑셀(XLSX) 파일을 만들지 못했습니다: {0}")]
pub struct XlsxRenderError(#[from] XlsxError);

pub fn render(doc: &Document) -> Result<Vec<u8>, XlsxRenderError> {
    let mut book = Workbook::new();
    let mut names = HashSet::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);

    let text = book.add_worksheet();
    text.set_name(sheet_name("문서", &mut names))?;
    text.set_column_width(0, 120)?;
    let mut row = 0;
    text.write_with_format(row, 0, &doc.title, &title)?;
    for line in &doc.byline {
        row += 1;
        text.write(row, 0, line)?;
    }
    row += 1;
    for block in &doc.blocks {
        let line = match block {
            Block::Heading { text, .. } => Some((text.clone(), true)),
            Block::Paragraph(t) => Some((t.clone(), false)),
            Block::Item { depth, text } => Some((
                format!("{}{} {text}", "  ".repeat(usize::from(*depth) - 1), marker(*depth)),
                false,
            )),
            Block::Note(t) => Some((format!("    * {t}"), false)),
            Block::Table(t) => Some((format!("[표] {} — '{}' 시트", t.caption, t.caption), false)),
            Block::PageBreak => None,
        };
        if let Some((line, is_heading)) = line {
            row += 1;
            if is_heading {
                text.write_with_format(row, 0, &line, &bold)?;
            } else {
                text.write(row, 0, &line)?;
            }
        }
    }
    for table in doc.tables() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.caption, &mut names))?;
        write_table(sheet, table)?;
    }
    Ok(book.save_to_buffer()?)
}

fn marker(depth: u8) -> &'static str {
    match depth {
        1 => "□",
        2 => "-",
        _ => "·",
    }
}

fn write_table(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    let header = border(
        Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xE8EAED))
            .set_align(FormatAlign::Center),
    );
    let plain = border(Format::new().set_text_wrap().set_align(FormatAlign::Top));
    sheet.write_with_format(0, 0, &table.caption, &Format::new().set_bold().set_font_size(12))?;
    for (c, name) in table.columns.iter().enumerate() {
        sheet.write_with_format(1, c as u16, name, &header)?;
    }
    let mut widths: Vec<usize> = table.columns.iter().map(|c| display_width(c)).collect();
    for (r, cells) in table.rows.iter().enumerate() {
        let row = 2 + r as u32;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_with_format(row, col, s, &plain)?,
                Cell::Eok(won) => sheet.write_with_format(
                    row,
                    col,
                    *won as f64 / 1e8,
                    &border(Format::new().set_num_format("#,##0.0\"억 원\"")),
                )?,
                Cell::Count { value, unit } => sheet.write_with_format(
                    row,
                    col,
                    *value as f64,
                    &border(Format::new().set_num_format(format!("#,##0\"{unit}\""))),
                )?,
                Cell::Permille(p) => sheet.write_with_format(
                    row,
                    col,
                    *p as f64 / 1000.0,
                    &border(Format::new().set_num_format("0.0%")),
                )?,
                Cell::Empty => sheet.write_blank(row, col, &plain)?,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(display_width(&cell.written()) + 2);
            }
        }
    }
    if table.grouped_first_column {
        merge_groups(sheet, table, &plain)?;
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(8, 60) as f64)?;
    }
    if let Some(note) = &table.note {
        sheet.write(2 + table.rows.len() as u32, 0, note)?;
    }
    Ok(())
}

/// Merges each first-column label with the empty cells under it.
fn merge_groups(sheet: &mut Worksheet, table: &Table, format: &Format) -> Result<(), XlsxError> {
    for (i, span) in table.first_column_spans().into_iter().enumerate() {
        if span > 1
            && let Some(Cell::Text(label)) = table.rows[i].first()
        {
            let first = 2 + i as u32;
            sheet.merge_range(first, 0, first + span as u32 - 1, 0, label, format)?;
        }
    }
    Ok(())
}

/// Columns a text takes in a spreadsheet: two for Hangul and other wide characters.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book.
fn sheet_name(caption: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = caption
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let base: String = clean.trim().trim_matches('\'').chars().take(31).collect();
    let base = if base.is_empty() { "표".to_string() } else { base };
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        let suffix = format!(" ({n})");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.chars().count()).collect::<String>()
        );
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_shortened_cleaned_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(sheet_name("경기 대상지역", &mut taken), "경기 대상지역");
        assert_eq!(sheet_name("경기 대상지역", &mut taken), "경기 대상지역 (2)");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        let long = "가".repeat(40);
        let named = sheet_name(&long, &mut taken);
        assert_eq!(named.chars().count(), 31);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
    }
}
