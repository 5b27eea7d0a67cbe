//! 산업단지 현황 가져오기: the domain side of importing 한국산업단지공단 (KICOX)'s published
//! registry of complexes (전국산업단지 현황통계, about 1,330 국가·일반·도시첨단·농공 complexes)
//! and its quarterly statistics. The caller decodes the file (XLSX, CSV in UTF-8 or CP949) into a
//! [`Table`]; this module finds the header, reads the rows, matches names to the record's
//! complexes and computes, as a dry run, what loading them would change.
//!
//! ```text
//! Table ──read_table──▶ ReadTable { rows, problems, skipped }
//!                            │ rows + Provenance + the office's Resolutions
//!                            ▼
//!                       plan_changes ──▶ RegistryChanges { new, changed, review, … }
//! ```
//!
//! # The published columns
//!
//! The default [`ColumnMapping::kicox`] follows the column list the public data portal publishes
//! for KICOX's file dataset 15085874 (한국산업단지공단 전국산업단지현황통계,
//! <https://www.data.go.kr/data/15085874/fileData.do>): 유형, 시도, 시군, 단지명, 조성상태,
//! 지정면적(천제곱미터), 관리면적(천제곱미터), 산업시설구역_전체면적·분양대상·분양·미분양
//! (천제곱미터), 산업시설구역_분양률(퍼센트), 입주업체(개), 가동업체(개), … — the copy of that
//! page that the search returned stops after 가동업체, so the 고용, 생산 and 수출 headers are not
//! confirmed by it. Those, and 지정일·착공일·준공일·관리기관, use the spellings seen in other
//! published 현황 tables the search returned: a municipal table with 지정일자, 준공일자,
//! 조성면적, 입주업체, 근로자수 (<http://sisa.pyeongtaek.go.kr/bbs/board.php?bo_table=ca11&wr_id=59>),
//! Seoul's 산업단지 관리현황 with 관리기관, 지정일, 지정면적, 입주업체
//! (<https://opengov.seoul.go.kr/public/20401482>), and the data portal's 분양 API that writes
//! 산단구분 "일반산단", 산업단지명 "강진(구 성전)일반산단", 면적(㎡) and 관리기관
//! (<https://www.data.go.kr/data/15083769/openapi.do>). No official specification of the 생산 and
//! 수출 units was found; they default to the survey's 억 원 and 백만 달러
//! ([`QuarterlySurvey`](crate::complex_survey::QuarterlySurvey)) unless a header states its own.
//!
//! Two traits of the quarterly workbook come only from third-party parsing code, not from an
//! official page, and are handled without relying on them: 지정일자 appears only in the sheet
//! "부록1)신규지정 및 해제현황", and group rows ("한국수출산업 (①)", "구미국가(4단지) (② + ③)")
//! are printed next to their members, so their figures must never be added to the members'
//! ([`RegistryRow::group`]).

mod cells;
mod changes;
mod field;
mod header;
mod names;
mod provenance;
mod review;
mod row;
mod skip;
mod summary;
mod table;

#[cfg(test)]
mod spelling_tests;
#[cfg(test)]
mod tests;

pub use cells::CellError;
pub use changes::{
    Existing, FactChange, NewComplex, QuarterChange, RegistryChanges, Resolution, Resolved, ReviewItem, ReviewReason,
    RowKey, plan_changes,
};
pub use field::{ColumnMapping, Dimension, Field, MappedHeader, Unit, header_key};
pub use header::{Column, Header, HeaderError, find_header};
pub use names::{Match, match_name, normalise};
pub use provenance::Provenance;
pub use review::{candidates, merge_decisions, suggested_id};
pub use row::{Figures, ReadTable, RegistryRow, RowProblem, SkipReason, SkippedRow, Written, read_table};
pub use summary::{outcome, summary};
pub use table::{Table, TableRow};
