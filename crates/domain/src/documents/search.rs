//! 문서 찾기: where a phrase stands in a document's text, with a few words either side. Line
//! breaks and runs of spaces count as one space, because a phrase a reader types may be broken
//! across lines in the document; Latin letters match in either case.

use serde::Serialize;

use super::text::PAGE_BREAK;

/// One place the phrase stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    /// The page, for a paged document.
    pub page: Option<u32>,
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// Characters shown either side of a hit.
const CONTEXT_CHARS: usize = 40;

/// Why a phrase cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryProblem {
    #[error("찾을 말을 두 글자 이상 적어 주십시오.")]
    TooShort,
    #[error("찾을 말은 100자 이내로 적어 주십시오.")]
    TooLong,
}

/// The phrase to search for, with its spaces collapsed.
pub fn query(text: &str) -> Result<String, QueryProblem> {
    let phrase = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match phrase.chars().count() {
        0..2 => Err(QueryProblem::TooShort),
        2..=100 => Ok(phrase),
        _ => Err(QueryProblem::TooLong),
    }
}

/// The text with every whitespace run made one space, and where each page starts in it.
fn flattened(text: &str) -> (String, Vec<usize>) {
    let mut flat = String::with_capacity(text.len());
    let mut pages = vec![0];
    let mut space = false;
    for c in text.chars() {
        if c == PAGE_BREAK {
            pages.push(flat.len());
        }
        if c.is_whitespace() {
            space = !flat.is_empty();
            continue;
        }
        if space {
            flat.push(' ');
            space = false;
        }
        flat.push(c);
    }
    (flat, pages)
}

/// Up to `limit` places `phrase` (from [`query`]) stands in `text`, in order.
pub fn find(text: &str, phrase: &str, limit: usize) -> Vec<Hit> {
    let (flat, pages) = flattened(text);
    let paged = pages.iter().filter(|start| **start < flat.len()).count() > 1;
    // ASCII lowercasing keeps every byte offset, so offsets in `folded` are offsets in `flat`.
    let folded = flat.to_ascii_lowercase();
    let needle = phrase.to_ascii_lowercase();
    let mut hits = Vec::new();
    let mut from = 0;
    while hits.len() < limit
        && let Some(found) = folded[from..].find(&needle)
    {
        let start = from + found;
        let end = start + needle.len();
        hits.push(Hit {
            page: paged.then(|| pages.iter().filter(|p| **p <= start).count() as u32),
            before: tail(&flat[..start], CONTEXT_CHARS),
            matched: flat[start..end].to_string(),
            after: flat[end..].chars().take(CONTEXT_CHARS).collect(),
        });
        from = end;
    }
    hits
}

fn tail(text: &str, chars: usize) -> String {
    let skip = text.chars().count().saturating_sub(chars);
    text.chars().skip(skip).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_is_found_across_line_breaks_with_its_page_and_context() {
        let text = "표지\u{c}반월시화 산단은\n스마트 그린\n산단으로 전환한다.\u{c}다시 스마트   그린 산단.";
        let hits = find(text, &query(" 스마트  그린 산단 ").unwrap(), 10);
        assert_eq!(
            hits,
            [
                Hit {
                    page: Some(2),
                    before: "표지 반월시화 산단은 ".into(),
                    matched: "스마트 그린 산단".into(),
                    after: "으로 전환한다. 다시 스마트 그린 산단.".into(),
                },
                Hit {
                    page: Some(3),
                    before: "표지 반월시화 산단은 스마트 그린 산단으로 전환한다. 다시 ".into(),
                    matched: "스마트 그린 산단".into(),
                    after: ".".into(),
                },
            ]
        );
    }

    #[test]
    fn latin_letters_match_in_either_case_and_the_limit_holds() {
        let hits = find("RE100 산단, re100 기업, Re100", "re100", 2);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].matched, "RE100");
        assert_eq!(hits[1].matched, "re100");
        assert_eq!(hits[0].page, None);
        assert!(find("없는 글", "스마트", 10).is_empty());
    }

    #[test]
    fn the_context_is_cut_on_characters() {
        let before = "가".repeat(100);
        let hits = find(&format!("{before}산단{before}"), "산단", 1);
        assert_eq!(hits[0].before.chars().count(), CONTEXT_CHARS);
        assert_eq!(hits[0].after.chars().count(), CONTEXT_CHARS);
    }

    #[test]
    fn a_query_has_two_to_a_hundred_characters() {
        assert_eq!(query(" 산 "), Err(QueryProblem::TooShort));
        assert_eq!(query(&"가".repeat(101)), Err(QueryProblem::TooLong));
        assert_eq!(query("스마트\n그린").unwrap(), "스마트 그린");
    }
}
