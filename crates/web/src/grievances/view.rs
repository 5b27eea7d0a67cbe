//! A report as the API and the pages show it, to its handling body (everything, the officials'
//! names included) or to its filer (her own report, with the bodies but not the officials).

use sandan_domain::Day;
use sandan_domain::grievance::{Category, Filer, Status, mask_email, mask_name, mask_phone};
use sandan_store::grievances::{GrievanceLine, StoredGrievance};
use serde::Serialize;

use crate::clock::today;

/// Who the report is shown to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The handling body or the program office.
    Handler,
    /// The filer herself.
    Filer,
}

/// 처리 경과의 한 줄
#[derive(Serialize, utoipa::ToSchema)]
pub struct HistoryView {
    pub at: String,
    /// 처리한 공무원의 아이디: the handling body and the office only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub step: String,
    /// 이 단계 뒤의 처리기관
    pub handler: String,
    pub status: Status,
    /// 이 단계 뒤의 처리기한
    pub due: Day,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 애로사항
#[derive(Serialize, utoipa::ToSchema)]
pub struct GrievanceView {
    pub id: i64,
    /// 접수번호, 예: 2612-000042
    pub receipt: String,
    pub complex: String,
    pub complex_name: String,
    /// 시·도 (약칭)
    pub region: String,
    pub category: Category,
    pub title: String,
    pub body: String,
    pub filer: Filer,
    pub wants_public: bool,
    pub status: Status,
    /// 처리기관 키: province:경기, ministry:고용노동부, complex-agency, program-office
    pub handler: String,
    pub handler_name: String,
    /// 접수일
    pub received_on: Day,
    /// 처리기한 (영업일로 계산, 연장 포함)
    pub due: Day,
    pub extended: bool,
    /// 처리기한이 지났는데 답변하지 않음
    pub overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<Day>,
    /// 만족도 1–5
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// 낙관적 동시성: 처리 단계를 보낼 때 이 값을 함께 보냄
    pub version: i64,
    pub history: Vec<HistoryView>,
    /// 첨부파일: 받을 주소는 /grievances/{id}/files/{file}
    pub files: Vec<FileView>,
}

/// 첨부파일
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GrievanceFile)]
pub struct FileView {
    pub id: i64,
    pub name: String,
    /// 내용으로 확인한 형식: pdf, hwp, hwpx, xlsx, pptx, png, jpeg
    pub file_type: sandan_domain::documents::FileType,
    /// 바이트
    pub bytes: i64,
}

impl GrievanceView {
    pub fn of(g: &StoredGrievance, reader: Reader) -> GrievanceView {
        let p = &g.progress;
        GrievanceView {
            id: g.id,
            receipt: g.receipt.clone(),
            complex: g.complex.0.clone(),
            complex_name: g.complex_name.clone(),
            region: g.region.short_name().to_string(),
            category: p.category,
            title: g.title.clone(),
            body: g.body.clone(),
            filer: g.filer.clone(),
            wants_public: g.wants_public,
            status: p.status,
            handler: p.handler.to_string(),
            handler_name: p.handler.korean(),
            received_on: g.received_on,
            due: p.due,
            extended: p.extended,
            overdue: p.overdue(&today()),
            answer: g.answer.clone(),
            answered_on: p.answered,
            rating: p.rating,
            version: g.version,
            history: g
                .events
                .iter()
                .map(|e| HistoryView {
                    at: e.at.clone(),
                    by: (reader == Reader::Handler).then(|| e.by.clone()),
                    step: e.step.clone(),
                    handler: e.handler.korean(),
                    status: e.status,
                    due: e.due,
                    note: e.note.clone(),
                })
                .collect(),
            files: g
                .attachments
                .iter()
                .map(|a| FileView {
                    id: a.id,
                    name: a.name.clone(),
                    file_type: a.file_type,
                    bytes: a.bytes,
                })
                .collect(),
        }
    }
}

/// A line of a body's list: masked, since a list is read over shoulders.
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct GrievanceLineView {
    pub id: i64,
    pub receipt: String,
    pub complex_name: String,
    pub region: String,
    pub category: Category,
    pub title: String,
    /// 신청인, 가려서: 김*수 ((주)창원정밀), 055-***-4567
    pub filer: String,
    pub status: Status,
    pub handler: String,
    pub received_on: Day,
    pub due: Day,
    pub overdue: bool,
}

impl GrievanceLineView {
    pub fn of(l: &GrievanceLine) -> GrievanceLineView {
        GrievanceLineView {
            id: l.id,
            receipt: l.receipt.clone(),
            complex_name: l.complex_name.clone(),
            region: l.region.short_name().to_string(),
            category: l.progress.category,
            title: l.title.clone(),
            filer: masked(&l.filer),
            status: l.progress.status,
            handler: l.progress.handler.korean(),
            received_on: l.received_on,
            due: l.progress.due,
            overdue: l.progress.overdue(&today()),
        }
    }
}

/// The filer as shown where her identity is not needed: "김*수 ((주)창원정밀), 055-***-4567".
pub fn masked(filer: &Filer) -> String {
    let contact = filer
        .phone
        .as_deref()
        .map(mask_phone)
        .or_else(|| filer.email.as_deref().map(mask_email))
        .unwrap_or_default();
    format!("{} ({}), {contact}", mask_name(&filer.name), filer.organisation)
}
