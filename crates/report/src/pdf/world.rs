//! The Typst world every PDF of Sandan is compiled in: one layout of this crate as the main
//! file, the virtual files it reads (its data as JSON, a PDF to place) and the fonts. Nothing
//! is read from disk and there is no clock, so the same inputs give the same PDF, and a
//! record's text reaches a layout only as data in a file, never as markup.

use std::path::PathBuf;
use std::sync::{LazyLock, OnceLock};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::{FontSet, Fonts, PdfError};

/// A Typst layout kept in this crate (`include_str!`), compiled as the main file.
pub(crate) struct Layout {
    /// Its file name in the crate, which errors cite: "pdf.typ".
    name: &'static str,
    text: &'static str,
    source: OnceLock<Source>,
}

impl Layout {
    pub(crate) const fn new(name: &'static str, text: &'static str) -> Layout {
        Layout {
            name,
            text,
            source: OnceLock::new(),
        }
    }

    fn source(&self) -> &Source {
        self.source.get_or_init(|| {
            let id = virtual_file(&format!("/{}", self.name));
            Source::new(id, self.text.to_string())
        })
    }
}

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(<Library as LibraryExt>::default()));

fn virtual_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed virtual path is valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// What one compilation sees: a layout, the files it may read and the fonts.
pub(crate) struct RenderWorld<'a> {
    fonts: &'a FontSet,
    layout: &'static Layout,
    files: Vec<(FileId, Bytes)>,
}

impl<'a> RenderWorld<'a> {
    /// `files` are (absolute path, content): "/data.json".
    pub(crate) fn new(fonts: &'a Fonts, layout: &'static Layout, files: Vec<(&str, Bytes)>) -> RenderWorld<'a> {
        RenderWorld {
            fonts: &fonts.0,
            layout,
            files: files
                .into_iter()
                .map(|(path, bytes)| (virtual_file(path), bytes))
                .collect(),
        }
    }

    /// The layout laid out as pages.
    pub(crate) fn compile(&self) -> Result<PagedDocument, PdfError> {
        typst::compile::<PagedDocument>(self)
            .output
            .map_err(|errors| PdfError::Typeset(self.describe(&errors)))
    }

    /// The pages written as a PDF.
    pub(crate) fn write(&self, paged: &PagedDocument, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
        typst_pdf::pdf(paged, options).map_err(|errors| PdfError::Export(self.describe(&errors)))
    }

    /// Typst's errors joined on one line, each with its line in the layout where it has one.
    fn describe(&self, errors: &[SourceDiagnostic]) -> String {
        let text = self.layout.text;
        let lines: Vec<String> = errors
            .iter()
            .map(|error| {
                let mut line = error.message.to_string();
                if error.span.id() == Some(self.main())
                    && let Some(range) = self.range(error.span)
                {
                    let before = &text.as_bytes()[..range.start.min(text.len())];
                    let number = before.iter().filter(|&&b| b == b'\n').count() + 1;
                    line = format!("{line} ({} {number}행)", self.layout.name);
                }
                for hint in &error.hints {
                    line.push_str(&format!("; {}", hint.v));
                }
                line
            })
            .collect();
        lines.join(" / ")
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.layout.source().id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main() {
            Ok(self.layout.source().clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main() {
            return Ok(Bytes::from_string(self.layout.source().clone()));
        }
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| not_found(id))
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
