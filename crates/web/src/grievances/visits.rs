//! 현장 소통 (pages): the site visits, 간담회 and consulting sessions the viewer may read, and
//! for the office and the provinces the form that records one with the reports filed from it.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use sandan_domain::grievance::{FieldVisit, VisitKind, linked_receipts, participants};
use sandan_domain::{Action, ComplexId, Region, Subject};
use sandan_store::grievances::StoredVisit;

use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::settle;
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "grievances/visits.html")]
struct VisitsPage {
    layout: Layout,
    csrf: String,
    visits: Vec<StoredVisit>,
    kinds: Vec<(&'static str, &'static str)>,
    /// (id, "시·도 name") of the complexes the viewer may record a visit about; empty when
    /// she may record none.
    complexes: Vec<(String, String)>,
    form: Fields,
    errors: Vec<String>,
}

fn regions_where(viewer: &Viewer, action: Action) -> Vec<Region> {
    Region::in_ganada_order()
        .into_iter()
        .filter(|region| viewer.may(action, &Subject::FieldVisits { region: *region }).is_ok())
        .collect()
}

async fn visits_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let readable = regions_where(viewer, Action::View);
    if readable.is_empty() {
        // Signed out: 401; signed in without a say in any region: 403.
        viewer.may(Action::View, &Subject::FieldVisits { region: Region::Seoul })?;
    }
    let writable = regions_where(viewer, Action::Change);
    let mut complexes: Vec<(String, String)> = state
        .store
        .complexes()
        .await?
        .iter()
        .filter(|c| writable.contains(&c.region))
        .map(|c| (c.id.0.clone(), format!("{} {}", c.region.short_name(), c.name)))
        .collect();
    sandan_domain::hangul::sort_ganada(&mut complexes, |(_, label)| label);
    let title = lang.pick(
        "현장 소통 (현장 방문·간담회·컨설팅)",
        "Field visits, meetings and consulting",
    );
    let page = VisitsPage {
        layout: Layout::new(
            lang,
            title,
            "/grievances/visits",
            vec![(title.to_string(), "/grievances/visits".into())],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        visits: state.store.visits(Some(&readable)).await?,
        kinds: VisitKind::ALL.iter().map(|k| (k.key(), k.korean())).collect(),
        complexes,
        form,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

/// GET /grievances/visits
pub async fn page(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    visits_page(&state, &viewer, lang, Fields::new(), Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))
}

/// POST /grievances/visits — the office or the complex's province records a visit.
pub async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        if regions_where(&viewer, Action::Change).is_empty() {
            // Signed out: 401; without a say in any region: 403 — before the form is read.
            viewer.may(Action::Change, &Subject::FieldVisits { region: Region::Seoul })?;
        }
        let complex = ComplexId(fields.get("complex").to_string());
        let region = state
            .store
            .complex(&complex)
            .await?
            .ok_or_else(|| Failure::Refused("현장 소통이 있었던 산업단지를 고르십시오.".into()))?
            .region;
        viewer.may(Action::Change, &Subject::FieldVisits { region })?;
        let refused = |e: sandan_domain::grievance::VisitError| Failure::Refused(e.to_string());
        let visit = FieldVisit {
            kind: VisitKind::parse(fields.get("kind")).map_err(refused)?,
            day: fields.get("day").parse().map_err(|_| {
                Failure::Refused(format!(
                    "날짜 '{}'를 알아볼 수 없습니다 (예: 2026-11-20).",
                    fields.get("day")
                ))
            })?,
            complex,
            participants: participants(fields.get("participants")).map_err(refused)?,
            issues: fields.get("issues").to_string(),
        };
        let receipts = linked_receipts(fields.get("receipts")).map_err(refused)?;
        let at = timestamp();
        state
            .store
            .record_visit(&visit, &receipts, &change(&viewer, &at))
            .await?;
        Ok(())
    };
    let result = run.await;
    settle(lang, result, "/grievances/visits", |errors| {
        visits_page(&state, &viewer, lang, Fields(fields.0.clone()), errors)
    })
    .await
}
