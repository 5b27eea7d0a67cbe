//! 처리기한: the business days each category of report is answered within. Public to read, so
//! filers know when to expect an answer; the program office sets them.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use sandan_domain::grievance::{Category, MAX_DEADLINE_DAYS};
use sandan_domain::{Action, Subject};

use crate::auth::{Viewer, change};
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::settle;
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "grievances/deadlines.html")]
struct DeadlinesPage {
    layout: Layout,
    csrf: String,
    /// (key, 분류, business days)
    rows: Vec<(&'static str, &'static str, u32)>,
    editor: bool,
    most: u32,
    errors: Vec<String>,
}

async fn deadlines_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    viewer.may(Action::View, &Subject::GrievanceDeadlines)?;
    let deadlines = state.store.grievance_deadlines().await?;
    let title = lang.pick("애로사항 분류별 처리기한", "Deadlines by category");
    let page = DeadlinesPage {
        layout: Layout::new(
            lang,
            title,
            "/grievances/deadlines",
            vec![(title.to_string(), "/grievances/deadlines".into())],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        rows: Category::ALL
            .iter()
            .map(|c| (c.key(), c.korean(), deadlines.days(*c)))
            .collect(),
        editor: viewer.may(Action::Change, &Subject::GrievanceDeadlines).is_ok(),
        most: MAX_DEADLINE_DAYS,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

/// GET /grievances/deadlines
pub async fn page(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    deadlines_page(&state, &viewer, lang, Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))
}

/// POST /grievances/deadlines — the office sets the periods; reports already filed keep theirs.
pub async fn set(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::GrievanceDeadlines).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let current = state.store.grievance_deadlines().await?;
        let at = timestamp();
        for category in Category::ALL {
            let text = fields.get(category.key()).trim();
            let days: u32 = text.parse().map_err(|_| {
                Failure::Refused(format!(
                    "{}의 처리기한 '{text}'은(는) 1부터 {MAX_DEADLINE_DAYS}까지의 영업일 수로 적어 주십시오.",
                    category.korean()
                ))
            })?;
            if days != current.days(category) {
                state
                    .store
                    .set_grievance_deadline(category, days, &change(&viewer, &at))
                    .await?;
            }
        }
        Ok(())
    };
    let result = run.await;
    settle(lang, result, "/grievances/deadlines", |errors| {
        deadlines_page(&state, &viewer, lang, errors)
    })
    .await
}
