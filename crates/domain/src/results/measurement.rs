//! 성과 측정: a goal's value at the end of a quarter, with the evidence behind it.

use serde::{Deserialize, Serialize};

use super::progress::Rating;
use crate::package::Quarter;
use crate::quantity::Quantity;

/// What was measured: a figure in the goal's unit, or a rating for a qualitative goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    Value(Quantity),
    Rating(Rating),
}

impl Reading {
    pub fn written(&self) -> String {
        match self {
            Reading::Value(q) => q.to_string(),
            Reading::Rating(r) => r.korean().to_string(),
        }
    }
}

/// 증빙: a link to a published figure, or a file kept with the measurement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    Link { url: String },
    File { name: String, sha256: String, bytes: u64 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    #[error("증빙 자료(파일 또는 링크)를 첨부하십시오.")]
    Missing,
    #[error("증빙 링크는 http:// 또는 https://로 시작하는 {max}자 이내의 주소여야 합니다.")]
    BadLink { max: usize },
    #[error("증빙 파일은 {max_mb}MB 이하여야 합니다.")]
    TooLarge { max_mb: u64 },
    #[error("증빙 파일 이름은 {max}자 이내여야 합니다.")]
    NameTooLong { max: usize },
}

impl Evidence {
    const MAX_URL: usize = 500;
    const MAX_NAME: usize = 200;
    pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

    pub fn link(url: &str) -> Result<Evidence, EvidenceError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(EvidenceError::Missing);
        }
        let scheme = url.starts_with("https://") || url.starts_with("http://");
        if !scheme || url.chars().count() > Self::MAX_URL || url.chars().any(char::is_whitespace) {
            return Err(EvidenceError::BadLink { max: Self::MAX_URL });
        }
        Ok(Evidence::Link { url: url.to_string() })
    }

    pub fn file(name: &str, sha256: String, bytes: u64) -> Result<Evidence, EvidenceError> {
        let name = name.trim();
        if name.is_empty() || bytes == 0 {
            return Err(EvidenceError::Missing);
        }
        if bytes > Self::MAX_BYTES {
            return Err(EvidenceError::TooLarge {
                max_mb: Self::MAX_BYTES / 1024 / 1024,
            });
        }
        if name.chars().count() > Self::MAX_NAME {
            return Err(EvidenceError::NameTooLong { max: Self::MAX_NAME });
        }
        Ok(Evidence::File {
            name: name.to_string(),
            sha256,
            bytes,
        })
    }
}

/// One measurement of one goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measurement {
    pub quarter: Quarter,
    pub reading: Reading,
    pub evidence: Evidence,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_a_web_link_or_a_bounded_file() {
        assert!(Evidence::link("https://www.korea.kr/briefing/1").is_ok());
        assert_eq!(Evidence::link("  "), Err(EvidenceError::Missing));
        for bad in ["ftp://x", "javascript:alert(1)", "https://a b"] {
            assert!(
                matches!(Evidence::link(bad), Err(EvidenceError::BadLink { .. })),
                "{bad}"
            );
        }
        assert!(Evidence::file("실적.xlsx", "ab".into(), 10).is_ok());
        assert_eq!(Evidence::file("실적.xlsx", "ab".into(), 0), Err(EvidenceError::Missing));
        assert_eq!(
            Evidence::file("실적.xlsx", "ab".into(), Evidence::MAX_BYTES + 1),
            Err(EvidenceError::TooLarge { max_mb: 10 })
        );
    }
}
