//! 기록: the whole program as one record — what `sandan import` reads and `sandan export`
//! writes, and what the bundled dataset holds. `check` is the gate every import passes.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::complex::{Complex, ComplexId};
use crate::designation::{Designation, DesignationKind, Meeting, Target, tally_by_year};
use crate::hangul::sort_ganada;
use crate::plan::Plan;
use crate::region::Region;
use crate::round::Round;
use crate::source::{Source, SourceId};

/// The program's record. Lists are kept in the order they are written in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    /// Set on generated demo data, so no page can pass it off as the program's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
    pub sources: Vec<Source>,
    pub complexes: Vec<Complex>,
    pub rounds: Vec<Round>,
    pub plans: Vec<Plan>,
    pub meetings: Vec<Meeting>,
    pub designations: Vec<Designation>,
    pub targets: Vec<Target>,
}

/// One problem found in a record, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordProblem {
    /// e.g. "plans[2021 부산].goals[1]"
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

struct Problems(Vec<RecordProblem>);

impl Problems {
    fn add(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.0.push(RecordProblem {
            at: at.into(),
            message: message.into(),
        });
    }
}

impl Record {
    pub fn complex(&self, id: &ComplexId) -> Option<&Complex> {
        self.complexes.iter().find(|c| &c.id == id)
    }

    pub fn round(&self, year: i32) -> Option<&Round> {
        self.rounds.iter().find(|r| r.year == year)
    }

    pub fn plan(&self, year: i32, region: Region) -> Option<&Plan> {
        self.plans.iter().find(|p| p.round == year && p.region == region)
    }

    /// What of Sandan's own work this record, imported, would leave hanging: each round opened
    /// in Sandan (`opened`) it lacks — its call, drafts and evaluation are kept beside the
    /// record — and each plan it lacks whose package or results Sandan keeps (`worked_on`),
    /// named as an official reads them. An import is refused while this is not empty.
    pub fn leaves_out(&self, opened: &[i32], worked_on: &[(i32, Region)]) -> Vec<String> {
        let rounds = opened
            .iter()
            .filter(|year| self.round(**year).is_none())
            .map(|year| format!("Sandan에서 연 {year}년 공모"));
        let plans = worked_on
            .iter()
            .filter(|(year, region)| self.plan(*year, *region).is_none())
            .map(|(year, region)| format!("{year}년 {} 혁신계획의 패키지·성과", region.short_name()));
        rounds.chain(plans).collect()
    }

    /// Each goal whose results Sandan keeps (`tracked`: its plan, and its place in the plan's
    /// goals from 0) that this record drops or puts another goal in the place of, where `held`
    /// — the record kept now — has it. Results are kept by the goal's place, so its baseline,
    /// targets and readings would be counted for whatever goal took it. A goal keeps its place
    /// when what it measures is the same; its words and figures may be corrected. A plan this
    /// record lacks is [`Record::leaves_out`]'s to name.
    pub fn moves_goals(&self, held: &Record, tracked: &[(i32, Region, usize)]) -> Vec<String> {
        tracked
            .iter()
            .filter_map(|&(year, region, place)| {
                let now = self.plan(year, region)?;
                let was = held.plan(year, region)?.goals.get(place)?;
                let named = format!(
                    "{year}년 {} 혁신계획의 성과목표 {}번 '{}'",
                    region.short_name(),
                    place + 1,
                    was.metric
                );
                match now.goals.get(place) {
                    Some(goal) if goal.metric == was.metric => None,
                    Some(goal) => Some(format!("{named}(새 기록에서는 '{}')", goal.metric)),
                    None => Some(format!("{named}(새 기록에는 없음)")),
                }
            })
            .collect()
    }

    /// This record with the rounds `held` has and it lacks, after its own, and the sources they
    /// cite: what a first start loads where rounds were opened before any record was, so that
    /// loading the record does not take them away.
    pub fn keeping_rounds_of(mut self, held: &Record) -> Record {
        for round in &held.rounds {
            if self.round(round.year).is_some() {
                continue;
            }
            for cited in &round.sources {
                let source = held.sources.iter().find(|s| &s.id == cited);
                if let Some(source) = source.filter(|s| !self.sources.iter().any(|x| x.id == s.id)) {
                    self.sources.push(source.clone());
                }
            }
            self.rounds.push(round.clone());
        }
        self
    }

    /// A round's plans in 가나다 order of the region, as public texts list them.
    pub fn plans_in(&self, year: i32) -> Vec<&Plan> {
        let mut plans: Vec<&Plan> = self.plans.iter().filter(|p| p.round == year).collect();
        sort_ganada(&mut plans, |p| p.region.short_name());
        plans
    }

    /// Decisions of a kind, oldest first.
    pub fn designations_of(&self, kind: DesignationKind) -> Vec<&Designation> {
        let mut found: Vec<&Designation> = self.designations.iter().filter(|d| d.kind == kind).collect();
        found.sort_by_key(|d| d.date);
        found
    }

    /// Smart green complexes designated up to and including each year: (year, cumulative count).
    pub fn smart_green_by_year(&self) -> Vec<(i32, u32)> {
        tally_by_year(DesignationKind::SmartGreen, &self.designations, &[])
            .into_iter()
            .map(|t| (t.year, t.cumulative))
            .collect()
    }

    /// Everything wrong with the record, each with its place; empty when it may be imported.
    pub fn check(&self) -> Vec<RecordProblem> {
        let mut p = Problems(Vec::new());
        let sources: HashSet<&SourceId> = self.sources.iter().map(|s| &s.id).collect();
        let cite = |p: &mut Problems, at: &str, cited: &[SourceId]| {
            if cited.is_empty() {
                p.add(at, "출처가 하나 이상 있어야 합니다");
            }
            for s in cited {
                if !sources.contains(s) {
                    p.add(at, format!("출처 '{}'가 출처 목록에 없습니다", s.0));
                }
            }
        };

        let mut seen = HashSet::new();
        for s in &self.sources {
            if s.id.0.trim().is_empty() || !seen.insert(&s.id) {
                p.add(format!("sources[{}]", s.id.0), "출처 id가 비었거나 중복됩니다");
            }
        }
        let mut seen = HashSet::new();
        for c in &self.complexes {
            let at = format!("complexes[{}]", c.id.0);
            if !c.id.is_well_formed() {
                p.add(&at, "단지 id는 영문 소문자, 숫자, '-'로 64자 이내여야 합니다");
            }
            if !seen.insert(&c.id) {
                p.add(&at, "단지 id가 중복됩니다");
            }
            if c.name.trim().is_empty() {
                p.add(&at, "단지 이름이 비어 있습니다");
            }
            cite(&mut p, &at, &c.sources);
            for (what, date, source) in [
                ("지정일", &c.designated, &c.designation_source),
                ("착공일", &c.construction_started, &c.construction_source),
            ] {
                match (date, source) {
                    (None, Some(_)) => p.add(&at, format!("{what} 없이 {what}의 출처만 있습니다")),
                    (Some(day), Some(s)) => {
                        if crate::complex::facts::PartialDay::from_day(day).is_none() {
                            p.add(&at, format!("{what} '{day}'은(는) 있을 수 없는 날짜입니다"));
                        }
                        cite(&mut p, &at, std::slice::from_ref(s));
                    }
                    // Entered by hand on the complex's page: the audit trail says by whom.
                    (Some(_), None) | (None, None) => {}
                }
            }
        }
        let mut seen = HashSet::new();
        for r in &self.rounds {
            let at = format!("rounds[{}]", r.year);
            if !seen.insert(r.year) {
                p.add(&at, "같은 연도의 회차가 둘 있습니다");
            }
            if !(2000..=2100).contains(&r.year) {
                p.add(&at, "회차 연도는 2000~2100 사이여야 합니다");
            }
            cite(&mut p, &at, &r.sources);
        }
        let mut seen = HashSet::new();
        for plan in &self.plans {
            let at = format!("plans[{} {}]", plan.round, plan.region);
            if !seen.insert((plan.round, plan.region)) {
                p.add(&at, "한 회차에 한 시·도의 혁신계획은 하나뿐이어야 합니다");
            }
            if self.round(plan.round).is_none() {
                p.add(&at, format!("{}년 회차가 없습니다", plan.round));
            }
            self.check_plan(plan, &at, &mut p);
            cite(&mut p, &at, &plan.sources);
        }
        for (i, m) in self.meetings.iter().enumerate() {
            cite(&mut p, &format!("meetings[{i}]"), &m.sources);
        }
        for (i, d) in self.designations.iter().enumerate() {
            let at = format!("designations[{i}]");
            self.check_designation(d, &at, &mut p);
            cite(&mut p, &at, &d.sources);
        }
        for (i, t) in self.targets.iter().enumerate() {
            cite(&mut p, &format!("targets[{i}]"), &t.sources);
        }
        p.0
    }

    fn check_plan(&self, plan: &Plan, at: &str, p: &mut Problems) {
        match self.complex(&plan.hub.complex) {
            None => p.add(
                format!("{at}.hub"),
                format!("단지 '{}'가 단지 목록에 없습니다", plan.hub.complex.0),
            ),
            Some(hub) => {
                if !hub.is_called(&plan.hub.written_as) {
                    p.add(
                        format!("{at}.hub"),
                        format!(
                            "'{}'은(는) 단지 '{}'의 이름이나 별칭이 아닙니다",
                            plan.hub.written_as, hub.name
                        ),
                    );
                }
                if !hub.kind.may_be_hub() {
                    p.add(
                        format!("{at}.hub"),
                        format!(
                            "거점산단은 국가산단 또는 일반산단이어야 합니다 ('{}'은(는) {})",
                            hub.name,
                            hub.kind.korean()
                        ),
                    );
                }
                if hub.region != plan.region {
                    p.add(
                        format!("{at}.hub"),
                        format!(
                            "거점산단 '{}'은(는) {}에 있지 않습니다",
                            hub.name,
                            plan.region.official_name()
                        ),
                    );
                }
                if let Some(body) = &plan.hub.body_name
                    && !hub.is_called(body)
                {
                    p.add(
                        format!("{at}.hub"),
                        format!("본문 표기 '{body}'은(는) 단지 '{}'의 별칭이 아닙니다", hub.name),
                    );
                }
            }
        }
        for f in &plan.hub.figures {
            if f.share
                .is_some_and(|s| !(0..=10_000).contains(&s.value) || s.unit != crate::quantity::Unit::Percent)
            {
                p.add(
                    format!("{at}.hub.figures"),
                    format!("'{}'의 비중은 0~100% 사이의 %여야 합니다", f.label),
                );
            }
        }
        for (i, site) in plan.linked.iter().enumerate() {
            let at = format!("{at}.linked[{i}]");
            match self.complex(&site.complex) {
                None => p.add(&at, format!("단지 '{}'가 단지 목록에 없습니다", site.complex.0)),
                Some(c) => {
                    for written in std::iter::once(&site.written_as).chain(&site.body_name) {
                        if !c.is_called(written) {
                            p.add(
                                &at,
                                format!("'{written}'은(는) 단지 '{}'의 이름이나 별칭이 아닙니다", c.name),
                            );
                        }
                    }
                }
            }
            if site.complex == plan.hub.complex {
                p.add(&at, "거점산단을 연계단지로 다시 적을 수 없습니다");
            }
        }
        for (i, goal) in plan.goals.iter().enumerate() {
            for e in goal.check_statements() {
                p.add(format!("{at}.goals[{i}]"), e.to_string());
            }
        }
        if let Some(total) = plan.projects.declared_total
            && (total as usize) < plan.projects.listed()
        {
            p.add(
                format!("{at}.projects"),
                format!(
                    "총 {total}개 사업이라 했으나 주요 사업만 {}개입니다",
                    plan.projects.listed()
                ),
            );
        }
    }

    fn check_designation(&self, d: &Designation, at: &str, p: &mut Problems) {
        if d.kind.names_a_complex() {
            match &d.complex {
                Some(id) if self.complex(id).is_none() => p.add(at, format!("단지 '{}'가 단지 목록에 없습니다", id.0)),
                None => p.add(at, format!("{}에는 단지가 있어야 합니다", d.kind.korean())),
                _ => {}
            }
        } else {
            match (d.round, d.region) {
                (Some(year), Some(region)) if self.plan(year, region).is_none() => {
                    p.add(at, format!("{year}년 {region}의 혁신계획이 없습니다"))
                }
                (None, _) | (_, None) => p.add(at, format!("{}에는 회차와 시·도가 있어야 합니다", d.kind.korean())),
                _ => {}
            }
        }
        if d.kind == DesignationKind::PreliminarySelection
            && let (Some(year), Some(round)) = (d.round, d.round.and_then(|y| self.round(y)))
        {
            let selected = self
                .designations
                .iter()
                .filter(|o| o.kind == d.kind && o.round == Some(year))
                .count();
            if round.quota.is_some_and(|q| selected > q as usize) {
                p.add(
                    at,
                    format!(
                        "{year}년 예비선정이 선정 규모 {}곳을 넘습니다",
                        round.quota.unwrap_or(0)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Day;
    use crate::goal::Goal;

    #[test]
    fn an_import_leaves_out_the_rounds_opened_in_sandan_and_the_worked_on_plans_it_lacks() {
        let record = crate::bundled();
        let kept = record.plans[0].clone();
        assert_eq!(
            record.leaves_out(
                &[record.rounds[0].year, 2031],
                &[(kept.round, kept.region), (2031, Region::Ulsan)]
            ),
            ["Sandan에서 연 2031년 공모", "2031년 울산 혁신계획의 패키지·성과"]
        );
        assert!(record.leaves_out(&[], &[(kept.round, kept.region)]).is_empty());
    }

    #[test]
    fn an_import_moves_a_tracked_goal_when_another_takes_its_place_or_it_is_gone() {
        let held = crate::bundled();
        let plan = held
            .plans
            .iter()
            .find(|p| p.goals.len() >= 2)
            .expect("a plan with two goals");
        let (year, region) = (plan.round, plan.region);
        let tracked = [(year, region, 0), (year, region, 1)];
        let (first, second) = (plan.goals[0].metric.clone(), plan.goals[1].metric.clone());
        // The held record with that plan's goals edited.
        let edited = |edit: fn(&mut Vec<Goal>)| {
            let mut record = held.clone();
            let plan = record.plans.iter_mut().find(|p| p.round == year && p.region == region);
            edit(&mut plan.unwrap().goals);
            record
        };
        assert!(
            edited(|goals| goals[0].statements.clear())
                .moves_goals(&held, &tracked)
                .is_empty(),
            "a goal's words corrected in place keep its results"
        );
        let short = region.short_name();
        assert_eq!(
            edited(|goals| {
                goals.swap(0, 1);
                goals.truncate(2);
            })
            .moves_goals(&held, &tracked),
            [
                format!("{year}년 {short} 혁신계획의 성과목표 1번 '{first}'(새 기록에서는 '{second}')"),
                format!("{year}년 {short} 혁신계획의 성과목표 2번 '{second}'(새 기록에서는 '{first}')"),
            ]
        );
        let mut dropped = edited(|goals| goals.truncate(1));
        assert_eq!(
            dropped.moves_goals(&held, &tracked),
            [format!(
                "{year}년 {short} 혁신계획의 성과목표 2번 '{second}'(새 기록에는 없음)"
            )]
        );
        dropped.plans.retain(|p| !(p.round == year && p.region == region));
        assert!(
            dropped.moves_goals(&held, &tracked).is_empty(),
            "a plan left out is named by leaves_out"
        );
    }

    #[test]
    fn a_first_load_keeps_the_rounds_opened_before_it_with_their_sources() {
        let bundled = crate::bundled();
        let mut held = Record::default();
        let mut opened = bundled.rounds[0].clone();
        opened.year = 2031;
        opened.sources.clear();
        let source = opened.opening_source(Some(Day::ymd(2030, 12, 1)));
        opened.sources.push(source.id.clone());
        held.sources.push(source.clone());
        held.rounds.push(opened.clone());
        // A round the bundled record has too is the record's, not the database's.
        held.rounds.push(bundled.rounds[0].clone());

        let loaded = bundled.clone().keeping_rounds_of(&held);
        assert_eq!(loaded.rounds.len(), bundled.rounds.len() + 1);
        assert_eq!(loaded.rounds.last(), Some(&opened));
        assert_eq!(loaded.rounds[0], bundled.rounds[0]);
        assert_eq!(loaded.sources.last(), Some(&source));
        assert_eq!(loaded.sources.len(), bundled.sources.len() + 1);
        assert!(loaded.check().is_empty(), "{:?}", loaded.check());
        assert_eq!(bundled.clone().keeping_rounds_of(&Record::default()), bundled);
    }
}
