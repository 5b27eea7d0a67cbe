//! 문서 본문: the text read out of a document so the panel can see its outline and search a
//! round's documents. Pages are separated by a form feed (U+000C), as `pdftotext` writes them
//! and as Sandan writes a presentation's slides, so a heading or a hit can say its page.

use serde::{Deserialize, Serialize};

/// The form feed that ends a page.
pub const PAGE_BREAK: char = '\u{c}';

/// The most text kept of one document: a 300-page plan is about 1 MB of text.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Whether a document's text could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TextState {
    /// The text was read; the outline and search use it.
    Extracted,
    /// Sandan does not read this type's text (HWP 5 binaries, pictures).
    Unsupported,
    /// The file could not be read (damaged, encrypted, or the reader gave up).
    Failed,
}

impl TextState {
    pub fn slug(self) -> &'static str {
        match self {
            TextState::Extracted => "extracted",
            TextState::Unsupported => "unsupported",
            TextState::Failed => "failed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<TextState> {
        [TextState::Extracted, TextState::Unsupported, TextState::Failed]
            .into_iter()
            .find(|s| s.slug() == slug)
    }
}

/// A document's text with what became of reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentText {
    pub state: TextState,
    /// Why there is no text, in Korean; empty when extracted.
    pub note: String,
    pub text: String,
}

impl DocumentText {
    /// Read text, cut at [`MAX_TEXT_BYTES`] on a character boundary (the note says so).
    pub fn extracted(mut text: String) -> DocumentText {
        let mut note = String::new();
        if text.len() > MAX_TEXT_BYTES {
            let mut end = MAX_TEXT_BYTES;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            note = format!("본문이 길어 앞의 {}MB만 찾기에 씁니다.", MAX_TEXT_BYTES / 1024 / 1024);
        }
        DocumentText {
            state: TextState::Extracted,
            note,
            text,
        }
    }

    pub fn unsupported(note: impl Into<String>) -> DocumentText {
        DocumentText {
            state: TextState::Unsupported,
            note: note.into(),
            text: String::new(),
        }
    }

    pub fn failed(note: impl Into<String>) -> DocumentText {
        DocumentText {
            state: TextState::Failed,
            note: note.into(),
            text: String::new(),
        }
    }

    /// Whether the text has more than one page, so that page numbers mean something.
    pub fn paged(&self) -> bool {
        self.text.trim_end_matches(PAGE_BREAK).contains(PAGE_BREAK)
    }
}
