//! ETags for the API: every JSON answer to a GET carries a digest of itself, so a client or a
//! proxy that already holds it asks again with `If-None-Match` and gets 304 with no body; and a
//! write names the version it was based on with `If-Match`, refused with 412 when the resource
//! changed since (RFC 9110 §13.1).

use axum::body::{Body, HttpBody, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::failure::Failure;
use crate::ui::error::ApiFailure;

/// The largest answer tagged; a larger one, or one whose size is not known before it is read
/// (a stream), goes out untagged rather than be held in memory or cut short.
const TAGGED_UP_TO: usize = 16 << 20;

/// The strong entity tag of a representation, quotes included.
pub fn tag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The tag a GET answering `value` as JSON carries: what a write's `If-Match` is compared with.
pub fn json_tag<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    let bytes = serde_json::to_vec(value).map_err(|e| Failure::Internal(e.to_string()))?;
    Ok(tag_of(&bytes))
}

/// `value` as a JSON answer with `status`, tagged `tag`: a write answers with the version it
/// made, for the client's next `If-Match`.
pub fn tagged<T: serde::Serialize>(status: StatusCode, value: T, tag: &str) -> Response {
    let mut response = (status, axum::Json(value)).into_response();
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// Tags successful GET answers of `/api/v1` and answers `If-None-Match` with 304. They are
/// `private, no-cache`: what an answer holds can depend on who asks, and a copy is used only
/// after asking whether it is still current.
pub async fn tag_api_reads(request: Request, next: Next) -> Response {
    // Not HEAD: its body is dropped before this layer sees it, and an empty body's tag would
    // not be the GET's.
    if request.method() != Method::GET || !request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let known = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let sized = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|n| n <= TAGGED_UP_TO as u64);
    if response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) || !sized {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, TAGGED_UP_TO).await else {
        return ApiFailure(Failure::Internal("API answer could not be read to tag".into())).into_response();
    };
    let tag = tag_of(&bytes);
    let Ok(value) = HeaderValue::from_str(&tag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.insert(header::ETAG, value.clone());
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("private, no-cache"));
    if known
        .as_ref()
        .and_then(|k| k.to_str().ok())
        .is_some_and(|k| lists(k, &tag, true))
    {
        let mut unchanged = Response::new(Body::empty());
        *unchanged.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [header::ETAG, header::CACHE_CONTROL] {
            if let Some(v) = parts.headers.get(&name) {
                unchanged.headers_mut().insert(name, v.clone());
            }
        }
        return unchanged;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether the header value `listed` ("*", or tags separated by commas) names `tag`. `weak`
/// comparison (for `If-None-Match`) ignores a `W/` prefix; `If-Match` compares strongly.
pub(crate) fn lists(listed: &str, tag: &str, weak: bool) -> bool {
    listed
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t == tag || (weak && t.strip_prefix("W/") == Some(tag)))
}

/// The write's precondition: `If-Match` must name `current`, the tag a GET of the resource
/// answers with now. A write without one is refused (428) rather than overwrite blindly.
pub fn if_match(headers: &HeaderMap, current: &str) -> Result<(), Failure> {
    let Some(listed) = headers.get(header::IF_MATCH) else {
        return Err(Failure::PreconditionRequired(
            "고치거나 지우려면 If-Match 머리글에 먼저 받은 ETag를 적어 주십시오. 다른 사람이 그사이 고친 내용을 덮어쓰지 않기 위해서입니다.".into(),
        ));
    };
    match listed.to_str() {
        Ok(listed) if lists(listed, current, false) => Ok(()),
        _ => Err(Failure::PreconditionFailed(format!(
            "그사이 내용이 바뀌었습니다 (지금의 ETag: {current}). 다시 받아 확인한 뒤 그 ETag로 보내 주십시오."
        ))),
    }
}

/// A write whose `If-Match` held when it was checked, refused by the store because the record
/// changed before the write took its lock: the client's precondition failed all the same, so
/// it is told so (412), not that its body conflicts (409).
pub fn raced(failure: Failure) -> Failure {
    match failure {
        Failure::Conflict(m) => Failure::PreconditionFailed(m),
        other => other,
    }
}

/// The tag of a record edited by version (a plan's draft, a score sheet): its edit version,
/// so a GET's tag and a write's `If-Match` name the same thing the store checks, and the
/// parts of the answer computed from the clock (the time left to the deadline) do not make a
/// tag stale that the content did not.
pub fn version_tag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// Where a write on a versioned record says what it was based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// `If-Match: "v7"`: a change since is refused with 412.
    Header(i64),
    /// `"version": 7` in the body, as clients written before `If-Match` send it: 409.
    Body(i64),
}

impl Basis {
    /// Reads `If-Match` (one tag from [`version_tag`]) or, without it, the body's version.
    pub fn of(headers: &HeaderMap, body: Option<i64>) -> Result<Basis, Failure> {
        let Some(listed) = headers.get(header::IF_MATCH) else {
            return body.map(Basis::Body).ok_or_else(|| {
                Failure::PreconditionRequired(
                    "If-Match 머리글에 먼저 받은 ETag(예: \"v3\")를 적거나 본문에 version을 보내 주십시오. 다른 사람이 그사이 고친 내용을 덮어쓰지 않기 위해서입니다.".into(),
                )
            });
        };
        listed
            .to_str()
            .ok()
            .map(str::trim)
            .and_then(|t| t.strip_prefix("\"v")?.strip_suffix('"')?.parse::<i64>().ok())
            .filter(|v| *v >= 0)
            .map(Basis::Header)
            .ok_or_else(|| {
                Failure::PreconditionFailed(
                    "If-Match에는 이 자료를 GET해 받은 ETag 하나(예: \"v3\")를 그대로 적어 주십시오.".into(),
                )
            })
    }

    pub fn version(self) -> i64 {
        match self {
            Basis::Header(v) | Basis::Body(v) => v,
        }
    }

    /// A refusal because the record moved on, said the way the client asked: 412 for a
    /// precondition in the header, 409 for a version in the body.
    pub fn refusal(self, failure: Failure) -> Failure {
        match self {
            Basis::Header(_) => raced(failure),
            Basis::Body(_) => failure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_listed_by_itself_a_star_or_its_weak_form_only_where_weak_comparison_is_allowed() {
        let tag = tag_of(b"{}");
        assert!(lists(&format!("\"x\", {tag}"), &tag, false));
        assert!(lists("*", &tag, false));
        assert!(lists(&format!("W/{tag}"), &tag, true));
        assert!(!lists(&format!("W/{tag}"), &tag, false));
        assert!(!lists("\"other\"", &tag, true));
    }

    #[test]
    fn a_write_without_if_match_is_refused_as_required_and_a_stale_one_as_failed() {
        let tag = tag_of(b"a");
        let mut headers = HeaderMap::new();
        assert!(matches!(
            if_match(&headers, &tag),
            Err(Failure::PreconditionRequired(_))
        ));
        headers.insert(header::IF_MATCH, HeaderValue::from_str(&tag_of(b"b")).unwrap());
        assert!(matches!(if_match(&headers, &tag), Err(Failure::PreconditionFailed(_))));
        headers.insert(header::IF_MATCH, HeaderValue::from_str(&tag).unwrap());
        assert!(if_match(&headers, &tag).is_ok());
    }

    #[test]
    fn a_versioned_write_is_based_on_if_match_before_the_body_and_needs_one_of_them() {
        let mut headers = HeaderMap::new();
        assert_eq!(Basis::of(&headers, Some(4)).unwrap(), Basis::Body(4));
        assert!(matches!(
            Basis::of(&headers, None),
            Err(Failure::PreconditionRequired(_))
        ));
        headers.insert(header::IF_MATCH, HeaderValue::from_str(&version_tag(7)).unwrap());
        assert_eq!(Basis::of(&headers, Some(4)).unwrap(), Basis::Header(7));
        for wrong in ["*", "W/\"v7\"", "\"7\"", "\"v-1\"", "\"v7\", \"v8\""] {
            headers.insert(header::IF_MATCH, HeaderValue::from_str(wrong).unwrap());
            assert!(
                matches!(Basis::of(&headers, None), Err(Failure::PreconditionFailed(_))),
                "{wrong}"
            );
        }
        let stale = || Failure::Conflict("바뀜".into());
        assert!(matches!(
            Basis::Header(1).refusal(stale()),
            Failure::PreconditionFailed(_)
        ));
        assert!(matches!(Basis::Body(1).refusal(stale()), Failure::Conflict(_)));
        assert!(matches!(raced(Failure::BadInput("x".into())), Failure::BadInput(_)));
    }
}
