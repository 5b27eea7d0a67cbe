//! PDF: a [`Document`] typeset by the Typst compiler, used as a library. The layout lives in
//! `pdf.typ`; the document reaches it as JSON on a virtual file, so a record's text is always a
//! string to the template and never markup.
//!
//! The PDF is tagged and, whenever the content allows it, conforms to PDF/UA-1. It embeds
//! 나눔고딕 Regular and Bold, read once into [`Fonts`] and shared by every render. The Typst
//! world (`pdf/world.rs`) also serves [`crate::watermark`].

mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::document::{Block, Cell, Document, Table};
pub(crate) use world::{Layout, RenderWorld};

/// The font files, as `@kfonts/nanum-gothic` installs them.
const REGULAR: &str = "NanumGothic.ttf";
const BOLD: &str = "NanumGothicBold.ttf";

/// The layout; see the file for how each block looks.
static LAYOUT: Layout = Layout::new("pdf.typ", include_str!("pdf.typ"));

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
    /// Typst could not lay the document out (a fault in a layout, or a page of a PDF to
    /// watermark that Typst cannot place).
    #[error("PDF 조판에 실패했습니다: {0}")]
    Typeset(String),
    /// The laid-out document could not be written as PDF.
    #[error("PDF 파일을 만들 수 없습니다: {0}")]
    Export(String),
    /// A PDF to watermark is not one: damaged, cut short, another kind of file, or without pages.
    #[error("PDF 파일을 읽을 수 없습니다. 파일이 손상되었거나 PDF가 아닙니다.")]
    Unreadable,
    /// A PDF to watermark is password-protected.
    #[error("암호가 걸린 PDF에는 열람 표시를 넣을 수 없습니다.")]
    Encrypted,
    /// Watermarking took longer than it may (a hostile or pathologically complex file).
    #[error("PDF에 열람 표시를 넣는 데 {seconds}초가 넘게 걸려 중단했습니다. 파일이 손상되었거나 지나치게 복잡합니다.")]
    TooSlow { seconds: u64 },
    /// The thread the work runs on could not be started.
    #[error("PDF 작업을 시작할 수 없습니다: {0}")]
    Worker(std::io::Error),
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
    let world = RenderWorld::new(fonts, &LAYOUT, vec![("/data.json", Bytes::new(data))]);
    let pdf = world.compile().and_then(|paged| export(&world, &paged));
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
    world.write(paged, &options)
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
pub(crate) mod tests;
