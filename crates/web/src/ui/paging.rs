//! 목록 나눠 받기: a list API answers in pages of `limit` items after the cursor `after` (the
//! last item's key of the page before), and names the next page in a `Link: <…>; rel="next"`
//! header (RFC 8288) — the answer's body stays the plain array it always was, so a client that
//! asks for no limit still gets everything.

use axum::http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;

use crate::failure::Failure;
use crate::ui::links::percent_encode;

/// The most items one page holds.
pub const MAX_LIMIT: usize = 1_000;

/// `limit` and `after`, as written in the query (read by hand so a bad one is a Korean 400).
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 한 번에 받을 개수 (1–1000). 없으면 전부.
    #[serde(default)]
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// 앞 페이지의 마지막 항목 id: 그다음부터 받음 (Link 머리글의 rel="next"가 알려 줌)
    #[serde(default)]
    pub after: Option<String>,
}

/// One page of `items` (already filtered and in their order), found by each item's `key`; and
/// the cursor of the next page, if there is one.
pub fn page<'a, T>(
    items: &'a [T],
    key: impl Fn(&T) -> &str,
    query: &PageQuery,
) -> Result<(&'a [T], Option<String>), Failure> {
    let limit = match query.limit.as_deref() {
        None => items.len().max(1),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| {
                Failure::BadInput(format!("limit '{text}'은(는) 1부터 {MAX_LIMIT} 사이의 수여야 합니다."))
            })?,
    };
    let start = match query.after.as_deref().filter(|a| !a.is_empty()) {
        None => 0,
        Some(after) => {
            items.iter().position(|i| key(i) == after).map(|p| p + 1).ok_or_else(|| {
                Failure::BadInput(format!(
                    "after '{after}'에 해당하는 항목이 이 목록에 없습니다 (지워졌거나 거르는 조건이 바뀜). 처음부터 다시 받아 주십시오."
                ))
            })?
        }
    };
    let end = (start + limit).min(items.len());
    let next = (end < items.len() && end > start).then(|| key(&items[end - 1]).to_string());
    Ok((&items[start..end], next))
}

/// The `Link` header naming the next page: `path` with `filters` (name, value) kept.
pub fn next_link(path: &str, filters: &[(&str, &str)], limit: Option<&str>, next: &str) -> HeaderMap {
    let mut query: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v, b"-_.~")))
        .collect();
    if let Some(limit) = limit {
        query.push(format!("limit={limit}"));
    }
    query.push(format!("after={}", percent_encode(next, b"-_.~")));
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&format!("<{path}?{}>; rel=\"next\"", query.join("&"))) {
        headers.insert(header::LINK, value);
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(s: &'a &str) -> &'a str {
        s
    }

    fn query(limit: &str, after: &str) -> PageQuery {
        PageQuery {
            limit: Some(limit.into()),
            after: Some(after.into()),
        }
    }

    #[test]
    fn pages_follow_each_other_by_the_last_key_until_the_list_ends() {
        let items = ["a", "b", "c", "d", "e"];
        assert_eq!(
            page(&items, key, &query("2", "")).unwrap(),
            (&items[0..2], Some("b".into()))
        );
        assert_eq!(
            page(&items, key, &query("2", "b")).unwrap(),
            (&items[2..4], Some("d".into()))
        );
        assert_eq!(page(&items, key, &query("2", "d")).unwrap(), (&items[4..], None));
        assert_eq!(
            page(&items, key, &PageQuery::default()).unwrap(),
            (&items[..], None),
            "no limit: all"
        );
        let empty: [&str; 0] = [];
        assert_eq!(page(&empty, key, &PageQuery::default()).unwrap(), (&empty[..], None));
    }

    #[test]
    fn a_bad_limit_or_an_unknown_cursor_is_a_korean_400() {
        let items = ["a"];
        for (limit, after) in [("0", ""), ("1001", ""), ("열", ""), ("", ""), ("1", "zz")] {
            let refused = page(&items, key, &query(limit, after)).unwrap_err();
            assert!(matches!(refused, Failure::BadInput(_)), "{limit} {after}");
        }
    }

    #[test]
    fn the_next_link_keeps_the_filters_and_escapes_korean() {
        let headers = next_link(
            "/api/v1/complexes",
            &[("region", "경기"), ("kind", "")],
            Some("50"),
            "banwol-sihwa",
        );
        assert_eq!(
            headers[header::LINK],
            "</api/v1/complexes?region=%EA%B2%BD%EA%B8%B0&limit=50&after=banwol-sihwa>; rel=\"next\""
        );
    }
}
