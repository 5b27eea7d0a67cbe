//! 토큰 범위 검사: the one place that says which scope a request needs. A bearer call is the
//! only kind that skips the CSRF check, and it is checked here instead, before any handler
//! runs; the policy then narrows it further to what the token's user may do.

use axum::http::Method;
use sandan_domain::account::token::{Area, Need};

/// Every `/api/v1` route that takes a method other than GET, by the start of its route path,
/// and what a token needs to call it; the first prefix that matches wins. The API document's
/// `x-scope` is written from this table and a test fails if a write route is missing.
pub const WRITES: &[(&str, Need)] = &[
    ("/api/v1/rounds/{year}/proposals/", Need::Write(Area::Proposals)),
    // An evaluator's sheets, and the office's running of the panel (framework, members, start,
    // close, publishing the scores).
    ("/api/v1/rounds/{year}/evaluation/", Need::Write(Area::Evaluation)),
    // A round and its call are the program's record: opening one, setting its call.
    ("/api/v1/rounds/{year}/call", Need::Write(Area::Record)),
    (
        "/api/v1/rounds/{year}/plans/{region}/results",
        Need::Write(Area::Results),
    ),
    // The committee's decisions become the program's public record when published.
    ("/api/v1/rounds/{year}/decisions", Need::Write(Area::Record)),
    // A POST only to keep the receipt's password out of addresses and logs: it reads.
    ("/api/v1/grievances/follow", Need::Read),
    ("/api/v1/grievances", Need::Write(Area::Grievances)),
    ("/api/v1/tokens", Need::Write(Area::Accounts)),
    ("/api/v1/complexes", Need::Write(Area::Record)),
    // The office's program list belongs with the package it funds.
    ("/api/v1/programs", Need::Write(Area::Package)),
    ("/api/v1/package/", Need::Write(Area::Package)),
    // A dry run writes nothing, but it reads a file only the office may load.
    ("/api/v1/registry/", Need::Write(Area::Record)),
    // Opening a round (POST /api/v1/rounds). Last: every other write under /api/v1/rounds/
    // matches its own entry above first.
    ("/api/v1/rounds", Need::Write(Area::Record)),
];

/// What a call of `method` on the route `route` (its path template) needs of a token. None for
/// a write outside the table: the pages' forms, which a token may not send — they are for
/// people signed in, and a token writes only through the API it is described by.
pub fn need(method: &Method, route: &str) -> Option<Need> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Some(Need::Read);
    }
    WRITES
        .iter()
        .find(|(prefix, _)| route.starts_with(prefix))
        .map(|&(_, need)| need)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::ApiDoc;
    use utoipa::OpenApi;

    #[test]
    fn every_write_in_the_api_document_needs_a_named_scope() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let mut writes = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in ["post", "put", "patch", "delete"] {
                if item.get(method).is_some() {
                    writes += 1;
                    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                    assert!(need(&method, path).is_some(), "{method} {path} has no scope in WRITES");
                }
            }
        }
        assert!(writes >= 8, "the document lists the API's writes: {writes}");
    }

    #[test]
    fn reads_need_nothing_and_writes_their_area() {
        let proposal = "/api/v1/rounds/{year}/proposals/{region}";
        assert_eq!(need(&Method::GET, proposal), Some(Need::Read));
        assert_eq!(need(&Method::PUT, proposal), Some(Need::Write(Area::Proposals)));
        assert_eq!(need(&Method::POST, "/api/v1/grievances/follow"), Some(Need::Read));
        assert_eq!(
            need(&Method::POST, "/api/v1/rounds/{year}/decisions/{meeting}/publish"),
            Some(Need::Write(Area::Record))
        );
        assert_eq!(
            need(&Method::POST, "/api/v1/grievances/{id}/steps"),
            Some(Need::Write(Area::Grievances))
        );
        assert_eq!(
            need(&Method::POST, "/api/v1/package/executions"),
            Some(Need::Write(Area::Package))
        );
        assert_eq!(need(&Method::POST, "/api/v1/rounds"), Some(Need::Write(Area::Record)));
        assert_eq!(
            need(&Method::PUT, "/api/v1/rounds/{year}/call"),
            Some(Need::Write(Area::Record))
        );
        assert_eq!(
            need(&Method::PUT, "/api/v1/rounds/{year}/evaluation/framework"),
            Some(Need::Write(Area::Evaluation))
        );
        assert_eq!(
            need(
                &Method::POST,
                "/api/v1/rounds/{year}/plans/{region}/results/goals/{goal}"
            ),
            Some(Need::Write(Area::Results))
        );
        assert_eq!(
            need(&Method::PUT, "/api/v1/programs/{id}"),
            Some(Need::Write(Area::Package))
        );
    }

    #[test]
    fn a_pages_form_takes_no_token_at_all() {
        assert_eq!(need(&Method::POST, "/admin/users"), None);
        assert_eq!(need(&Method::POST, "/rounds/{year}/proposals/{region}/submit"), None);
    }
}
