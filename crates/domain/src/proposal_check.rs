//! 제출 요건: what a plan must satisfy before it can be submitted, each problem naming its
//! section and the form field to fix. Drafts may be saved incomplete; submission may not.
//!
//! The eligibility rules come from 노후거점산업단지의 활력증진 및 경쟁력강화를 위한 특별법 §2:
//! a hub is a 국가산업단지, or a 일반산업단지 the strategy plan names, whose construction began
//! at least 20 years before the call; and from the call: how many sites a plan links and whether
//! a complex under 20 years old may be linked as a 연계지역.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::call::Call;
use crate::complex::{AGED_AFTER_YEARS, Complex, ComplexId, SiteKind};
use crate::date::Day;
use crate::goal::GoalKind;
use crate::plan::LinkRole;
use crate::proposal::{Proposal, ProposedGoal, Section};
use crate::publication::record_goal;
use crate::quantity::Unit;
use crate::region::Region;

/// One thing to fix before submitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub section: Section,
    /// The form field's id, so the message can link to it ("goals-2-target").
    pub field: String,
    pub message: String,
}

/// What the rules are checked against.
pub struct Context<'a> {
    pub call: &'a Call,
    pub region: Region,
    /// 공고일: ages are counted to this day.
    pub call_day: Day,
    pub complexes: &'a BTreeMap<ComplexId, Complex>,
}

/// The complexes `proposal` names, by id: all the check looks up. Taken from the record's
/// list without copying the thousand others, since a page checks the plan on every request.
pub fn sites_of(proposal: &Proposal, complexes: &[Complex]) -> BTreeMap<ComplexId, Complex> {
    let named: BTreeSet<&ComplexId> = proposal.sites().collect();
    complexes
        .iter()
        .filter(|c| named.contains(&c.id))
        .map(|c| (c.id.clone(), c.clone()))
        .collect()
}

/// Longest text a section's field may hold.
pub const MAX_TEXT: usize = 20_000;
/// Largest amount accepted anywhere in a plan (1경 원): beyond it is a typing error.
pub const MAX_WON: i64 = 10_000_000_000_000_000;

struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, section: Section, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            section,
            field: field.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, section: Section, field: &str, label: &str, text: &str) {
        if text.trim().is_empty() {
            self.add(section, field, format!("{label}을(를) 입력해 주십시오."));
        } else if text.chars().count() > MAX_TEXT {
            self.add(
                section,
                field,
                format!("{label}은(는) {MAX_TEXT}자 이내로 적어 주십시오."),
            );
        }
    }
}

pub fn check(proposal: &Proposal, ctx: &Context<'_>) -> Vec<Problem> {
    let mut p = Problems(Vec::new());
    overview(proposal, &mut p);
    goals(proposal, ctx, &mut p);
    sites(proposal, ctx, &mut p);
    projects(proposal, ctx, &mut p);
    p.text(
        Section::Implementation,
        "implementation",
        "추진체계",
        &proposal.implementation,
    );
    p.text(Section::Conditions, "conditions", "지역여건", &proposal.conditions);
    p.text(Section::Structure, "structure", "혁신계획 구성", &proposal.structure);
    p.0
}

fn overview(proposal: &Proposal, p: &mut Problems) {
    if proposal.main_industries.iter().all(|i| i.trim().is_empty()) {
        p.add(
            Section::Overview,
            "overview-industries",
            "주력업종을 하나 이상 입력해 주십시오.",
        );
    }
    p.text(Section::Overview, "overview-vision", "비전", &proposal.vision);
}

fn goals(proposal: &Proposal, ctx: &Context<'_>, p: &mut Problems) {
    if proposal.goals.is_empty() {
        p.add(
            Section::Goals,
            "goals-0-metric",
            "성과목표를 하나 이상 입력해 주십시오.",
        );
    }
    let mut seen = BTreeSet::new();
    for (i, goal) in proposal.goals.iter().enumerate() {
        let name = goal.metric.trim();
        let field = |f: &str| format!("goals-{i}-{f}");
        if name.is_empty() {
            p.add(
                Section::Goals,
                field("metric"),
                format!("{}번째 목표의 지표명을 입력해 주십시오.", i + 1),
            );
        } else if !seen.insert(name) {
            p.add(
                Section::Goals,
                field("metric"),
                format!("목표 '{name}'이(가) 두 번 있습니다."),
            );
        }
        let before = p.0.len();
        goal_figures(goal, ctx, &field, p);
        // What the record would state once the plan is decided: a goal the checks above pass
        // but the record cannot state is refused now, while the province can still fix it.
        if p.0.len() == before
            && let Err(why) = record_goal(goal)
        {
            p.add(
                Section::Goals,
                field("metric"),
                format!("'{name}' 목표는 선정되어 공개될 때 이대로 적을 수 없습니다: {why}"),
            );
        }
    }
}

fn goal_figures(goal: &ProposedGoal, ctx: &Context<'_>, field: &dyn Fn(&str) -> String, p: &mut Problems) {
    let name = goal.metric.trim();
    let year = ctx.call.year;
    let mut add = |f: &str, message: String| p.add(Section::Goals, field(f), message);
    match (goal.kind, goal.target) {
        (GoalKind::Qualitative, Some(_)) => {
            add("target", format!("'{name}'은(는) 정성 목표라 목표값을 두지 않습니다."))
        }
        (GoalKind::Qualitative, None) | (GoalKind::DriveToZero, None) => {}
        (GoalKind::DriveToZero, Some(t)) if t.value != 0 => add(
            "target",
            format!("'{name}'은(는) 제로화 목표라 목표값이 0이어야 합니다 (비워 두어도 됩니다)."),
        ),
        (kind, None) if kind.needs_target() => add(
            "target",
            format!("'{name}' 목표({})에는 목표값이 있어야 합니다.", kind.korean()),
        ),
        (GoalKind::Increase, Some(t)) if t.value <= 0 => {
            add("target", format!("'{name}'의 증가 목표값은 0보다 커야 합니다."))
        }
        (_, Some(t)) if t.value < 0 => add("target", format!("'{name}'의 목표값이 음수입니다.")),
        (GoalKind::RaiseBy, Some(t)) if !matches!(t.unit, Unit::Percent | Unit::PercentPoint) => add(
            "target",
            format!("'{name}'은(는) 비율 상승 목표라 목표값을 %p(또는 %)로 적어 주십시오."),
        ),
        _ => {}
    }
    if let (Some(base), Some(target)) = (goal.baseline, goal.target) {
        let rate = matches!(goal.kind, GoalKind::RaiseBy) && matches!(base.unit, Unit::Percent);
        if !base.comparable(&target) && !rate {
            add(
                "baseline",
                format!("'{name}'의 기준값({base})과 목표값({target})의 단위가 다릅니다."),
            );
        }
    }
    if goal.kind == GoalKind::Qualitative && goal.baseline.is_some() {
        add(
            "baseline",
            format!("'{name}'은(는) 정성 목표라 기준값을 두지 않습니다."),
        );
    }
    match (goal.baseline, goal.baseline_year) {
        (Some(_), None) => add("baseline_year", format!("'{name}'의 기준연도를 입력해 주십시오.")),
        (_, Some(y)) if !(year - 10..=year).contains(&y) => add(
            "baseline_year",
            format!("'{name}'의 기준연도는 {}~{year}년 사이여야 합니다.", year - 10),
        ),
        _ => {}
    }
    match goal.target_year {
        None if goal.kind != GoalKind::Qualitative => {
            add("target_year", format!("'{name}'의 목표연도를 입력해 주십시오."))
        }
        Some(y) if !(year + 1..=year + 10).contains(&y) => add(
            "target_year",
            format!("'{name}'의 목표연도는 {}~{}년 사이여야 합니다.", year + 1, year + 10),
        ),
        _ => {}
    }
}

fn sites(proposal: &Proposal, ctx: &Context<'_>, p: &mut Problems) {
    let call = ctx.call;
    let mut add = |field: String, message: String| p.add(Section::Sites, field, message);
    match &proposal.hub {
        None => add("sites-hub".into(), "거점산단을 하나 정해 주십시오.".into()),
        Some(hub) => match ctx.complexes.get(&hub.complex) {
            None => add(
                "sites-hub".into(),
                format!("거점산단 '{}'을(를) 산업단지 목록에서 찾을 수 없습니다.", hub.complex.0),
            ),
            Some(c) => {
                if c.region != ctx.region {
                    add(
                        "sites-hub".into(),
                        format!(
                            "거점산단 '{}'은(는) {}에 있어 이 시·도의 거점이 될 수 없습니다.",
                            c.name,
                            c.region.short_name()
                        ),
                    );
                }
                match c.kind {
                    SiteKind::National => {}
                    SiteKind::General if call.general_hubs.contains(&c.id) => {}
                    SiteKind::General => add(
                        "sites-hub".into(),
                        format!(
                            "일반산업단지 '{}'은(는) 이번 공모의 전략계획에 거점 후보로 명시되지 않았습니다.",
                            c.name
                        ),
                    ),
                    other => add(
                        "sites-hub".into(),
                        format!(
                            "'{}'은(는) {}이라 거점산단이 될 수 없습니다 (국가산업단지 또는 일반산업단지만 가능).",
                            c.name,
                            other.korean()
                        ),
                    ),
                }
                if let Some(message) = age_problem(c, ctx, "거점산단") {
                    add("sites-hub".into(), message);
                }
            }
        },
    }
    let count = proposal.linked.len();
    if count < usize::from(call.linked_min) || count > usize::from(call.linked_max) {
        add(
            "sites-linked-0-complex".into(),
            format!(
                "연계산단·연계지역은 {}~{}곳이어야 합니다 (지금 {count}곳).",
                call.linked_min, call.linked_max
            ),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, site) in proposal.linked.iter().enumerate() {
        let field = |f: &str| format!("sites-linked-{i}-{f}");
        if !seen.insert(&site.complex) || proposal.hub.as_ref().is_some_and(|h| h.complex == site.complex) {
            add(
                field("complex"),
                format!("'{}'이(가) 대상지역에 두 번 있습니다.", site.complex.0),
            );
            continue;
        }
        if site.function.trim().is_empty() {
            add(
                field("function"),
                format!("{}번째 연계지역의 연계기능을 입력해 주십시오.", i + 1),
            );
        }
        let Some(c) = ctx.complexes.get(&site.complex) else {
            add(
                field("complex"),
                format!("'{}'을(를) 산업단지 목록에서 찾을 수 없습니다.", site.complex.0),
            );
            continue;
        };
        let is_complex = matches!(
            c.kind,
            SiteKind::National | SiteKind::General | SiteKind::UrbanHighTech | SiteKind::AgroIndustrial
        );
        match (site.role, is_complex) {
            (LinkRole::LinkedComplex, false) => add(
                field("role"),
                format!(
                    "'{}'은(는) {}이라 연계산단이 아닌 연계지역으로 두어야 합니다.",
                    c.name,
                    c.kind.korean()
                ),
            ),
            (LinkRole::LinkedComplex, true) => {
                if let Some(message) = age_problem(c, ctx, "연계산단") {
                    let young = c.is_aged_on(&ctx.call_day) == Some(false);
                    let hint = if young && call.young_sites_as_areas {
                        " 연계지역으로 바꾸어 신청할 수 있습니다."
                    } else {
                        ""
                    };
                    add(field("role"), format!("{message}{hint}"));
                }
            }
            (LinkRole::LinkedArea, true) => {
                if c.is_aged_on(&ctx.call_day) == Some(false) && !call.young_sites_as_areas {
                    add(
                        field("role"),
                        format!(
                            "이번 공모는 착공 20년 미만인 '{}'을(를) 연계지역으로도 허용하지 않습니다.",
                            c.name
                        ),
                    );
                }
            }
            (LinkRole::LinkedArea, false) => {}
        }
    }
}

/// The 20-year rule: `None` when the complex is old enough.
fn age_problem(c: &Complex, ctx: &Context<'_>, what: &str) -> Option<String> {
    match c.is_aged_on(&ctx.call_day) {
        Some(true) => None,
        Some(false) => Some(format!(
            "{what} '{}'은(는) 공고일({}) 기준 착공 {AGED_AFTER_YEARS}년이 되지 않았습니다 (착공 {}).",
            c.name,
            ctx.call_day.korean(),
            c.construction_started.map(|d| d.korean()).unwrap_or_default()
        )),
        None => Some(match c.construction_started {
            Some(start) => format!(
                "{what} '{}'의 착공 시기({})가 연·월까지만 알려져 있어 공고일({}) 기준 착공 {AGED_AFTER_YEARS}년 요건을 가릴 수 없습니다. 주관부처에 착공일 확인을 요청하십시오.",
                c.name,
                start.korean(),
                ctx.call_day.korean()
            ),
            None => format!(
                "{what} '{}'의 착공일이 등록되어 있지 않아 착공 {AGED_AFTER_YEARS}년 요건을 확인할 수 없습니다. 주관부처에 착공일 등록을 요청하십시오.",
                c.name
            ),
        }),
    }
}

fn projects(proposal: &Proposal, ctx: &Context<'_>, p: &mut Problems) {
    let span = ctx.call.budget_span();
    if proposal.projects().next().is_none() {
        p.add(
            Section::Projects,
            "projects",
            "중점과제와 사업을 하나 이상 입력해 주십시오.",
        );
    }
    let mut tasks = BTreeSet::new();
    for task in &proposal.key_tasks {
        let name = task.name.trim();
        if name.is_empty() {
            p.add(Section::Projects, "projects", "이름 없는 중점과제가 있습니다.");
        } else if !tasks.insert(name) {
            p.add(
                Section::Projects,
                "projects",
                format!("중점과제 '{name}'이(가) 두 번 있습니다."),
            );
        }
        let mut names = BTreeSet::new();
        for project in &task.projects {
            let pname = project.name.trim();
            let mut add = |m: String| p.add(Section::Projects, "projects", m);
            if pname.is_empty() {
                add(format!("중점과제 '{name}'에 이름 없는 사업이 있습니다."));
            } else if !names.insert(pname) {
                add(format!("중점과제 '{name}'에 사업 '{pname}'이(가) 두 번 있습니다."));
            }
            let mut years = BTreeSet::new();
            for b in &project.budget {
                if !span.contains(&b.year) {
                    add(format!(
                        "사업 '{pname}'의 {}년 예산은 사업 기간({}~{}년) 밖입니다.",
                        b.year,
                        span.start(),
                        span.end()
                    ));
                }
                if !years.insert(b.year) {
                    add(format!("사업 '{pname}'에 {}년 예산이 두 번 있습니다.", b.year));
                }
                if [b.national, b.local, b.private].iter().any(|v| *v < 0) {
                    add(format!("사업 '{pname}'의 {}년 예산에 음수가 있습니다.", b.year));
                }
            }
            if project.total() <= 0 {
                add(format!("사업 '{pname}'에 예산이 없습니다."));
            } else if project.total() > MAX_WON {
                add(format!(
                    "사업 '{pname}'의 예산이 너무 큽니다. 단위(원)를 확인해 주십시오."
                ));
            }
        }
    }
}

#[cfg(test)]
#[path = "proposal_check_tests.rs"]
mod tests;
