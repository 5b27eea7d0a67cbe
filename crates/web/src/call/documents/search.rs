//! 문서 찾기: a phrase searched in a round's submitted documents, within what the reader may
//! open — the office every region's latest version, a province its own, an evaluator the
//! versions under evaluation assigned to her once scoring has started, never a conflicted one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sandan_domain::Denied;
use sandan_domain::documents::search::query;
use sandan_store::documents::reading::FoundDocument;
use serde::Deserialize;

use super::readable_versions;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::params;
use crate::{AppState, Lang};

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "call/document_search.html")]
struct SearchPage {
    layout: Layout,
    year: i32,
    phrase: String,
    /// How many versions the reader may search.
    versions: usize,
    found: Vec<FoundDocument>,
    error: Option<String>,
}

impl SearchPage {
    fn href(&self, f: &FoundDocument) -> String {
        format!(
            "/rounds/{}/proposals/{}/versions/{}/documents/{}",
            self.year,
            f.region.short_name(),
            f.number,
            f.document.id
        )
    }

    fn hits(&self) -> usize {
        self.found.iter().map(|f| f.hits.len()).sum()
    }
}

/// GET /rounds/{year}/documents?q=
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let year = params::year(&year).map_err(fail)?;
    if state.store.round(year).await.map_err(|e| fail(e.into()))?.is_none() {
        return Err(fail(Failure::NotFound(format!("{year}년 공모가 없습니다."))));
    }
    if viewer.actor().is_none() {
        return Err(fail(Failure::SignInRequired(Denied::SignInRequired.to_string())));
    }
    let versions = readable_versions(&state, &viewer, year).await.map_err(fail)?;
    let (phrase, found, error) = if q.q.trim().is_empty() {
        (String::new(), Vec::new(), None)
    } else {
        match query(&q.q) {
            Ok(phrase) => {
                let found = state
                    .store
                    .search_documents(year, &versions, &phrase)
                    .await
                    .map_err(|e| fail(e.into()))?;
                (phrase, found, None)
            }
            Err(problem) => (q.q.trim().to_string(), Vec::new(), Some(problem.to_string())),
        }
    };
    let title = format!("{year}년 {}", lang.pick("제출 문서 찾기", "document search"));
    let path = format!("/rounds/{year}/documents");
    let page = SearchPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &path,
            vec![(format!("{year}년"), format!("/rounds/{year}")), (title, path.clone())],
        )
        .for_viewer(&viewer),
        year,
        phrase,
        versions: versions.len(),
        found,
        error,
    };
    let code = if page.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((code, render(&page, lang)?).into_response())
}
