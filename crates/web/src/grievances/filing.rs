//! 애로사항 접수: the form anyone may file with — signed in, or with a password of her own to
//! follow it by its receipt number — and the same through the API.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::documents::FileType;
use sandan_domain::grievance::{
    Category, Filer, Filing, MAX_ATTACHMENT_MB, MAX_ATTACHMENTS, MAX_BODY, MAX_TITLE, Sent, check_attachments,
};
use sandan_domain::{ComplexId, Region};
use sandan_store::grievances::{Filed, FiledBy, NewAttachment};
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, change};
use crate::clock::{now_seconds, timestamp, today};
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::{Fields, WithFiles};
use crate::ui::forms::{HONEYPOT, form_token, with_form_token};
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::{AppState, Lang};

/// Body limit of a filing: its largest files and the form around them.
pub const FILING_BYTES: usize = MAX_ATTACHMENTS * MAX_ATTACHMENT_MB as usize * 1024 * 1024 + 1024 * 1024;

#[derive(Template)]
#[template(path = "grievances/new.html")]
struct FilingPage {
    layout: Layout,
    csrf: String,
    signed_in: bool,
    /// (시·도, [(id, name)]) in 가나다 order.
    complexes: Vec<(String, Vec<(String, String)>)>,
    categories: Vec<(&'static str, &'static str)>,
    form: Fields,
    errors: Vec<String>,
    max_title: usize,
    max_body: usize,
    max_files: usize,
    max_file_mb: u32,
}

#[derive(Deserialize)]
pub struct FormQuery {
    #[serde(default)]
    complex: String,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    csrf: &str,
    form: Fields,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let all = state.store.complexes().await?;
    let complexes = Region::in_ganada_order()
        .into_iter()
        .map(|region| {
            let mut inside: Vec<(String, String)> = all
                .iter()
                .filter(|c| c.region == region)
                .map(|c| (c.id.0.clone(), c.name.clone()))
                .collect();
            sandan_domain::hangul::sort_ganada(&mut inside, |(_, name)| name);
            (region.short_name().to_string(), inside)
        })
        .filter(|(_, inside)| !inside.is_empty())
        .collect();
    let title = lang.pick("애로사항 접수", "File a difficulty");
    let page = FilingPage {
        layout: Layout::new(
            lang,
            title,
            "/grievances/new",
            vec![(title.to_string(), "/grievances/new".into())],
        )
        .for_viewer(viewer),
        csrf: csrf.to_string(),
        signed_in: viewer.actor().is_some(),
        complexes,
        categories: Category::ALL.iter().map(|c| (c.key(), c.korean())).collect(),
        form,
        errors,
        max_title: MAX_TITLE,
        max_body: MAX_BODY,
        max_files: MAX_ATTACHMENTS,
        max_file_mb: MAX_ATTACHMENT_MB,
    };
    render(&page, lang).map_err(|e| e.0)
}

/// GET /grievances/new
pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(q): Query<FormQuery>,
) -> Result<Response, PageFailure> {
    let csrf = form_token(&viewer);
    let mut form = Fields::new();
    form.set("complex", &q.complex);
    // A firm that signed up has told its name, number and proved address once.
    if let Some(actor) = viewer.actor() {
        let firm = state
            .store
            .firm_account(actor.user)
            .await
            .map_err(|e| PageFailure(Failure::Internal(e.to_string()), lang))?;
        if let Some(firm) = firm {
            form.set("name", &firm.name);
            form.set("organisation", &firm.firm);
            form.set("business_number", &firm.business_number);
            form.set("email", firm.email.as_deref().unwrap_or_default());
        }
    }
    let html = page(&state, &viewer, lang, &csrf, form, Vec::new())
        .await
        .map_err(|e| PageFailure(e, lang))?;
    Ok(with_form_token(&state, &viewer, &csrf, html))
}

fn read(fields: &Fields) -> Result<Filing, Failure> {
    let optional = |name: &str| Some(fields.get(name).to_string()).filter(|v| !v.trim().is_empty());
    Ok(Filing {
        complex: ComplexId(fields.get("complex").to_string()),
        category: fields
            .get("category")
            .parse()
            .map_err(|e: sandan_domain::grievance::FilingError| Failure::Refused(e.to_string()))?,
        title: fields.get("title").to_string(),
        body: fields.get("body").to_string(),
        filer: Filer {
            name: fields.get("name").to_string(),
            organisation: fields.get("organisation").to_string(),
            business_number: optional("business_number"),
            phone: optional("phone"),
            email: optional("email"),
        },
        wants_public: fields.get("wants_public") == "1",
    })
}

/// The files sent with the form, each read for its type and checked; none is stored before the
/// filing is.
async fn checked_files(files: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, FileType, Vec<u8>)>, Failure> {
    let mut found = Vec::with_capacity(files.len());
    for (_, content) in &files {
        let sample = content.clone();
        let kind = crate::offload::offload(move || crate::call::sniff::sniff(&sample)).await?;
        // A zip that inflates past the limit is no file Sandan takes.
        found.push(kind.ok().flatten());
    }
    let sent: Vec<Sent<'_>> = files
        .iter()
        .zip(&found)
        .map(|((name, content), found)| Sent {
            name,
            bytes: content.len() as u64,
            found: *found,
        })
        .collect();
    let kept = check_attachments(&sent).map_err(|e| Failure::Refused(e.to_string()))?;
    Ok(kept
        .into_iter()
        .zip(files)
        .map(|((name, file_type), (_, content))| (name, file_type, content))
        .collect())
}

async fn file_as(
    state: &AppState,
    viewer: &Viewer,
    filing: &Filing,
    password: &str,
    files: &[(String, FileType, Vec<u8>)],
) -> Result<Filed, Failure> {
    let by = match viewer.actor() {
        Some(actor) => FiledBy::Account(actor.user),
        None => FiledBy::Password(password),
    };
    let at = timestamp();
    Ok(state
        .store
        .file_grievance(
            filing,
            by,
            &files
                .iter()
                .map(|(name, file_type, content)| NewAttachment {
                    name,
                    file_type: *file_type,
                    content,
                })
                .collect::<Vec<_>>(),
            &today(),
            now_seconds(),
            &change(viewer, &at),
        )
        .await?)
}

/// POST /grievances/new
pub async fn file(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    WithFiles { fields, files }: WithFiles,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let run = async {
        if !fields.get(HONEYPOT).is_empty() {
            return Err(Failure::Refused("자동으로 채운 양식은 받지 않습니다.".into()));
        }
        let password = fields.get("password");
        if viewer.actor().is_none() && password != fields.get("password_again") {
            return Err(Failure::Refused("두 번 입력한 조회 비밀번호가 서로 다릅니다.".into()));
        }
        let filing = read(&fields)?;
        let files = checked_files(files).await?;
        file_as(&state, &viewer, &filing, password, &files).await
    };
    match run.await {
        Ok(filed) => match viewer.actor() {
            Some(_) => Ok(see_other(&format!("/grievances/{}", filed.id)).into_response()),
            None => {
                // Filed without an account: she follows it from here on for the hour, and the
                // page shows the receipt number to keep.
                let (_, token) = state
                    .store
                    .open_follow(filed.id, now_seconds())
                    .await
                    .map_err(|e| fail(e.into()))?;
                Ok((
                    [(header::SET_COOKIE, state.deployment.cookies().follow(&token))],
                    see_other("/grievances/follow?filed=1"),
                )
                    .into_response())
            }
        },
        Err(failure @ (Failure::Refused(_) | Failure::BadInput(_) | Failure::NotFound(_) | Failure::TooMany(_))) => {
            // What was typed comes back, the passwords excepted.
            let form = Fields(
                fields
                    .0
                    .iter()
                    .filter(|(k, _)| !k.starts_with("password"))
                    .cloned()
                    .collect(),
            );
            let csrf = viewer.csrf().unwrap_or_default().to_string();
            let html = page(&state, &viewer, lang, &csrf, form, vec![failure.public_message()])
                .await
                .map_err(fail)?;
            let status = match failure {
                Failure::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            Ok((status, html).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

/// 애로사항 접수 (API)
#[derive(Deserialize, utoipa::ToSchema)]
pub struct FilingBody {
    #[serde(flatten)]
    pub filing: Filing,
    /// 조회 비밀번호: 로그인하지 않고 접수할 때 필수 (영문·숫자·특수문자 중 3종류 8자 이상 또는 2종류 10자 이상)
    #[serde(default)]
    pub password: Option<String>,
}

/// 접수 결과
#[derive(Serialize, utoipa::ToSchema)]
pub struct FiledView {
    pub id: i64,
    /// 접수번호: 비밀번호와 함께 처리 상황을 조회할 때 씀
    pub receipt: String,
    /// 처리기관 키
    pub handler: String,
    pub handler_name: String,
    /// 처리기한 (영업일로 계산)
    pub due: sandan_domain::Day,
}

#[utoipa::path(post, path = "/api/v1/grievances", tag = "grievances",
    request_body = FilingBody,
    responses(
        (status = 201, description = "접수됨: 접수번호와 처리기관, 처리기한", body = FiledView),
        (status = 400, description = "본문이 JSON이 아님, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "없는 산업단지", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = "빠진 항목, 검증번호가 틀린 사업자등록번호, 전화번호와 이메일이 모두 없음, 약한 조회 비밀번호: message가 이유를 말함", body = crate::ui::error::ErrorBody),
        (status = 429, description = "한 주소에서 한 시간에 10건을 넘음", body = crate::ui::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<StrictJson<FilingBody>, ApiFailure>,
) -> Result<(StatusCode, Json<FiledView>), ApiFailure> {
    if viewer.actor().is_some() {
        viewer.check_api_csrf(&headers)?;
    }
    let StrictJson(body) = body?;
    let filed = file_as(
        &state,
        &viewer,
        &body.filing,
        body.password.as_deref().unwrap_or_default(),
        &[],
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(FiledView {
            id: filed.id,
            receipt: filed.receipt,
            handler_name: filed.handler.korean(),
            handler: filed.handler.to_string(),
            due: filed.due,
        }),
    ))
}
