use super::*;
use crate::plan::Metric;
use crate::proposal::{ProposedHub, ProposedProject, ProposedSite, ProposedTask, YearBudget};
use crate::quantity::Quantity;

fn complex(id: &str, kind: SiteKind, region: Region, started: Option<Day>) -> Complex {
    Complex {
        construction_started: started,
        ..Complex::named(ComplexId(id.into()), format!("{id} 단지"), kind, region)
    }
}

fn registry() -> BTreeMap<ComplexId, Complex> {
    let old = Some(Day::ymd(1977, 4, 1));
    [
        complex("banwol", SiteKind::National, Region::Gyeonggi, old),
        complex("hwaseong", SiteKind::General, Region::Gyeonggi, old),
        complex("seongnam", SiteKind::General, Region::Gyeonggi, old),
        complex("siheung", SiteKind::General, Region::Gyeonggi, old),
        complex("young", SiteKind::General, Region::Gyeonggi, Some(Day::ymd(2010, 5, 1))),
        complex("unknown", SiteKind::General, Region::Gyeonggi, None),
        complex("fez", SiteKind::FreeEconomicZone, Region::Gyeonggi, None),
        complex("agro", SiteKind::AgroIndustrial, Region::Gyeonggi, old),
        complex("changwon", SiteKind::National, Region::Gyeongnam, old),
    ]
    .into_iter()
    .map(|c| (c.id.clone(), c))
    .collect()
}

fn site(id: &str, role: LinkRole) -> ProposedSite {
    ProposedSite {
        complex: ComplexId(id.into()),
        role,
        function: "연구개발".into(),
    }
}

fn valid() -> Proposal {
    Proposal {
        main_industries: vec!["자동차부품".into()],
        vision: "스마트 제조혁신 거점".into(),
        goals: vec![ProposedGoal {
            metric: "고용".into(),
            kind: GoalKind::Increase,
            measures: Some(Metric::Employment),
            baseline: Some("25만명".parse().unwrap()),
            baseline_year: Some(2020),
            target: Some("1만명".parse().unwrap()),
            target_year: Some(2024),
        }],
        hub: Some(ProposedHub {
            complex: ComplexId("banwol".into()),
            focus: "스마트 제조혁신".into(),
        }),
        linked: vec![
            site("hwaseong", LinkRole::LinkedComplex),
            site("seongnam", LinkRole::LinkedComplex),
        ],
        key_tasks: vec![ProposedTask {
            name: "디지털 전환".into(),
            projects: vec![ProposedProject {
                name: "스마트공장 고도화".into(),
                new: false,
                program: Some("스마트공장 구축 및 고도화".into()),
                budget: vec![YearBudget {
                    year: 2022,
                    national: 1_000_000_000,
                    local: 500_000_000,
                    private: 0,
                }],
            }],
        }],
        implementation: "도 혁신추진단".into(),
        conditions: "생산 정체".into(),
        structure: "3대 과제".into(),
    }
}

/// Checked as the pages check it: against the complexes the plan names, out of the registry.
fn problems_of(proposal: &Proposal, call: &Call) -> Vec<Problem> {
    let registry: Vec<Complex> = registry().into_values().collect();
    check(
        proposal,
        &Context {
            call,
            region: Region::Gyeonggi,
            call_day: Day::ymd(2021, 1, 4),
            complexes: &sites_of(proposal, &registry),
        },
    )
}

#[test]
fn the_complexes_checked_are_those_the_plan_names_and_no_others() {
    let registry: Vec<Complex> = registry().into_values().collect();
    let mut plan = valid();
    plan.linked.push(site("not-in-the-registry", LinkRole::LinkedArea));
    let ids: Vec<String> = sites_of(&plan, &registry).into_keys().map(|id| id.0).collect();
    assert_eq!(ids, ["banwol", "hwaseong", "seongnam"]);
}

fn problems(proposal: &Proposal) -> Vec<Problem> {
    problems_of(proposal, &Call::new(2021))
}

/// The one problem a change causes, with the field it points at.
fn only(proposal: &Proposal) -> (String, String) {
    let found = problems(proposal);
    assert_eq!(found.len(), 1, "{found:#?}");
    (found[0].field.clone(), found[0].message.clone())
}

#[test]
fn a_complete_plan_has_nothing_to_fix() {
    assert_eq!(problems(&valid()), vec![]);
}

#[test]
fn an_empty_draft_lists_every_section_to_fill() {
    let found = problems(&Proposal::default());
    let sections: BTreeSet<Section> = found.iter().map(|p| p.section).collect();
    assert_eq!(sections, Section::ALL.into_iter().collect());
}

#[test]
fn the_hub_must_be_in_the_plans_own_region() {
    let mut p = valid();
    p.hub.as_mut().unwrap().complex = ComplexId("changwon".into());
    let (field, message) = only(&p);
    assert_eq!(field, "sites-hub");
    assert!(message.contains("경남"), "{message}");
}

#[test]
fn a_general_complex_is_a_hub_only_when_the_strategy_plan_names_it() {
    let mut p = valid();
    p.hub.as_mut().unwrap().complex = ComplexId("siheung".into());
    assert!(only(&p).1.contains("전략계획"));
    let call = Call {
        general_hubs: vec![ComplexId("siheung".into())],
        ..Call::new(2021)
    };
    assert_eq!(problems_of(&p, &call), vec![]);
}

#[test]
fn an_agro_industrial_complex_is_never_a_hub() {
    let mut p = valid();
    p.hub.as_mut().unwrap().complex = ComplexId("agro".into());
    assert!(only(&p).1.contains("농공단지"));
}

#[test]
fn a_hub_under_twenty_years_or_of_unknown_age_is_refused() {
    let mut p = valid();
    let call = Call {
        general_hubs: vec![ComplexId("young".into()), ComplexId("unknown".into())],
        ..Call::new(2021)
    };
    p.hub.as_mut().unwrap().complex = ComplexId("young".into());
    let found = problems_of(&p, &call);
    assert!(
        found.len() == 1 && found[0].message.contains("2010. 5. 1."),
        "{found:?}"
    );
    p.hub.as_mut().unwrap().complex = ComplexId("unknown".into());
    let found = problems_of(&p, &call);
    assert!(
        found.len() == 1 && found[0].message.contains("착공일 등록"),
        "{found:?}"
    );
}

#[test]
fn the_number_of_linked_sites_follows_the_call() {
    let mut p = valid();
    p.linked.truncate(1);
    let (field, message) = only(&p);
    assert_eq!(field, "sites-linked-0-complex");
    assert!(message.contains("2~3곳") && message.contains("1곳"), "{message}");
}

#[test]
fn a_young_complex_is_linked_only_as_an_area_and_only_where_the_call_allows() {
    let mut p = valid();
    p.linked[1] = site("young", LinkRole::LinkedComplex);
    let (field, message) = only(&p);
    assert_eq!(field, "sites-linked-1-role");
    assert!(!message.contains("연계지역으로 바꾸어"), "{message}");
    p.linked[1] = site("young", LinkRole::LinkedArea);
    assert!(only(&p).1.contains("허용하지 않습니다"));
    let allowing = Call {
        young_sites_as_areas: true,
        ..Call::new(2021)
    };
    assert_eq!(problems_of(&p, &allowing), vec![]);
    p.linked[1] = site("young", LinkRole::LinkedComplex);
    let found = problems_of(&p, &allowing);
    assert!(found[0].message.contains("연계지역으로 바꾸어"), "{found:?}");
}

#[test]
fn an_area_that_is_not_a_complex_is_linked_as_an_area() {
    let mut p = valid();
    p.linked.push(site("fez", LinkRole::LinkedComplex));
    assert!(only(&p).1.contains("경제자유구역"));
    p.linked[2].role = LinkRole::LinkedArea;
    assert_eq!(problems(&p), vec![]);
}

#[test]
fn a_site_named_twice_or_without_its_function_is_refused() {
    let mut p = valid();
    p.linked[1] = site("banwol", LinkRole::LinkedComplex);
    assert!(only(&p).1.contains("두 번"));
    let mut p = valid();
    p.linked[0].function = " ".into();
    assert_eq!(only(&p).0, "sites-linked-0-function");
}

#[test]
fn goal_units_must_agree() {
    let mut p = valid();
    p.goals[0].baseline = Some("63.8조원".parse().unwrap());
    let (field, message) = only(&p);
    assert_eq!(field, "goals-0-baseline");
    assert!(message.contains("단위"), "{message}");
}

#[test]
fn a_rate_rise_is_stated_in_points() {
    let mut p = valid();
    p.goals[0].kind = GoalKind::RaiseBy;
    p.goals[0].baseline = None;
    p.goals[0].baseline_year = None;
    assert_eq!(only(&p).0, "goals-0-target");
    p.goals[0].target = Some("8%p".parse().unwrap());
    assert_eq!(problems(&p), vec![]);
}

#[test]
fn goals_need_their_figures_and_years_in_range() {
    let mut p = valid();
    p.goals[0].target = None;
    assert_eq!(only(&p).0, "goals-0-target");
    let mut p = valid();
    p.goals[0].target_year = Some(2040);
    assert!(only(&p).1.contains("2022~2031"));
    let mut p = valid();
    p.goals[0].baseline_year = None;
    assert_eq!(only(&p).0, "goals-0-baseline_year");
    let mut p = valid();
    p.goals[0].target = Some(Quantity::new(0, Unit::People));
    assert!(only(&p).1.contains("0보다 커야"));
}

#[test]
fn qualitative_and_zero_goals_take_no_figure() {
    let mut p = valid();
    p.goals.push(ProposedGoal {
        metric: "안전사고".into(),
        kind: GoalKind::DriveToZero,
        measures: None,
        baseline: None,
        baseline_year: None,
        target: None,
        target_year: Some(2024),
    });
    p.goals.push(ProposedGoal {
        metric: "디지털 레벨".into(),
        kind: GoalKind::Qualitative,
        measures: None,
        baseline: None,
        baseline_year: None,
        target: None,
        target_year: None,
    });
    assert_eq!(problems(&p), vec![]);
    p.goals[2].target = Some("3점".parse().unwrap());
    assert_eq!(only(&p).0, "goals-2-target");
}

#[test]
fn a_goal_named_twice_is_refused() {
    let mut p = valid();
    p.goals.push(p.goals[0].clone());
    assert_eq!(only(&p).0, "goals-1-metric");
}

#[test]
fn a_goal_the_record_could_not_state_is_refused_at_submission() {
    let mut p = valid();
    // "고용2 1만 명 증대" reads as 21만 명: the figure would not be found in its own words.
    p.goals[0].metric = "고용2".into();
    let (field, message) = only(&p);
    assert_eq!(field, "goals-0-metric");
    assert!(message.contains("이대로 적을 수 없습니다"), "{message}");
}

#[test]
fn budgets_stay_inside_the_program_years_and_are_not_negative() {
    let mut p = valid();
    p.key_tasks[0].projects[0].budget[0].year = 2025;
    assert!(only(&p).1.contains("2022~2024"));
    let mut p = valid();
    p.key_tasks[0].projects[0].budget[0].local = -1;
    assert!(only(&p).1.contains("음수"));
    let mut p = valid();
    let first = p.key_tasks[0].projects[0].budget[0];
    p.key_tasks[0].projects[0].budget.push(first);
    assert!(only(&p).1.contains("두 번"));
    let mut p = valid();
    p.key_tasks[0].projects[0].budget.clear();
    assert!(only(&p).1.contains("예산이 없습니다"));
}

#[test]
fn a_project_named_twice_in_a_task_is_refused() {
    let mut p = valid();
    let project = p.key_tasks[0].projects[0].clone();
    p.key_tasks[0].projects.push(project);
    assert!(only(&p).1.contains("두 번"));
}

#[test]
fn the_bundled_hubs_are_checked_against_the_law_by_their_sourced_construction_starts() {
    let record = crate::bundled();
    let complexes: BTreeMap<ComplexId, Complex> = record.complexes.iter().map(|c| (c.id.clone(), c.clone())).collect();
    let call = Call::new(2027);
    let ctx = Context {
        call: &call,
        region: Region::Jeonbuk,
        call_day: Day::ymd(2027, 1, 4),
        complexes: &complexes,
    };
    let problem = |id: &str| age_problem(&complexes[&ComplexId(id.into())], &ctx, "거점산단");
    assert_eq!(problem("gunsan"), None, "군산 broke ground in 1989");
    let young = problem("saemangeum").expect("새만금 broke ground in 2009");
    assert!(
        young.contains("착공 20년이 되지 않았습니다") && young.contains("2009. 3. 27."),
        "{young}"
    );
    let unknown = problem("pohang").expect("no source gives 포항's start");
    assert!(unknown.contains("착공일이 등록되어 있지 않아"), "{unknown}");
}

#[test]
fn a_start_known_only_to_the_year_that_leaves_the_rule_open_is_refused_with_why() {
    let mut complexes = registry();
    complexes
        .get_mut(&ComplexId("unknown".into()))
        .unwrap()
        .construction_started = Some("2001".parse().unwrap());
    let call = Call::new(2021);
    let ctx = Context {
        call: &call,
        region: Region::Gyeonggi,
        call_day: Day::ymd(2021, 1, 4),
        complexes: &complexes,
    };
    let why = age_problem(&complexes[&ComplexId("unknown".into())], &ctx, "거점산단").unwrap();
    assert!(why.contains("착공 시기(2001.)가 연·월까지만"), "{why}");
}
