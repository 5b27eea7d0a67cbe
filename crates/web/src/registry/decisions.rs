//! 검토 결정: the office's choice for each row of the review queue — link it to a complex, create
//! it as a new one, skip it, or leave it for later — read from the review form as the
//! `Resolved` list `sandan registry import --resolutions` reads, and handed back as that file.

use axum::response::Response;
use sandan_domain::ComplexId;
use sandan_domain::registry::{Resolution, Resolved, RowKey, merge_decisions};
use sandan_domain::{Action, Subject};

use super::settings::Settings;
use crate::Lang;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::download::attachment;
use crate::ui::error::PageFailure;
use crate::ui::fields::Fields;

/// The decisions file's name, as the operations guide calls it.
const FILE_NAME: &str = "검토결정.json";

/// The review form's box that has every unmatched row left for later created under the id its
/// row holds (suggested by the page): a first national file leaves about 1,200 such rows.
pub const CREATE_UNMATCHED: &str = "create-unmatched";

/// Every decision the review form states, with those it carried on; or what is wrong with it.
pub fn read(fields: &Fields, settings: &Settings) -> Result<Vec<Resolved>, Vec<String>> {
    let (mut new, mut errors) = (Vec::new(), Vec::new());
    for n in 0.. {
        let key = fields.get(&format!("key-{n}"));
        if key.is_empty() {
            break;
        }
        let Ok(row) = serde_json::from_str::<RowKey>(key) else {
            errors.push("검토할 행의 정보가 잘못되었습니다. 파일을 다시 올려 미리 보아 주십시오.".into());
            break;
        };
        let typed = |field: &str| fields.get(&format!("{field}-{n}")).trim().to_string();
        let sent = fields.get(&format!("choice-{n}"));
        let choice = if matches!(sent, "later" | "")
            && fields.get(CREATE_UNMATCHED) == "1"
            && fields.get(&format!("unmatched-{n}")) == "1"
        {
            "create"
        } else {
            sent
        };
        let resolution = match choice {
            "skip" => Resolution::Skip,
            "create" => match typed("create") {
                id if id.is_empty() => {
                    errors.push(format!("'{}': 새로 등록할 산업단지의 id를 적어 주십시오.", row.name));
                    continue;
                }
                id => Resolution::Create(ComplexId(id)),
            },
            "link" => match (typed("link-other"), typed("link")) {
                (other, _) if !other.is_empty() => Resolution::Link(ComplexId(other)),
                (_, chosen) if !chosen.is_empty() => Resolution::Link(ComplexId(chosen)),
                _ => {
                    errors.push(format!(
                        "'{}': 연결할 산업단지를 목록에서 고르거나 id를 적어 주십시오.",
                        row.name
                    ));
                    continue;
                }
            },
            // 보류: the row waits for a later load.
            _ => continue,
        };
        new.push(Resolved { row, resolution });
    }
    if errors.is_empty() {
        Ok(merge_decisions(&settings.decisions, new))
    } else {
        Err(errors)
    }
}

/// The decisions as a file, for `--resolutions` and the next quarter's upload.
pub fn file(decisions: &[Resolved]) -> Vec<u8> {
    serde_json::to_vec_pretty(decisions).expect("decisions serialise")
}

/// `POST /registry/decisions`: the review form's decisions as a download; nothing is written.
pub async fn download(viewer: Viewer, lang: Lang, fields: Fields) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Published).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let bad = |errors: Vec<String>| fail(Failure::BadInput(errors.join(" ")));
    let settings = Settings::read(&fields).map_err(bad)?;
    let decisions = read(&fields, &settings).map_err(bad)?;
    Ok(attachment(FILE_NAME, "application/json", file(&decisions)))
}
