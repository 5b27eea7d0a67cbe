//! The API's OpenAPI document, generated from the handlers' annotations and served by the app.

use axum::Json;
use axum::http::Method;
use sandan_domain::account::token::{Area, Need};
use utoipa::OpenApi;

use crate::auth::scopes::need;

#[derive(OpenApi)]
#[openapi(
    info(title = "Sandan 공개 API", description = "산업단지 대개조: 공모 회차, 혁신계획, 산업단지, 지정 결정, 범부처 패키지. 모든 오류는 {\"error\": {\"code\", \"message\"}} 형식이며 message는 한국어입니다."),
    paths(
        crate::public::home::api,
        crate::public::home::api_record,
        crate::public::rounds::api_list,
        crate::public::rounds::api,
        crate::public::plans::api,
        crate::public::complexes::api_list,
        crate::public::complexes::api,
        crate::public::complex_entry::api_create,
        crate::public::complex_entry::api_update,
        crate::public::complex_entry::api_delete,
        crate::accounts::account::api_me,
        crate::accounts::tokens::api_list,
        crate::accounts::tokens::api_revoke,
        crate::tasks::inbox::api,
        crate::public::dashboard::api,
        crate::public::impact::api,
        crate::decisions::published::api,
        crate::decisions::api::api_list,
        crate::decisions::api::api_meeting,
        crate::decisions::api::api_decision,
        crate::decisions::api::api_publish,
        crate::call::proposals::api_show,
        crate::call::proposals::api_save,
        crate::call::proposals::api_patch,
        crate::call::proposals::api_submit,
        crate::call::proposals::api_diff,
        crate::evaluation::sheets::api_show,
        crate::evaluation::sheets::api_save,
        crate::evaluation::sheets::api_submit,
        crate::evaluation::results::api,
        crate::evaluation::panel_api::api_show,
        crate::evaluation::panel_api::api_show_framework,
        crate::evaluation::panel_api::api_framework,
        crate::evaluation::panel_api::api_appoint,
        crate::evaluation::panel_api::api_start,
        crate::evaluation::panel_api::api_close,
        crate::evaluation::panel_api::api_publish,
        crate::call::calls_api::api_open,
        crate::call::calls_api::api_show,
        crate::call::calls_api::api_update,
        crate::grievances::filing::api,
        crate::grievances::follow::api,
        crate::grievances::handling::api_list,
        crate::grievances::handling::api_show,
        crate::grievances::handling::api_step,
        crate::grievances::statistics::api,
        crate::registry::api::api_import,
        crate::reports::downloads::api_round_file,
        crate::reports::downloads::api_region_file,
        crate::reports::downloads::api_national_file,
        crate::package::programs_api::list,
        crate::package::programs_api::show,
        crate::package::programs_api::add,
        crate::package::programs_api::edit,
        crate::package::matrix::api,
        crate::package::projects_api::list,
        crate::package::projects_api::show,
        crate::package::projects_api::add,
        crate::package::projects_api::plan_budget,
        crate::package::projects_api::record_execution,
        crate::package::bulk::record,
        crate::results::api::api_show,
        crate::results::api::api_goal,
        crate::results::api::api_set_goal,
        crate::results::api::api_firms,
        crate::results::api::api_add_firm,
        crate::results::measure_api::api_upload,
        crate::results::measure_api::api_evidence,
        crate::results::measure_api::api_measure,
        crate::results::measure_api::api_bulk,
    ),
    modifiers(&BearerAuth, &Scopes, &OperationIds),
    tags(
        (name = "program", description = "사업 전체"),
        (name = "rounds", description = "공모 회차"),
        (name = "plans", description = "혁신계획"),
        (name = "complexes", description = "산업단지"),
        (name = "proposals", description = "혁신계획안 (시·도가 작성·제출; 쿠키 로그인으로 쓰기는 X-CSRF-Token 머리글 필요)"),
        (name = "decisions", description = "위원회 의결 (공동 주관부처가 회의와 의결을 기록하고 공개; Sandan에서 운영한 회차와 기록에만 있는 회차 모두. 공개 전의 회의는 공동 주관부처만 봄)"),
        (name = "call", description = "공모 운영 (공동 주관부처: 새 공모 열기, 공모 설정·일정. 설정의 ETag는 수정 판이며 고칠 때 If-Match로 보냄)"),
        (name = "evaluation", description = "평가 (공동 주관부처의 평가 운영: 평가틀·평가위원·개시·마감·점수 공개; 평가위원의 평가표; 패널이 닫힌 뒤의 결과). 점수는 0.1점 단위 정수"),
        (name = "grievances", description = "애로사항 (입주기업·지자체가 접수, 처리기관이 처리; 처리기한은 영업일)"),
        (name = "reports", description = "공식 문서 내려받기 (화면의 HWPX·PDF·XLSX·CSV 링크와 같은 파일; 공개된 기록만 담아 로그인 없이 받을 수 있음)"),
        (name = "package", description = "범부처 패키지: 부처 지원사업, 사업별 연도·재원별 예산과 분기별 집행, 지역 × 부처 표. 금액은 모두 원 단위 정수(억 원 아님), 분기는 2022-Q3처럼, 재원은 national(국비)·local(지방비)·private(민자). 예산은 공동 주관부처와 그 시·도가, 집행은 사업의 집행 주체(부처 또는 시·도)만 씀"),
        (name = "results", description = "성과관리 (최종확정된 계획의 목표별 측정값·증빙·지원기업 대장; 그 시·도의 담당자가 기록). 목표 번호는 0부터, 분기는 \"2024-Q4\", 수치는 숫자와 단위 (\"26만명\", \"68.8조원\": 금액은 원), 진도는 천분율"),
        (name = "registry", description = "산업단지 현황 가져오기 (공동 주관부처: 한국산업단지공단 현황통계 파일, multipart)"),
        (name = "accounts", description = "계정 (API 토큰: 내 계정 페이지에서 범위와 유효기간을 골라 발급, Authorization: Bearer; 공동 주관부처의 토큰 대장)"),
    )
)]
pub struct ApiDoc;

/// Declares the bearer scheme that API tokens use, with what their scopes mean.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let areas: Vec<String> = Area::ALL
            .iter()
            .map(|a| format!("{} ({})", a.key(), a.korean()))
            .collect();
        let description = format!(
            "API 토큰 (내 계정에서 발급). 토큰은 발급한 사용자의 역할로 할 수 있는 일 가운데 토큰 범위 안의 일만 합니다. \
             범위는 읽기 전용이거나 영역별 쓰기이며, 읽기는 어느 토큰이나 할 수 있습니다. 쓰기 영역: {}. \
             쓰기 작업마다 필요한 범위는 x-scope에 있습니다. 범위 밖의 쓰기는 403 token_scope, \
             유효기간(최대 1년)이 지난 토큰은 401 token_expired로 거절합니다. 화면의 양식 주소에는 토큰으로 쓸 수 없습니다.",
            areas.join(", ")
        );
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            ),
        );
    }
}

/// Writes on every operation that is not a GET the scope a token needs for it, as `x-scope`
/// and a line of its description, from the table the server enforces (`auth::scopes`), so
/// the document and the checks cannot drift apart.
struct Scopes;

impl utoipa::Modify for Scopes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in [
                (Method::POST, item.post.as_mut()),
                (Method::PUT, item.put.as_mut()),
                (Method::PATCH, item.patch.as_mut()),
                (Method::DELETE, item.delete.as_mut()),
            ] {
                let Some(operation) = operation else { continue };
                let (key, line) = match need(&method, path) {
                    Some(Need::Write(area)) => (
                        area.key(),
                        format!("API 토큰 범위: {} 쓰기 ({}).", area.korean(), area.key()),
                    ),
                    Some(Need::Read) => ("read", "API 토큰 범위: 읽기 (어느 토큰이나).".to_string()),
                    // A write missing from the table; the scopes test names it.
                    None => continue,
                };
                operation
                    .extensions
                    .get_or_insert_with(Default::default)
                    .insert("x-scope".into(), key.into());
                let description = operation.description.take().unwrap_or_default();
                operation.description = Some(if description.is_empty() {
                    line
                } else {
                    format!("{description}\n\n{line}")
                });
            }
        }
    }
}

/// Gives every operation its own `operationId`, as OpenAPI requires: utoipa names each after its
/// handler function, and handlers in different areas share names (`api_show`, `list`, …), which
/// makes a generated client's operations overwrite one another. A name used once is kept; a
/// shared one becomes the method and path, e.g. `get_rounds_year_call`.
struct OperationIds;

impl utoipa::Modify for OperationIds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut uses = std::collections::HashMap::<String, usize>::new();
        for item in openapi.paths.paths.values() {
            for operation in operations(item) {
                if let Some(id) = &operation.operation_id {
                    *uses.entry(id.clone()).or_default() += 1;
                }
            }
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("patch", item.patch.as_mut()),
                ("delete", item.delete.as_mut()),
            ] {
                let Some(operation) = operation else { continue };
                if operation.operation_id.as_ref().is_some_and(|id| uses[id] > 1) {
                    operation.operation_id = Some(path_name(method, path));
                }
            }
        }
    }
}

fn operations(item: &utoipa::openapi::PathItem) -> impl Iterator<Item = &utoipa::openapi::path::Operation> {
    [&item.get, &item.post, &item.put, &item.patch, &item.delete]
        .into_iter()
        .filter_map(Option::as_ref)
}

/// `get`, `/api/v1/rounds/{year}/call` → `get_rounds_year_call`.
fn path_name(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .trim_start_matches("/api/v1/")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{method}_{}", words.join("_"))
}

pub async fn document() -> Json<serde_json::Value> {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    refuse_unknown_members(&mut doc);
    answer_bad_tokens(&mut doc);
    Json(doc)
}

/// Gives every operation a 401 answer: a request that carries an API token which is wrong,
/// expired or revoked is refused even where no token is needed, so that a client learns its
/// token no longer works instead of silently reading as the public.
fn answer_bad_tokens(doc: &mut serde_json::Value) {
    let answer = serde_json::json!({
        "description": "Authorization 머리글의 API 토큰이 틀렸거나 만료·회수됨 (토큰 없이 부르면 공개된 것은 그대로 답함)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    });
    for item in doc["paths"].as_object_mut().into_iter().flat_map(|p| p.values_mut()) {
        for operation in item.as_object_mut().into_iter().flat_map(|o| o.values_mut()) {
            if let Some(responses) = operation["responses"].as_object_mut() {
                responses.entry("401").or_insert_with(|| answer.clone());
            }
        }
    }
}

/// Marks every object a request body holds, at any depth, `additionalProperties: false`: the
/// API refuses (422) a member it does not know wherever it appears (`ui::body::read_strict`),
/// and the document says so rather than let clients believe extra members are ignored. An
/// object made of parts (`allOf`) is left open, as each part alone would forbid the others'.
fn refuse_unknown_members(doc: &mut serde_json::Value) {
    use serde_json::Value;
    fn refs(schema: &Value, found: &mut Vec<String>) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    found.push(r.trim_start_matches("#/components/schemas/").to_string());
                }
                for (key, value) in map {
                    if key != "allOf" {
                        refs(value, found);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| refs(i, found)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for item in doc["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
            refs(&operation["requestBody"], &mut todo);
        }
    }
    let mut seen = std::collections::HashSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let schema = &mut doc["components"]["schemas"][&name];
        if schema.get("properties").is_some() && schema.get("additionalProperties").is_none() {
            schema["additionalProperties"] = Value::Bool(false);
        }
        refs(schema, &mut todo);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_its_own_operation_id() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let mut seen = std::collections::HashMap::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let Some(id) = operation.get("operationId").and_then(|i| i.as_str()) else {
                    continue;
                };
                if let Some(first) = seen.insert(id.to_string(), format!("{method} {path}")) {
                    panic!("{method} {path} and {first} share the operationId {id}");
                }
            }
        }
        assert_eq!(
            doc["paths"]["/api/v1/rounds/{year}/call"]["put"]["operationId"],
            "put_rounds_year_call"
        );
    }
}
