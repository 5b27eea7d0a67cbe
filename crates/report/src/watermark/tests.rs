use std::time::Duration;

use super::*;
use crate::document::{Block, Document};
use crate::pdf::render;
use crate::pdf::tests::{fonts, poppler, squeeze, text_of};

const LINE: &str = "평가위원 김평가(eval1) 열람 2026-12-03 14:05 KST · 외부 유출 금지";

/// A two-page report, as Sandan renders one.
fn two_pages() -> Vec<u8> {
    let doc = Document {
        title: "경기 혁신계획서".into(),
        byline: vec![],
        blocks: vec![
            Block::Paragraph("첫째 쪽의 본문입니다.".into()),
            Block::PageBreak,
            Block::Paragraph("둘째 쪽의 본문입니다.".into()),
        ],
    };
    render(&doc, &fonts()).unwrap()
}

/// "612 x 792 pts" for each page, as pdfinfo reads them.
fn page_sizes_of(pdf: &[u8]) -> Vec<String> {
    poppler(pdf, "pdfinfo", &["-f", "1", "-l", "1000"])
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .map(|l| l.split_once("size:").unwrap().1.trim().to_string())
        .collect()
}

fn pages_of(pdf: &[u8]) -> Vec<String> {
    let text = text_of(pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(squeeze).collect();
    // pdftotext ends the last page with a form feed too.
    pages.pop_if(|p| p.is_empty());
    pages
}

#[test]
fn every_page_keeps_its_text_and_size_and_carries_the_line() {
    let original = two_pages();
    let marked = watermark(&original, LINE, &fonts()).unwrap();
    // To look at it: SANDAN_WATERMARK_SAMPLE=/tmp/marked.pdf cargo test -p sandan-report watermark
    if let Ok(path) = std::env::var("SANDAN_WATERMARK_SAMPLE") {
        std::fs::write(path, &marked).unwrap();
    }
    let sizes = page_sizes_of(&original);
    assert_eq!(sizes.len(), 2, "the sample has two pages");
    assert_eq!(page_sizes_of(&marked), sizes);
    let pages = pages_of(&marked);
    assert_eq!(pages.len(), 2, "{pages:?}");
    for (page, own) in pages.iter().zip(["첫째쪽의본문입니다.", "둘째쪽의본문입니다."]) {
        assert!(page.contains(own), "the original text is missing: {page}");
        assert!(page.contains(&squeeze(LINE)), "the line is missing: {page}");
    }
}

#[test]
fn the_line_runs_small_along_the_bottom_edge() {
    let marked = watermark(&two_pages(), LINE, &fonts()).unwrap();
    let boxes = poppler(&marked, "pdftotext", &["-bbox", "-f", "1", "-l", "1"]);
    let word = boxes
        .lines()
        .find(|l| l.contains(">유출</word>"))
        .unwrap_or_else(|| panic!("no word of the line:\n{boxes}"));
    let number = |name: &str| -> f64 {
        let rest = word.split(&format!("{name}=\"")).nth(1).unwrap();
        rest.split('"').next().unwrap().parse().unwrap()
    };
    let (top, bottom) = (number("yMin"), number("yMax"));
    let a4_height = 841.89;
    assert!(a4_height - bottom < 30.0, "not at the bottom edge: {word}");
    assert!(bottom - top < 12.0, "not small: {word}");
}

/// A PDF of a small Typst document, written with `options`.
fn compiled(layout: &'static Layout, options: &PdfOptions) -> Vec<u8> {
    let fonts = fonts();
    let world = RenderWorld::new(&fonts, layout, vec![]);
    world.compile().and_then(|paged| world.write(&paged, options)).unwrap()
}

#[test]
fn pages_of_other_sizes_keep_their_own() {
    static SIZES: Layout = Layout::new(
        "sizes.typ",
        "#set text(font: \"NanumGothic\", lang: \"ko\")\n\
         #set page(width: 100mm, height: 150mm)\n\
         세로 쪽\n\
         #page(width: 210mm, height: 148mm)[가로 쪽]\n",
    );
    let original = compiled(&SIZES, &PdfOptions::default());
    let marked = watermark(&original, LINE, &fonts()).unwrap();
    let sizes = page_sizes_of(&marked);
    assert_eq!(sizes, page_sizes_of(&original));
    assert_eq!(sizes.len(), 2);
    assert_ne!(sizes[0], sizes[1]);
    let pages = pages_of(&marked);
    assert!(pages[0].contains("세로쪽") && pages[1].contains("가로쪽"), "{pages:?}");
    assert!(pages.iter().all(|p| p.contains(&squeeze(LINE))), "{pages:?}");
}

#[test]
fn a_pdf_2_file_is_watermarked_too() {
    static NEWER: Layout = Layout::new(
        "newer.typ",
        "#set text(font: \"NanumGothic\", lang: \"ko\")\nPDF 2.0 문서",
    );
    let options = PdfOptions {
        standards: PdfStandards::new(&[PdfStandard::V_2_0]).unwrap(),
        ..PdfOptions::default()
    };
    let original = compiled(&NEWER, &options);
    assert!(original.starts_with(b"%PDF-2.0"), "{:?}", &original[..8]);
    let pages = pages_of(&watermark(&original, LINE, &fonts()).unwrap());
    assert!(
        pages[0].contains("PDF2.0문서") && pages[0].contains(&squeeze(LINE)),
        "{pages:?}"
    );
}

#[test]
fn markup_in_the_line_comes_out_literally() {
    let line = "평가위원 #emph[x] $ ] *굵게* <a> @b \\ #pagebreak() 열람";
    let marked = watermark(&two_pages(), line, &fonts()).unwrap();
    let pages = pages_of(&marked);
    assert_eq!(pages.len(), 2, "{pages:?}");
    for page in pages {
        assert!(page.contains(&squeeze(line)), "not literal: {page}");
    }
}

#[test]
fn what_is_not_a_readable_pdf_is_refused_in_korean() {
    let fonts = fonts();
    let original = two_pages();
    // A file missing only its cross-reference table is repaired, as viewers do; these cuts also
    // lose the catalog, which Typst's writer puts last.
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("garbage", b"\x00\x01not a pdf at all\xff".to_vec()),
        ("a header alone", b"%PDF-1.7\n%%EOF\n".to_vec()),
        ("the first hundred bytes", original[..100].to_vec()),
        ("a tenth", original[..original.len() / 10].to_vec()),
        ("a half", original[..original.len() / 2].to_vec()),
    ];
    for (what, bytes) in inputs {
        let Err(err) = watermark(&bytes, LINE, &fonts) else {
            panic!("{what} was taken as a PDF");
        };
        assert!(matches!(err, PdfError::Unreadable), "{what}: {err:?}");
        assert!(err.to_string().contains("PDF"), "{what}: {err}");
    }
}

#[test]
fn work_past_the_deadline_is_given_up_with_an_error() {
    let err = watermark_within(&two_pages(), LINE, &fonts(), Duration::ZERO).unwrap_err();
    assert!(matches!(err, PdfError::TooSlow { .. }), "{err:?}");
    assert!(err.to_string().contains("중단했습니다"), "{err}");
}
