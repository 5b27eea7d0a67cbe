//! What a file is, read from its content: the signatures of PDF, PNG and JPEG; a 한글 5 file is
//! an OLE compound file whose FileHeader stream says "HWP Document File"; HWPX, XLSX and PPTX
//! are zips told apart by the part that names them — checked for zip bombs before that part
//! is read. The file's name plays no part.

use std::io::Read;

use sandan_domain::documents::FileType;

use crate::ui::zipped::{self, ZipProblem};

/// The file's type; `None` when it is none Sandan takes. A zip that inflates past the limit
/// is refused with [`ZipProblem::Inflated`].
pub fn sniff(bytes: &[u8]) -> Result<Option<FileType>, ZipProblem> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    Ok(if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(OLE) {
        bytes
            .windows(17)
            .any(|w| w == b"HWP Document File")
            .then_some(FileType::Hwp)
    } else if bytes.starts_with(b"PK\x03\x04") {
        zip_type(bytes)?
    } else {
        None
    })
}

fn zip_type(bytes: &[u8]) -> Result<Option<FileType>, ZipProblem> {
    let mut archive = match zipped::open(bytes) {
        Ok(archive) => archive,
        Err(ZipProblem::Unreadable(_)) => return Ok(None),
        Err(inflated) => return Err(inflated),
    };
    // OWPML's first part is `mimetype`, stored, holding its media type (KS X 6101).
    if let Ok(mut part) = archive.by_name("mimetype") {
        let mut text = String::new();
        if part.by_ref().take(64).read_to_string(&mut text).is_ok() && text.trim() == "application/hwp+zip" {
            return Ok(Some(FileType::Hwpx));
        }
    }
    let has = |archive: &mut zip::ZipArchive<_>, name: &str| archive.by_name(name).is_ok();
    Ok(if has(&mut archive, "xl/workbook.xml") {
        Some(FileType::Xlsx)
    } else if has(&mut archive, "ppt/presentation.xml") {
        Some(FileType::Pptx)
    } else {
        None
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, content) in parts {
            out.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(content).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn types_are_read_from_content_not_names() {
        assert_eq!(sniff(b"%PDF-1.7\n...").unwrap(), Some(FileType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").unwrap(), Some(FileType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), Some(FileType::Jpeg));
        let mut hwp = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        hwp.extend_from_slice(&[0; 500]);
        assert_eq!(
            sniff(&hwp).unwrap(),
            None,
            "an OLE file that is not 한글 (a .doc) is refused"
        );
        hwp.extend_from_slice(b"HWP Document File");
        assert_eq!(sniff(&hwp).unwrap(), Some(FileType::Hwp));
        let hwpx = zip(&[
            ("mimetype", b"application/hwp+zip"),
            ("Contents/section0.xml", b"<hs:sec/>"),
        ]);
        assert_eq!(sniff(&hwpx).unwrap(), Some(FileType::Hwpx));
        assert_eq!(
            sniff(&zip(&[("xl/workbook.xml", b"<workbook/>")])).unwrap(),
            Some(FileType::Xlsx)
        );
        assert_eq!(
            sniff(&zip(&[("ppt/presentation.xml", b"<p/>")])).unwrap(),
            Some(FileType::Pptx)
        );
        assert_eq!(sniff(&zip(&[("readme.txt", b"hello")])).unwrap(), None);
        assert_eq!(sniff(b"MZ\x90\x00 an executable renamed .pdf").unwrap(), None);
        assert_eq!(sniff(b"PK\x03\x04 not really a zip").unwrap(), None);
    }

    #[test]
    fn a_zip_bomb_dressed_as_hwpx_is_refused_before_it_is_read() {
        let zeros = vec![0u8; (zipped::MAX_INFLATED_BYTES + 1) as usize];
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        out.start_file("mimetype", zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(b"application/hwp+zip").unwrap();
        out.start_file("Contents/section0.xml", deflated).unwrap();
        out.write_all(&zeros).unwrap();
        let bomb = out.finish().unwrap().into_inner();
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        assert_eq!(sniff(&bomb), Err(ZipProblem::Inflated));
    }
}
