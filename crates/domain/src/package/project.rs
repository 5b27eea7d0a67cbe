//! 패키지 사업: one project of a confirmed plan in its package, and who runs it.

use serde::{Deserialize, Serialize};

use crate::region::Region;

/// 집행 주체: the ministry whose program funds the project, or the province for projects it
/// funds itself. Only the runner records the project's execution.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Runner {
    Ministry(String),
    Province(Region),
}

impl Runner {
    pub fn korean(&self) -> String {
        match self {
            Runner::Ministry(m) => m.clone(),
            Runner::Province(r) => r.official_name().to_string(),
        }
    }
}

/// A project's name as the package lists it: 1–100 characters.
pub fn project_name(text: &str) -> Result<String, String> {
    const MAX: usize = 100;
    let name = text.trim();
    if name.is_empty() {
        return Err("사업명을 입력하십시오.".into());
    }
    if name.chars().count() > MAX {
        return Err(format!("사업명은 {MAX}자 이내로 쓰십시오."));
    }
    Ok(name.to_string())
}
