//! The four formats an official output comes in, the one call that writes any of them, and how
//! a file's size is written.

use crate::document::Document;
use crate::pdf::{Fonts, PdfError};

/// 파일 형식
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// 한글 (the government's working format)
    Hwpx,
    Pdf,
    Xlsx,
    Csv,
}

/// A format name that is not one of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("파일 형식 '{0}'은(는) 지원하지 않습니다. hwpx, pdf, xlsx, csv 중 하나를 쓰십시오.")]
pub struct UnknownFormat(pub String);

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("PDF 글꼴(나눔고딕)이 설치되지 않아 PDF를 만들 수 없습니다. ./run 또는 web/에서 npm ci를 실행하십시오.")]
    NoFonts,
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Hwpx(#[from] crate::hwpx::HwpxError),
    #[error(transparent)]
    Xlsx(#[from] crate::xlsx::XlsxRenderError),
    #[error(transparent)]
    Csv(#[from] crate::csv_file::CsvRenderError),
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Hwpx, Format::Pdf, Format::Xlsx, Format::Csv];

    pub fn parse(text: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownFormat(text.chars().take(20).collect()))
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Hwpx => "hwpx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Hwpx => "application/hwp+zip",
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The link's label.
    pub fn korean(self) -> &'static str {
        match self {
            Format::Hwpx => "한글(HWPX)",
            Format::Pdf => "PDF",
            Format::Xlsx => "엑셀(XLSX)",
            Format::Csv => "CSV",
        }
    }
}

/// The document in `format`. PDF needs the fonts; the other formats name fonts but embed none.
pub fn render(doc: &Document, format: Format, fonts: Option<&Fonts>) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Hwpx => crate::hwpx::render(doc)?,
        Format::Pdf => crate::pdf::render(doc, fonts.ok_or(RenderError::NoFonts)?)?,
        Format::Xlsx => crate::xlsx::render(doc)?,
        Format::Csv => crate::csv_file::render(doc)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_are_read_without_regard_to_case_and_others_are_refused_in_korean() {
        assert_eq!(Format::parse("PDF"), Ok(Format::Pdf));
        assert_eq!(Format::parse(" hwpx "), Ok(Format::Hwpx));
        let err = Format::parse("docx").unwrap_err();
        assert!(err.to_string().contains("hwpx, pdf, xlsx, csv"), "{err}");
    }
}
