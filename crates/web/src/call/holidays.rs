//! 휴일 관리 (공동 주관부처): the public holidays Sandan ships (from the maintained holiday
//! package) and the ones the office adds (임시공휴일 and the like), which deadlines skip.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::calendar::{Calendar, Holiday};
use sandan_domain::{Action, Day, Subject};
use sandan_store::calls::AddedHoliday;

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "call/holidays.html")]
struct HolidaysPage {
    layout: Layout,
    csrf: String,
    first_year: i32,
    last_year: i32,
    added: Vec<AddedHoliday>,
    errors: Vec<String>,
    form: Fields,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let added = state.store.added_holidays().await.map_err(|e| fail(e.into()))?;
    let bundled = Calendar::bundled();
    let title = lang.pick("영업일 계산용 휴일", "Holidays for business days");
    render(
        &HolidaysPage {
            layout: Layout::new(
                lang,
                title,
                "/admin/holidays",
                vec![(title.into(), "/admin/holidays".into())],
            )
            .for_viewer(viewer),
            csrf: viewer.csrf().unwrap_or_default().to_string(),
            first_year: bundled.first_year(),
            last_year: bundled.last_year(),
            added,
            errors,
            form,
        },
        lang,
    )
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::View, &Subject::Calls)
        .map_err(|e| PageFailure(e, lang))?;
    page(&state, &viewer, lang, Fields::new(), Vec::new()).await
}

pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let name = fields.get("name").trim();
    let mut errors = Vec::new();
    let day = match fields.get("day").trim().parse::<Day>() {
        Ok(d) if d.day.is_some() => Some(d),
        _ => {
            errors.push("날짜를 2027-03-03처럼 적어 주십시오.".to_string());
            None
        }
    };
    if name.is_empty() || name.chars().count() > 100 {
        errors.push("휴일 이름을 100자 이내로 적어 주십시오.".into());
    }
    if let (Some(day), true) = (day, errors.is_empty()) {
        let at = timestamp();
        let holiday = Holiday {
            day,
            name: name.to_string(),
        };
        match state.store.add_holiday(&holiday, &change(&viewer, &at)).await {
            Ok(()) => return Ok(see_other("/admin/holidays").into_response()),
            Err(e) => match Failure::from(e) {
                Failure::Refused(m) => errors.push(m),
                other => return Err(fail(other)),
            },
        }
    }
    let html = page(&state, &viewer, lang, fields, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let day: Day = fields
        .get("day")
        .parse()
        .map_err(|_| fail(Failure::BadInput("지울 휴일의 날짜가 잘못되었습니다.".into())))?;
    let at = timestamp();
    state
        .store
        .remove_holiday(&day, &change(&viewer, &at))
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(see_other("/admin/holidays").into_response())
}
