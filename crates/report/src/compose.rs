//! Composers: the records turned into documents. Pure — the loaders in [`crate::load`] read the
//! store; these only decide what a document says.

mod documents;
mod goals;
mod national;
mod region;
mod round;
mod sheet;

pub use documents::{Submission, SubmittedFile};
pub use goals::DocumentGoals;
pub use national::{NationalRecords, national_document};
pub use region::{RegionRecords, region_document};
pub use round::{NotSelectedYet, RoundRecords, round_document};

use sandan_domain::package::Money;

use crate::document::{Cell, Document};

/// A document and what its maker must be told about it (figures the records leave unsettled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The downloaded file's name without its extension: "2021_산업단지대개조_예비선정_결과".
    pub file_stem: String,
    pub document: Document,
    pub warnings: Vec<String>,
}

/// The last byline lines: where the figures come from, and the synthetic-data mark.
fn byline_tail(synthetic: bool) -> Vec<String> {
    let mut lines = vec!["산단(Sandan) 기록에서 작성 — 본문, 표, 참고자료가 같은 기록에서 나옵니다".to_string()];
    if synthetic {
        lines.push("※ 합성(가상) 데이터입니다. 실제 사업 실적이 아닙니다.".into());
    }
    lines
}

/// 계획, 집행, 집행률.
fn money_cells(m: &Money) -> [Cell; 3] {
    [
        Cell::Eok(m.planned),
        Cell::Eok(m.executed),
        m.rate_permille().map_or(Cell::text("—"), Cell::Permille),
    ]
}
