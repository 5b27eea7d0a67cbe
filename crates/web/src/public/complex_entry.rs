//! 산업단지 등록·수정·삭제 (공동 주관부처): the office adds a complex or a linked area that is
//! not one, corrects it, or removes one entered by mistake — on pages and through the API. The
//! rules are the domain's (`complex::entry`); an edit names the version it was based on (the
//! form's hidden field, the API's `If-Match`) so two officials never overwrite each other.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sandan_domain::complex::entry::ComplexEntry;
use sandan_domain::{Action, Complex, ComplexId, Day, Region, SiteKind, Source, SourceId, Subject};
use sandan_store::complexes::version_of;

use super::complexes::{ComplexDetail, detail};
use crate::auth::{Viewer, change};
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::ui::body::StrictJson;
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::fields::{Fields, from_key, key};
use crate::ui::layout::Layout;
use crate::ui::links::{location, see_other};
use crate::ui::params;
use crate::ui::revalidate::{if_match, json_tag, raced, tagged};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "public/complex_entry.html")]
struct EntryPage {
    layout: Layout,
    csrf: String,
    /// Where the form posts, and where deletion does when a complex is being corrected.
    action: String,
    delete_action: Option<String>,
    /// Whether the complex is new (its id is asked for).
    is_new: bool,
    version: String,
    form: Fields,
    errors: Vec<String>,
    kinds: Vec<(String, &'static str)>,
    regions: Vec<&'static str>,
    sources: Vec<(String, String)>,
}

fn may_enter(viewer: &Viewer) -> Result<(), Failure> {
    viewer.may(Action::Change, &Subject::Published)
}

async fn entry_page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    editing: Option<&Complex>,
    form: Fields,
    errors: Vec<String>,
) -> Result<String, PageFailure> {
    let (title, path) = match editing {
        Some(c) => (
            format!("{} {}", c.name, lang.pick("수정", "— edit")),
            format!("/complexes/{}/edit", c.id.0),
        ),
        None => (
            lang.pick("산업단지·연계지역 등록", "Add a complex or area").to_string(),
            "/complexes/new".into(),
        ),
    };
    let complexes = lang.labels().complexes;
    let layout = Layout::new(
        lang,
        title.clone(),
        &path,
        vec![(complexes.to_string(), "/complexes".into()), (title, path.clone())],
    )
    .for_viewer(viewer);
    let sources = state.store.sources().await.map_err(|e| PageFailure(e.into(), lang))?;
    let page = EntryPage {
        layout,
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        action: lang.href(&path),
        delete_action: editing.map(|c| lang.href(&format!("/complexes/{}/delete", c.id.0))),
        is_new: editing.is_none(),
        version: editing.map(version_of).unwrap_or_default(),
        form,
        errors,
        kinds: SiteKind::ALL
            .iter()
            .map(|k| (key(k), lang.pick(k.korean(), k.english())))
            .collect(),
        regions: Region::in_ganada_order().into_iter().map(Region::short_name).collect(),
        sources: sources.iter().map(|s| (s.id.0.clone(), s.title.clone())).collect(),
    };
    Ok(render(&page, lang)?.0)
}

/// The form's fields for `c`, as the edit page opens with them.
fn fields_of(c: &Complex) -> Fields {
    let mut f = Fields::new();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let day = |d: &Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    let source = |s: &Option<SourceId>| s.as_ref().map(|s| s.0.clone()).unwrap_or_default();
    f.set("name", &c.name);
    f.set("aliases", c.aliases.join("\n"));
    f.set("kind", key(c.kind));
    f.set("region", c.region.short_name());
    f.set("district", text(&c.district));
    f.set("designated", day(&c.designated));
    f.set("designation_source", source(&c.designation_source));
    f.set("construction_started", day(&c.construction_started));
    f.set("construction_source", source(&c.construction_source));
    f.set("completed", day(&c.completed));
    f.set("area_m2", c.area_m2.map(|a| a.to_string()).unwrap_or_default());
    f.set("managed_by", text(&c.managed_by));
    f.set("dates_note", text(&c.dates_note));
    f.set(
        "sources",
        c.sources.iter().map(|s| s.0.as_str()).collect::<Vec<_>>().join(", "),
    );
    f
}

/// The entry the form describes, or what could not be read in it; the domain checks the rest.
fn entry_of(f: &Fields, id: ComplexId) -> Result<ComplexEntry, Vec<String>> {
    let mut problems = Vec::new();
    let optional = |name: &str| Some(f.get(name).trim().to_string()).filter(|t| !t.is_empty());
    let mut day = |name: &str, what: &str| -> Option<Day> {
        let text = optional(name)?;
        text.parse()
            .map_err(|_| {
                problems.push(format!(
                    "{what} '{text}'을(를) 1977-04-01, 1977-04 또는 1977처럼 적어 주십시오."
                ))
            })
            .ok()
    };
    let designated = day("designated", "지정일");
    let construction_started = day("construction_started", "착공일");
    let completed = day("completed", "준공일");
    let new_published = day("new_source_published", "새 출처의 발행일");
    let kind = from_key::<SiteKind>(f.get("kind"));
    let region = f.get("region").parse::<Region>().ok();
    if kind.is_none() {
        problems.push("유형을 목록에서 고르십시오.".into());
    }
    if region.is_none() {
        problems.push("시·도를 목록에서 고르십시오.".into());
    }
    let area_m2 = optional("area_m2").and_then(|text| {
        let digits: String = text.chars().filter(|c| !matches!(c, ',' | ' ' | '㎡')).collect();
        digits
            .parse::<i64>()
            .map_err(|_| {
                problems.push(format!(
                    "지정면적 '{text}'을(를) ㎡ 단위 정수로 적어 주십시오 (예: 1,234,567)."
                ))
            })
            .ok()
    });
    let (Some(kind), Some(region)) = (kind, region) else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let listed = |text: &str| -> Vec<String> {
        text.split([',', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    let new_source = optional("new_source_title").map(|title| Source {
        id: SourceId(f.get("new_source_id").trim().to_string()),
        title,
        publisher: f.get("new_source_publisher").to_string(),
        published: new_published,
        url: optional("new_source_url"),
        note: None,
    });
    Ok(ComplexEntry {
        complex: Complex {
            aliases: listed(f.get("aliases")),
            district: optional("district"),
            designated,
            designation_source: optional("designation_source").map(SourceId),
            construction_started,
            construction_source: optional("construction_source").map(SourceId),
            completed,
            area_m2,
            managed_by: optional("managed_by"),
            dates_note: optional("dates_note"),
            sources: listed(f.get("sources")).into_iter().map(SourceId).collect(),
            ..Complex::named(id, f.get("name"), kind, region)
        },
        new_source,
    })
}

/// GET /complexes/new
pub async fn new_form(State(state): State<AppState>, viewer: Viewer, lang: Lang) -> Result<Response, PageFailure> {
    may_enter(&viewer).map_err(|e| PageFailure(e, lang))?;
    Ok(axum::response::Html(entry_page(&state, &viewer, lang, None, Fields::new(), Vec::new()).await?).into_response())
}

/// GET /complexes/{id}/edit
pub async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Response, PageFailure> {
    may_enter(&viewer).map_err(|e| PageFailure(e, lang))?;
    let complex = stored(&state, &id).await.map_err(|e| PageFailure(e, lang))?;
    let form = fields_of(&complex);
    Ok(
        axum::response::Html(entry_page(&state, &viewer, lang, Some(&complex), form, Vec::new()).await?)
            .into_response(),
    )
}

async fn stored(state: &AppState, id: &str) -> Result<Complex, Failure> {
    let id = params::complex_id(id)?;
    state
        .store
        .complex(&id)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("'{}'(이)라는 산업단지는 기록에 없습니다.", id.0)))
}

/// POST /complexes/new and /complexes/{id}/edit: saved, or the form again with every problem.
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    id: Option<Path<String>>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    may_enter(&viewer).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let editing = match &id {
        Some(Path(id)) => Some(stored(&state, id).await.map_err(fail)?),
        None => None,
    };
    let new_id = ComplexId(fields.get("id").trim().to_string());
    let entry_id = editing.as_ref().map_or(new_id, |c| c.id.clone());
    let at = timestamp();
    let saved = match entry_of(&fields, entry_id) {
        Err(problems) => Err(Failure::Refused(problems.join("\n"))),
        Ok(entry) => match &editing {
            Some(_) => {
                state
                    .store
                    .update_complex(entry, fields.get("version"), today(), &change(&viewer, &at))
                    .await
            }
            None => state.store.create_complex(entry, today(), &change(&viewer, &at)).await,
        }
        .map_err(Failure::from),
    };
    match saved {
        Ok(complex) => Ok(see_other(&lang.href(&format!("/complexes/{}", complex.id.0))).into_response()),
        Err(failure @ (Failure::Refused(_) | Failure::Conflict(_) | Failure::NotFound(_))) => {
            let status = failure.status();
            let errors = failure.public_message().lines().map(str::to_string).collect();
            let html = entry_page(&state, &viewer, lang, editing.as_ref(), fields, errors).await?;
            Ok((status, axum::response::Html(html)).into_response())
        }
        Err(other) => Err(fail(other)),
    }
}

/// POST /complexes/{id}/delete
pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    may_enter(&viewer).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let complex = stored(&state, &id).await.map_err(fail)?;
    let at = timestamp();
    state
        .store
        .delete_complex(&complex.id, fields.get("version"), &change(&viewer, &at))
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(see_other(&lang.href("/complexes")).into_response())
}

/// The complex's answer as `GET /api/v1/complexes/{id}` gives it, with its ETag.
async fn answer(state: &AppState, id: &ComplexId) -> Result<(ComplexDetail, String), Failure> {
    let detail = detail(state, &id.0).await?;
    let tag = json_tag(&detail)?;
    Ok((detail, tag))
}

/// Why an entry is refused (422): the message lists every problem, one per line.
const ENTRY_REFUSED: &str = "모르는 항목, 규칙에 맞지 않는 값 (이미 있는 id, 같은 시·도의 같은 이름, 없는 출처, 앞뒤가 바뀐 날짜 …): message가 문제를 한 줄에 하나씩 모두 밝힘";

#[utoipa::path(post, path = "/api/v1/complexes", tag = "complexes",
    security(("bearer" = [])),
    request_body(content = ComplexEntry, description = "새 산업단지·연계지역. complex.id는 영문 소문자·숫자·하이픈; 날짜는 2021-03-24, 2021-03 또는 2021; area_m2는 ㎡ 정수; sources는 출처 목록의 id (없으면 new_source로 함께 등록). 공동 주관부처만"),
    responses(
        (status = 201, description = "등록한 산업단지 (ETag: 수정·삭제 때 If-Match로 보낼 판)", body = ComplexDetail),
        (status = 400, description = "본문이 JSON이 아님", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처만 등록할 수 있음 (쿠키 로그인은 X-CSRF-Token 머리글 필요)", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 422, description = ENTRY_REFUSED, body = crate::ui::error::ErrorBody)))]
pub async fn api_create(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<StrictJson<ComplexEntry>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    may_enter(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let StrictJson(entry) = body?;
    let at = timestamp();
    let complex = state
        .store
        .create_complex(entry, today(), &change(&viewer, &at))
        .await
        .map_err(Failure::from)?;
    let (detail, tag) = answer(&state, &complex.id).await?;
    let mut response = tagged(StatusCode::CREATED, detail, &tag);
    if let Ok(place) = HeaderValue::from_str(&location(&format!("/api/v1/complexes/{}", complex.id.0))) {
        response.headers_mut().insert(header::LOCATION, place);
    }
    Ok(response)
}

#[utoipa::path(put, path = "/api/v1/complexes/{id}", tag = "complexes",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "산업단지 id"),
        ("If-Match" = String, Header, description = "GET이 준 ETag: 그사이 바뀌었으면 412")),
    request_body(content = ComplexEntry, description = "산업단지 전체 (complex.id는 주소의 id와 같아야 함). 공동 주관부처만"),
    responses(
        (status = 200, description = "고친 산업단지 (새 ETag)", body = ComplexDetail),
        (status = 400, description = "본문이 JSON이 아님, 또는 id 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 413, description = "본문이 너무 큼", body = crate::ui::error::ErrorBody),
        (status = 404, description = "기록에 없는 산업단지", body = crate::ui::error::ErrorBody),
        (status = 412, description = "If-Match의 ETag가 지금 판과 다름: 다시 받아 확인할 것", body = crate::ui::error::ErrorBody),
        (status = 422, description = ENTRY_REFUSED, body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<StrictJson<ComplexEntry>, ApiFailure>,
) -> Result<Response, ApiFailure> {
    may_enter(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let id = params::complex_id(&id)?;
    let (current, tag) = answer(&state, &id).await?;
    if_match(&headers, &tag)?;
    let StrictJson(entry) = body?;
    if entry.complex.id != id {
        return Err(Failure::Refused(format!(
            "본문의 complex.id '{}'이(가) 주소의 '{}'와 다릅니다. 식별자는 바꿀 수 없습니다.",
            entry.complex.id.0, id.0
        ))
        .into());
    }
    let at = timestamp();
    let expected = version_of(&current.complex);
    state
        .store
        .update_complex(entry, &expected, today(), &change(&viewer, &at))
        .await
        .map_err(|e| raced(e.into()))?;
    let (detail, tag) = answer(&state, &id).await?;
    Ok(tagged(StatusCode::OK, detail, &tag))
}

#[utoipa::path(delete, path = "/api/v1/complexes/{id}", tag = "complexes",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "산업단지 id"),
        ("If-Match" = String, Header, description = "GET이 준 ETag")),
    responses(
        (status = 204, description = "지움 (현황·분기 통계·연도별 통계도 함께)"),
        (status = 400, description = "id 형식이 잘못됨", body = crate::ui::error::ErrorBody),
        (status = 401, description = "로그인이나 API 토큰이 없음", body = crate::ui::error::ErrorBody),
        (status = 403, description = "공동 주관부처가 아님, 또는 쿠키 로그인에서 X-CSRF-Token 머리글이 없음", body = crate::ui::error::ErrorBody),
        (status = 404, description = "기록에 없는 산업단지", body = crate::ui::error::ErrorBody),
        (status = 412, description = "그사이 바뀜", body = crate::ui::error::ErrorBody),
        (status = 422, description = "혁신계획·계획안·지정 기록·애로사항이 쓰고 있어 지울 수 없음", body = crate::ui::error::ErrorBody),
        (status = 428, description = "If-Match 머리글이 없음", body = crate::ui::error::ErrorBody)))]
pub async fn api_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiFailure> {
    may_enter(&viewer)?;
    viewer.check_api_csrf(&headers)?;
    let id = params::complex_id(&id)?;
    let (current, tag) = answer(&state, &id).await?;
    if_match(&headers, &tag)?;
    let at = timestamp();
    state
        .store
        .delete_complex(&id, &version_of(&current.complex), &change(&viewer, &at))
        .await
        .map_err(|e| raced(e.into()))?;
    Ok(StatusCode::NO_CONTENT)
}
