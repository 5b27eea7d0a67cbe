//! 위원회 의결 (공동 주관부처): the committee meeting — date, body, members present — and the
//! decisions it takes, each checked by the program's rules before it is recorded, then
//! published together into the public record.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::evaluation::{Stage, recommended};
use sandan_domain::hangul::sort_ganada;
use sandan_domain::{ComplexId, Designation, Region};
use sandan_store::committee::StoredMeeting;

use crate::auth::Viewer;
use crate::decisions::actions::{
    self, COMMITTEE, DecisionEntry, KINDS, MeetingEntry, kind_key, meeting_id, office, round_exists,
};
use crate::decisions::standing::standing;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "decisions/decisions.html")]
struct DecisionsPage {
    layout: Layout,
    csrf: String,
    year: i32,
    meetings: Vec<StoredMeeting>,
    /// The evaluation's recommendation; for a round Sandan did not run, the regions whose plans
    /// the record holds.
    recommended: String,
    /// The evaluation results can be read (the panel has closed): only then is it linked.
    results_open: bool,
    /// The round was not run in Sandan: `recommended` lists the plans the record holds.
    in_record: bool,
    kinds: Vec<(String, &'static str)>,
    regions: Vec<Region>,
    hubs: Vec<(String, String)>,
    names: BTreeMap<ComplexId, String>,
    form: Fields,
    errors: Vec<String>,
}

impl DecisionsPage {
    fn target(&self, d: &Designation) -> String {
        match (&d.region, &d.complex) {
            (Some(r), _) => r.short_name().to_string(),
            (None, Some(c)) => self.names.get(c).cloned().unwrap_or_else(|| c.0.clone()),
            _ => String::new(),
        }
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: i32,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    round_exists(state, year).await?;
    let s = standing(state, year).await?;
    let complexes = state.store.complexes().await?;
    let names: BTreeMap<ComplexId, String> = complexes.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
    let path = format!("/rounds/{year}/decisions");
    let title = format!("{year}년 위원회 의결");
    let mut form = form;
    if !form.has("body") {
        form.set("body", COMMITTEE);
    }
    let closed = s.stage == Some(Stage::Closed);
    let regions_planned = || {
        let mut regions: Vec<&str> = s.hubs.iter().map(|(r, _)| r.short_name()).collect();
        sort_ganada(&mut regions, |r| r);
        regions.join(", ")
    };
    let page = DecisionsPage {
        layout: Layout::new(lang, title.clone(), &path, vec![(title, path.clone())]).for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        year,
        meetings: state.store.meetings_of(year).await?,
        results_open: closed,
        in_record: s.in_record(),
        recommended: if s.in_record() {
            regions_planned()
        } else if closed {
            recommended(&s.results)
                .iter()
                .map(|r| r.short_name())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "평가가 끝나지 않았습니다".into()
        },
        kinds: KINDS.iter().map(|k| (kind_key(*k), k.korean())).collect(),
        regions: Region::in_ganada_order(),
        hubs: s
            .hubs
            .iter()
            .map(|(r, c)| {
                (
                    c.0.clone(),
                    format!(
                        "{} {}",
                        r.short_name(),
                        names.get(c).cloned().unwrap_or_else(|| c.0.clone())
                    ),
                )
            })
            .collect(),
        names,
        form,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    office(&viewer).map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    page(&state, &viewer, lang, year, Fields::new(), Vec::new())
        .await
        .map_err(fail)
}

/// Runs a form's action and goes back to the page, or shows the page again with what was typed
/// and why it was refused.
async fn act<F, Fut>(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    year: &str,
    fields: Fields,
    run: F,
) -> Result<Response, PageFailure>
where
    F: FnOnce(i32, &Fields) -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    let fail = |e: Failure| PageFailure(e, lang);
    office(viewer).map_err(fail)?;
    let year = params::year(year).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    match run(year, &fields).await {
        Ok(()) => Ok(see_other(&format!("/rounds/{year}/decisions")).into_response()),
        Err(Failure::Refused(m) | Failure::Conflict(m) | Failure::BadInput(m)) => {
            let html = page(state, viewer, lang, year, fields, vec![m]).await.map_err(fail)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

pub async fn record_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer) = (&state, &viewer);
    act(state, viewer, lang, &year, fields, |year, fields| {
        let entry = MeetingEntry {
            date: fields.get("date").to_string(),
            body: fields.get("body").to_string(),
            members_present: fields.get("members").lines().map(str::to_string).collect(),
            note: fields.get("note").to_string(),
        };
        async move { actions::record_meeting(state, viewer, year, &entry).await.map(|_| ()) }
    })
    .await
}

pub async fn record_decision(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, meeting)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer) = (&state, &viewer);
    act(state, viewer, lang, &year, fields, |year, fields| {
        let entry = DecisionEntry {
            kind: fields.get("kind").to_string(),
            region: fields.get("region").to_string(),
            complex: fields.get("complex").to_string(),
            note: fields.get("note").to_string(),
        };
        async move {
            let meeting = meeting_id(&meeting)?;
            actions::record_decision(state, viewer, year, meeting, &entry)
                .await
                .map(|_| ())
        }
    })
    .await
}

/// Publishes a meeting's decisions into the public record, citing the meeting as their source.
pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path((year, meeting)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let (state, viewer) = (&state, &viewer);
    act(state, viewer, lang, &year, fields, |year, _| async move {
        actions::publish(state, viewer, year, meeting_id(&meeting)?).await
    })
    .await
}
