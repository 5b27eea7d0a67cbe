//! 목차: the headings of a plan document, read from its text by the numbering Korean
//! government documents use — Ⅰ. / 제1장 for chapters, 1. for sections, 가. for items.
//! A table of contents page (a title followed by leader dots and a page number) is skipped, so
//! each heading is listed once, at the page where it stands.

use serde::{Deserialize, Serialize};

use super::text::PAGE_BREAK;

/// One heading: its depth (1 chapter, 2 section, 3 item), its text and, for a paged document,
/// its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Heading {
    pub level: u8,
    pub title: String,
    pub page: Option<u32>,
}

/// The most headings an outline lists; beyond that a document is a list, not an outline.
pub const MAX_HEADINGS: usize = 300;
/// A longer line is a sentence, not a heading.
const MAX_TITLE_CHARS: usize = 60;

const ROMAN: [&str; 12] = ["XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"];
const HANGUL_ITEMS: &str = "가나다라마바사아자차카타파하";

/// The headings of `text`, in order. Pages are counted only when the text has page breaks.
pub fn outline(text: &str) -> Vec<Heading> {
    let paged = text.trim_end_matches(PAGE_BREAK).contains(PAGE_BREAK);
    let mut headings = Vec::new();
    for (index, page) in text.split(PAGE_BREAK).enumerate() {
        for line in page.lines() {
            if let Some((level, title)) = heading(line) {
                headings.push(Heading {
                    level,
                    title,
                    page: paged.then(|| index as u32 + 1),
                });
                if headings.len() == MAX_HEADINGS {
                    return headings;
                }
            }
        }
    }
    headings
}

/// The level and title of a heading line, or None for any other line.
fn heading(line: &str) -> Option<(u8, String)> {
    let line = line.trim();
    let (level, rest) = chapter(line)
        .map(|rest| (1, rest))
        .or_else(|| numbered(line).map(|rest| (2, rest)))
        .or_else(|| lettered(line).map(|rest| (3, rest)))?;
    let title = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let is_contents_line = title.contains("···") || title.contains("....") || title.contains("‥‥");
    let count = title.chars().count();
    let starts_with_word = title
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii_digit() && !c.is_ascii_punctuation());
    (count > 0 && count <= MAX_TITLE_CHARS && !is_contents_line && starts_with_word).then_some((level, title))
}

/// "Ⅰ. 추진 배경", "II. 현황", "제2장 추진 전략", "제 3 편 …"
fn chapter(line: &str) -> Option<&str> {
    if let Some(first) = line.chars().next()
        && ('\u{2160}'..='\u{216B}').contains(&first)
    {
        return after_mark(&line[first.len_utf8()..]);
    }
    if let Some(roman) = ROMAN.iter().find(|r| line.starts_with(**r)) {
        return after_dot(&line[roman.len()..]);
    }
    let rest = line.strip_prefix('제')?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = rest[digits..].trim_start();
    let rest = rest.strip_prefix('장').or_else(|| rest.strip_prefix('편'))?;
    rest.starts_with(char::is_whitespace).then_some(rest)
}

/// "1. 사업 개요", "12. 기대 효과"
fn numbered(line: &str) -> Option<&str> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 2 {
        return None;
    }
    after_dot(&line[digits..])
}

/// "가. 거점산단 현황"
fn lettered(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !HANGUL_ITEMS.contains(first) {
        return None;
    }
    after_dot(&line[first.len_utf8()..])
}

/// The rest after a mark followed by a dot (or a full stop of the wide form) and a space.
fn after_dot(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix('．'))?;
    rest.starts_with(char::is_whitespace).then_some(rest)
}

/// After a Roman numeral character a dot is optional: "Ⅰ 추진 배경" is as common as "Ⅰ. …".
fn after_mark(rest: &str) -> Option<&str> {
    after_dot(rest).or_else(|| rest.starts_with(char::is_whitespace).then_some(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, title: &str, page: Option<u32>) -> Heading {
        Heading {
            level,
            title: title.into(),
            page,
        }
    }

    #[test]
    fn chapters_sections_and_items_are_read_by_their_numbering() {
        let text = "경기 반월시화 산단혁신계획\n\
                    Ⅰ. 추진 배경\n\
                    1. 거점산단 현황\n\
                    가. 입주기업과 고용\n\
                    반월시화 국가산단은 1977년에 지정되었다.\n\
                    1. 이 문장은 번호로 시작하지만 너무 길어서 제목이 아니라 본문의 한 항목으로 읽히는 문장입니다 정말로 그렇습니다.\n\
                    II. 추진 전략\n\
                    제3장 기대 효과\n\
                    2025. 12. 31. 기준\n\
                    가나다라 순서\n";
        assert_eq!(
            outline(text),
            [
                h(1, "추진 배경", None),
                h(2, "거점산단 현황", None),
                h(3, "입주기업과 고용", None),
                h(1, "추진 전략", None),
                h(1, "기대 효과", None),
            ]
        );
    }

    #[test]
    fn a_paged_outline_gives_each_heading_its_page_and_skips_the_contents_page() {
        let text = "목 차\nⅠ. 추진 배경 ··········· 3\n1. 현황 ........ 4\n\u{c}표지 뒤\n\u{c}Ⅰ. 추진 배경\n본문\n\u{c}1. 현황\n";
        assert_eq!(outline(text), [h(1, "추진 배경", Some(3)), h(2, "현황", Some(4))]);
    }

    #[test]
    fn the_outline_stops_at_its_limit() {
        let text = "1. 항목\n".repeat(MAX_HEADINGS + 10);
        assert_eq!(outline(&text).len(), MAX_HEADINGS);
    }
}
