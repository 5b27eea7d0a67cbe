//! Spreadsheet files in and out: the cells of an uploaded CSV or XLSX as rows of strings, and
//! the 신청 사업 목록 template officials fill in. What the cells mean is the domain's
//! `project_rows`; this module only decodes bytes.
//!
//! CSV comes as Excel writes it: UTF-8 (with or without BOM, "CSV UTF-8(쉼표로 분리)") or
//! CP949 (plain "CSV(쉼표로 분리)" on Korean Windows). XLSX is read from its first worksheet.
//! Row numbers are kept as the spreadsheet shows them: `rows[i]` is row i + 1, empty rows
//! included, so problems can name the row an official sees.

use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, Xlsx};
use sandan_domain::project_rows::HEADERS;

use crate::ui::zipped::{self, ZipProblem};

/// Largest file read: 20 MiB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most rows a sheet may have, header included.
pub const MAX_ROWS: usize = 100_000;
/// Most columns a sheet may use (the template has 9).
pub const MAX_COLUMNS: usize = 64;

/// Why a file's cells could not be read. The messages are for the official who uploaded it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SheetError {
    #[error(
        "'{file_name}'은(는) 읽을 수 없는 형식입니다. CSV 파일(.csv) 또는 Excel 통합 문서(.xlsx)를 올려 주십시오. \
         .xls 등 다른 형식은 Excel에서 '다른 이름으로 저장'으로 'Excel 통합 문서(*.xlsx)'를 골라 저장한 뒤 올려 주십시오."
    )]
    UnsupportedKind { file_name: String },
    #[error("파일이 너무 큽니다({}). 20MB 이하의 파일만 받을 수 있습니다.", size(*.bytes))]
    TooLarge { bytes: usize },
    #[error("파일이 비어 있습니다. 첫 행에 머리글을 두고 그 아래에 사업을 적어 주십시오.")]
    Empty,
    #[error(
        "시트의 행이 너무 많습니다. 한 파일에 100,000행까지만 읽을 수 있습니다. 사업 목록 밖의 내용을 지우거나 파일을 나누어 올려 주십시오."
    )]
    TooManyRows,
    #[error(
        "{row}행 {column}열에 값이 있습니다. 시트는 {}열까지만 읽을 수 있습니다. 사업 목록 밖의 열을 지운 뒤 다시 올려 주십시오.",
        column_letter(MAX_COLUMNS - 1)
    )]
    TooManyColumns { row: usize, column: String },
    #[error(
        "파일의 글자 인코딩이 UTF-8도 CP949(EUC-KR)도 아니어서 읽을 수 없습니다. \
         Excel에서 '다른 이름으로 저장'을 누르고 파일 형식을 'CSV UTF-8(쉼표로 분리)(*.csv)'로 골라 저장한 뒤 다시 올려 주십시오."
    )]
    Encoding,
    #[error(
        "CSV 파일 {line}번째 줄에서 연 큰따옴표(\")가 닫히지 않았습니다. 그 줄의 큰따옴표를 확인하거나, \
         Excel에서 'CSV UTF-8(쉼표로 분리)(*.csv)'로 다시 저장해 올려 주십시오."
    )]
    UnclosedQuote { line: u64 },
    #[error(
        "CSV 파일 {line}번째 줄을 읽을 수 없습니다. Excel에서 'CSV UTF-8(쉼표로 분리)(*.csv)'로 다시 저장해 올려 주십시오."
    )]
    Csv { line: u64 },
    #[error(
        "Excel 파일(.xlsx)을 열 수 없습니다. 파일이 손상되었거나, 암호가 걸려 있거나, 이름만 .xlsx인 다른 형식의 파일입니다. \
         Excel에서 열어 'Excel 통합 문서(*.xlsx)'로 다시 저장한 뒤 올려 주십시오."
    )]
    Xlsx {
        /// calamine's account, for the log; not shown to the official.
        detail: String,
    },
    #[error("Excel 파일에 워크시트가 없습니다. 첫 번째 시트에 사업 목록을 적어 주십시오.")]
    NoWorksheet,
    #[error(
        "Excel 파일의 압축을 풀면 100MB를 넘어 읽지 않았습니다. 사업 목록 밖의 시트와 내용을 지우고 \
         'Excel 통합 문서(*.xlsx)'로 다시 저장해 올려 주십시오."
    )]
    Inflated,
}

/// The cells of `bytes`, by the file name's extension (.csv or .xlsx, any case): one
/// `Vec<String>` per row, header included, empty rows kept where they fall (as empty vectors)
/// so that `rows[i]` is the spreadsheet's row i + 1; trailing empty cells and rows dropped.
pub fn read_rows(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let read = match extension.as_deref() {
        Some("csv") => read_csv,
        Some("xlsx") => read_xlsx,
        _ => {
            return Err(SheetError::UnsupportedKind {
                file_name: file_name.to_string(),
            });
        }
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge { bytes: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    let rows = read(bytes)?;
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(rows)
}

/// The text of a CSV file: UTF-8 (BOM stripped), else CP949; anything else is refused.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 ("유니코드 텍스트") can pass as UTF-8 when it is mostly ASCII; its BOM and NULs
    // give it away.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return Err(SheetError::Encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.into());
    }
    // encoding_rs's EUC-KR is the WHATWG decoder, which is windows-949 (CP949, the superset
    // Excel writes on Korean Windows).
    encoding_rs::EUC_KR
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(SheetError::Encoding)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let text = decode(bytes)?;
    let text = text.as_bytes();
    if let Some(line) = unclosed_quote(text) {
        return Err(SheetError::UnclosedQuote { line });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().clone();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(start.line());
                return Err(SheetError::Csv { line });
            }
        }
        // The csv crate skips blank lines; Excel shows each as an empty row, so put them back.
        let at = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        for _ in 0..blank_lines_at(text, at) {
            rows.push(Vec::new());
        }
        let mut row: Vec<String> = record.iter().map(str::to_string).collect();
        while row.last().is_some_and(|c| c.is_empty()) {
            row.pop();
        }
        if row.len() > MAX_COLUMNS {
            return Err(SheetError::TooManyColumns {
                row: rows.len() + 1,
                column: column_letter(row.len() - 1),
            });
        }
        rows.push(row);
        if rows.len() > MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
    }
    while rows.last().is_some_and(|r: &Vec<String>| r.is_empty()) {
        rows.pop();
    }
    Ok(rows)
}

/// How many blank lines the csv crate skipped before the record it reports at byte `at`: the
/// run of line ends there, less the "\n" that closes the previous record's "\r\n".
fn blank_lines_at(text: &[u8], at: usize) -> usize {
    let mut i = at;
    if i > 0 && text[i - 1] == b'\r' && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut lines = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'\r' => {
                i += 1;
                if text.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => i += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

/// The line on which a quoted field opens that is never closed. The csv crate reads such a
/// field to the end of the file without complaint, swallowing every row after it; this walks
/// the text as it does (a quote opens a field only at its start) to catch that.
fn unclosed_quote(text: &[u8]) -> Option<u64> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted { line: u64 },
        QuoteInQuoted { line: u64 },
    }
    let mut state = State::FieldStart;
    let mut line = 1;
    for &b in text {
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted { line },
            (State::Quoted { line: opened }, b'"') => State::QuoteInQuoted { line: opened },
            (State::QuoteInQuoted { line: opened }, b'"') => State::Quoted { line: opened },
            (s @ State::Quoted { .. }, _) => s,
            (_, b',' | b'\r' | b'\n') => State::FieldStart,
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    match state {
        State::Quoted { line } => Some(line),
        _ => None,
    }
}

/// Refuses an XLSX that inflates past [`zipped::MAX_INFLATED_BYTES`] (a 10,000-row list is
/// about 5 MB of XML).
fn check_inflated(bytes: &[u8]) -> Result<(), SheetError> {
    match zipped::open(bytes) {
        Ok(_) => Ok(()),
        Err(ZipProblem::Inflated) => Err(SheetError::Inflated),
        Err(ZipProblem::Unreadable(detail)) => Err(SheetError::Xlsx { detail }),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    check_inflated(bytes)?;
    let unreadable = |e: calamine::XlsxError| SheetError::Xlsx { detail: e.to_string() };
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = book
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .ok_or(SheetError::NoWorksheet)?;
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(unreadable)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Cells stream in row order; the sheet is never held whole, so a huge one is refused
    // at its 100,001st row rather than after it was read.
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize, column as usize);
        if row >= MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
        if column >= MAX_COLUMNS {
            return Err(SheetError::TooManyColumns {
                row: row + 1,
                column: column_letter(column),
            });
        }
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut rows[row];
        if cells.len() <= column {
            cells.resize_with(column + 1, String::new);
        }
        cells[column] = text;
    }
    Ok(rows)
}

/// A cell as the official sees it: whole numbers without ".0", dates as 2024-01-31.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            match (h, min, s) {
                (0, 0, 0) => format!("{y:04}-{m:02}-{day:02}"),
                _ if d.as_f64() < 1.0 => format!("{h:02}:{min:02}:{s:02}"),
                _ => format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}"),
            }
        }
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e17 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A, B, …, Z, AA, … for a 0-based column.
fn column_letter(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (column % 26) as u8) as char);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.iter().rev().collect()
}

fn size(bytes: usize) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    format!("{mib:.1}MB")
}

/// The template's example rows: one project continuing a ministry program, one new project
/// without one. Valid rows, so a template uploaded as it is imports (and shows the format).
const EXAMPLES: [[&str; 9]; 2] = [
    [
        "예시) 스마트 제조혁신",
        "예시) 스마트공장 고도화",
        "계속",
        "스마트공장 구축 및 고도화",
        "2022",
        "1200000000",
        "600000000",
        "300000000",
        "2100000000",
    ],
    [
        "예시) 스마트 제조혁신",
        "예시) 산단 통근버스 운영",
        "신규",
        "",
        "2023",
        "500000000",
        "500000000",
        "0",
        "1000000000",
    ],
];

/// Columns written as numbers in the XLSX template: 연도 and the amounts.
const NUMERIC: [bool; 9] = [false, false, false, false, true, true, true, true, true];

/// The CSV template: UTF-8 with BOM (so Korean Excel reads it as UTF-8), CRLF line ends, the
/// header row and two example rows.
pub fn template_csv() -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    // Fixed cells today, but every CSV Sandan writes goes through the one formula defuser.
    let inert = |row: &[&str]| {
        row.iter()
            .map(|c| sandan_report::csv_file::inert(c))
            .collect::<Vec<_>>()
    };
    writer.write_record(inert(&HEADERS)).expect("writing to memory");
    for row in EXAMPLES {
        writer.write_record(inert(&row)).expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

/// The XLSX template: sheet 사업목록, bold header on a grey band kept in view, amounts as
/// numbers shown with thousands separators, columns wide enough for their contents.
pub fn template_xlsx() -> Vec<u8> {
    build_template_xlsx().expect("the template is fixed and valid")
}

fn build_template_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, Format, Workbook};

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("사업목록")?;
    let bold = Format::new().set_bold().set_background_color(Color::RGB(0xE7E6E6));
    let amount = Format::new().set_num_format("#,##0");
    let plain = Format::new();
    const WIDTHS: [f64; 9] = [24.0, 30.0, 8.0, 28.0, 8.0, 16.0, 16.0, 16.0, 16.0];
    for (column, (header, width)) in HEADERS.iter().zip(WIDTHS).enumerate() {
        let column = column as u16;
        sheet.set_column_width(column, width)?;
        sheet.write_string_with_format(0, column, *header, &bold)?;
    }
    for (r, row) in EXAMPLES.iter().enumerate() {
        let r = r as u32 + 1;
        for (column, value) in row.iter().enumerate() {
            let c = column as u16;
            match value.parse::<f64>() {
                Ok(number) if NUMERIC[column] => {
                    let format = if column == 4 { &plain } else { &amount };
                    sheet.write_number_with_format(r, c, number, format)?;
                }
                _ if value.is_empty() => {}
                _ => {
                    sheet.write_string(r, c, *value)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[&[&str]]) -> Vec<Vec<String>> {
        data.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn csv_rows_come_back_as_written_with_trailing_empty_cells_dropped() {
        let read = read_rows("목록.CSV", "가,\"나,\"\"다\"\"\",,\r\n1,2\r\n".as_bytes()).unwrap();
        assert_eq!(read, rows(&[&["가", "나,\"다\""], &["1", "2"]]));
    }

    #[test]
    fn blank_lines_stay_as_empty_rows_so_row_numbers_match_excel() {
        for text in [
            "a\n\nb\n\n\nc\n\n",
            "a\r\n\r\nb\r\n\r\n\r\nc\r\n\r\n",
            "a\n\n\"b\"\n\n\nc",
        ] {
            let read = read_rows("x.csv", text.as_bytes()).unwrap();
            assert_eq!(read, rows(&[&["a"], &[], &["b"], &[], &[], &["c"]]), "{text:?}");
        }
        // A quoted line break stays inside its cell and does not count as a row.
        let read = read_rows("x.csv", "\"a\nb\",c\n\nd\n".as_bytes()).unwrap();
        assert_eq!(read, rows(&[&["a\nb", "c"], &[], &["d"]]));
        // Blank lines before the first row count too.
        let read = read_rows("x.csv", "\n\na\n".as_bytes()).unwrap();
        assert_eq!(read, rows(&[&[], &[], &["a"]]));
    }

    #[test]
    fn an_unclosed_quote_is_refused_with_the_line_it_opens_on() {
        let err = read_rows("x.csv", "a,b\nc,\"d\ne,f\n".as_bytes()).unwrap_err();
        assert_eq!(err, SheetError::UnclosedQuote { line: 2 });
        // A quote inside an unquoted field is only a character, as the csv crate reads it.
        assert_eq!(
            read_rows("x.csv", b"12\" pipe,3\n").unwrap(),
            rows(&[&["12\" pipe", "3"]])
        );
        assert_eq!(read_rows("x.csv", b"\"a\"\"\",b\n").unwrap(), rows(&[&["a\"", "b"]]));
    }

    #[test]
    fn cp949_text_is_decoded_and_other_encodings_are_refused() {
        let (bytes, _, bad) = encoding_rs::EUC_KR.encode("중점과제,사업명\n똠방각하,햏\n");
        assert!(!bad);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            read_rows("x.csv", &bytes).unwrap(),
            rows(&[&["중점과제", "사업명"], &["똠방각하", "햏"]])
        );
        let utf16: Vec<u8> = "\u{FEFF}a,b".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(read_rows("x.csv", &utf16), Err(SheetError::Encoding));
        assert_eq!(read_rows("x.csv", b"a,\x80\xFF\n"), Err(SheetError::Encoding));
        assert!(SheetError::Encoding.to_string().contains("CSV UTF-8(쉼표로 분리)"));
    }

    #[test]
    fn files_of_other_kinds_or_too_large_are_refused() {
        for name in ["목록.xls", "목록.txt", "목록", "csv"] {
            let err = read_rows(name, b"a").unwrap_err();
            assert!(matches!(err, SheetError::UnsupportedKind { .. }), "{name}");
            assert!(err.to_string().contains(".csv") && err.to_string().contains(".xlsx"));
        }
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        let err = read_rows("big.csv", &big).unwrap_err();
        assert_eq!(
            err,
            SheetError::TooLarge {
                bytes: MAX_FILE_BYTES + 1
            }
        );
        assert!(err.to_string().contains("20MB 이하"), "{err}");
        assert_eq!(read_rows("empty.csv", b""), Err(SheetError::Empty));
        assert_eq!(read_rows("empty.csv", b"\xEF\xBB\xBF\n\n"), Err(SheetError::Empty));
    }

    #[test]
    fn more_rows_or_columns_than_the_limits_are_refused() {
        let many = "a\n".repeat(MAX_ROWS + 1);
        assert_eq!(read_rows("x.csv", many.as_bytes()), Err(SheetError::TooManyRows));
        assert_eq!(
            read_rows("x.csv", "a\n".repeat(MAX_ROWS).as_bytes()).unwrap().len(),
            MAX_ROWS
        );
        let wide = format!("a\n{}x\n", ",".repeat(MAX_COLUMNS));
        let err = read_rows("x.csv", wide.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            SheetError::TooManyColumns {
                row: 2,
                column: "BM".into()
            }
        );
        assert!(
            err.to_string()
                .starts_with("2행 BM열에 값이 있습니다. 시트는 BL열까지만"),
            "{err}"
        );
        // Empty cells far to the right are nothing.
        let read = read_rows("x.csv", format!("a{}\n", ",".repeat(1000)).as_bytes()).unwrap();
        assert_eq!(read, rows(&[&["a"]]));
    }

    #[test]
    fn xlsx_cells_read_as_text_with_whole_numbers_plain() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "이름").unwrap();
        sheet.write_number(0, 2, 1_200_000.0).unwrap();
        sheet.write_number(0, 3, 12.5).unwrap();
        sheet.write_boolean(0, 4, true).unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 31).unwrap();
        let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_datetime_with_format(0, 5, &date, &date_format).unwrap();
        sheet.write_string(2, 1, "셋째 행").unwrap();
        sheet.write_formula(3, 0, "=1+1").unwrap().set_formula_result(3, 0, "2");
        book.add_worksheet().write_string(0, 0, "둘째 시트").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(
            read_rows("목록.XLSX", &bytes).unwrap(),
            rows(&[
                &["이름", "", "1200000", "12.5", "TRUE", "2024-01-31"],
                &[],
                &["", "셋째 행"],
                &["2"]
            ])
        );
    }

    #[test]
    fn bytes_that_are_not_an_xlsx_are_refused_in_words() {
        let err = read_rows("목록.xlsx", b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(matches!(err, SheetError::Xlsx { .. }));
        assert!(
            err.to_string().starts_with("Excel 파일(.xlsx)을 열 수 없습니다."),
            "{err}"
        );
        assert!(!err.to_string().contains("Zip"), "{err}");
    }

    #[test]
    fn the_templates_hold_the_header_and_the_examples() {
        let csv = template_csv();
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let from_csv = read_rows("양식.csv", &csv).unwrap();
        let from_xlsx = read_rows("양식.xlsx", &template_xlsx()).unwrap();
        assert_eq!(from_csv, from_xlsx);
        assert_eq!(from_csv[0], HEADERS);
        assert_eq!(from_csv.len(), 3);
        assert!(from_csv[1..].iter().all(|r| r[1].starts_with("예시)")));
    }
}
