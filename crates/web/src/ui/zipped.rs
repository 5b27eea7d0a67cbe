//! Zip files from uploads (XLSX, HWPX, PPTX), opened only after every part has been inflated
//! into nothing and counted: the sizes a zip declares can lie, what comes out cannot. A file
//! that inflates past the limit is a zip bomb, refused before anything reads it.

use std::io::{Cursor, Read};

/// Most an uploaded zip may hold once unzipped.
pub const MAX_INFLATED_BYTES: u64 = 100 * 1024 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum ZipProblem {
    /// Not a zip, or a broken one: the reader's words.
    Unreadable(String),
    /// Past [`MAX_INFLATED_BYTES`] once unzipped.
    Inflated,
}

/// The archive, once its parts are known to inflate within the limit.
pub fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, ZipProblem> {
    let unreadable = |e: zip::result::ZipError| ZipProblem::Unreadable(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut left = MAX_INFLATED_BYTES;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(unreadable)?;
        let inflated = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|e| ZipProblem::Unreadable(e.to_string()))?;
        left = left.checked_sub(inflated).ok_or(ZipProblem::Inflated)?;
    }
    Ok(archive)
}
