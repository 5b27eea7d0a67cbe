//! What a decision is about, as a labelled link: the same on every page that lists decisions.

use std::collections::HashMap;

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
