//! PDF: a [`Document`] typeset by the Typst compiler, used as a library. The layout lives in
//! `pdf.typ`; the document reaches it as JSON on a virtual file, so a record's text is always a
//! string to the template and never markup.
//!
//! The PDF is tagged and, whenever the content allows it, conforms to PDF/UA-1. It embeds
//! 나눔고딕 Regular and Bold, read once into [`Fonts`] and shared by every render.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::document::{Block, Cell, Document, Table};

/// The font files, as `@kfonts/nanum-gothic` installs them.
const REGULAR: &str = "NanumGothic.ttf";
const BOLD: &str = "NanumGothicBold.ttf";

/// The layout; see the file for how each block looks.
const TEMPLATE: &str = include_str!("pdf.typ");

/// Why no PDF came out. The messages are for the people running Sandan, so they are Korean.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font file is not where [`Fonts::dir_in`] says npm installs it.
    #[error("PDF 글꼴(나눔고딕)을 찾을 수 없습니다: {} — ./run 또는 ./test가 web/node_modules에 설치합니다", path.display())]
    FontMissing { path: PathBuf },
    /// A font file is there but could not be read.
    #[error("PDF 글꼴(나눔고딕)을 읽을 수 없습니다: {}: {source}", path.display())]
    FontUnreadable { path: PathBuf, source: std::io::Error },
    /// A font file is not a TrueType/OpenType font.
    #[error("PDF 글꼴(나눔고딕) 파일이 올바른 글꼴이 아닙니다: {}", path.display())]
    FontInvalid { path: PathBuf },
    /// The document could not be written as the template's JSON.
    #[error("PDF 문서 자료를 만들 수 없습니다: {0}")]
    Data(#[from] serde_json::Error),
    /// Typst could not lay the document out (a fault in `pdf.typ`).
    #[error("PDF 조판에 실패했습니다: {0}")]
    Typeset(String),
    /// The laid-out document could not be written as PDF.
    #[error("PDF 파일을 만들 수 없습니다: {0}")]
    Export(String),
}

/// The fonts a PDF embeds: 나눔고딕 Regular and Bold (TTF), read from a directory. Load once and
/// share; clones are cheap and renders may use one `Fonts` from several threads.
#[derive(Clone)]
pub struct Fonts(Arc<FontSet>);

struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.0.fonts.iter().map(|font| &font.info().family).collect();
        f.debug_tuple("Fonts").field(&names).finish()
    }
}

impl Fonts {
    /// Reads NanumGothic.ttf and NanumGothicBold.ttf from `dir`.
    pub fn load(dir: &Path) -> Result<Fonts, PdfError> {
        let mut fonts = Vec::new();
        for name in [REGULAR, BOLD] {
            let path = dir.join(name);
            let data = std::fs::read(&path).map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound => PdfError::FontMissing { path: path.clone() },
                _ => PdfError::FontUnreadable {
                    path: path.clone(),
                    source,
                },
            })?;
            let font = Font::new(Bytes::new(data), 0).ok_or(PdfError::FontInvalid { path })?;
            fonts.push(font);
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Ok(Fonts(Arc::new(FontSet { book, fonts })))
    }

    /// `web/node_modules/@kfonts/nanum-gothic/src` under the given web dir (installed by npm
    /// from web/package.json).
    pub fn dir_in(web_dir: &Path) -> PathBuf {
        web_dir
            .join("node_modules")
            .join("@kfonts")
            .join("nanum-gothic")
            .join("src")
    }
}

/// Typesets `doc` as a tagged A4 PDF, conforming to PDF/UA-1 unless the content cannot (a
/// character 나눔고딕 has no glyph for, say; the PDF is then tagged without claiming PDF/UA). The same document and fonts give the same bytes: no creation date is written.
/// Safe to call from several threads at once with one `Fonts`.
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::to_vec(&DocData::of(doc))?;
    let world = RenderWorld {
        fonts: &fonts.0,
        data: Bytes::new(data),
    };
    let paged = typst::compile::<PagedDocument>(&world).output;
    let pdf = paged
        .map_err(|errors| PdfError::Typeset(describe(&world, &errors)))
        .and_then(|paged| export(&world, &paged));
    // Typst memoizes across compilations in a process-wide cache; without eviction every
    // document rendered would stay in memory. Ten is what the Typst CLI keeps when watching.
    typst::comemo::evict(10);
    pdf
}

/// PDF/UA-1 when the content satisfies it; otherwise (a character 나눔고딕 has no glyph for is
/// drawn as a blank box, which PDF/UA forbids) the same tagged PDF without claiming the
/// standard, rather than no PDF at all.
fn export(world: &RenderWorld, paged: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| PdfError::Export(e.message().to_string()))?;
    let options = PdfOptions {
        standards,
        tagged: true,
        timestamp: None,
        ..PdfOptions::default()
    };
    if let Ok(bytes) = typst_pdf::pdf(paged, &options) {
        return Ok(bytes);
    }
    let options = PdfOptions {
        tagged: true,
        timestamp: None,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(paged, &options).map_err(|errors| PdfError::Export(describe(world, &errors)))
}

/// Typst's errors joined on one line, each with its line in the template where it has one.
fn describe(world: &RenderWorld, errors: &[SourceDiagnostic]) -> String {
    let lines: Vec<String> = errors
        .iter()
        .map(|error| {
            let mut line = error.message.to_string();
            if error.span.id() == Some(*MAIN)
                && let Some(range) = world.range(error.span)
            {
                let before = &TEMPLATE.as_bytes()[..range.start.min(TEMPLATE.len())];
                let number = before.iter().filter(|&&b| b == b'\n').count() + 1;
                line = format!("{line} (pdf.typ {number}행)");
            }
            for hint in &error.hints {
                line.push_str(&format!("; {}", hint.v));
            }
            line
        })
        .collect();
    lines.join(" / ")
}

static MAIN: LazyLock<FileId> = LazyLock::new(|| virtual_file("/main.typ"));
static DATA: LazyLock<FileId> = LazyLock::new(|| virtual_file("/data.json"));
static MAIN_SOURCE: LazyLock<Source> = LazyLock::new(|| Source::new(*MAIN, TEMPLATE.to_string()));
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(<Library as LibraryExt>::default()));

fn virtual_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed virtual path is valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// What one render sees: the template, the document's data and the fonts; nothing on disk.
struct RenderWorld<'a> {
    fonts: &'a FontSet,
    data: Bytes,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        *MAIN
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN {
            Ok(MAIN_SOURCE.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA {
            Ok(self.data.clone())
        } else if id == *MAIN {
            Ok(Bytes::from_string(MAIN_SOURCE.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

/// The document as the template reads it from /data.json.
#[derive(Serialize)]
struct DocData<'a> {
    title: &'a str,
    byline: &'a [String],
    blocks: Vec<BlockData<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum BlockData<'a> {
    /// `style` is the level as the document gives it (how it looks); `level` the tag level,
    /// never more than one below the heading before it, as PDF/UA requires.
    Heading {
        style: u8,
        level: u8,
        text: &'a str,
    },
    Paragraph {
        text: &'a str,
    },
    Item {
        depth: u8,
        text: &'a str,
    },
    Note {
        text: &'a str,
    },
    Table {
        caption: &'a str,
        columns: Vec<&'a str>,
        rows: Vec<Vec<CellData>>,
        note: Option<&'a str>,
    },
    PageBreak,
}

#[derive(Serialize)]
struct CellData {
    text: String,
    numeric: bool,
    rowspan: usize,
}

impl<'a> DocData<'a> {
    fn of(doc: &'a Document) -> DocData<'a> {
        let mut last_level = 0;
        let blocks = doc
            .blocks
            .iter()
            .filter_map(|block| {
                Some(match block {
                    // An empty heading has nothing to show or to bookmark (and PDF/UA forbids it).
                    Block::Heading { text, .. } if text.is_empty() => return None,
                    Block::Heading { level, text } => {
                        let style = (*level).clamp(1, 3);
                        let level = style.min(last_level + 1);
                        last_level = level;
                        BlockData::Heading { style, level, text }
                    }
                    Block::Paragraph(text) => BlockData::Paragraph { text },
                    Block::Item { depth, text } => BlockData::Item { depth: *depth, text },
                    Block::Note(text) => BlockData::Note { text },
                    Block::Table(table) => table_data(table),
                    Block::PageBreak => BlockData::PageBreak,
                })
            })
            .collect();
        DocData {
            title: &doc.title,
            byline: &doc.byline,
            blocks,
        }
    }
}

/// A table with every row as wide as the widest, and with a grouped first column merged: the
/// label cell spans the rows whose first cell is empty, and those rows leave the cell out.
fn table_data(table: &Table) -> BlockData<'_> {
    let width = table.width();
    let mut columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
    columns.resize(width, "");
    let mut rows = Vec::with_capacity(table.rows.len());
    for (row, span) in table.rows.iter().zip(table.first_column_spans()) {
        let mut cells: Vec<CellData> = (0..width)
            .map(|c| cell_data(row.get(c).unwrap_or(&Cell::Empty)))
            .collect();
        if width > 0 {
            if span == 0 {
                cells.remove(0);
            } else {
                cells[0].rowspan = span;
            }
        }
        rows.push(cells);
    }
    BlockData::Table {
        caption: &table.caption,
        columns,
        rows,
        note: table.note.as_deref(),
    }
}

fn cell_data(cell: &Cell) -> CellData {
    let numeric = matches!(cell, Cell::Eok(_) | Cell::Count { .. } | Cell::Permille(_));
    CellData {
        text: cell.written(),
        numeric,
        rowspan: 1,
    }
}

#[cfg(test)]
mod tests;
