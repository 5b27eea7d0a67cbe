//! 발송함: every message with its reader and status for the office; a failed one sent again;
//! announcements to a round's roles.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sandan_domain::mail::{self, Status};
use sandan_domain::{Action, Subject};
use sandan_store::mail::{Audience, OutboxCounts, OutboxEntry};
use serde::Deserialize;

use crate::auth::{Viewer, change};
use crate::clock::{now_seconds, timestamp};
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

/// Who an announcement may go to: (form value, label).
const READERS: [(&str, &str); 4] = [
    ("provincial-officer", "시·도 담당자"),
    ("ministry-officer", "관계 부처 담당자"),
    ("evaluator", "그 회차의 평가위원"),
    ("committee-member", "경쟁력강화추진위원회 위원"),
];

#[derive(Template)]
#[template(path = "mail/outbox.html")]
struct OutboxPage {
    layout: Layout,
    csrf: String,
    relay: bool,
    counts: OutboxCounts,
    status: String,
    entries: Vec<OutboxEntry>,
    rounds: Vec<i32>,
    readers: [(&'static str, &'static str); 4],
    message: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct OutboxQuery {
    #[serde(default)]
    status: String,
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    status: &str,
    notice: Result<Option<String>, String>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::View, &Subject::Outbox).map_err(fail)?;
    let filter = match status {
        "" => None,
        s => Some(Status::from_slug(s).ok_or_else(|| {
            fail(Failure::BadInput(
                "상태는 queued, sending, sent, failed 가운데 하나로 고르십시오.".into(),
            ))
        })?),
    };
    let mut rounds: Vec<i32> = Vec::new();
    for round in state.store.rounds().await.map_err(|e| fail(e.into()))? {
        if state
            .store
            .call(round.year)
            .await
            .map_err(|e| fail(e.into()))?
            .is_some()
        {
            rounds.push(round.year);
        }
    }
    rounds.sort_unstable_by(|a, b| b.cmp(a));
    let title = lang.pick("발송함", "Outbox");
    let (code, message, error) = match notice {
        Ok(m) => (StatusCode::OK, m, None),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
    };
    let page = OutboxPage {
        layout: Layout::new(
            lang,
            title,
            "/admin/outbox",
            vec![(title.to_string(), "/admin/outbox".into())],
        )
        .for_viewer(viewer),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        relay: state.deployment.mail.is_some(),
        counts: state.store.outbox_counts().await.map_err(|e| fail(e.into()))?,
        status: status.to_string(),
        entries: state.store.outbox(filter, 200).await.map_err(|e| fail(e.into()))?,
        rounds,
        readers: READERS,
        message,
        error,
    };
    Ok((code, render(&page, lang)?).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(q): Query<OutboxQuery>,
) -> Result<Response, PageFailure> {
    show(&state, &viewer, lang, q.status.trim(), Ok(None)).await
}

#[derive(Deserialize, Default)]
pub struct ResendForm {
    #[serde(default)]
    csrf: String,
}

pub async fn resend(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<i64>,
    Form(form): Form<ResendForm>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Outbox).map_err(fail)?;
    viewer.check_csrf(&form.csrf).map_err(fail)?;
    let at = timestamp();
    let notice = match state.store.resend(id, now_seconds(), &change(&viewer, &at)).await {
        Ok(()) => Ok(Some(format!("{id}번 메일을 다시 보내도록 발송함에 넣었습니다."))),
        Err(sandan_store::EditError::Refused(m)) => Err(m),
        Err(e) => return Err(fail(e.into())),
    };
    show(&state, &viewer, lang, "", notice).await
}

pub async fn announce(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    form: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Outbox).map_err(fail)?;
    viewer.check_csrf(form.get("csrf")).map_err(fail)?;
    let problem = |m: &str| -> Result<Option<String>, Failure> { Err(Failure::Refused(m.to_string())) };
    let outcome = async {
        let Ok(year) = form.get("round").trim().parse::<i32>() else {
            return problem("공지할 회차를 고르십시오.");
        };
        if state.store.call(year).await?.is_none() {
            return problem("공고가 없는 회차에는 공지할 수 없습니다.");
        }
        let chosen: Vec<&str> = READERS
            .iter()
            .map(|(key, _)| *key)
            .filter(|key| form.checked("readers", key))
            .collect();
        if chosen.is_empty() || chosen.len() != form.all("readers").count() {
            return problem("받을 사람을 하나 이상 고르십시오.");
        }
        let letter = mail::announcement(year, form.get("subject"), form.get("body")).map_err(Failure::Refused)?;
        let audience: Vec<Audience> = chosen
            .iter()
            .map(|key| match *key {
                "evaluator" => Audience::Panel(year),
                key => Audience::Role(key),
            })
            .collect();
        let at = timestamp();
        let n = state.store.announce(&audience, &letter, &change(&viewer, &at)).await?;
        Ok::<_, Failure>(Some(format!(
            "공지를 {n}명에게 보내도록 발송함에 넣었습니다. 확인된 이메일 주소가 있고 알림을 끄지 않은 사람만 받습니다."
        )))
    }
    .await;
    let notice = match outcome {
        Ok(m) => Ok(m),
        Err(Failure::Refused(m)) => Err(m),
        Err(e) => return Err(fail(e)),
    };
    show(&state, &viewer, lang, "", notice).await
}
