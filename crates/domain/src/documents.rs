//! 제출 문서: the files a submission carries beside the structured plan — the 혁신계획서
//! itself, the 발표자료 for the presentation and 부속서류 (letters of commitment, maps, budget
//! tables). The panel reads them, so they are frozen with each numbered version like the plan.
//! A file's type is what its content is, never what its name says.

use serde::{Deserialize, Serialize};

use crate::Region;
use crate::call::Call;
use crate::designation::{Designation, DesignationKind};

pub mod outline;
pub mod search;
pub mod text;

/// What a document is to the submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    /// 혁신계획서: one per submission; a new one replaces the old.
    Plan,
    /// 발표자료: one per submission.
    Presentation,
    /// 부속서류: any number up to the limit.
    Annex,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 3] = [DocumentKind::Plan, DocumentKind::Presentation, DocumentKind::Annex];

    pub fn slug(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::Presentation => "presentation",
            DocumentKind::Annex => "annex",
        }
    }

    pub fn from_slug(slug: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn korean(self) -> &'static str {
        match self {
            DocumentKind::Plan => "혁신계획서",
            DocumentKind::Presentation => "발표자료",
            DocumentKind::Annex => "부속서류",
        }
    }

    /// Whether a submission holds at most one of it.
    pub fn single(self) -> bool {
        self != DocumentKind::Annex
    }

    /// The types a document of this kind may be.
    pub fn allows(self, file: FileType) -> bool {
        match self {
            DocumentKind::Plan => matches!(file, FileType::Hwp | FileType::Hwpx | FileType::Pdf),
            DocumentKind::Presentation => {
                matches!(file, FileType::Pdf | FileType::Pptx | FileType::Hwpx | FileType::Hwp)
            }
            DocumentKind::Annex => true,
        }
    }
}

/// A file's type, as read from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FileType {
    Pdf,
    /// 한글 5.x binary (an OLE compound file).
    Hwp,
    /// 한글 OWPML (KS X 6101), a zip.
    Hwpx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
}

impl FileType {
    pub const ALL: [FileType; 7] = [
        FileType::Pdf,
        FileType::Hwp,
        FileType::Hwpx,
        FileType::Xlsx,
        FileType::Pptx,
        FileType::Png,
        FileType::Jpeg,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Hwp => "hwp",
            FileType::Hwpx => "hwpx",
            FileType::Xlsx => "xlsx",
            FileType::Pptx => "pptx",
            FileType::Png => "png",
            FileType::Jpeg => "jpeg",
        }
    }

    pub fn from_slug(slug: &str) -> Option<FileType> {
        FileType::ALL.into_iter().find(|t| t.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Hwp => "한글(HWP)",
            FileType::Hwpx => "한글(HWPX)",
            FileType::Xlsx => "엑셀(XLSX)",
            FileType::Pptx => "파워포인트(PPTX)",
            FileType::Png => "PNG 그림",
            FileType::Jpeg => "JPEG 그림",
        }
    }

    /// The media type a download is sent with: always a document or image type, never one a
    /// browser would run.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Hwp => "application/x-hwp",
            FileType::Hwpx => "application/hwp+zip",
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }
}

/// The largest file any call may take, in MB; each call sets its own limit up to it.
pub const MAX_MB: u32 = 50;
/// [`MAX_MB`] in bytes: what the server reads of an upload at most.
pub const MAX_BYTES: u64 = MAX_MB as u64 * 1024 * 1024;
/// The most documents a submission holds.
pub const MAX_DOCUMENTS: usize = 20;

/// "34KB", "1.2MB": how big a file is, as people read it (kilobytes rounded up, so no file
/// reads as 0KB).
pub fn file_size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 * 1024 => format!("{}KB", (b + 1023) / 1024),
        b => format!("{:.1}MB", b as f64 / 1024.0 / 1024.0),
    }
}

/// Why a file was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentProblem {
    #[error("파일을 골라 주십시오. 빈 파일은 올릴 수 없습니다.")]
    Empty,
    #[error("파일이 너무 큽니다 ({size}). 한 파일은 {limit_mb}MB까지 올릴 수 있습니다.")]
    TooLarge { size: String, limit_mb: u32 },
    #[error(
        "이 공모는 혁신계획서 파일(HWP·HWPX·PDF)을 함께 제출해야 합니다. '제출 문서'에서 혁신계획서를 올린 뒤 제출하십시오."
    )]
    PlanDocumentMissing,
    #[error(
        "'{name}'은(는) 내용이 PDF·한글(HWP, HWPX)·엑셀(XLSX)·파워포인트(PPTX)·PNG·JPEG 파일이 아닙니다. 파일 이름의 확장자가 아니라 내용으로 확인합니다."
    )]
    UnknownType { name: String },
    #[error("{kind}는 {allowed} 파일로 올려 주십시오 ('{name}'은(는) {found} 파일입니다).")]
    NotAllowed {
        kind: &'static str,
        allowed: String,
        name: String,
        found: &'static str,
    },
    #[error("파일 이름을 읽을 수 없습니다. 200자 이내로, 제어 문자 없이 붙여 주십시오.")]
    BadName,
    #[error("문서는 한 제출에 {MAX_DOCUMENTS}개까지 올릴 수 있습니다. 필요 없는 부속서류를 지운 뒤 올려 주십시오.")]
    TooMany,
}

/// Checks a file for a document of `kind`: its name (the last path part, kept for people), its
/// size and its type as read from its content (`None`: not a type Sandan takes). Returns the
/// name to keep and the type.
pub fn check(
    call: &Call,
    kind: DocumentKind,
    name: &str,
    bytes: u64,
    found: Option<FileType>,
) -> Result<(String, FileType), DocumentProblem> {
    let (name, found) = check_file(name, bytes, call.document_max_mb.min(MAX_MB), found)?;
    if !kind.allows(found) {
        let allowed = FileType::ALL
            .into_iter()
            .filter(|t| kind.allows(*t))
            .map(FileType::label)
            .collect::<Vec<_>>()
            .join("·");
        return Err(DocumentProblem::NotAllowed {
            kind: kind.korean(),
            allowed,
            name,
            found: found.label(),
        });
    }
    Ok((name, found))
}

/// Checks any uploaded file: a name people can read, not empty, at most `limit_mb`, and of a
/// type Sandan takes, as read from its content.
pub fn check_file(
    name: &str,
    bytes: u64,
    limit_mb: u32,
    found: Option<FileType>,
) -> Result<(String, FileType), DocumentProblem> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(DocumentProblem::BadName);
    }
    if bytes == 0 {
        return Err(DocumentProblem::Empty);
    }
    if bytes > u64::from(limit_mb) * 1024 * 1024 {
        return Err(DocumentProblem::TooLarge {
            size: file_size(i64::try_from(bytes).unwrap_or(i64::MAX)),
            limit_mb,
        });
    }
    let found = found.ok_or_else(|| DocumentProblem::UnknownType { name: name.to_string() })?;
    Ok((name.to_string(), found))
}

/// Whether a draft holding documents of `kinds` may be submitted under `call`: a call that
/// requires the 혁신계획서 refuses a submission without one.
pub fn ready_to_submit(call: &Call, kinds: impl IntoIterator<Item = DocumentKind>) -> Result<(), DocumentProblem> {
    if call.plan_document_required && !kinds.into_iter().any(|k| k == DocumentKind::Plan) {
        Err(DocumentProblem::PlanDocumentMissing)
    } else {
        Ok(())
    }
}

/// Whether the office may make `region`'s submitted documents of round `round` public: only
/// once the record holds the region's selection in that round (예비선정 or 최종확정), because
/// until then a plan is the province's draft for the panel, not a public document.
pub fn may_publish(round: i32, region: Region, record: &[Designation]) -> Result<(), String> {
    let selected = record.iter().any(|d| {
        d.round == Some(round)
            && d.region == Some(region)
            && matches!(
                d.kind,
                DesignationKind::PreliminarySelection | DesignationKind::FinalConfirmation
            )
    });
    if selected {
        Ok(())
    } else {
        Err(format!(
            "{round}년 {}의 선정(예비선정 또는 최종확정)이 공개된 뒤에만 제출 문서를 공개할 수 있습니다.",
            region.short_name()
        ))
    }
}

/// A document as versions are compared: what it is, its name and its content's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRef {
    pub kind: DocumentKind,
    pub name: String,
    pub sha256: String,
}

/// How a version's documents differ from the version before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum DocumentChange {
    Added {
        kind: DocumentKind,
        name: String,
    },
    Removed {
        kind: DocumentKind,
        name: String,
    },
    /// The same document (one of a single kind, or an annex of the same name) with new content.
    Replaced {
        kind: DocumentKind,
        name: String,
        before: String,
    },
}

impl DocumentChange {
    /// "추가: 부속서류 '예산표.xlsx'", "교체: 혁신계획서 '계획서.pdf' → '계획서(보완).pdf'"
    pub fn korean(&self) -> String {
        match self {
            DocumentChange::Added { kind, name } => format!("추가: {} '{name}'", kind.korean()),
            DocumentChange::Removed { kind, name } => format!("삭제: {} '{name}'", kind.korean()),
            DocumentChange::Replaced { kind, name, before } if name == before => {
                format!("교체: {} '{name}' (내용 변경)", kind.korean())
            }
            DocumentChange::Replaced { kind, name, before } => {
                format!("교체: {} '{before}' → '{name}'", kind.korean())
            }
        }
    }
}

/// The documents added, removed and replaced from `before` to `after`. A plan document or a
/// presentation is the same document whatever its name; annexes are matched by name.
pub fn diff(before: &[DocumentRef], after: &[DocumentRef]) -> Vec<DocumentChange> {
    let same = |a: &DocumentRef, b: &DocumentRef| a.kind == b.kind && (a.kind.single() || a.name == b.name);
    let mut changes = Vec::new();
    for a in after {
        match before.iter().find(|b| same(b, a)) {
            None => changes.push(DocumentChange::Added {
                kind: a.kind,
                name: a.name.clone(),
            }),
            Some(b) if b.sha256 != a.sha256 || b.name != a.name => changes.push(DocumentChange::Replaced {
                kind: a.kind,
                name: a.name.clone(),
                before: b.name.clone(),
            }),
            Some(_) => {}
        }
    }
    for b in before {
        if !after.iter().any(|a| same(b, a)) {
            changes.push(DocumentChange::Removed {
                kind: b.kind,
                name: b.name.clone(),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: DocumentKind, name: &str, sha: &str) -> DocumentRef {
        DocumentRef {
            kind,
            name: name.into(),
            sha256: sha.into(),
        }
    }

    #[test]
    fn a_file_is_taken_by_its_content_within_the_size_and_the_kinds_types() {
        let call = Call::new(2027);
        assert_eq!(
            check(
                &call,
                DocumentKind::Plan,
                "C:\\문서\\경기 혁신계획서.hwpx",
                10,
                Some(FileType::Hwpx)
            )
            .unwrap(),
            ("경기 혁신계획서.hwpx".to_string(), FileType::Hwpx)
        );
        let renamed = check(&call, DocumentKind::Annex, "확약서.pdf", 10, None).unwrap_err();
        assert!(renamed.to_string().contains("내용으로 확인합니다"), "{renamed}");
        let sheet = check(&call, DocumentKind::Plan, "계획서.xlsx", 10, Some(FileType::Xlsx)).unwrap_err();
        assert_eq!(
            sheet.to_string(),
            "혁신계획서는 PDF·한글(HWP)·한글(HWPX) 파일로 올려 주십시오 ('계획서.xlsx'은(는) 엑셀(XLSX) 파일입니다)."
        );
        assert!(matches!(
            check(&call, DocumentKind::Annex, "a.pdf", MAX_BYTES + 1, Some(FileType::Pdf)),
            Err(DocumentProblem::TooLarge { .. })
        ));
        assert_eq!(
            check(&call, DocumentKind::Annex, "a.pdf", 0, Some(FileType::Pdf)),
            Err(DocumentProblem::Empty)
        );
        assert_eq!(
            check(&call, DocumentKind::Annex, "a\u{0}.pdf", 1, Some(FileType::Pdf)),
            Err(DocumentProblem::BadName)
        );
        assert!(check(&call, DocumentKind::Annex, "지도.png", 1, Some(FileType::Png)).is_ok());
        let small = Call {
            document_max_mb: 10,
            ..Call::new(2027)
        };
        let over = check(
            &small,
            DocumentKind::Annex,
            "a.pdf",
            10 * 1024 * 1024 + 1,
            Some(FileType::Pdf),
        )
        .unwrap_err();
        assert_eq!(
            over.to_string(),
            "파일이 너무 큽니다 (10.0MB). 한 파일은 10MB까지 올릴 수 있습니다."
        );
    }

    #[test]
    fn a_call_that_requires_the_plan_document_refuses_a_submission_without_one() {
        let required = Call {
            plan_document_required: true,
            ..Call::new(2027)
        };
        assert_eq!(
            ready_to_submit(&required, [DocumentKind::Annex]),
            Err(DocumentProblem::PlanDocumentMissing)
        );
        assert!(ready_to_submit(&required, [DocumentKind::Annex, DocumentKind::Plan]).is_ok());
        assert!(ready_to_submit(&Call::new(2027), []).is_ok());
        assert!(Call::new(2027).problems().is_empty());
        let none = Call {
            document_max_mb: 0,
            ..Call::new(2027)
        };
        assert!(none.problems()[0].contains("1~50MB"), "{:?}", none.problems());
    }

    #[test]
    fn file_sizes_are_written_in_kilobytes_rounded_up_and_megabytes_to_one_decimal() {
        assert_eq!(file_size(1), "1KB");
        assert_eq!(file_size(35_000), "35KB");
        assert_eq!(file_size(1024 * 1024 - 1), "1024KB");
        assert_eq!(file_size(1_572_864), "1.5MB");
    }

    #[test]
    fn documents_are_published_only_after_the_regions_selection_is_in_the_record() {
        let decision = |kind, round, region| Designation {
            kind,
            date: crate::Day::ymd(2021, 4, 1),
            body: "노후거점산업단지 경쟁력강화추진위원회".into(),
            round: Some(round),
            region: Some(region),
            complex: None,
            note: None,
            sources: Vec::new(),
        };
        let record = [
            decision(DesignationKind::PreliminarySelection, 2021, Region::Gyeonggi),
            decision(DesignationKind::CompetitivenessDistrict, 2021, Region::Busan),
        ];
        assert!(may_publish(2021, Region::Gyeonggi, &record).is_ok());
        assert!(may_publish(2022, Region::Gyeonggi, &record).is_err());
        let district_only = may_publish(2021, Region::Busan, &record).unwrap_err();
        assert!(district_only.contains("2021년 부산의 선정"), "{district_only}");
    }

    #[test]
    fn versions_differ_by_documents_added_removed_and_replaced() {
        let v1 = [
            doc(DocumentKind::Plan, "계획서.pdf", "a"),
            doc(DocumentKind::Annex, "확약서.pdf", "b"),
            doc(DocumentKind::Annex, "지도.png", "c"),
        ];
        let v2 = [
            doc(DocumentKind::Plan, "계획서(수정).pdf", "d"),
            doc(DocumentKind::Annex, "확약서.pdf", "b"),
            doc(DocumentKind::Annex, "예산표.xlsx", "e"),
        ];
        assert_eq!(
            diff(&v1, &v2),
            [
                DocumentChange::Replaced {
                    kind: DocumentKind::Plan,
                    name: "계획서(수정).pdf".into(),
                    before: "계획서.pdf".into()
                },
                DocumentChange::Added {
                    kind: DocumentKind::Annex,
                    name: "예산표.xlsx".into()
                },
                DocumentChange::Removed {
                    kind: DocumentKind::Annex,
                    name: "지도.png".into()
                },
            ]
        );
        assert!(diff(&v2, &v2).is_empty());
        assert_eq!(
            diff(&v1, &v2)[0].korean(),
            "교체: 혁신계획서 '계획서.pdf' → '계획서(수정).pdf'"
        );
        assert_eq!(diff(&v2, &v1)[2].korean(), "삭제: 부속서류 '예산표.xlsx'");
    }
}
