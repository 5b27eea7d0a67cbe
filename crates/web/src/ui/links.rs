//! Links and redirects: what a decision is about as a labelled link (the same on every page
//! that lists decisions), percent-encoding, and redirects that are always valid headers.

use std::collections::HashMap;

use axum::response::Redirect;

use sandan_domain::Designation;

use crate::Lang;

/// (label, href) for the subject of a designation: the region's plan for decisions on a
/// region, the complex for decisions on a complex. `href` is empty when there is no page.
pub fn designation_subject(d: &Designation, names: &HashMap<String, String>, lang: Lang) -> (String, String) {
    match (d.kind.names_a_complex(), &d.complex, d.region, d.round) {
        (false, _, Some(region), Some(year)) => (
            region.short_name().to_string(),
            lang.href(&format!("/rounds/{year}/plans/{}", region.short_name())),
        ),
        (_, Some(id), _, _) => (
            names.get(&id.0).cloned().unwrap_or_else(|| id.0.clone()),
            lang.href(&format!("/complexes/{}", id.0)),
        ),
        (_, None, Some(region), _) => (region.short_name().to_string(), String::new()),
        (_, None, None, _) => (String::new(), String::new()),
    }
}

/// `text` with every byte but ASCII letters, digits and `safe` written as %XX: query values,
/// and RFC 5987 file names in a download header.
pub fn percent_encode(text: &str, safe: &[u8]) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || safe.contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `path` as a `Location` header may carry it: every byte outside visible ASCII (controls,
/// spaces, non-ASCII such as a region's Korean name) as %XX. A redirect built from what a
/// visitor typed can then never fail to become a header.
pub fn location(path: &str) -> String {
    percent_encode(path, b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
}

/// 303 to `path` (after a form is handled).
pub fn see_other(path: &str) -> Redirect {
    Redirect::to(&location(path))
}

/// 308 to `path` (another way of writing an address redirects to the one it is known by).
pub fn moved_permanently(path: &str) -> Redirect {
    Redirect::permanent(&location(path))
}

/// `next` as a path on this site, or None. Browsers resolve a URL after the WHATWG rules:
/// they drop tabs and newlines anywhere, trim leading controls and spaces, and read `\\` as
/// `/`, so `/\t/host` and `/\\host` leave the site. Only a path whose first byte is `/`, whose
/// second is neither `/` nor `\\`, and that holds no control, space or backslash at all is
/// kept; the result is encoded for the `Location` header.
pub fn same_site_path(next: &str) -> Option<String> {
    let bytes = next.as_bytes();
    let leaves = bytes.first() != Some(&b'/')
        || matches!(bytes.get(1), Some(b'/' | b'\\'))
        || next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    (!leaves).then(|| location(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_on_this_site_is_kept_and_encoded_for_the_header() {
        assert_eq!(same_site_path("/account").as_deref(), Some("/account"));
        assert_eq!(
            same_site_path("/rounds/2021/plans/경기?lang=en").as_deref(),
            Some("/rounds/2021/plans/%EA%B2%BD%EA%B8%B0?lang=en")
        );
    }

    #[test]
    fn anything_a_browser_would_resolve_off_the_site_is_refused() {
        for next in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "\t//evil.example",
            " /account",
            "https://evil.example",
            "evil.example",
            "/a\\b",
            "/account\r\nSet-Cookie: x=1",
            "/\0",
            "",
        ] {
            assert_eq!(same_site_path(next), None, "{next:?}");
        }
    }

    #[test]
    fn a_location_is_always_a_valid_header_value() {
        for path in ["/rounds/\r\n/plans/경기", "/\0\x01\x7f", "/a b"] {
            let encoded = location(path);
            assert!(axum::http::HeaderValue::from_str(&encoded).is_ok(), "{encoded}");
            assert!(encoded.bytes().all(|b| b.is_ascii_graphic()), "{encoded}");
        }
    }
}
