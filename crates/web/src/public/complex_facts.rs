//! 산업단지 기초자료 (공동 주관부처): a complex's construction start, which the 20-year rule
//! needs, and its statistics by year, which the feasibility panel weighs goals against.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sandan_domain::feasibility::HubStatistic;
use sandan_domain::plan::Metric;
use sandan_domain::{Action, Day, Quantity, Subject};

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::PageFailure;
use crate::ui::fields::{Fields, from_key};
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Published).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let id = params::complex_id(&id).map_err(fail)?;
    let at = timestamp();
    let start = fields.get("construction_started").trim();
    let (year, value) = (fields.get("year").trim(), fields.get("value").trim());
    if start.is_empty() && year.is_empty() && value.is_empty() {
        return Err(fail(Failure::BadInput(
            "착공일이나 통계 중 하나는 입력해 주십시오.".into(),
        )));
    }
    // Read everything before writing anything, so a bad statistic does not leave a new date behind.
    let start = match start {
        "" => None,
        text => Some(text.parse::<Day>().ok().filter(|d| d.day.is_some()).ok_or_else(|| {
            fail(Failure::BadInput(format!(
                "착공일 '{text}'을(를) 1977-04-01처럼 적어 주십시오."
            )))
        })?),
    };
    let statistic = if year.is_empty() && value.is_empty() {
        None
    } else {
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1960..=2100).contains(y))
            .ok_or_else(|| fail(Failure::BadInput("통계 연도를 2020처럼 적어 주십시오.".into())))?;
        let metric: Metric = from_key(fields.get("metric"))
            .ok_or_else(|| fail(Failure::BadInput("지표를 목록에서 고르십시오.".into())))?;
        let value: Quantity = value
            .parse()
            .map_err(|e| fail(Failure::BadInput(format!("통계 값: {e}. 예: 63.8조원, 25만명"))))?;
        let source = fields.get("source").trim();
        if source.is_empty() || source.chars().count() > 300 {
            return Err(fail(Failure::BadInput(
                "통계의 출처를 300자 이내로 적어 주십시오.".into(),
            )));
        }
        Some(HubStatistic {
            complex: id.clone(),
            year,
            metric,
            value,
            source: source.to_string(),
        })
    };
    if let Some(day) = start {
        state
            .store
            .set_construction_start(&id, day, &change(&viewer, &at))
            .await
            .map_err(|e| fail(e.into()))?;
    }
    if let Some(statistic) = statistic {
        state
            .store
            .set_statistic(&statistic, &change(&viewer, &at))
            .await
            .map_err(|e| fail(e.into()))?;
    }
    Ok(see_other(&format!("/complexes/{}", id.0)).into_response())
}
