//! The API's OpenAPI document, generated from the handlers' annotations and served by the app.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Sandan 공개 API", description = "산업단지 대개조: 공모 회차, 혁신계획, 산업단지, 지정 결정. 모든 오류는 {\"error\": {\"code\", \"message\"}} 형식이며 message는 한국어입니다."),
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
        crate::tasks::inbox::api,
        crate::public::dashboard::api,
        crate::public::impact::api,
        crate::decisions::published::api,
        crate::call::proposals::api_show,
        crate::call::proposals::api_save,
        crate::call::proposals::api_patch,
        crate::call::proposals::api_submit,
        crate::call::proposals::api_diff,
        crate::evaluation::sheets::api_show,
        crate::evaluation::sheets::api_save,
        crate::evaluation::sheets::api_submit,
        crate::evaluation::results::api,
        crate::grievances::filing::api,
        crate::grievances::follow::api,
        crate::grievances::handling::api_list,
        crate::grievances::handling::api_show,
        crate::grievances::handling::api_step,
        crate::grievances::statistics::api,
        crate::registry::api::api_import,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "program", description = "사업 전체"),
        (name = "rounds", description = "공모 회차"),
        (name = "plans", description = "혁신계획"),
        (name = "complexes", description = "산업단지"),
        (name = "proposals", description = "혁신계획안 (시·도가 작성·제출; 쿠키 로그인으로 쓰기는 X-CSRF-Token 머리글 필요)"),
        (name = "evaluation", description = "평가 (평가위원의 평가표, 패널이 닫힌 뒤의 결과). 점수는 0.1점 단위 정수"),
        (name = "grievances", description = "애로사항 (입주기업·지자체가 접수, 처리기관이 처리; 처리기한은 영업일)"),
        (name = "registry", description = "산업단지 현황 가져오기 (공동 주관부처: 한국산업단지공단 현황통계 파일, multipart)"),
        (name = "accounts", description = "계정 (API 토큰: 내 계정 페이지에서 발급, Authorization: Bearer)"),
    )
)]
pub struct ApiDoc;

/// Declares the bearer scheme that API tokens use.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn document() -> Json<serde_json::Value> {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    refuse_unknown_members(&mut doc);
    Json(doc)
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
