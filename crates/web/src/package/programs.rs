//! 지원사업 목록: the ministries' support programs that fund package projects. Public to read;
//! the program office adds and edits them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use sandan_domain::package::Program;
use sandan_domain::{Action, Subject};
use sandan_store::package::StoredProgram;

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::forms::settle;
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "package/programs.html")]
struct ProgramsPage {
    layout: Layout,
    csrf: String,
    programs: Vec<StoredProgram>,
    editor: bool,
    form: Fields,
    errors: Vec<String>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let title = "관계 부처 지원사업".to_string();
    let page = ProgramsPage {
        layout: Layout::new(lang, title.clone(), "/programs", vec![(title, "/programs".into())]).for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        programs: state.store.programs().await?,
        editor: viewer.may(Action::Change, &Subject::Programs).is_ok(),
        form,
        errors,
    };
    render(&page, lang).map_err(|e| e.0)
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    page(&state, &viewer, lang, Fields::new(), Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))
}

fn read(fields: &Fields) -> Result<Program, Failure> {
    Program::new(
        fields.get("name"),
        fields.get("ministry"),
        fields.get("agency"),
        fields.get("source"),
    )
    .map_err(|e| Failure::BadInput(e.to_string()))
}

async fn act<Fut>(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    fields: Fields,
    run: Fut,
) -> Result<Response, PageFailure>
where
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    settle(lang, run.await, "/programs", |errors| {
        page(state, viewer, lang, fields, errors)
    })
    .await
}

/// POST /programs — the office adds a program.
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Programs).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let program = read(&fields)?;
        let at = timestamp();
        state.store.add_program(&program, &change(&viewer, &at)).await?;
        Ok(())
    };
    act(&state, &viewer, lang, Fields(fields.0.clone()), run).await
}

/// POST /programs/{id} — the office edits a program, on the version its form showed.
pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Programs).map_err(fail)?;
    let id: i64 = id
        .parse()
        .map_err(|_| fail(Failure::NotFound("지원사업을 찾을 수 없습니다.".into())))?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        let program = read(&fields)?;
        let version = fields.expected_version()?;
        let at = timestamp();
        state
            .store
            .edit_program(id, &program, version, &change(&viewer, &at))
            .await?;
        Ok(())
    };
    act(&state, &viewer, lang, Fields(fields.0.clone()), run).await
}
