//! 변경 내역: what changed between two versions of a 혁신계획안, section by section.
//!
//! Consulting works through versions: the ministry comments, the province revises and
//! resubmits, and the ministry must see exactly what changed — down to each goal figure and
//! each year's 국비. A diff is a list of sections, in the plan's order, each with the changes an
//! official reads one by one: what changed (`item`, in Korean), how (추가·삭제·변경), the value
//! before and after as written figures ("12억 원"), and for money the signed difference.
//!
//! Matching: goals by 지표명 (then by position among goals of the same name), linked sites by
//! complex id, 중점과제 by name, 사업 by name within their 중점과제 (a project moved to another
//! 중점과제 is removed from one and added to the other), budget years by year. Complexes are
//! named by id; the web layer maps ids to names.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::plan::Metric;
use crate::proposal::{Proposal, ProposedGoal, ProposedProject, ProposedSite, ProposedTask, Section, YearBudget};
use crate::quantity::{Quantity, Unit};

/// The changes in one section of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionDiff {
    pub section: Section,
    pub changes: Vec<Change>,
}

/// One change, as an official reads it: "사업 '스마트공장 고도화' 2023년 국비 변경 10억 원 → 12억 원 (+2억 원)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// What changed, in Korean ("비전", "목표 '생산액' 목표값", "연계 'sasang' 연계기능").
    pub item: String,
    pub kind: ChangeKind,
    /// The value in the earlier version; absent for an addition.
    pub before: Option<String>,
    /// The value in the later version; absent for a removal.
    pub after: Option<String>,
    /// For figures: the signed difference, after minus before ("+3억 원", "−1억 원").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<String>,
}

/// 추가, 삭제 or 변경.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn korean(self) -> &'static str {
        match self {
            ChangeKind::Added => "추가",
            ChangeKind::Removed => "삭제",
            ChangeKind::Changed => "변경",
        }
    }
}

/// The sections that changed from `before` to `after`, in `Section::ALL` order; empty when
/// the two versions say the same thing.
pub fn diff(before: &Proposal, after: &Proposal) -> Vec<SectionDiff> {
    Section::ALL
        .into_iter()
        .filter_map(|section| {
            let changes = diff_section(section, before, after);
            (!changes.is_empty()).then_some(SectionDiff { section, changes })
        })
        .collect()
}

/// The changes in one section; empty when it did not change.
pub fn diff_section(section: Section, before: &Proposal, after: &Proposal) -> Vec<Change> {
    let mut out = Vec::new();
    match section {
        Section::Overview => {
            industries(&mut out, &before.main_industries, &after.main_industries);
            out.extend(text("비전", &before.vision, &after.vision));
        }
        Section::Goals => goals(&mut out, &before.goals, &after.goals),
        Section::Sites => sites(&mut out, before, after),
        Section::Projects => projects(&mut out, before, after),
        Section::Implementation => out.extend(text("추진체계", &before.implementation, &after.implementation)),
        Section::Conditions => out.extend(text("지역여건", &before.conditions, &after.conditions)),
        Section::Structure => out.extend(text("혁신계획 구성", &before.structure, &after.structure)),
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Sections

fn industries(out: &mut Vec<Change>, before: &[String], after: &[String]) {
    let mut changed = false;
    for pair in pair_up(before, after, |s| s.clone()) {
        match pair.sides {
            (Some(b), None) => {
                changed = true;
                out.push(Change::removed("주력업종", before[b].clone()));
            }
            (None, Some(a)) => {
                changed = true;
                out.push(Change::added("주력업종", after[a].clone()));
            }
            _ => {}
        }
    }
    // Same industries, new order: the first is the plan's lead industry, so the order is news.
    if !changed && before != after {
        out.push(Change::changed("주력업종 순서", before.join(", "), after.join(", ")));
    }
}

fn goals(out: &mut Vec<Change>, before: &[ProposedGoal], after: &[ProposedGoal]) {
    for pair in pair_up(before, after, |g| g.metric.clone()) {
        let metric = match pair.sides {
            (Some(b), _) => &before[b].metric,
            (None, Some(a)) => &after[a].metric,
            (None, None) => continue,
        };
        let name = format!("목표 '{metric}'{}", pair.ordinal());
        match pair.sides {
            (Some(b), Some(a)) => {
                let (b, a) = (&before[b], &after[a]);
                out.extend(text(&format!("{name} 유형"), b.kind.korean(), a.kind.korean()));
                out.extend(optional(
                    &format!("{name} 비교지표"),
                    b.measures.map(Metric::korean).map(String::from),
                    a.measures.map(Metric::korean).map(String::from),
                ));
                out.extend(quantity(&format!("{name} 기준값"), b.baseline, a.baseline));
                out.extend(optional(
                    &format!("{name} 기준연도"),
                    b.baseline_year.map(year),
                    a.baseline_year.map(year),
                ));
                out.extend(quantity(&format!("{name} 목표값"), b.target, a.target));
                out.extend(optional(
                    &format!("{name} 목표연도"),
                    b.target_year.map(year),
                    a.target_year.map(year),
                ));
            }
            (Some(b), None) => out.push(Change::removed(&name, goal_summary(&before[b]))),
            (None, Some(a)) => out.push(Change::added(&name, goal_summary(&after[a]))),
            (None, None) => {}
        }
    }
}

fn sites(out: &mut Vec<Change>, before: &Proposal, after: &Proposal) {
    let hub_id = |p: &Proposal| p.hub.as_ref().map(|h| h.complex.0.clone());
    let hub_focus = |p: &Proposal| p.hub.as_ref().map(|h| h.focus.clone()).unwrap_or_default();
    out.extend(optional("거점산단", hub_id(before), hub_id(after)));
    out.extend(text("거점산단 육성방향", &hub_focus(before), &hub_focus(after)));

    let (before, after) = (&before.linked, &after.linked);
    for pair in pair_up(before, after, |s| s.complex.0.clone()) {
        let id = match pair.sides {
            (Some(b), _) => &before[b].complex.0,
            (None, Some(a)) => &after[a].complex.0,
            (None, None) => continue,
        };
        let name = format!("연계 '{id}'{}", pair.ordinal());
        match pair.sides {
            (Some(b), Some(a)) => {
                let (b, a) = (&before[b], &after[a]);
                out.extend(text(&format!("{name} 구분"), b.role.korean(), a.role.korean()));
                out.extend(text(&format!("{name} 연계기능"), &b.function, &a.function));
            }
            (Some(b), None) => out.push(Change::removed(&name, site_summary(&before[b]))),
            (None, Some(a)) => out.push(Change::added(&name, site_summary(&after[a]))),
            (None, None) => {}
        }
    }
}

fn projects(out: &mut Vec<Change>, before: &Proposal, after: &Proposal) {
    // A project name used under more than one 중점과제 is named with its 중점과제.
    let mut tasks_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for task in before.key_tasks.iter().chain(&after.key_tasks) {
        for project in &task.projects {
            tasks_of.entry(&project.name).or_default().insert(&task.name);
        }
    }
    let project_name = |task: &str, project: &str, ordinal: String| {
        if tasks_of.get(project).is_some_and(|t| t.len() > 1) {
            format!("중점과제 '{task}' 사업 '{project}'{ordinal}")
        } else {
            format!("사업 '{project}'{ordinal}")
        }
    };

    let (tasks_before, tasks_after) = (&before.key_tasks, &after.key_tasks);
    for pair in pair_up(tasks_before, tasks_after, |t| t.name.clone()) {
        let empty = Vec::new();
        let (task, projects_before, projects_after) = match pair.sides {
            (Some(b), Some(a)) => (&tasks_after[a], &tasks_before[b].projects, &tasks_after[a].projects),
            (Some(b), None) => {
                let task = &tasks_before[b];
                out.push(Change::removed(&task_item(task, &pair), task_summary(task)));
                (task, &task.projects, &empty)
            }
            (None, Some(a)) => {
                let task = &tasks_after[a];
                out.push(Change::added(&task_item(task, &pair), task_summary(task)));
                (task, &empty, &task.projects)
            }
            (None, None) => continue,
        };
        for pp in pair_up(projects_before, projects_after, |p| p.name.clone()) {
            let project = match pp.sides {
                (Some(b), _) => &projects_before[b],
                (None, Some(a)) => &projects_after[a],
                (None, None) => continue,
            };
            let name = project_name(&task.name, &project.name, pp.ordinal());
            match pp.sides {
                (Some(b), Some(a)) => project_changes(out, &name, &projects_before[b], &projects_after[a]),
                (Some(b), None) => {
                    let p = &projects_before[b];
                    let mut change = Change::removed(&name, project_summary(&task.name, p));
                    change.delta = signed_won(0, p.total());
                    out.push(change);
                }
                (None, Some(a)) => {
                    let p = &projects_after[a];
                    let mut change = Change::added(&name, project_summary(&task.name, p));
                    change.delta = signed_won(p.total(), 0);
                    out.push(change);
                }
                (None, None) => {}
            }
        }
    }

    // 연도별 합계: the totals of the 신청 사업 table, one line per year that moved.
    let totals =
        |p: &Proposal| -> BTreeMap<i32, i64> { p.budget_by_year().iter().map(|y| (y.year, y.total())).collect() };
    let (totals_before, totals_after) = (totals(before), totals(after));
    let years: BTreeSet<i32> = totals_before.keys().chain(totals_after.keys()).copied().collect();
    for y in years {
        out.extend(money(
            &format!("연도별 합계 {}", year(y)),
            totals_before.get(&y).copied(),
            totals_after.get(&y).copied(),
        ));
    }
}

fn project_changes(out: &mut Vec<Change>, name: &str, before: &ProposedProject, after: &ProposedProject) {
    out.extend(text(
        &format!("{name} 구분"),
        new_or_continuing(before.new),
        new_or_continuing(after.new),
    ));
    out.extend(optional(
        &format!("{name} 부처사업"),
        before.program.clone(),
        after.program.clone(),
    ));
    let (budget_before, budget_after) = (by_year(&before.budget), by_year(&after.budget));
    let years: BTreeSet<i32> = budget_before.keys().chain(budget_after.keys()).copied().collect();
    for y in years {
        let (b, a) = (budget_before.get(&y), budget_after.get(&y));
        let sources = [
            ("국비", b.map(|y| y.national), a.map(|y| y.national)),
            ("지방비", b.map(|y| y.local), a.map(|y| y.local)),
            ("민자", b.map(|y| y.private), a.map(|y| y.private)),
        ];
        for (source, before, after) in sources {
            out.extend(money(&format!("{name} {} {source}", year(y)), before, after));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Changes of single values

impl Change {
    fn added(item: &str, after: String) -> Change {
        Change {
            item: item.to_string(),
            kind: ChangeKind::Added,
            before: None,
            after: Some(after),
            delta: None,
        }
    }

    fn removed(item: &str, before: String) -> Change {
        Change {
            item: item.to_string(),
            kind: ChangeKind::Removed,
            before: Some(before),
            after: None,
            delta: None,
        }
    }

    fn changed(item: &str, before: String, after: String) -> Change {
        Change {
            item: item.to_string(),
            kind: ChangeKind::Changed,
            before: Some(before),
            after: Some(after),
            delta: None,
        }
    }
}

/// A value that may be absent in either version.
fn optional(item: &str, before: Option<String>, after: Option<String>) -> Option<Change> {
    match (before, after) {
        (None, None) => None,
        (Some(b), Some(a)) if b == a => None,
        (Some(b), Some(a)) => Some(Change::changed(item, b, a)),
        (Some(b), None) => Some(Change::removed(item, b)),
        (None, Some(a)) => Some(Change::added(item, a)),
    }
}

/// A text compared whole; an empty text counts as none written.
fn text(item: &str, before: &str, after: &str) -> Option<Change> {
    let present = |s: &str| (!s.is_empty()).then(|| s.to_string());
    optional(item, present(before), present(after))
}

/// A goal figure, with the difference when both versions count in the same unit.
fn quantity(item: &str, before: Option<Quantity>, after: Option<Quantity>) -> Option<Change> {
    let mut change = optional(item, before.map(|q| q.to_string()), after.map(|q| q.to_string()))?;
    if let (Some(b), Some(a)) = (before, after)
        && b.unit == a.unit
    {
        change.delta = signed(a.value, b.value, a.unit);
    }
    Some(change)
}

/// An amount in 원; a missing amount and 0원 are the same.
fn money(item: &str, before: Option<i64>, after: Option<i64>) -> Option<Change> {
    let (b, a) = (before.unwrap_or(0), after.unwrap_or(0));
    if b == a {
        return None;
    }
    let mut change = optional(item, before.map(won), after.map(won))?;
    change.delta = signed_won(a, b);
    Some(change)
}

fn won(value: i64) -> String {
    Quantity::won(value).to_string()
}

/// `after − before` written with its sign: "+3억 원", "−1억 원" (U+2212, as printed tables do).
fn signed(after: i64, before: i64, unit: Unit) -> Option<String> {
    let d = (after as i128) - (before as i128);
    let sign = match d.signum() {
        0 => return None,
        1 => '+',
        _ => '\u{2212}',
    };
    let magnitude = i64::try_from(d.unsigned_abs()).unwrap_or(i64::MAX);
    Some(format!("{sign}{}", Quantity::new(magnitude, unit)))
}

fn signed_won(after: i64, before: i64) -> Option<String> {
    signed(after, before, Unit::Won)
}

fn year(y: i32) -> String {
    format!("{y}년")
}

fn new_or_continuing(new: bool) -> &'static str {
    if new { "신규" } else { "계속" }
}

/// A project's budget per year, rows for the same year added together.
fn by_year(budget: &[YearBudget]) -> BTreeMap<i32, YearBudget> {
    let mut years: BTreeMap<i32, YearBudget> = BTreeMap::new();
    for b in budget {
        let y = years.entry(b.year).or_insert(YearBudget {
            year: b.year,
            ..YearBudget::default()
        });
        y.national = y.national.saturating_add(b.national);
        y.local = y.local.saturating_add(b.local);
        y.private = y.private.saturating_add(b.private);
    }
    years
}

// ---------------------------------------------------------------------------------------------
// Summaries of whole items added or removed

/// "증가, 기준 63.8조 원(2020년), 목표 5조 원(2030년)".
fn goal_summary(g: &ProposedGoal) -> String {
    let mut parts = vec![g.kind.korean().to_string()];
    let figure = |label: &str, q: Option<Quantity>, y: Option<i32>| match (q, y) {
        (Some(q), Some(y)) => Some(format!("{label} {q}({y}년)")),
        (Some(q), None) => Some(format!("{label} {q}")),
        (None, Some(y)) => Some(format!("{label}연도 {y}년")),
        (None, None) => None,
    };
    parts.extend(figure("기준", g.baseline, g.baseline_year));
    parts.extend(figure("목표", g.target, g.target_year));
    parts.join(", ")
}

/// "연계단지, 부품소재 공급" or just "연계지역".
fn site_summary(s: &ProposedSite) -> String {
    if s.function.is_empty() {
        s.role.korean().to_string()
    } else {
        format!("{}, {}", s.role.korean(), s.function)
    }
}

fn task_item(task: &ProposedTask, pair: &Pair) -> String {
    format!("중점과제 '{}'{}", task.name, pair.ordinal())
}

/// "사업 2개, 총 30억 원".
fn task_summary(task: &ProposedTask) -> String {
    let total = task
        .projects
        .iter()
        .map(ProposedProject::total)
        .fold(0, i64::saturating_add);
    format!("사업 {}개, 총 {}", task.projects.len(), won(total))
}

/// "중점과제 '스마트화', 신규, 부처사업 '스마트공장 구축', 총 30억 원(2023년 10억 원, 2024년 20억 원)".
fn project_summary(task: &str, p: &ProposedProject) -> String {
    let mut parts = vec![format!("중점과제 '{task}'"), new_or_continuing(p.new).to_string()];
    if let Some(program) = &p.program {
        parts.push(format!("부처사업 '{program}'"));
    }
    let years: Vec<String> = by_year(&p.budget)
        .values()
        .map(|y| format!("{} {}", year(y.year), won(y.total())))
        .collect();
    if years.is_empty() {
        parts.push(format!("총 {}", won(p.total())));
    } else {
        parts.push(format!("총 {}({})", won(p.total()), years.join(", ")));
    }
    parts.join(", ")
}

// ---------------------------------------------------------------------------------------------
// Matching two lists by key

/// One item in either version or both: indexes into the `before` and `after` lists.
struct Pair {
    sides: (Option<usize>, Option<usize>),
    /// Which item of that key this is (0 for the first), and whether the key is used twice.
    occurrence: usize,
    repeated: bool,
}

impl Pair {
    /// "" for a key used once, "(2번째)" for the second item sharing a key.
    fn ordinal(&self) -> String {
        if self.repeated {
            format!("({}번째)", self.occurrence + 1)
        } else {
            String::new()
        }
    }
}

/// Matches items with equal keys, the n-th of a key before with the n-th after. Comes out in
/// the later version's order, with each removed item placed where it stood before: among the
/// items between two kept ones, removals come before additions (a replacement reads 삭제, 추가).
fn pair_up<T, K: PartialEq>(before: &[T], after: &[T], key: impl Fn(&T) -> K) -> Vec<Pair> {
    let keyed = |items: &[T]| -> Vec<(K, usize)> {
        let keys: Vec<K> = items.iter().map(&key).collect();
        let mut out = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            let occurrence = keys[..i].iter().filter(|o| *o == k).count();
            out.push((key(&items[i]), occurrence));
        }
        out
    };
    let (kb, ka) = (keyed(before), keyed(after));
    let repeated =
        |k: &K| kb.iter().filter(|(o, _)| o == k).count() > 1 || ka.iter().filter(|(o, _)| o == k).count() > 1;
    let matched: Vec<Option<usize>> = ka
        .iter()
        .map(|entry| kb.iter().position(|other| other == entry))
        .collect();
    let is_matched = |b: usize| matched.contains(&Some(b));

    let mut pairs = Vec::new();
    let removed = |b: usize| Pair {
        sides: (Some(b), None),
        occurrence: kb[b].1,
        repeated: repeated(&kb[b].0),
    };
    let mut next_before = 0;
    for (a, m) in matched.iter().enumerate() {
        // Flush the removed items up to the next kept one (this one, or for an addition the
        // next kept item after it).
        let gap_end = match *m {
            Some(b) => b,
            None => matched[a + 1..]
                .iter()
                .flatten()
                .copied()
                .find(|&b| b >= next_before)
                .unwrap_or(kb.len()),
        };
        for r in next_before..gap_end {
            if !is_matched(r) {
                pairs.push(removed(r));
            }
        }
        next_before = next_before.max(gap_end);
        if let Some(b) = *m {
            next_before = next_before.max(b + 1);
        }
        pairs.push(Pair {
            sides: (*m, Some(a)),
            occurrence: ka[a].1,
            repeated: repeated(&ka[a].0),
        });
    }
    for r in next_before..kb.len() {
        if !is_matched(r) {
            pairs.push(removed(r));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complex::ComplexId;
    use crate::goal::GoalKind;
    use crate::plan::LinkRole;
    use crate::proposal::ProposedHub;

    const EOK: i64 = 100_000_000;

    fn goal(metric: &str, target: &str, target_year: i32) -> ProposedGoal {
        ProposedGoal {
            metric: metric.into(),
            kind: GoalKind::Increase,
            measures: None,
            baseline: None,
            baseline_year: None,
            target: Some(target.parse().unwrap()),
            target_year: Some(target_year),
        }
    }

    fn project(name: &str, years: &[(i32, i64, i64, i64)]) -> ProposedProject {
        ProposedProject {
            name: name.into(),
            new: false,
            program: None,
            budget: years
                .iter()
                .map(|&(year, national, local, private)| YearBudget {
                    year,
                    national: national * EOK,
                    local: local * EOK,
                    private: private * EOK,
                })
                .collect(),
        }
    }

    fn site(id: &str, function: &str) -> ProposedSite {
        ProposedSite {
            complex: ComplexId(id.into()),
            role: LinkRole::LinkedComplex,
            function: function.into(),
        }
    }

    fn busan() -> Proposal {
        Proposal {
            main_industries: vec!["기계".into(), "부품".into()],
            vision: "스마트 제조혁신 거점".into(),
            goals: vec![goal("생산액", "5조원", 2030), goal("고용", "1만명", 2030)],
            hub: Some(ProposedHub {
                complex: ComplexId("noksan".into()),
                focus: "스마트 제조혁신".into(),
            }),
            linked: vec![site("sasang", "부품 공급"), site("sinpyeong-jangrim", "표면처리")],
            key_tasks: vec![
                ProposedTask {
                    name: "디지털 전환".into(),
                    projects: vec![
                        project("스마트공장 고도화", &[(2023, 10, 5, 0), (2024, 10, 5, 0)]),
                        project("데이터센터", &[(2023, 3, 1, 0)]),
                    ],
                },
                ProposedTask {
                    name: "그린뉴딜".into(),
                    projects: vec![project("태양광 설치", &[(2023, 2, 2, 4)])],
                },
            ],
            implementation: "부산시·산단공 공동 추진단".into(),
            conditions: "노후 산단 비중이 높음".into(),
            structure: "거점 1 + 연계 2".into(),
        }
    }

    fn only(diff: &[SectionDiff], section: Section) -> &[Change] {
        assert_eq!(diff.len(), 1, "{diff:#?}");
        assert_eq!(diff[0].section, section);
        &diff[0].changes
    }

    fn find<'a>(changes: &'a [Change], item: &str) -> &'a Change {
        changes
            .iter()
            .find(|c| c.item == item)
            .unwrap_or_else(|| panic!("no change '{item}' in {changes:#?}"))
    }

    #[test]
    fn identical_proposals_give_no_diff() {
        assert_eq!(diff(&busan(), &busan()), vec![]);
        assert_eq!(diff(&Proposal::default(), &Proposal::default()), vec![]);
    }

    #[test]
    fn a_changed_vision_shows_the_whole_text_before_and_after() {
        let mut after = busan();
        after.vision = "탄소중립 스마트 제조혁신 거점".into();
        let d = diff(&busan(), &after);
        assert_eq!(
            only(&d, Section::Overview),
            [Change {
                item: "비전".into(),
                kind: ChangeKind::Changed,
                before: Some("스마트 제조혁신 거점".into()),
                after: Some("탄소중립 스마트 제조혁신 거점".into()),
                delta: None,
            }]
        );
    }

    #[test]
    fn main_industries_added_and_removed_are_listed_one_by_one() {
        let mut after = busan();
        after.main_industries = vec!["기계".into(), "수소".into()];
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Overview);
        assert_eq!(changes.len(), 2);
        assert_eq!(
            (changes[0].kind, changes[0].before.as_deref()),
            (ChangeKind::Removed, Some("부품"))
        );
        assert_eq!(
            (changes[1].kind, changes[1].after.as_deref()),
            (ChangeKind::Added, Some("수소"))
        );
    }

    #[test]
    fn a_changed_goal_target_shows_both_figures_in_korean() {
        let mut after = busan();
        after.goals[0].target = Some("1.3조원".parse().unwrap());
        after.goals[1].target_year = Some(2032);
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Goals);
        assert_eq!(changes.len(), 2);
        let target = find(changes, "목표 '생산액' 목표값");
        assert_eq!(target.kind, ChangeKind::Changed);
        assert_eq!(target.before.as_deref(), Some("5조 원"));
        assert_eq!(target.after.as_deref(), Some("1.3조 원"));
        assert_eq!(target.delta.as_deref(), Some("\u{2212}3.7조 원"));
        let year = find(changes, "목표 '고용' 목표연도");
        assert_eq!(
            (year.before.as_deref(), year.after.as_deref()),
            (Some("2030년"), Some("2032년"))
        );
    }

    #[test]
    fn a_goal_added_and_one_removed_are_reported_as_such() {
        let mut after = busan();
        after.goals.remove(1);
        after.goals.push(goal("강소기업", "99개사", 2030));
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Goals);
        assert_eq!(changes.len(), 2, "{changes:#?}");
        let removed = find(changes, "목표 '고용'");
        assert_eq!(removed.kind, ChangeKind::Removed);
        assert_eq!(removed.before.as_deref(), Some("증가, 목표 1만 명(2030년)"));
        let added = find(changes, "목표 '강소기업'");
        assert_eq!(added.kind, ChangeKind::Added);
        assert_eq!(added.after.as_deref(), Some("증가, 목표 99개사(2030년)"));
    }

    #[test]
    fn goals_of_the_same_name_are_matched_by_position() {
        let mut before = busan();
        before.goals.push(goal("고용", "2만명", 2030));
        let mut after = before.clone();
        after.goals[2].target = Some("3만명".parse().unwrap());
        let d = diff(&before, &after);
        let changes = only(&d, Section::Goals);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].item, "목표 '고용'(2번째) 목표값");
        assert_eq!(changes[0].delta.as_deref(), Some("+1만 명"));
    }

    #[test]
    fn a_changed_hub_is_reported_by_complex_id() {
        let mut after = busan();
        after.hub = Some(ProposedHub {
            complex: ComplexId("myeongji-noksan".into()),
            focus: "스마트 제조혁신".into(),
        });
        let d = diff(&busan(), &after);
        assert_eq!(
            only(&d, Section::Sites),
            [Change::changed("거점산단", "noksan".into(), "myeongji-noksan".into())]
        );

        let mut without = busan();
        without.hub = None;
        let d = diff(&without, &busan());
        let changes = only(&d, Section::Sites);
        assert_eq!(find(changes, "거점산단").kind, ChangeKind::Added);
        assert_eq!(
            find(changes, "거점산단 육성방향").after.as_deref(),
            Some("스마트 제조혁신")
        );
    }

    #[test]
    fn a_changed_linked_site_function_is_reported() {
        let mut after = busan();
        after.linked[0].function = "부품 공급·물류".into();
        after.linked.push(site("mieum", "R&D"));
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Sites);
        assert_eq!(
            changes[0],
            Change::changed("연계 'sasang' 연계기능", "부품 공급".into(), "부품 공급·물류".into())
        );
        assert_eq!(changes[1], Change::added("연계 'mieum'", "연계단지, R&D".into()));
        assert_eq!(changes.len(), 2);
    }

    #[test]
    fn a_changed_project_budget_year_shows_the_signed_difference() {
        let mut after = busan();
        after.key_tasks[0].projects[0].budget[0].national = 12 * EOK;
        after.key_tasks[0].projects[0].budget[0].local = 4 * EOK;
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Projects);
        let national = find(changes, "사업 '스마트공장 고도화' 2023년 국비");
        assert_eq!(national.kind, ChangeKind::Changed);
        assert_eq!(national.before.as_deref(), Some("10억 원"));
        assert_eq!(national.after.as_deref(), Some("12억 원"));
        assert_eq!(national.delta.as_deref(), Some("+2억 원"));
        let local = find(changes, "사업 '스마트공장 고도화' 2023년 지방비");
        assert_eq!(local.delta.as_deref(), Some("\u{2212}1억 원"));
        assert!(changes.iter().all(|c| !c.item.contains("민자")));
    }

    #[test]
    fn a_budget_year_added_to_a_project_is_an_addition() {
        let mut after = busan();
        after.key_tasks[1].projects[0].budget.push(YearBudget {
            year: 2024,
            national: 3 * EOK,
            local: 0,
            private: 0,
        });
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Projects);
        let added = find(changes, "사업 '태양광 설치' 2024년 국비");
        assert_eq!(added.kind, ChangeKind::Added);
        assert_eq!(
            (added.before.as_deref(), added.after.as_deref()),
            (None, Some("3억 원"))
        );
        assert_eq!(added.delta.as_deref(), Some("+3억 원"));
        // A zero 지방비 in a new year is not a change.
        assert!(changes.iter().all(|c| !c.item.contains("2024년 지방비")));
    }

    #[test]
    fn a_project_moved_between_tasks_is_removed_from_one_and_added_to_the_other() {
        let mut after = busan();
        let moved = after.key_tasks[0].projects.remove(1);
        after.key_tasks[1].projects.push(moved);
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Projects);
        assert_eq!(changes.len(), 2, "{changes:#?}");
        // A name under two 중점과제 is named with its 중점과제.
        assert_eq!(changes[0].item, "중점과제 '디지털 전환' 사업 '데이터센터'");
        assert_eq!(changes[0].kind, ChangeKind::Removed);
        assert_eq!(
            changes[0].before.as_deref(),
            Some("중점과제 '디지털 전환', 계속, 총 4억 원(2023년 4억 원)")
        );
        assert_eq!(changes[1].item, "중점과제 '그린뉴딜' 사업 '데이터센터'");
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(
            changes[1].after.as_deref(),
            Some("중점과제 '그린뉴딜', 계속, 총 4억 원(2023년 4억 원)")
        );
        // Moving changes no year's total.
        assert!(changes.iter().all(|c| !c.item.starts_with("연도별 합계")));
    }

    #[test]
    fn a_task_added_lists_itself_and_its_projects() {
        let mut after = busan();
        after.key_tasks.push(ProposedTask {
            name: "안전".into(),
            projects: vec![project("통합관제센터", &[(2024, 5, 5, 0)])],
        });
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Projects);
        assert_eq!(
            changes[0],
            Change::added("중점과제 '안전'", "사업 1개, 총 10억 원".into())
        );
        assert_eq!(changes[1].item, "사업 '통합관제센터'");
        assert_eq!(changes[1].delta.as_deref(), Some("+10억 원"));
        assert_eq!(changes[2].item, "연도별 합계 2024년");
        assert_eq!(changes[2].before.as_deref(), Some("15억 원"));
        assert_eq!(changes[2].after.as_deref(), Some("25억 원"));
    }

    #[test]
    fn yearly_totals_are_reported_when_they_change() {
        let mut after = busan();
        after.key_tasks[0].projects[0].budget[0].national = 13 * EOK;
        after.key_tasks[1].projects[0].budget[0].year = 2025;
        let d = diff(&busan(), &after);
        let changes = only(&d, Section::Projects);
        let totals: Vec<&Change> = changes.iter().filter(|c| c.item.starts_with("연도별 합계")).collect();
        assert_eq!(totals.len(), 2, "{totals:#?}");
        // 2023: before 10+5 + 3+1 + 2+2+4 = 27억; after 13+5 + 3+1 = 22억 (태양광 moved to 2025).
        assert_eq!(
            *totals[0],
            Change {
                item: "연도별 합계 2023년".into(),
                kind: ChangeKind::Changed,
                before: Some("27억 원".into()),
                after: Some("22억 원".into()),
                delta: Some("\u{2212}5억 원".into()),
            }
        );
        assert_eq!(totals[1].item, "연도별 합계 2025년");
        assert_eq!(totals[1].kind, ChangeKind::Added);
        assert_eq!(totals[1].delta.as_deref(), Some("+8억 원"));
        // The totals come after the project lines they add up.
        assert!(changes.last().unwrap().item.starts_with("연도별 합계"));
    }

    #[test]
    fn sections_come_out_in_section_all_order() {
        let mut after = busan();
        after.structure = "거점 1 + 연계 3".into();
        after.conditions.clear();
        after.implementation.push_str(" 및 협의회");
        after.key_tasks[1].name = "탄소중립".into();
        after.linked.clear();
        after.goals[0].baseline_year = Some(2020);
        after.main_industries.reverse();
        let d = diff(&busan(), &after);
        let sections: Vec<Section> = d.iter().map(|s| s.section).collect();
        assert_eq!(sections, Section::ALL);
        assert_eq!(d[0].changes[0].item, "주력업종 순서");
        assert_eq!(d[5].changes[0].kind, ChangeKind::Removed);
        assert_eq!(d[1].changes[0].kind, ChangeKind::Added);
    }

    #[test]
    fn matching_lists_places_every_item_exactly_once_whatever_the_order() {
        let cases: [(&[&str], &[&str]); 6] = [
            (&["a", "b", "c"], &["c", "b", "a"]),
            (&["a", "b", "c"], &["x", "c", "y", "a"]),
            (&["a", "a", "b"], &["b", "a"]),
            (&[], &["a"]),
            (&["a", "b"], &[]),
            (&["a", "x", "b", "y"], &["b", "z", "a"]),
        ];
        for (before, after) in cases {
            let pairs = pair_up(before, after, |s| s.to_string());
            let mut seen_before: Vec<usize> = pairs.iter().filter_map(|p| p.sides.0).collect();
            let mut seen_after: Vec<usize> = pairs.iter().filter_map(|p| p.sides.1).collect();
            seen_before.sort();
            seen_after.sort();
            assert_eq!(
                seen_before,
                (0..before.len()).collect::<Vec<_>>(),
                "{before:?} → {after:?}"
            );
            assert_eq!(
                seen_after,
                (0..after.len()).collect::<Vec<_>>(),
                "{before:?} → {after:?}"
            );
            for p in &pairs {
                if let (Some(b), Some(a)) = p.sides {
                    assert_eq!(before[b], after[a]);
                }
            }
        }
    }

    #[test]
    fn changes_serialize_with_snake_case_kinds_and_no_empty_delta() {
        let json = serde_json::to_value(Change::changed("비전", "a".into(), "b".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"item": "비전", "kind": "changed", "before": "a", "after": "b"})
        );
    }
}
