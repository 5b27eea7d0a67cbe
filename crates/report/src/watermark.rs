//! 열람 표시: a PDF handed to an evaluator carries, along the bottom of every page, who read it
//! and when, so a copy that leaves the panel says whose it was. The pages stay the original
//! pages — same size, vector content kept — placed by Typst in the same world as
//! [`crate::pdf::render`], with the line in 나눔고딕 as data, never as markup.
//!
//! The file comes from a province, so it may be damaged or hostile: reading it gives an error,
//! never a panic, and the work is given up after a minute instead of hanging.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use hayro_syntax::{LoadPdfError, Pdf};
use serde::Serialize;
use typst::foundations::Bytes;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::pdf::{Fonts, Layout, PdfError, RenderWorld};

/// The layout; see the file for where the line goes and how it looks.
static LAYOUT: Layout = Layout::new("watermark.typ", include_str!("watermark.typ"));

/// How long one watermark may take. A crafted file can make a parser or the layout run for a
/// very long time; the caller then gets an error, and the abandoned work ends on its own thread.
const DEADLINE: Duration = Duration::from_secs(60);

/// Typst's layout recurses, so the work gets the stack of a main thread (8 MiB) rather than
/// the 2 MiB of a spawned one.
const STACK: usize = 8 * 1024 * 1024;

/// `pdf` with `line` along the bottom edge of every page (8pt, dark red). The pages keep their
/// sizes and their vector content. The result is neither tagged nor PDF/UA: the original's
/// structure does not survive placing its pages, and the original may have had none.
pub fn watermark(pdf: &[u8], line: &str, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    watermark_within(pdf, line, fonts, DEADLINE)
}

/// The work runs on a thread of its own: a panic in a parser ends that thread, not the caller,
/// and a file that keeps it busy past `deadline` is given up on.
fn watermark_within(pdf: &[u8], line: &str, fonts: &Fonts, deadline: Duration) -> Result<Vec<u8>, PdfError> {
    let (pdf, line, fonts) = (Bytes::new(pdf.to_vec()), line.to_string(), fonts.clone());
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("sandan-watermark".into())
        .stack_size(STACK)
        .spawn(move || {
            // The caller may have stopped waiting; then nobody needs the answer.
            let _ = sender.send(stamp(pdf, &line, &fonts));
        })
        .map_err(PdfError::Worker)?;
    match receiver.recv_timeout(deadline) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(PdfError::TooSlow {
            seconds: deadline.as_secs(),
        }),
        // The thread ended without an answer: something panicked on the file.
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(PdfError::Unreadable),
    }
}

/// What the layout reads from /data.json.
#[derive(Serialize)]
struct StampData<'a> {
    line: &'a str,
    pages: Vec<PageSize>,
}

/// A page's size in points as a viewer shows it (crop box, turned by the page's rotation), the
/// size Typst gives the placed page.
#[derive(Serialize)]
struct PageSize {
    width: f32,
    height: f32,
}

fn stamp(pdf: Bytes, line: &str, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let pages = page_sizes(&pdf)?;
    let data = serde_json::to_vec(&StampData { line, pages })?;
    let world = RenderWorld::new(
        fonts,
        &LAYOUT,
        vec![("/data.json", Bytes::new(data)), ("/original.pdf", pdf)],
    );
    // Typst refuses to place a page of a newer PDF version than it writes, and a province's file
    // may be PDF 2.0.
    let standards = PdfStandards::new(&[PdfStandard::V_2_0]).map_err(|e| PdfError::Export(e.message().to_string()))?;
    let options = PdfOptions {
        standards,
        tagged: false,
        timestamp: None,
        ..PdfOptions::default()
    };
    let out = world.compile().and_then(|paged| world.write(&paged, &options));
    // The original stays in Typst's process-wide cache while any entry holds it; files are up
    // to 50 MB and rarely read twice in a row, so the cache is emptied (renders after this one
    // recompute what they had cached: time, not correctness).
    typst::comemo::evict(0);
    out
}

/// Every page's size, read with the parser Typst itself places pages with.
fn page_sizes(pdf: &Bytes) -> Result<Vec<PageSize>, PdfError> {
    let parsed = Pdf::new(Arc::new(pdf.clone())).map_err(|e| match e {
        LoadPdfError::Decryption(_) => PdfError::Encrypted,
        LoadPdfError::Invalid => PdfError::Unreadable,
    })?;
    let sizes: Vec<PageSize> = parsed
        .pages()
        .iter()
        .map(|page| {
            let (width, height) = page.render_dimensions();
            PageSize { width, height }
        })
        .collect();
    if sizes.is_empty() {
        return Err(PdfError::Unreadable);
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests;
