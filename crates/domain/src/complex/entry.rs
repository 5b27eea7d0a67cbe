//! 산업단지 등록·수정: the checks a complex (or a linked area that is not one) passes before
//! the program office's hand entry — from the page or the API — joins the record.
//!
//! Registry files and the bundled record bring most complexes; the office adds the rest (a
//! 연계지역 a plan names, a complex designated after the last file) and corrects them. Two
//! complexes of one 시·도 must not answer to the same name, or a registry row written that way
//! could no longer be told apart: the same spelling rules the import matches by decide it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::facts::PartialDay;
use super::{Complex, ComplexId};
use crate::date::Day;
use crate::registry::{Match, match_name};
use crate::source::{Source, SourceId};

/// 지정면적 above this is a typing error: 1,000 ㎢ is twice 새만금's whole reclaimed land.
pub const MAX_AREA_M2: i64 = 1_000_000_000;
const MAX_NAME: usize = 100;
const MAX_ALIASES: usize = 20;
const MAX_DISTRICT: usize = 50;
const MAX_NOTE: usize = 1_000;

/// Why an entry was refused, one line per problem, in the office's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblems(pub Vec<String>);

impl fmt::Display for EntryProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for EntryProblems {}

/// What the checks compare an entry with.
pub struct Known<'a> {
    /// Every complex of the record, the entry's earlier version among them when it is an edit.
    pub complexes: &'a [Complex],
    /// The ids of the record's sources, which every citation must name.
    pub sources: &'a [SourceId],
    /// Today in Korea: a complex is not designated or begun in the future.
    pub today: Day,
}

/// 등록·수정 내용: a complex as the office enters it, and the source it cites when the record
/// has none yet (a 고시, the operator's page), added to the record's sources with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplexEntry {
    pub complex: Complex,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_source: Option<Source>,
}

/// Tidies `entry` (trimmed names, no empty or repeated aliases) and checks it, listing every
/// problem at once. `entry.complex.id` is the complex's id, new or kept. Like every complex of
/// the record, it cites at least one source.
pub fn check_entry(entry: ComplexEntry, known: &Known<'_>) -> Result<ComplexEntry, EntryProblems> {
    let ComplexEntry {
        complex: mut entry,
        new_source,
    } = entry;
    tidy(&mut entry);
    let mut problems = Vec::new();
    let mut refuse = |p: String| problems.push(p);
    let new_source = new_source.map(|s| check_source(s, known.sources, &mut refuse));
    let new_id = new_source.as_ref().map(|s| s.id.clone());
    if let Some(id) = &new_id
        && !entry.sources.contains(id)
    {
        entry.sources.push(id.clone());
    }
    if entry.sources.is_empty() {
        refuse("출처를 하나 이상 고르거나 새 출처를 적어 주십시오 (기록의 모든 단지는 출처를 밝힙니다).".into());
    }
    if !entry.id.is_well_formed() {
        refuse(format!(
            "식별자 '{}'은(는) 영문 소문자·숫자·하이픈으로 64자 이내여야 합니다 (예: banwol-sihwa).",
            entry.id.0
        ));
    }
    if entry.name.is_empty() || entry.name.chars().count() > MAX_NAME {
        refuse(format!("단지명은 {MAX_NAME}자 이내로 적어 주십시오."));
    }
    if entry.aliases.len() > MAX_ALIASES || entry.aliases.iter().any(|a| a.chars().count() > MAX_NAME) {
        refuse(format!(
            "다른 이름은 {MAX_ALIASES}개까지, 각 {MAX_NAME}자 이내로 적어 주십시오."
        ));
    }
    for text in [&entry.name].into_iter().chain(&entry.aliases) {
        if text.chars().any(char::is_control) {
            refuse(format!(
                "'{}'에 쓸 수 없는 문자(줄바꿈 등)가 있습니다.",
                text.escape_debug()
            ));
        }
    }
    refuse_shared_names(&entry, known.complexes, &mut refuse);
    if opt_len(&entry.district) > MAX_DISTRICT {
        refuse(format!("시·군·구는 {MAX_DISTRICT}자 이내로 적어 주십시오."));
    }
    if opt_len(&entry.managed_by) > MAX_NAME {
        refuse(format!("관리기관은 {MAX_NAME}자 이내로 적어 주십시오."));
    }
    if opt_len(&entry.dates_note) > MAX_NOTE {
        refuse(format!("날짜 참고 사항은 {MAX_NOTE}자 이내로 적어 주십시오."));
    }
    if entry.area_m2.is_some_and(|a| !(1..=MAX_AREA_M2).contains(&a)) {
        refuse("지정면적은 1㎡ 이상 1,000㎢(1,000,000,000㎡) 이하의 정수(㎡)로 적어 주십시오.".into());
    }
    refuse_bad_dates(&entry, &known.today, &mut refuse);
    for (date, source, what) in [
        (&entry.designated, &entry.designation_source, "지정일"),
        (&entry.construction_started, &entry.construction_source, "착공일"),
    ] {
        if date.is_none() && source.is_some() {
            refuse(format!("{what}의 출처만 있고 {what}이(가) 없습니다."));
        }
    }
    let cited = entry
        .sources
        .iter()
        .chain(&entry.designation_source)
        .chain(&entry.construction_source);
    for source in cited {
        if !known.sources.contains(source) && Some(source) != new_id.as_ref() {
            refuse(format!(
                "출처 '{}'은(는) 기록의 출처 목록에 없습니다. 출처 목록의 식별자를 적어 주십시오.",
                source.0
            ));
        }
    }
    if problems.is_empty() {
        Ok(ComplexEntry {
            complex: entry,
            new_source,
        })
    } else {
        Err(EntryProblems(problems))
    }
}

fn check_source(mut source: Source, known: &[SourceId], refuse: &mut impl FnMut(String)) -> Source {
    for text in [&mut source.title, &mut source.publisher] {
        *text = text.trim().to_string();
    }
    source.url = source
        .url
        .take()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    let id = &source.id.0;
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        refuse(format!(
            "새 출처의 식별자 '{id}'은(는) 영문 소문자·숫자·하이픈으로 64자 이내여야 합니다."
        ));
    } else if known.contains(&source.id) {
        refuse(format!(
            "출처 식별자 '{id}'은(는) 이미 있습니다. 목록에서 고르거나 다른 식별자를 적어 주십시오."
        ));
    }
    if source.title.is_empty() || source.title.chars().count() > 300 {
        refuse("새 출처의 제목을 300자 이내로 적어 주십시오.".into());
    }
    if source.publisher.is_empty() || source.publisher.chars().count() > MAX_NAME {
        refuse(format!("새 출처의 발행 기관을 {MAX_NAME}자 이내로 적어 주십시오."));
    }
    if source.url.as_deref().is_some_and(|u| {
        !(u.starts_with("https://") || u.starts_with("http://")) || u.len() > 500 || u.contains(char::is_whitespace)
    }) {
        refuse("새 출처의 주소는 https://로 시작하는 500자 이내의 주소여야 합니다.".into());
    }
    source
}

fn opt_len(text: &Option<String>) -> usize {
    text.as_deref().map_or(0, |t| t.chars().count())
}

fn tidy(entry: &mut Complex) {
    entry.name = entry.name.trim().to_string();
    let mut aliases: Vec<String> = Vec::new();
    for alias in entry.aliases.drain(..) {
        let alias = alias.trim().to_string();
        if !alias.is_empty() && alias != entry.name && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    entry.aliases = aliases;
    for text in [&mut entry.district, &mut entry.managed_by, &mut entry.dates_note] {
        *text = text.take().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    }
    entry.sources.dedup();
}

/// A name or alias that another complex of the same 시·도 already answers to, by the import's
/// spelling rules ("반월시화 국가산단" is "반월·시화국가산업단지").
fn refuse_shared_names(entry: &Complex, complexes: &[Complex], refuse: &mut impl FnMut(String)) {
    let others: Vec<Complex> = complexes
        .iter()
        .filter(|c| c.id != entry.id && c.region == entry.region)
        .cloned()
        .collect();
    for written in std::iter::once(&entry.name).chain(&entry.aliases) {
        let taken: Vec<ComplexId> = match match_name(written, None, Some(entry.region), &others) {
            Match::Exact(id) => vec![id],
            Match::Ambiguous(ids) => ids,
            _ => continue,
        };
        let owners: Vec<String> = taken
            .iter()
            .filter_map(|id| others.iter().find(|c| &c.id == id))
            .map(|c| format!("{}({})", c.name, c.id.0))
            .collect();
        refuse(format!(
            "'{written}'은(는) 같은 시·도의 {}이(가) 이미 쓰는 이름입니다. 두 단지가 같은 이름이면 현황 파일의 행을 어느 단지에 넣을지 가릴 수 없습니다.",
            owners.join(", ")
        ));
    }
}

fn refuse_bad_dates(entry: &Complex, today: &Day, refuse: &mut impl FnMut(String)) {
    let read = |day: &Option<Day>, what: &str, refuse: &mut dyn FnMut(String)| -> Option<PartialDay> {
        let day = day.as_ref()?;
        let partial = PartialDay::from_day(day);
        if partial.is_none() {
            refuse(format!("{what} '{day}'은(는) 있을 수 있는 날짜가 아닙니다."));
        }
        partial
    };
    let designated = read(&entry.designated, "지정일", refuse);
    let started = read(&entry.construction_started, "착공일", refuse);
    let completed = read(&entry.completed, "준공일", refuse);
    let Some(today) = PartialDay::from_day(today) else {
        return;
    };
    let before = |a: &PartialDay, b: &PartialDay| a.latest_day().days_after(&b.earliest_day()).is_some_and(|d| d < 0);
    for (date, what) in [(&designated, "지정일"), (&started, "착공일")] {
        if let Some(date) = date
            && before(&today, date)
        {
            refuse(format!("{what} {}은(는) 오늘보다 뒤입니다.", date.korean()));
        }
    }
    if let (Some(started), Some(completed)) = (&started, &completed)
        && before(completed, started)
    {
        refuse(format!(
            "준공일 {}이(가) 착공일 {}보다 앞섭니다.",
            completed.korean(),
            started.korean()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complex::SiteKind;
    use crate::region::Region;

    fn banwol() -> Complex {
        Complex {
            aliases: vec!["반월·시화".into()],
            sources: vec![SourceId("kicox".into())],
            ..Complex::named(
                ComplexId("banwol-sihwa".into()),
                "반월·시화국가산업단지",
                SiteKind::National,
                Region::Gyeonggi,
            )
        }
    }

    fn check(entry: Complex) -> Result<Complex, Vec<String>> {
        check_with(entry, None).map(|e| e.complex)
    }

    fn check_with(complex: Complex, new_source: Option<Source>) -> Result<ComplexEntry, Vec<String>> {
        let complexes = [banwol()];
        let sources = [SourceId("kicox".into())];
        check_entry(
            ComplexEntry { complex, new_source },
            &Known {
                complexes: &complexes,
                sources: &sources,
                today: Day::ymd(2026, 12, 4),
            },
        )
        .map_err(|p| p.0)
    }

    fn area(id: &str, name: &str) -> Complex {
        Complex {
            sources: vec![SourceId("kicox".into())],
            ..Complex::named(ComplexId(id.into()), name, SiteKind::OtherArea, Region::Gyeonggi)
        }
    }

    fn gazette(id: &str) -> Source {
        Source {
            id: SourceId(id.into()),
            title: " 경기도 고시 제2013-123호 ".into(),
            publisher: "경기도".into(),
            published: Some("2013-05-02".parse().unwrap()),
            url: Some("https://www.gg.go.kr/".into()),
            note: None,
        }
    }

    #[test]
    fn a_new_source_is_cited_by_the_entry_and_a_complex_without_any_is_refused() {
        let unsourced = Complex {
            sources: Vec::new(),
            ..area("a", "가")
        };
        let refused = check_with(unsourced.clone(), None).unwrap_err();
        assert!(refused[0].starts_with("출처를 하나 이상"), "{refused:?}");
        let entry = check_with(unsourced, Some(gazette("gg-gazette-2013-123"))).unwrap();
        assert_eq!(entry.complex.sources, vec![SourceId("gg-gazette-2013-123".into())]);
        assert_eq!(entry.new_source.unwrap().title, "경기도 고시 제2013-123호");
        let taken = check_with(area("a", "가"), Some(gazette("kicox"))).unwrap_err();
        assert!(taken[0].contains("이미 있습니다"), "{taken:?}");
        let bad = Source {
            url: Some("javascript:alert(1)".into()),
            publisher: String::new(),
            ..gazette("gazette")
        };
        assert_eq!(check_with(area("a", "가"), Some(bad)).unwrap_err().len(), 2);
    }

    #[test]
    fn a_linked_area_with_its_facts_is_entered_tidied() {
        let entry = Complex {
            aliases: vec![" 시흥 배곧 ".into(), "".into(), "시흥 배곧".into(), "배곧신도시".into()],
            district: Some(" 시흥시 ".into()),
            designated: Some("2013".parse().unwrap()),
            construction_started: Some("2014-05".parse().unwrap()),
            completed: Some("2030".parse().unwrap()),
            area_m2: Some(4_900_000),
            managed_by: Some("시흥시".into()),
            ..area("siheung-baegot", " 배곧신도시 ")
        };
        let checked = check(entry).unwrap();
        assert_eq!(checked.name, "배곧신도시");
        assert_eq!(
            checked.aliases,
            vec!["시흥 배곧".to_string()],
            "trimmed, once, not the name itself"
        );
        assert_eq!(checked.district.as_deref(), Some("시흥시"));
        assert_eq!(
            checked.completed,
            Some("2030".parse().unwrap()),
            "a completion may lie ahead"
        );
    }

    #[test]
    fn a_name_another_complex_of_the_region_answers_to_is_refused_by_the_import_spelling_rules() {
        let problems = check(Complex {
            aliases: vec!["반월시화 국가산단".into()],
            ..area("new-area", "새 연계지역")
        })
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("반월·시화국가산업단지(banwol-sihwa)"),
            "{problems:?}"
        );
        let elsewhere = Complex {
            region: Region::Busan,
            ..area("busan-banwol", "반월·시화국가산업단지")
        };
        assert!(check(elsewhere).is_ok(), "another 시·도 may use the name");
    }

    #[test]
    fn an_edit_does_not_collide_with_its_own_earlier_version() {
        let mut edited = banwol();
        edited.aliases.push("반월국가산단".into());
        assert!(check(edited).is_ok());
    }

    #[test]
    fn every_problem_is_listed_at_once_in_korean() {
        let problems = check(Complex {
            designation_source: Some(SourceId("kicox".into())),
            construction_started: Some("2027-01-01".parse().unwrap()),
            completed: Some("2020".parse().unwrap()),
            area_m2: Some(0),
            sources: vec![SourceId("made-up".into())],
            ..area("Bad Id", "")
        })
        .unwrap_err();
        for expected in [
            "식별자 'Bad Id'",
            "단지명은",
            "지정일의 출처만",
            "착공일 2027. 1. 1.은(는) 오늘보다 뒤",
            "준공일 2020.이(가) 착공일",
            "지정면적은",
            "출처 'made-up'",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
        assert_eq!(problems.len(), 7, "{problems:?}");
    }

    #[test]
    fn a_partial_date_is_only_refused_when_every_day_it_can_mean_is_wrong() {
        let entry = |started: &str, completed: &str| Complex {
            construction_started: Some(started.parse().unwrap()),
            completed: Some(completed.parse().unwrap()),
            ..area("a", "가")
        };
        assert!(
            check(entry("1990", "1990-01")).is_ok(),
            "started early in 1990 is possible"
        );
        assert!(check(entry("1990-05", "1990-04-30")).is_err());
        assert!(check(entry("2026", "2026")).is_ok(), "this year is not the future");
    }
}
