//! 단지명 대조: which complex a registry row names.
//!
//! The same complex is written "반월·시화국가산업단지", "반월시화 국가산단" and "반월·시화", and
//! "익산제2일반산업단지" is "익산2일반산단" elsewhere. [`normalise`] folds such spellings to one
//! key; [`match_name`] compares keys with every complex's name and aliases in three steps, each
//! tried only when the one before found nothing:
//!
//! 1. the key itself;
//! 2. the key without middle dots ("신평·장림" = "신평장림");
//! 3. the stem before the legal type ("광양국가" = "광양국가산업단지"), only when the row states a
//!    type and only among complexes of that type.
//!
//! Region and type narrow the candidates. Nothing is guessed: a name never matches a longer or
//! shorter one ("구미" is not "구미하이테크밸리"), and two candidates are reported, not chosen.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::cells::is_circled_digit;
use crate::complex::{Complex, ComplexId, SiteKind};
use crate::region::Region;

/// What a row's name was found to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "match", content = "complexes")]
pub enum Match {
    /// Exactly one complex answers to the name.
    Exact(ComplexId),
    /// Several do; the office chooses.
    Ambiguous(Vec<ComplexId>),
    /// None does: a new complex, or a spelling the record does not know yet.
    Unmatched,
}

/// Characters that separate the two areas of a joint name ("반월·시화", "1·2단지").
const DOTS: [char; 8] = ['·', '・', 'ㆍ', '‧', '•', '∙', '.', '/'];

/// The comparable key of a complex name: NFC; spaces, brackets and list marks gone (the text
/// inside brackets stays: "구미국가(2단지)" = "구미국가2단지"), a former name "(구 성전)" dropped;
/// every middle dot, full stop, slash and comma as one "·"; "제2" as "2"; "산단" and
/// "지방산업단지" as "산업단지", so "국가산단" = "국가산업단지" and "일반산단" = "일반산업단지".
pub fn normalise(name: &str) -> String {
    let nfc: String = name.nfc().collect();
    let without_former = drop_former_names(&nfc);
    let mut key = String::new();
    for c in without_former.chars() {
        match c {
            c if c.is_whitespace() => {}
            '(' | ')' | '[' | ']' | '（' | '）' | '<' | '>' | '「' | '」' | '▷' | '└' => {}
            c if is_circled_digit(c) => {}
            c if DOTS.contains(&c) || c == ',' => {
                if !key.ends_with('·') {
                    key.push('·');
                }
            }
            c => key.extend(c.to_lowercase()),
        }
    }
    let key = key.trim_matches('·').to_string();
    let key = ordinal_numbers(&key);
    // "산단지…" is not an abbreviation ("울산단지"), so only a "산단" not followed by 지 expands.
    let mut out = String::with_capacity(key.len() + 8);
    let chars: Vec<char> = key.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '산' && chars.get(i + 1) == Some(&'단') && chars.get(i + 2) != Some(&'지') {
            out.push_str("산업단지");
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out.replace("지방산업단지", "산업단지")
}

/// "(구 성전)", "(舊 성전)": the complex's former name, which names it no longer.
fn drop_former_names(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(start) = rest.find(['(', '（']) {
        let open_len = rest[start..].chars().next().map_or(1, char::len_utf8);
        let inside_from = start + open_len;
        let Some(close) = rest[inside_from..].find([')', '）']) else {
            break;
        };
        let inside = rest[inside_from..inside_from + close].trim_start();
        out.push_str(&rest[..start]);
        if !(inside.starts_with("구 ") || inside.starts_with('舊')) {
            out.push_str(&rest[start..inside_from + close]);
            out.push(')');
        }
        let close_len = rest[inside_from + close..].chars().next().map_or(1, char::len_utf8);
        rest = &rest[inside_from + close + close_len..];
    }
    out.push_str(rest);
    out
}

/// "제2" → "2": the ordinal prefix is written or left out at will ("익산제2" = "익산2").
fn ordinal_numbers(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| !(**c == '제' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        .map(|(_, c)| *c)
        .collect()
}

/// The key without middle dots: "신평·장림" = "신평장림".
fn dotless(key: &str) -> String {
    key.replace('·', "")
}

/// Step 1 of matching: the key itself.
fn exact(key: &str) -> Option<String> {
    Some(key.to_string())
}

/// Step 2 of matching: the key without middle dots.
fn no_dots(key: &str) -> Option<String> {
    Some(dotless(key))
}

/// Legal-type endings, longest first, that a stem drops.
const TYPE_ENDINGS: [&str; 9] = [
    "도시첨단산업단지",
    "국가산업단지",
    "일반산업단지",
    "농공단지",
    "산업단지",
    "도시첨단",
    "국가",
    "일반",
    "농공",
];

/// The name before its legal type: "광양국가산업단지" → "광양"; `None` when nothing is left.
fn stem(key: &str) -> Option<String> {
    let dotless = dotless(key);
    let stem = TYPE_ENDINGS
        .iter()
        .find_map(|ending| dotless.strip_suffix(ending))
        .unwrap_or(&dotless);
    (!stem.is_empty()).then(|| stem.to_string())
}

/// Which of `complexes` the row name `name` of type `kind` in `region` names.
pub fn match_name(name: &str, kind: Option<SiteKind>, region: Option<Region>, complexes: &[Complex]) -> Match {
    let key = normalise(name);
    if key.is_empty() {
        return Match::Unmatched;
    }
    let in_scope = |c: &&Complex| region.is_none_or(|r| c.region == r) && kind.is_none_or(|k| c.kind == k);
    let spellings = |c: &Complex| -> Vec<String> {
        std::iter::once(&c.name)
            .chain(&c.aliases)
            .map(|s| normalise(s))
            .collect()
    };
    // The stem step is only sound when the row states a type to compare.
    let steps: &[fn(&str) -> Option<String>] = if kind.is_some() {
        &[exact, no_dots, stem]
    } else {
        &[exact, no_dots]
    };
    for step in steps {
        let Some(wanted) = step(&key) else { continue };
        let mut found: Vec<ComplexId> = complexes
            .iter()
            .filter(in_scope)
            .filter(|c| spellings(c).iter().any(|s| step(s).as_deref() == Some(wanted.as_str())))
            .map(|c| c.id.clone())
            .collect();
        found.sort();
        found.dedup();
        match found.len() {
            0 => continue,
            1 => return Match::Exact(found.remove(0)),
            _ => return Match::Ambiguous(found),
        }
    }
    Match::Unmatched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complex(id: &str, name: &str, aliases: &[&str], kind: SiteKind, region: Region) -> Complex {
        Complex {
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Complex::named(ComplexId(id.into()), name, kind, region)
        }
    }

    #[test]
    fn spellings_of_one_complex_share_a_key() {
        for (a, b) in [
            ("반월·시화 국가산단", "반월ㆍ시화국가산업단지"),
            ("반월.시화국가산업단지", "반월・시화 국가산업단지"),
            ("반월/시화국가산업단지", "반월‧시화국가산업단지"),
            ("익산제2일반산업단지", "익산2일반산단"),
            ("사천1·2일반산업단지", "사천1,2 일반산단"),
            ("구미국가산업단지(2단지)", "구미국가산업단지 2단지"),
            ("강진(구 성전)일반산단", "강진일반산업단지"),
            ("남원일반지방산업단지", "남원일반산업단지"),
            ("서울디지털 ①", "서울디지털"),
        ] {
            assert_eq!(normalise(a), normalise(b), "{a} / {b}");
        }
        let decomposed: String = "반월시화".nfd().collect();
        assert_eq!(normalise(&decomposed), "반월시화");
        assert_eq!(
            normalise("울산단지"),
            "울산단지",
            "산단 inside 울산단지 is no abbreviation"
        );
        assert_eq!(
            normalise("제주일반산업단지"),
            "제주일반산업단지",
            "제 before a syllable stays"
        );
        assert_ne!(normalise("구미"), normalise("구미하이테크밸리"));
    }

    #[test]
    fn region_and_type_narrow_the_candidates() {
        let complexes = [
            complex(
                "hanam",
                "하남일반산업단지",
                &["하남"],
                SiteKind::General,
                Region::Gwangju,
            ),
            complex("hanam-gg", "하남일반산업단지", &[], SiteKind::General, Region::Gyeonggi),
        ];
        let named = |region| match_name("하남일반산단", Some(SiteKind::General), region, &complexes);
        assert_eq!(named(Some(Region::Gwangju)), Match::Exact(ComplexId("hanam".into())));
        assert_eq!(
            named(None),
            Match::Ambiguous(vec![ComplexId("hanam".into()), ComplexId("hanam-gg".into())])
        );
        assert_eq!(named(Some(Region::Busan)), Match::Unmatched);
        assert_eq!(
            match_name(
                "하남",
                Some(SiteKind::AgroIndustrial),
                Some(Region::Gwangju),
                &complexes
            ),
            Match::Unmatched,
            "a 농공단지 of the same name is another complex"
        );
    }

    #[test]
    fn the_stem_step_needs_a_stated_type() {
        let complexes = [complex(
            "gwangyang",
            "광양국가산업단지",
            &[],
            SiteKind::National,
            Region::Jeonnam,
        )];
        assert_eq!(
            match_name("광양국가", Some(SiteKind::National), Some(Region::Jeonnam), &complexes),
            Match::Exact(ComplexId("gwangyang".into()))
        );
        assert_eq!(
            match_name("광양", None, Some(Region::Jeonnam), &complexes),
            Match::Unmatched
        );
    }
}
