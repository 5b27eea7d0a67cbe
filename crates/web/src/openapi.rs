//! The API's OpenAPI document, generated from the handlers' annotations and served by the app.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Sandan 공개 API", description = "산업단지 대개조: 공모 회차, 혁신계획, 산업단지, 지정 결정. 모든 오류는 {\"error\": {\"code\", \"message\"}} 형식이며 message는 한국어입니다."),
    paths(
        crate::home::api,
        crate::home::api_record,
        crate::rounds::api_list,
        crate::rounds::api,
        crate::plans::api,
        crate::complexes::api_list,
        crate::complexes::api,
    ),
    tags(
        (name = "program", description = "사업 전체"),
        (name = "rounds", description = "공모 회차"),
        (name = "plans", description = "혁신계획"),
        (name = "complexes", description = "산업단지"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
