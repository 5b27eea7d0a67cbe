use super::*;
use hwpforge::hwpx::HwpxDecoder;
use std::io::Read;
use std::path::{Path, PathBuf};

fn sample() -> Document {
    Document {
        title: "2025년 산업단지 대개조 추진 현황".into(),
        byline: vec![
            "산업통상자원부 산업입지정책과".into(),
            "2025. 6. 30. (합성 자료)".into(),
        ],
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "본문".into(),
            },
            Block::Heading {
                level: 3,
                text: "1. 혁신계획 개요".into(),
            },
            Block::Item {
                depth: 1,
                text: "거점 산단과 연계 산단을 묶어 지원".into(),
            },
            Block::Item {
                depth: 2,
                text: "지역별 혁신계획 수립".into(),
            },
            Block::Item {
                depth: 3,
                text: "세부 과제 점검".into(),
            },
            Block::Note("수치는 예산 기준".into()),
            Block::Paragraph("아래 표는 지역별 사업비입니다.".into()),
            Block::Table(Table {
                caption: "지역별 사업비".into(),
                columns: vec![
                    "연계단지".into(),
                    "사업".into(),
                    "사업비".into(),
                    "참여 기업".into(),
                    "집행률".into(),
                ],
                rows: vec![
                    vec![
                        Cell::text("반월시화"),
                        Cell::text("스마트 제조"),
                        Cell::Eok(25_620_000_000),
                        Cell::Count {
                            value: 10_000,
                            unit: "개",
                        },
                        Cell::Permille(923),
                    ],
                    vec![
                        Cell::Empty,
                        Cell::text("탄소중립 전환"),
                        Cell::Eok(1_050_000_000),
                        Cell::Count { value: 37, unit: "개" },
                        Cell::Permille(-5),
                    ],
                    vec![
                        Cell::text("구미"),
                        Cell::text("청년 문화 공간"),
                        Cell::Eok(300_000_000),
                        Cell::Count {
                            value: 1_234,
                            unit: "명",
                        },
                        Cell::Permille(1000),
                    ],
                ],
                grouped_first_column: true,
                note: Some("(단위: 억 원)".into()),
            }),
            Block::PageBreak,
            Block::Heading {
                level: 2,
                text: "참고 1. 경기 지역".into(),
            },
            Block::Paragraph("지역 현황을 정리했습니다.".into()),
        ],
    }
}

/// Every text a reader of the file should find, as the document writes it.
fn expected_texts(doc: &Document) -> Vec<String> {
    let mut texts = vec![doc.title.clone()];
    texts.extend(doc.byline.iter().cloned());
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } | Block::Note(text) => {
                texts.push(text.clone())
            }
            Block::Table(t) => {
                texts.push(t.caption.clone());
                texts.extend(t.columns.iter().cloned());
                texts.extend(t.written_rows().flatten().filter(|s| !s.is_empty()));
                texts.extend(t.note.iter().cloned());
            }
            Block::PageBreak => {}
        }
    }
    texts
}

/// The text of every paragraph hwpforge reads back, table cells included.
fn decoded_paragraphs(bytes: &[u8]) -> Vec<String> {
    let decoded = HwpxDecoder::decode(bytes).expect("hwpforge reads the file back");
    let mut texts = Vec::new();
    decoded.document.for_each_paragraph(|p| texts.push(p.text_content()));
    texts
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the file is a zip");
    let mut entry = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the package"));
    let mut xml = String::new();
    entry.read_to_string(&mut xml).expect("the entry is UTF-8");
    xml
}

#[test]
fn a_document_reads_back_with_every_text_and_written_cell() {
    let doc = sample();
    let bytes = render(&doc).expect("renders");
    let paragraphs = decoded_paragraphs(&bytes);
    let all = paragraphs.join("\n");
    for text in expected_texts(&doc) {
        assert!(
            all.contains(&text),
            "{text:?} is missing from the decoded document:\n{all}"
        );
    }
    // Markers and cells are whole paragraphs, as written.
    for line in [
        "□ 거점 산단과 연계 산단을 묶어 지원",
        "- 지역별 혁신계획 수립",
        "· 세부 과제 점검",
        "* 수치는 예산 기준",
        "256.2",
        "10,000개",
        "92.3%",
        "-0.5%",
        "1,234명",
    ] {
        assert!(
            paragraphs.iter().any(|p| p == line),
            "no paragraph reads {line:?}: {paragraphs:?}"
        );
    }

    let section = zip_entry(&bytes, "Contents/section0.xml");
    assert!(section.contains("<hp:tbl"), "section0.xml holds a table");
    assert!(section.contains("2025년 산업단지 대개조 추진 현황"));
    assert!(section.contains("반월시화") && section.contains("탄소중립 전환") && section.contains("92.3%"));
    assert!(section.contains(r#"pageBreak="1""#), "the page break is kept");
    assert!(section.contains("<hp:pageNum"), "pages are numbered");
}

#[test]
fn a_grouped_first_column_merges_the_label_over_its_rows() {
    let bytes = render(&sample()).expect("renders");
    let decoded = HwpxDecoder::decode(&bytes).expect("reads back");
    let mut tables = Vec::new();
    decoded.document.for_each_table(|t| tables.push(t.clone()));
    assert_eq!(tables.len(), 1);
    let table = &tables[0];
    // Header, then the 반월시화 group (two rows) and 구미.
    assert_eq!(table.rows.len(), 4);
    assert_eq!(table.rows[0].cells.len(), 5);
    assert_eq!(table.rows[1].cells[0].row_span, 2);
    assert_eq!(table.rows[1].cells[0].paragraphs[0].text_content(), "반월시화");
    assert_eq!(table.rows[2].cells.len(), 4, "the covered cell is not written");
    assert_eq!(table.rows[2].cells[0].paragraphs[0].text_content(), "탄소중립 전환");
    assert_eq!(table.rows[3].cells[0].row_span, 1);
    let width: i32 = table.rows[0].cells.iter().map(|c| c.width.as_i32()).sum();
    assert_eq!(width, TEXT_WIDTH, "the columns span the text width");
}

#[test]
fn xml_special_characters_survive_literally() {
    let nasty = r#"<script>alert("x") & 'y'</script> ]]> &amp; <![CDATA[z]]>"#;
    let doc = Document {
        title: nasty.into(),
        byline: vec![nasty.into()],
        blocks: vec![
            Block::Paragraph(nasty.into()),
            Block::Table(Table {
                caption: nasty.into(),
                columns: vec![nasty.into()],
                rows: vec![vec![Cell::text(nasty)]],
                grouped_first_column: false,
                note: Some(nasty.into()),
            }),
        ],
    };
    let bytes = render(&doc).expect("renders");
    let paragraphs = decoded_paragraphs(&bytes);
    let count = paragraphs.iter().filter(|p| *p == nasty).count();
    // title, byline, paragraph, caption, header cell, data cell, note
    assert_eq!(count, 7, "{paragraphs:?}");
    assert!(!zip_entry(&bytes, "Contents/section0.xml").contains("<script>"));
}

#[test]
fn documents_render_concurrently_and_identically() {
    let doc = sample();
    let once = render(&doc).expect("renders");
    let all: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| render(&doc).expect("renders"))).collect();
        handles.into_iter().map(|h| h.join().expect("no panic")).collect()
    });
    for bytes in all {
        assert_eq!(decoded_paragraphs(&bytes), decoded_paragraphs(&once));
    }
}

fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sandan-report-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run_tool(tool: &str, file: &Path) -> std::process::Output {
    let bin = repo_root().join(".tools/venv/bin").join(tool);
    assert!(
        bin.exists(),
        "{} is missing: run scripts/install-tools (it installs python-hwpx into .tools/venv)",
        bin.display()
    );
    std::process::Command::new(&bin)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()))
}

#[test]
fn the_file_passes_python_hwpx_schema_and_package_validation() {
    let dir = TempDir::new("hwpx");
    let file = dir.0.join("참고자료.hwpx");
    std::fs::write(&file, render(&sample()).expect("renders")).expect("writes");
    for tool in ["hwpx-validate", "hwpx-validate-package"] {
        let out = run_tool(tool, &file);
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{tool} rejected the file:\n{report}");
        // The schema check must be clean, not merely pass: its lint warnings are schema
        // violations (the package check's warnings are about parts hwpforge does not
        // write — Preview/PrvText.txt, a version entry in the manifest — and stay allowed).
        if tool == "hwpx-validate" {
            assert!(!report.contains("WARNING"), "{tool} warns about the file:\n{report}");
        }
    }
}
