use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

pub(crate) fn fonts() -> Fonts {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
    Fonts::load(&Fonts::dir_in(&web)).unwrap_or_else(|e| panic!("{e}"))
}

fn sample() -> Document {
    let count = |value, unit| Cell::Count { value, unit };
    Document {
        title: "2025년 산업단지 대개조 추진 현황".into(),
        byline: vec![
            "산업통상자원부 산업입지정책과".into(),
            "2025. 6. 30.".into(),
            "※ 합성 자료".into(),
        ],
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "본문".into(),
            },
            Block::Heading {
                level: 2,
                text: "경상북도 구미".into(),
            },
            Block::Heading {
                level: 3,
                text: "1. 혁신계획 개요".into(),
            },
            Block::Item {
                depth: 1,
                text: "거점산단과 연계단지를 묶어 지역 산업의 구조를 바꿉니다".into(),
            },
            Block::Item {
                depth: 2,
                text: "총 사업비 1,234억 원, 국비 비율 40%".into(),
            },
            Block::Item {
                depth: 2,
                text: "연계단지의 노후 기반시설을 정비하고 청년 근로자를 위한 문화·복지 시설을 확충하여 \
                       산업단지를 일하고 싶은 곳으로 바꾸는 것이 이 계획의 목표입니다"
                    .into(),
            },
            Block::Item {
                depth: 3,
                text: "세부 과제 12개 중 9개 착수".into(),
            },
            Block::Note("국비는 교부 결정 기준".into()),
            Block::Paragraph("아래 표는 단지별 사업비와 고용 현황입니다.".into()),
            Block::Table(Table {
                caption: "연계단지별 사업 현황".into(),
                columns: vec![
                    "연계단지".into(),
                    "사업".into(),
                    "사업비".into(),
                    "고용".into(),
                    "집행률".into(),
                ],
                rows: vec![
                    vec![
                        Cell::text("구미국가1단지"),
                        Cell::text("스마트 물류"),
                        Cell::Eok(25_620_000_000),
                        count(10_000, "명"),
                        Cell::Permille(923),
                    ],
                    vec![
                        Cell::Empty,
                        Cell::text("에너지 자립"),
                        Cell::Eok(1_000_000_000),
                        count(37, "개"),
                        Cell::Permille(-5),
                    ],
                    vec![
                        Cell::text("김천일반산단"),
                        Cell::text("청년 문화센터"),
                        Cell::Eok(310_000_000_000),
                        count(1_234, "명"),
                        Cell::Permille(1000),
                    ],
                ],
                grouped_first_column: true,
                note: Some("(단위: 억 원)".into()),
            }),
            Block::PageBreak,
            Block::Heading {
                level: 1,
                text: "참고".into(),
            },
            Block::Paragraph("둘째 쪽의 본문입니다.".into()),
        ],
    }
}

/// Every text the document shows, as the PDF should show it.
fn texts(doc: &Document) -> Vec<String> {
    let mut out = vec![doc.title.clone()];
    out.extend(doc.byline.iter().cloned());
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } => out.push(text.clone()),
            Block::Note(text) => out.push(format!("* {text}")),
            Block::Table(table) => {
                out.push(table.caption.clone());
                out.extend(table.columns.iter().cloned());
                out.extend(table.written_rows().flatten().filter(|s| !s.is_empty()));
                out.extend(table.note.clone());
            }
            Block::PageBreak => {}
        }
    }
    out
}

pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Writes the PDF to a file of its own and runs a poppler tool on it.
pub(crate) fn poppler(pdf: &[u8], tool: &str, args: &[&str]) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("sandan-pdf-test-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let mut command = Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool}을(를) 실행할 수 없습니다 ({e}); Debian 패키지 poppler-utils를 설치하세요"));
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

pub(crate) fn text_of(pdf: &[u8]) -> String {
    poppler(pdf, "pdftotext", &["-layout"])
}

#[test]
fn every_text_and_written_cell_appears_in_the_pdf() {
    let doc = sample();
    let started = std::time::Instant::now();
    let pdf = render(&doc, &fonts()).unwrap();
    // To look at the sample: SANDAN_PDF_SAMPLE=/tmp/sample.pdf cargo test -p sandan-report pdf
    if let Ok(path) = std::env::var("SANDAN_PDF_SAMPLE") {
        std::fs::write(path, &pdf).unwrap();
    }
    println!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    let text = squeeze(&text_of(&pdf));
    for expected in texts(&doc) {
        assert!(
            text.contains(&squeeze(&expected)),
            "{expected:?} is missing from the PDF text:\n{text}"
        );
    }
    for marker in ["□", "-", "·"] {
        assert!(text.contains(marker), "marker {marker} is missing");
    }
}

#[test]
fn the_pdf_embeds_only_subsets_of_nanum_gothic() {
    let listing = poppler(&render(&sample(), &fonts()).unwrap(), "pdffonts", &[]);
    let mut families = Vec::new();
    for line in listing.lines().skip(2).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let (subset_tag, family) = columns[0].split_once('+').unwrap_or(("", columns[0]));
        assert!(subset_tag.len() == 6, "not a subset: {line}");
        // Counted from the right: emb, sub, uni, then the object id in two columns.
        let emb = columns[columns.len() - 5];
        let sub = columns[columns.len() - 4];
        assert_eq!((emb, sub), ("yes", "yes"), "not an embedded subset: {line}");
        families.push(family);
    }
    families.sort();
    assert_eq!(families, ["NanumGothic", "NanumGothicBold"], "{listing}");
}

#[test]
fn the_pdf_is_tagged_titled_and_numbered_on_two_pages() {
    let pdf = render(&sample(), &fonts()).unwrap();
    let info = poppler(&pdf, "pdfinfo", &[]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| {
                l.strip_prefix(name)
                    .map(|v| v.trim_start_matches(':').trim().to_string())
            })
            .unwrap_or_else(|| panic!("pdfinfo has no {name}:\n{info}"))
    };
    assert_eq!(field("Tagged"), "yes");
    // The structure tree and the outline are plain dictionaries in krilla's output.
    let raw = String::from_utf8_lossy(&pdf);
    for tag in ["/S/H1", "/S/H2", "/S/H3", "/S/Table", "/S/TH", "/Outlines"] {
        assert!(raw.contains(tag), "{tag} is missing from the PDF structure");
    }
    assert_eq!(field("Title"), "2025년 산업단지 대개조 추진 현황");
    assert_eq!(field("Page size"), "595.276 x 841.89 pts (A4)");
    assert!(field("Pages").parse::<u32>().unwrap() >= 2, "{info}");
    let text = text_of(&pdf);
    for number in ["- 1 -", "- 2 -"] {
        assert!(text.contains(number), "page number {number} is missing:\n{text}");
    }
    let second = text.split('\u{c}').nth(1).unwrap();
    assert!(
        squeeze(second).contains("둘째쪽의본문입니다."),
        "the page break did not start a page:\n{text}"
    );
}

/// Whether the XMP metadata identifies the file as PDF/UA-1.
fn claims_pdf_ua(pdf: &[u8]) -> bool {
    String::from_utf8_lossy(pdf).contains("pdfuaid:part")
}

#[test]
fn the_pdf_claims_pdf_ua_for_ordinary_documents() {
    assert!(
        claims_pdf_ua(&render(&sample(), &fonts()).unwrap()),
        "no PDF/UA identification in the metadata"
    );
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let fonts = fonts();
    assert!(render(&sample(), &fonts).unwrap() == render(&sample(), &fonts).unwrap());
}

#[test]
fn markup_in_a_records_text_comes_out_literally() {
    let tricky = [
        "#set page(width: 1cm)",
        "*bold* _emph_ $x$ <label> @ref",
        r"back\slash \\ ] [ } { ` ~ -- ---",
        "= 제목 아님",
        "- 목록 아님",
        "#{panic(\"x\")}",
    ];
    let mut doc = sample();
    doc.title = "#set text(size: 1pt) 제목".into();
    doc.blocks
        .extend(tricky.iter().map(|t| Block::Paragraph(t.to_string())));
    doc.blocks.push(Block::Item {
        depth: 1,
        text: "]#pagebreak()[".into(),
    });
    doc.blocks.push(Block::Table(Table {
        caption: "*표*".into(),
        columns: vec!["$a$".into(), "<b>".into()],
        rows: vec![vec![Cell::text("@c"), Cell::text(r"\d")]],
        grouped_first_column: false,
        note: Some("#note".into()),
    }));
    let pdf = render(&doc, &fonts()).unwrap();
    let text = squeeze(&text_of(&pdf));
    for expected in texts(&doc) {
        assert!(
            text.contains(&squeeze(&expected)),
            "{expected:?} did not come out literally:\n{text}"
        );
    }
    let info = poppler(&pdf, "pdfinfo", &[]);
    assert!(info.contains("(A4)"), "the page size changed:\n{info}");
}

#[test]
fn a_document_that_opens_below_level_one_still_renders() {
    let doc = Document {
        title: "구미 지역 보고서".into(),
        byline: vec![],
        blocks: vec![
            Block::Heading {
                level: 2,
                text: "경상북도 구미".into(),
            },
            Block::Heading {
                level: 3,
                text: "1. 개요".into(),
            },
            Block::Heading {
                level: 1,
                text: "".into(),
            },
            Block::Table(Table {
                caption: "빈 표".into(),
                columns: vec![],
                rows: vec![],
                grouped_first_column: true,
                note: None,
            }),
            Block::PageBreak,
        ],
    };
    let pdf = render(&doc, &fonts()).unwrap();
    let text = squeeze(&text_of(&pdf));
    assert!(
        text.contains("경상북도구미") && text.contains("1.개요") && text.contains("빈표"),
        "{text}"
    );
    assert!(claims_pdf_ua(&pdf), "the heading levels were not made consecutive");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let mut doc = sample();
    doc.blocks.insert(
        0,
        Block::Table(Table {
            caption: "긴 표".into(),
            columns: vec!["단지".into(), "사업비".into()],
            rows: (0..120)
                .map(|i| vec![Cell::text(format!("단지{i}")), Cell::Eok(i * 100_000_000)])
                .collect(),
            grouped_first_column: true,
            note: None,
        }),
    );
    let pdf = render(&doc, &fonts()).unwrap();
    let text = text_of(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| p.contains("단지1")).collect();
    assert!(pages.len() >= 2, "the table did not break across pages:\n{text}");
    for page in pages {
        assert!(
            squeeze(page).contains("단지사업비"),
            "a page of the table has no header:\n{page}"
        );
    }
    assert!(claims_pdf_ua(&pdf));
}

#[test]
fn text_the_font_cannot_show_still_renders_without_claiming_pdf_ua() {
    let mut doc = sample();
    doc.blocks.push(Block::Paragraph("이모지 \u{1F600} 포함".into()));
    let pdf = render(&doc, &fonts()).unwrap();
    assert!(squeeze(&text_of(&pdf)).contains("이모지"));
    assert!(!claims_pdf_ua(&pdf));
    assert_eq!(
        poppler(&pdf, "pdfinfo", &[]).lines().find(|l| l.starts_with("Tagged:")),
        Some("Tagged:          yes")
    );
}

#[test]
fn renders_run_concurrently_with_one_set_of_fonts() {
    let fonts = fonts();
    let expected = render(&sample(), &fonts).unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| render(&sample(), &fonts).unwrap())).collect();
        for handle in handles {
            assert!(handle.join().unwrap() == expected);
        }
    });
}

#[test]
fn a_missing_font_directory_is_reported_in_korean() {
    let dir = Path::new("/nonexistent/sandan/fonts");
    let err = Fonts::load(dir).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, PdfError::FontMissing { .. }), "{err:?}");
    assert!(
        message.starts_with("PDF 글꼴(나눔고딕)을 찾을 수 없습니다: "),
        "{message}"
    );
    assert!(
        message.contains("/nonexistent/sandan/fonts/NanumGothic.ttf"),
        "{message}"
    );
    assert!(
        message.contains("./run 또는 ./test가 web/node_modules에 설치합니다"),
        "{message}"
    );
}

#[test]
fn the_font_files_are_the_regular_and_bold_of_the_family_the_template_asks_for() {
    let fonts = fonts();
    let found: Vec<(&str, u16)> = fonts
        .0
        .fonts
        .iter()
        .map(|f| (f.info().family.as_str(), f.info().variant.weight.to_number()))
        .collect();
    // The Bold file declares weight 600 (semibold); `weight: "bold"` picks it as the nearest.
    assert_eq!(found, [("NanumGothic", 400), ("NanumGothic", 600)]);
    assert!(include_str!("../pdf.typ").contains("font: \"NanumGothic\""));
}

#[test]
fn fonts_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Fonts>();
}
