//! What the server-drawn SVG (charts and the map) shares: text escaped for XML, and ids made
//! safe to use in `url(#…)` and `aria-labelledby`.

/// Text or an attribute value escaped for XML and HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id of ASCII letters, digits, `-` and `_`, starting with a letter (`prefix-` is put before
/// one that does not).
pub fn id(text: &str, prefix: &str) -> String {
    let id: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("{prefix}-{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_ids_are_safe() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(id("cohort budget", "chart"), "cohort-budget");
        assert_eq!(id("2021", "chart"), "chart-2021");
        assert_eq!(id("지도", "map"), "map---");
    }
}
