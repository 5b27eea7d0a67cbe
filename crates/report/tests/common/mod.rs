//! Reading the written files back with real readers: poppler's pdftotext, python-hwpx's text
//! extractor and validator (installed by scripts/install-tools), calamine and the csv crate.

#![allow(dead_code)]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use sandan_report::Format;
use sandan_report::pdf::Fonts;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fonts() -> Fonts {
    Fonts::load(&Fonts::dir_in(&repo().join("web"))).expect("the PDF fonts (npm ci in web/ installs them)")
}

fn tool(path: &Path, hint: &str) -> PathBuf {
    assert!(path.exists(), "{} is missing: {hint}", path.display());
    path.to_path_buf()
}

fn run(mut cmd: Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The file's text in reading order, as its format's reader sees it. HWPX files are also
/// schema- and package-validated on the way.
pub fn read_back(bytes: &[u8], format: Format) -> String {
    let dir = std::env::temp_dir().join(format!("sandan-report-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("doc.{}", format.extension()));
    std::fs::write(&file, bytes).unwrap();
    let text = match format {
        Format::Pdf => {
            let pdftotext = tool(
                Path::new("/usr/bin/pdftotext"),
                "install Debian's poppler-utils (./test does)",
            );
            let mut cmd = Command::new(pdftotext);
            // Content order: a wrapped table cell reads as one run, not interleaved with its row.
            cmd.arg("-raw").arg(&file).arg("-");
            run(cmd)
        }
        Format::Hwpx => {
            let bin = repo().join(".tools/venv/bin");
            let hint = "run scripts/install-tools (./test does)";
            let mut validate = Command::new(tool(&bin.join("hwpx-validate"), hint));
            validate.arg(&file);
            run(validate);
            let mut package = Command::new(tool(&bin.join("hwpx-validate-package"), hint));
            package.arg(&file);
            run(package);
            let mut extract = Command::new(tool(&bin.join("hwpx-text-extract"), hint));
            extract.arg("--include-tables").arg(&file);
            run(extract)
        }
        Format::Xlsx => {
            let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
            let mut text = String::new();
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).expect("a readable sheet");
                text.push_str(&format!("\n[시트 {name}]\n"));
                for row in range.rows() {
                    let cells: Vec<String> = row.iter().map(cell_text).collect();
                    text.push_str(&cells.join("\t"));
                    text.push('\n');
                }
            }
            text
        }
        Format::Csv => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 byte-order mark");
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(body);
            reader
                .records()
                .map(|r| r.expect("a CSV record").iter().collect::<Vec<_>>().join("\t"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    std::fs::remove_dir_all(&dir).ok();
    text
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Text without any whitespace: PDF and HWPX readers break lines where the layout does.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
