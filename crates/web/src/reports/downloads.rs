//! 문서 내려받기: the official outputs — a round's selection document, a region's report and the
//! national roll-up — as HWPX, PDF, XLSX and CSV, from the pages that show the same records.
//! Each is composed afresh from the store on every request, so a file is never older than the
//! page beside it.

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sandan_domain::package::Quarter;
use sandan_domain::{Action, Plan, Region, Subject};
use sandan_report::compose::NotSelectedYet;
use sandan_report::load::{goal_warnings, national_records, region_records, round_records};
use sandan_report::pdf::Fonts;
use sandan_report::{Format, Report};

use crate::auth::Viewer;
use crate::clock::today;
use crate::failure::Failure;
use crate::offload::offload;
use crate::ui::error::{ApiFailure, PageFailure};
use crate::ui::params;
use crate::{AppState, Lang};

/// The PDF fonts, read once when the router is built; the reason when they are missing.
#[derive(Clone)]
pub struct ReportFonts(Result<Arc<Fonts>, Arc<str>>);

impl ReportFonts {
    pub fn load(web_dir: &FsPath) -> ReportFonts {
        ReportFonts(Fonts::load(&Fonts::dir_in(web_dir)).map(Arc::new).map_err(|e| {
            tracing::warn!(error = %e, "PDF 글꼴이 없어 PDF 문서를 만들 수 없습니다");
            Arc::from(e.to_string())
        }))
    }

    /// The fonts, when they could be read.
    pub fn fonts(&self) -> Option<Arc<Fonts>> {
        self.0.as_ref().ok().cloned()
    }
}

/// The download links a page shows, and what the office must know before publishing them.
pub struct Downloads {
    pub links: Vec<(&'static str, String)>,
    pub warnings: Vec<String>,
    /// Why there is nothing to download yet.
    pub unavailable: Option<String>,
}

impl Downloads {
    fn of(base: &str, warnings: Vec<String>, lang: Lang) -> Downloads {
        Downloads {
            links: Format::ALL
                .into_iter()
                .map(|f| (f.korean(), lang.href(&format!("{base}/{}", f.extension()))))
                .collect(),
            warnings,
            unavailable: None,
        }
    }
}

fn round_base(year: i32) -> String {
    format!("/rounds/{year}/report")
}

fn region_base(year: i32, region: Region) -> String {
    format!("/rounds/{year}/plans/{}/report", region.short_name())
}

const NATIONAL_BASE: &str = "/dashboard/report";

async fn round_report(state: &AppState, year: i32) -> Result<Report, Failure> {
    let records = round_records(&state.store, year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))?;
    sandan_report::compose::round_document(&records).map_err(|e| Failure::NotFound(e.to_string()))
}

async fn region_report(state: &AppState, year: i32, region: Region) -> Result<Report, Failure> {
    let records = region_records(&state.store, year, region, Quarter::of(&today()))
        .await?
        .ok_or_else(|| {
            Failure::NotFound(format!(
                "{year}년 공모에 {}의 혁신계획은 기록에 없습니다.",
                region.official_name()
            ))
        })?;
    Ok(sandan_report::compose::region_document(&records))
}

/// The round page's downloads, once the round has a selection (`selected`, as the page has
/// already read it). Only what the document would warn about is worked out here; the document
/// itself is composed when it is downloaded.
pub async fn round_downloads(state: &AppState, year: i32, selected: bool, lang: Lang) -> Result<Downloads, Failure> {
    if !selected {
        return Ok(Downloads {
            links: Vec::new(),
            warnings: Vec::new(),
            unavailable: Some(NotSelectedYet(year).to_string()),
        });
    }
    let plans = state.store.plans().await?;
    let in_round: Vec<&Plan> = plans.iter().filter(|p| p.round == year).collect();
    Ok(Downloads::of(
        &round_base(year),
        goal_warnings(&state.store, &in_round).await?,
        lang,
    ))
}

/// The plan and results pages' downloads.
pub async fn region_downloads(state: &AppState, plan: &Plan, lang: Lang) -> Result<Downloads, Failure> {
    let warnings = goal_warnings(&state.store, &[plan]).await?;
    Ok(Downloads::of(&region_base(plan.round, plan.region), warnings, lang))
}

/// The dashboard's downloads (the national report has nothing to warn about).
pub fn national_downloads(lang: Lang) -> Downloads {
    Downloads::of(NATIONAL_BASE, Vec::new(), lang)
}

pub async fn round_file(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    lang: Lang,
    Path((year, format)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    round_answer(&state, fonts, &viewer, &year, &format)
        .await
        .map_err(|e| PageFailure(e, lang))
}

pub async fn region_file(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    lang: Lang,
    Path((year, region, format)): Path<(String, String, String)>,
) -> Result<Response, PageFailure> {
    region_answer(&state, fonts, &viewer, &year, &region, &format)
        .await
        .map_err(|e| PageFailure(e, lang))
}

pub async fn national_file(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    lang: Lang,
    Path(format): Path<String>,
) -> Result<Response, PageFailure> {
    national_answer(&state, fonts, &viewer, &format)
        .await
        .map_err(|e| PageFailure(e, lang))
}

/// The same files for machine clients: what the pages link to, with the API's JSON errors.
#[utoipa::path(get, path = "/api/v1/rounds/{year}/report/{format}", tag = "reports",
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("format" = String, Path, pattern = "^(hwpx|pdf|xlsx|csv)$", description = "문서 형식: hwpx(한글), pdf, xlsx, csv")),
    responses(
        (status = 200, description = "회차의 선정 결과 문서", content(
            ("application/hwp+zip"), ("application/pdf"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("text/csv"))),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 회차, 아직 선정하지 않은 회차, 모르는 형식", body = crate::ui::error::ErrorBody),
        (status = 503, description = "PDF 글꼴이 설치되지 않음", body = crate::ui::error::ErrorBody)))]
pub async fn api_round_file(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    Path((year, format)): Path<(String, String)>,
) -> Result<Response, ApiFailure> {
    Ok(round_answer(&state, fonts, &viewer, &year, &format).await?)
}

#[utoipa::path(get, path = "/api/v1/rounds/{year}/plans/{region}/report/{format}", tag = "reports",
    params(
        ("year" = String, Path, pattern = "^(19|2[0-9])[0-9]{2}$", description = "공모 연도, 예: 2021"),
        ("region" = String, Path, description = "시·도 약칭, 예: 경남"),
        ("format" = String, Path, pattern = "^(hwpx|pdf|xlsx|csv)$", description = "문서 형식: hwpx(한글), pdf, xlsx, csv")),
    responses(
        (status = 200, description = "시·도 혁신계획의 성과 보고서 (이번 분기 기준)", content(
            ("application/hwp+zip"), ("application/pdf"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("text/csv"))),
        (status = 400, description = "연도 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 404, description = "모르는 시·도, 그 회차에 그 시·도의 계획이 없음, 모르는 형식", body = crate::ui::error::ErrorBody),
        (status = 503, description = "PDF 글꼴이 설치되지 않음", body = crate::ui::error::ErrorBody)))]
pub async fn api_region_file(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    Path((year, region, format)): Path<(String, String, String)>,
) -> Result<Response, ApiFailure> {
    Ok(region_answer(&state, fonts, &viewer, &year, &region, &format).await?)
}

#[utoipa::path(get, path = "/api/v1/report/{format}", tag = "reports",
    params(
        ("format" = String, Path, pattern = "^(hwpx|pdf|xlsx|csv)$", description = "문서 형식: hwpx(한글), pdf, xlsx, csv")),
    responses(
        (status = 200, description = "전국 성과 종합 보고서 (이번 분기 기준)", content(
            ("application/hwp+zip"), ("application/pdf"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("text/csv"))),
        (status = 404, description = "모르는 형식", body = crate::ui::error::ErrorBody),
        (status = 503, description = "PDF 글꼴이 설치되지 않음", body = crate::ui::error::ErrorBody)))]
pub async fn api_national_file(
    State(state): State<AppState>,
    Extension(fonts): Extension<ReportFonts>,
    viewer: Viewer,
    Path(format): Path<String>,
) -> Result<Response, ApiFailure> {
    Ok(national_answer(&state, fonts, &viewer, &format).await?)
}

async fn round_answer(
    state: &AppState,
    fonts: ReportFonts,
    viewer: &Viewer,
    year: &str,
    format: &str,
) -> Result<Response, Failure> {
    viewer.may(Action::View, &Subject::Published)?;
    let (year, format) = (params::year(year)?, parse_format(format)?);
    file(round_report(state, year).await?, format, fonts).await
}

async fn region_answer(
    state: &AppState,
    fonts: ReportFonts,
    viewer: &Viewer,
    year: &str,
    region: &str,
    format: &str,
) -> Result<Response, Failure> {
    viewer.may(Action::View, &Subject::Published)?;
    let (year, region, format) = (params::year(year)?, params::region(region)?, parse_format(format)?);
    file(region_report(state, year, region).await?, format, fonts).await
}

async fn national_answer(
    state: &AppState,
    fonts: ReportFonts,
    viewer: &Viewer,
    format: &str,
) -> Result<Response, Failure> {
    viewer.may(Action::View, &Subject::Published)?;
    let format = parse_format(format)?;
    let records = national_records(&state.store, Quarter::of(&today())).await?;
    file(sandan_report::compose::national_document(&records), format, fonts).await
}

fn parse_format(text: &str) -> Result<Format, Failure> {
    Format::parse(text).map_err(|e| Failure::NotFound(e.to_string()))
}

/// The report written in `format` as a download, rendered off the async threads (a PDF of the
/// national dataset takes a good part of a second).
async fn file(report: Report, format: Format, fonts: ReportFonts) -> Result<Response, Failure> {
    if let (Format::Pdf, Err(why)) = (format, &fonts.0) {
        return Err(Failure::Unavailable(why.to_string()));
    }
    let document = report.document;
    let bytes = offload(move || sandan_report::render(&document, format, fonts.0.ok().as_deref()))
        .await?
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let name = format!("{}.{}", report.file_stem, format.extension());
    let disposition = format!(
        "attachment; filename=\"report.{}\"; filename*=UTF-8''{}",
        format.extension(),
        encode_filename(&name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(format.media_type())),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(|e| Failure::Internal(e.to_string()))?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        bytes,
    )
        .into_response())
}

/// RFC 5987: every byte outside the unreserved set percent-encoded.
fn encode_filename(name: &str) -> String {
    crate::ui::links::percent_encode(name, b"-._~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_korean_file_name_is_percent_encoded_for_the_download_header() {
        assert_eq!(encode_filename("2021_경기.pdf"), "2021_%EA%B2%BD%EA%B8%B0.pdf");
        assert_eq!(encode_filename("a b\"c"), "a%20b%22c");
    }
}
