//! What a route reads from a request body, and JSON bodies read strictly: a field the schema
//! does not know is refused by name instead of being dropped (a misspelt field would otherwise
//! blank the one it meant), and every error names the field's path in Korean.

use std::convert::Infallible;

use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::routing::MethodRouter;
use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::failure::Failure;
use crate::ui::error::ApiFailure;
use crate::ui::json_tree::Tree;

/// Forms are small: what every route reads unless it says otherwise.
pub const FORM_LIMIT: usize = 64 * 1024;

/// The most a route reads from a body, and that limit as the visitor is told it (a file's
/// limit, where the body is a form around one file).
#[derive(Clone, Copy, Debug)]
pub struct BodyLimit {
    pub stated: &'static str,
}

impl Default for BodyLimit {
    fn default() -> BodyLimit {
        BodyLimit { stated: "64KB" }
    }
}

impl BodyLimit {
    /// The refusal of a larger body.
    pub fn refusal(self) -> String {
        format!(
            "보낸 내용이 이 주소가 받는 크기를 넘어 아무것도 바꾸지 않았습니다. {} 이하로 보내 주십시오.",
            self.stated
        )
    }
}

/// `router` reading up to `bytes`, and telling a sender of more that the limit is `stated`.
/// A body declared larger is refused before the handler runs; one that turns out larger while
/// it is read is refused by the reader, and either refusal carries the stated limit out to
/// [`crate::ui::refusals`].
pub fn limited(router: MethodRouter<AppState>, bytes: usize, stated: &'static str) -> MethodRouter<AppState> {
    let limit = BodyLimit { stated };
    router
        .layer::<_, Infallible>(DefaultBodyLimit::max(bytes))
        .layer::<_, Infallible>(axum::middleware::from_fn(
            move |request: Request, next: Next| async move {
                let declared = request
                    .headers()
                    .get(header::CONTENT_LENGTH)
                    .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
                let mut response = if declared.is_some_and(|n| n > bytes) {
                    StatusCode::PAYLOAD_TOO_LARGE.into_response()
                } else {
                    next.run(request).await
                };
                if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    response.extensions_mut().insert(limit);
                }
                response
            },
        ))
}

/// A JSON request body of `T`, refused (422) when it holds a field `T` does not have.
pub struct StrictJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for StrictJson<T> {
    type Rejection = ApiFailure;

    async fn from_request(request: Request, state: &S) -> Result<StrictJson<T>, ApiFailure> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        if !json {
            return Err(ApiFailure(Failure::BadInput(
                "요청 본문은 JSON이어야 합니다. Content-Type: application/json 머리글을 붙여 보내 주십시오.".into(),
            )));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            // The message is the route's: the failure layer names its limit.
            ApiFailure(if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Failure::TooLarge("보낸 내용이 너무 큽니다.".into())
            } else {
                Failure::BadInput("요청 본문을 끝까지 읽지 못했습니다. 다시 보내 주십시오.".into())
            })
        })?;
        read_strict(&bytes).map(StrictJson).map_err(ApiFailure)
    }
}

/// `T` from JSON text; unknown fields and type errors are named by their path. The text is read
/// into a [`Tree`] first, so that `3.0` is the integer the document allows it to be and a
/// member named twice is refused, then `T` is read from the tree.
pub fn read_strict<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let Tree(tree) = serde_path_to_error::deserialize(&mut json).map_err(|e| unreadable(e, ""))?;
    json.end()
        .map_err(|_| Failure::BadInput("요청 본문의 JSON 뒤에 다른 내용이 있습니다.".into()))?;
    from_tree(tree, "")
}

/// `T` from a tree already read, strictly as [`read_strict`] reads it; `prefix` names where the
/// tree sits in the body it came in (e.g. `proposal.`).
pub fn from_tree<T: DeserializeOwned>(tree: serde_json::Value, prefix: &str) -> Result<T, Failure> {
    let mut unknown = Vec::new();
    let mut note_unknown = |path: serde_ignored::Path<'_>| unknown.push(format!("{prefix}{path}"));
    let value: T = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(tree, &mut note_unknown))
        .map_err(|e| unreadable(e, prefix))?;
    if !unknown.is_empty() {
        return Err(Failure::Refused(format!(
            "요청 본문에 알 수 없는 항목이 있어 아무것도 바꾸지 않았습니다: {}. 철자를 확인해 주십시오 (명세: /api/v1/openapi.json).",
            unknown.join(", ")
        )));
    }
    Ok(value)
}

/// Why a body could not be read, with the path of the field at fault.
fn unreadable(e: serde_path_to_error::Error<serde_json::Error>, prefix: &str) -> Failure {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let at = if path == "." {
        String::new()
    } else {
        format!(" ('{prefix}{path}')")
    };
    Failure::BadInput(match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => format!(
            "요청 본문이 올바른 JSON이 아닙니다 ({}번째 줄 {}번째 글자).",
            inner.line(),
            inner.column()
        ),
        _ => format!(
            "요청 본문의 값이 맞지 않습니다{at}: {}",
            korean_detail(&inner.to_string())
        ),
    })
}

/// RFC 7396 JSON merge patch: `patch`'s members replace `target`'s, `null` removes one, and
/// objects merge member by member.
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    let serde_json::Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = serde_json::Value::Object(serde_json::Map::new());
    }
    let serde_json::Value::Object(members) = target else {
        return;
    };
    for (name, change) in changes {
        if change.is_null() {
            members.remove(name);
        } else {
            merge_patch(members.entry(name.clone()).or_insert(serde_json::Value::Null), change);
        }
    }
}

/// serde's English explanation, its common cases in Korean.
fn korean_detail(detail: &str) -> String {
    let detail = detail.split(" at line ").next().unwrap_or(detail);
    if let Some(field) = detail.strip_prefix("missing field ") {
        return format!("필수 항목 {field}이(가) 없습니다");
    }
    if let Some(field) = detail.strip_prefix("duplicate field ") {
        return format!("항목 {field}이(가) 두 번 있습니다. 한 번만 보내 주십시오");
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        return format!("값의 형식이 맞지 않습니다 ({rest})");
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        return format!("허용되지 않는 값입니다 ({rest})");
    }
    if let Some(rest) = detail.strip_prefix("invalid value: ") {
        return format!("허용되지 않는 값입니다 ({rest})");
    }
    detail.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)] // the fields are read by serde in these tests
    struct Draft {
        version: i64,
        proposal: Inner,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(default)]
        vision: String,
    }

    #[test]
    fn an_unknown_field_is_refused_by_its_path() {
        let err = read_strict::<Draft>(br#"{"version": 1, "proposal": {"visoin": "x"}}"#).unwrap_err();
        let Failure::Refused(message) = err else {
            panic!("{err:?}")
        };
        assert!(message.contains("proposal.visoin"), "{message}");
    }

    #[test]
    fn a_wrong_type_names_the_field_in_korean() {
        let err = read_strict::<Draft>(br#"{"version": "one", "proposal": {}}"#).unwrap_err();
        let Failure::BadInput(message) = err else {
            panic!("{err:?}")
        };
        assert!(
            message.contains("'version'") && message.contains("형식이 맞지 않습니다"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_field_and_broken_json_are_told_in_korean() {
        let Failure::BadInput(m) = read_strict::<Draft>(br#"{"proposal": {}}"#).unwrap_err() else {
            panic!()
        };
        assert!(m.contains("필수 항목 `version`"), "{m}");
        let Failure::BadInput(m) = read_strict::<Draft>(br#"{"version": 1,"#).unwrap_err() else {
            panic!()
        };
        assert!(m.contains("올바른 JSON이 아닙니다"), "{m}");
    }

    #[test]
    fn a_merge_patch_changes_only_what_it_names() {
        let mut draft = serde_json::json!({"vision": "v", "goals": [1], "hub": {"id": "a", "x": 1}});
        merge_patch(&mut draft, &serde_json::json!({"vision": "w", "hub": {"x": null}}));
        assert_eq!(
            draft,
            serde_json::json!({"vision": "w", "goals": [1], "hub": {"id": "a"}})
        );
    }

    #[test]
    fn a_part_is_named_from_the_body_it_came_in() {
        let Failure::Refused(m) = from_tree::<Inner>(serde_json::json!({"visoin": "x"}), "proposal.").unwrap_err()
        else {
            panic!()
        };
        assert!(m.contains("proposal.visoin"), "{m}");
    }

    #[test]
    fn an_integer_written_with_a_zero_fraction_is_read_and_a_field_sent_twice_is_refused() {
        let draft = read_strict::<Draft>(br#"{"version": 3.0, "proposal": {}}"#).unwrap();
        assert_eq!(draft.version, 3);
        let Failure::BadInput(m) = read_strict::<Draft>(br#"{"version": 3.5, "proposal": {}}"#).unwrap_err() else {
            panic!()
        };
        assert!(m.contains("'version'") && m.contains("형식이 맞지 않습니다"), "{m}");
        let twice = br#"{"version": 1, "proposal": {"vision": "a", "vision": "b"}}"#;
        let Failure::BadInput(m) = read_strict::<Draft>(twice).unwrap_err() else {
            panic!()
        };
        assert!(m.contains("('proposal')") && m.contains("`vision`이(가) 두 번"), "{m}");
        let Failure::BadInput(m) = read_strict::<Draft>(br#"{"version": 1, "proposal": {}} x"#).unwrap_err() else {
            panic!()
        };
        assert!(m.contains("JSON 뒤에"), "{m}");
    }

    #[test]
    fn a_known_body_is_read() {
        let draft = read_strict::<Draft>(br#"{"version": 3, "proposal": {"vision": "v"}}"#).unwrap();
        assert_eq!(draft.version, 3);
    }

    #[test]
    fn the_limit_is_named_as_officials_read_it() {
        assert!(BodyLimit::default().refusal().contains("64KB 이하"));
    }
}

/// The body of an API call that acts on what the client last read. The read's ETag in
/// `If-Match` says what it was based on (a change made since: 412); without the header, the
/// edit `version` here does (409). `{}` with `If-Match` is enough.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct EditVersion {
    #[serde(default)]
    pub version: Option<i64>,
}
