//! 가져오기 설정: what the office states about a file besides the file itself — its quarter, a
//! source title, a column mapping and decisions made before — read alike from the upload form
//! and from the review form that carries them on to the load.

use sandan_domain::Day;
use sandan_domain::package::Quarter;
use sandan_domain::registry::{ColumnMapping, Provenance, Resolved};

use super::file;
use crate::ui::fields::Fields;

/// Longest source title kept.
const SOURCE_CHARS: usize = 300;

/// The settings as the form wrote them (to write them back) and as read.
pub struct Settings {
    pub quarter_text: String,
    pub source_text: String,
    pub mapping_text: String,
    pub quarter: Option<Quarter>,
    pub mapping: ColumnMapping,
    /// Decisions made before this form: a saved file's, or the ones this review carries on.
    pub decisions: Vec<Resolved>,
}

impl Settings {
    /// The settings `fields` state, or every problem with them in Korean.
    pub fn read(fields: &Fields) -> Result<Settings, Vec<String>> {
        let mut errors = Vec::new();
        let quarter_text = fields.get("quarter").trim().to_string();
        let quarter = match quarter_text.as_str() {
            "" => None,
            text => text.parse::<Quarter>().map_err(|e| errors.push(e)).ok(),
        };
        let source_text = fields.get("source").trim().to_string();
        if source_text.chars().count() > SOURCE_CHARS {
            errors.push(format!("출처는 {SOURCE_CHARS}자 이내로 적어 주십시오."));
        }
        let mapping_text = fields.get("mapping").to_string();
        let mapping = file::mapping(&mapping_text).map_err(|e| errors.push(e)).ok();
        let decisions: Vec<Resolved> = match fields.get("decisions").trim() {
            "" => Vec::new(),
            text => serde_json::from_str(text).unwrap_or_else(|e: serde_json::Error| {
                errors.push(format!(
                    "검토 결정(JSON)을 읽을 수 없습니다 ({}번째 줄 {}번째 글자). '검토 결정 내려받기'로 받은 파일의 내용을 그대로 붙여 넣어 주십시오.",
                    e.line(),
                    e.column()
                ));
                Vec::new()
            }),
        };
        match (mapping, errors.is_empty()) {
            (Some(mapping), true) => Ok(Settings {
                quarter_text,
                source_text,
                mapping_text,
                quarter,
                mapping,
                decisions,
            }),
            _ => Err(errors),
        }
    }

    pub fn provenance(&self, today: Day) -> Provenance {
        Provenance::kicox(self.quarter, Some(self.source_text.clone()), today)
    }
}
