//! 제출 문서: the files each region submitted with its latest version, as the official outputs
//! list them — kind, name, type, size and the start of the file's SHA-256, so a reader holding a
//! file can tell whether it is the one submitted. Only what Sandan holds is listed: a round whose
//! plans were not submitted through Sandan says so rather than listing anything.

use sandan_domain::Region;
use sandan_domain::documents::{DocumentKind, FileType, file_size};
use sandan_store::documents::StoredDocument;

use crate::document::{Block, Cell, Table};

/// A region's latest version submitted in Sandan and the documents frozen with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub region: Region,
    /// 제N판
    pub version: u32,
    pub documents: Vec<SubmittedFile>,
}

/// A submitted file as the outputs describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedFile {
    pub kind: DocumentKind,
    pub name: String,
    pub file_type: FileType,
    pub bytes: i64,
    /// Hex, as the store keeps it.
    pub sha256: String,
}

impl From<StoredDocument> for SubmittedFile {
    fn from(d: StoredDocument) -> SubmittedFile {
        SubmittedFile {
            kind: d.kind,
            name: d.name,
            file_type: d.file_type,
            bytes: d.bytes,
            sha256: d.sha256,
        }
    }
}

/// How much of a SHA-256 the outputs show: enough to match a file by eye, short enough for a
/// table cell.
const DIGEST_DIGITS: usize = 12;

/// The table of `regions`' documents, in the order given, from `submissions`; a sentence
/// instead when none of them submitted a version in Sandan.
pub(super) fn submitted_documents(regions: &[Region], submissions: &[Submission]) -> Vec<Block> {
    let of = |region: Region| submissions.iter().find(|s| s.region == region);
    if regions.iter().all(|r| of(*r).is_none()) {
        return vec![Block::Paragraph(
            "산단(Sandan)으로 제출된 혁신계획이 없어 제출 문서를 싣지 않습니다.".into(),
        )];
    }
    let mut rows = Vec::new();
    for &region in regions {
        let label = Cell::text(region.short_name());
        let Some(submission) = of(region) else {
            rows.push(vec![
                label,
                Cell::text("—"),
                Cell::text("산단(Sandan)으로 제출하지 않음"),
            ]);
            continue;
        };
        let version = || Cell::text(format!("제{}판", submission.version));
        if submission.documents.is_empty() {
            rows.push(vec![label, version(), Cell::text("제출 문서 없음")]);
            continue;
        }
        for (k, doc) in submission.documents.iter().enumerate() {
            let first = if k == 0 { label.clone() } else { Cell::Empty };
            rows.push(vec![
                first,
                version(),
                Cell::text(doc.kind.korean()),
                Cell::text(&doc.name),
                Cell::text(doc.file_type.label()),
                Cell::text(file_size(doc.bytes)),
                Cell::text(doc.sha256.chars().take(DIGEST_DIGITS).collect::<String>()),
            ]);
        }
    }
    vec![Block::Table(Table {
        caption: "제출 문서".into(),
        columns: [
            "지역",
            "제출본",
            "종류",
            "파일 이름",
            "형식",
            "크기",
            "SHA-256 앞 12자리",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        grouped_first_column: true,
        note: Some(
            "각 지역이 산단(Sandan)으로 마지막에 제출한 판의 문서입니다. SHA-256은 파일 내용에서 \
             계산한 값으로, 가진 파일의 값과 앞 12자리가 같으면 같은 파일입니다."
                .into(),
        ),
    })]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: DocumentKind, name: &str, bytes: i64) -> SubmittedFile {
        SubmittedFile {
            kind,
            name: name.into(),
            file_type: FileType::Pdf,
            bytes,
            sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".into(),
        }
    }

    fn table(blocks: &[Block]) -> &Table {
        match blocks {
            [Block::Table(t)] => t,
            other => panic!("one table: {other:?}"),
        }
    }

    #[test]
    fn each_document_of_a_regions_latest_version_is_a_row_under_the_region() {
        let submissions = [Submission {
            region: Region::Gyeonggi,
            version: 2,
            documents: vec![
                doc(DocumentKind::Plan, "경기 혁신계획서.pdf", 1_572_864),
                doc(DocumentKind::Annex, "확약서.pdf", 35_000),
            ],
        }];
        let blocks = submitted_documents(&[Region::Gyeonggi], &submissions);
        let rows: Vec<Vec<String>> = table(&blocks).written_rows().collect();
        assert_eq!(
            rows,
            [
                [
                    "경기",
                    "제2판",
                    "혁신계획서",
                    "경기 혁신계획서.pdf",
                    "PDF",
                    "1.5MB",
                    "0123456789ab"
                ],
                ["", "제2판", "부속서류", "확약서.pdf", "PDF", "35KB", "0123456789ab"],
            ]
        );
    }

    #[test]
    fn a_region_without_documents_or_without_a_version_says_so() {
        let submissions = [Submission {
            region: Region::Chungbuk,
            version: 1,
            documents: vec![],
        }];
        let blocks = submitted_documents(&[Region::Gyeonggi, Region::Chungbuk], &submissions);
        let rows: Vec<Vec<String>> = table(&blocks).written_rows().collect();
        assert_eq!(rows[0], ["경기", "—", "산단(Sandan)으로 제출하지 않음"]);
        assert_eq!(rows[1], ["충북", "제1판", "제출 문서 없음"]);
    }

    #[test]
    fn regions_that_submitted_nothing_in_sandan_get_a_sentence_not_a_table() {
        let blocks = submitted_documents(&[Region::Gyeonggi, Region::Busan], &[]);
        assert!(
            matches!(&blocks[..], [Block::Paragraph(t)] if t.contains("산단(Sandan)으로 제출된 혁신계획이 없어")),
            "{blocks:?}"
        );
    }
}
