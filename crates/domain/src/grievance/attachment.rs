//! 첨부파일: photos, drawings or documents a filer adds to her report — few and small, since a
//! report describes a difficulty rather than submits a plan, and of the types Sandan reads by
//! their content.

use crate::documents::{DocumentProblem, FileType, check_file};

/// Files a report may carry.
pub const MAX_ATTACHMENTS: usize = 3;
/// The largest file, in megabytes.
pub const MAX_ATTACHMENT_MB: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentProblem {
    #[error("첨부파일은 {MAX_ATTACHMENTS}개까지 올릴 수 있습니다.")]
    TooMany,
    #[error("{}", told(name, problem))]
    File { name: String, problem: DocumentProblem },
}

/// The problem, naming the file once.
fn told(name: &str, problem: &DocumentProblem) -> String {
    match problem {
        DocumentProblem::UnknownType { .. } | DocumentProblem::NotAllowed { .. } => format!("첨부파일: {problem}"),
        _ => format!("첨부파일 '{name}': {problem}"),
    }
}

/// A file as sent, with its type read from its content (`None`: not one Sandan takes).
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    pub name: &'a str,
    pub bytes: u64,
    pub found: Option<FileType>,
}

/// The names to keep and the types of the files sent with a report, or the first problem.
pub fn check_attachments(sent: &[Sent<'_>]) -> Result<Vec<(String, FileType)>, AttachmentProblem> {
    if sent.len() > MAX_ATTACHMENTS {
        return Err(AttachmentProblem::TooMany);
    }
    sent.iter()
        .map(|s| {
            check_file(s.name, s.bytes, MAX_ATTACHMENT_MB, s.found).map_err(|problem| AttachmentProblem::File {
                name: s.name.to_string(),
                problem,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(name: &str, bytes: u64, found: Option<FileType>) -> Sent<'_> {
        Sent { name, bytes, found }
    }

    #[test]
    fn a_few_small_files_of_known_types_are_kept_by_their_last_name_part() {
        let kept = check_attachments(&[
            sent("C:\\현장\\도로 파손.jpg", 2_000_000, Some(FileType::Jpeg)),
            sent("진정서.hwpx", 30_000, Some(FileType::Hwpx)),
        ])
        .unwrap();
        assert_eq!(
            kept,
            vec![
                ("도로 파손.jpg".to_string(), FileType::Jpeg),
                ("진정서.hwpx".to_string(), FileType::Hwpx)
            ]
        );
    }

    #[test]
    fn too_many_too_big_empty_or_unknown_files_are_refused_by_name() {
        let one = sent("a.pdf", 10, Some(FileType::Pdf));
        assert_eq!(check_attachments(&[one; 4]), Err(AttachmentProblem::TooMany));
        let big = check_attachments(&[sent("도면.pdf", 11 * 1024 * 1024, Some(FileType::Pdf))]).unwrap_err();
        assert_eq!(
            big.to_string(),
            "첨부파일 '도면.pdf': 파일이 너무 큽니다 (11.0MB). 한 파일은 10MB까지 올릴 수 있습니다."
        );
        assert!(matches!(
            check_attachments(&[sent("빈.pdf", 0, Some(FileType::Pdf))]),
            Err(AttachmentProblem::File {
                problem: DocumentProblem::Empty,
                ..
            })
        ));
        assert!(matches!(
            check_attachments(&[sent("run.exe", 100, None)]),
            Err(AttachmentProblem::File {
                problem: DocumentProblem::UnknownType { .. },
                ..
            })
        ));
    }
}
