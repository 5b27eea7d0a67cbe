//! The week's state on top of the national synthetic dataset: 2027 open for applications with
//! every province's complete draft, 2026 closed with every province's plan submitted and a panel
//! scoring them, and the accounts that act.

use std::collections::BTreeMap;

use sandan_domain::call::Call;
use sandan_domain::goal::GoalKind;
use sandan_domain::plan::{LinkRole, Metric};
use sandan_domain::proposal::{ProposedGoal, ProposedHub, ProposedProject, ProposedSite, ProposedTask, YearBudget};
use sandan_domain::proposal_check::{self, Context};
use sandan_domain::{Complex, ComplexId, Day, Proposal, Region, Role, SiteKind};
use sandan_store::Change;
use sandan_store::testing::{TestDb, TestSession, framework_form, round_open_until, signed_in};

use crate::common;
use crate::mix::EVALUATORS;

/// The round whose applications close this week.
pub const APPLYING: i32 = 2027;
/// The round whose plans the panel is scoring.
pub const SCORING: i32 = 2026;

const SETUP: Change<'static> = Change {
    actor: "bench",
    source: "bench",
    at: "2026-12-02T00:00:00Z",
};

pub struct Actors {
    pub office: TestSession,
    pub provinces: Vec<(Region, TestSession)>,
    pub evaluators: Vec<TestSession>,
    /// A hub the public reads about.
    pub complex: ComplexId,
}

fn aged_on(day: Day) -> impl Fn(&&Complex) -> bool {
    move |c| c.kind.may_be_hub() && c.is_aged_on(&day) == Some(true)
}

/// Each region's hub: an aged 국가산단 where it has one, else an aged 일반산단 — which the call
/// must then name in its strategic plan.
fn hubs(complexes: &BTreeMap<ComplexId, Complex>, call_day: Day) -> BTreeMap<Region, &Complex> {
    let aged = aged_on(call_day);
    Region::all()
        .map(|region| {
            let own: Vec<&Complex> = complexes
                .values()
                .filter(|c| c.region == region)
                .filter(&aged)
                .collect();
            let hub = own
                .iter()
                .find(|c| c.kind == SiteKind::National)
                .or(own.first())
                .unwrap_or_else(|| panic!("the generated record has no aged hub in {}", region.short_name()));
            (region, *hub)
        })
        .collect()
}

/// A plan with nothing left to fix: the region's hub, two aged linked complexes, one goal and
/// one funded project.
fn complete_plan(
    region: Region,
    hub: &Complex,
    complexes: &BTreeMap<ComplexId, Complex>,
    call: &Call,
    call_day: Day,
) -> Proposal {
    // The region's own complexes first; a region with few (서울) links to its neighbours'.
    let (own, others): (Vec<&Complex>, Vec<&Complex>) = complexes.values().partition(|c| c.region == region);
    let linked: Vec<ProposedSite> = own
        .into_iter()
        .chain(others)
        .filter(aged_on(call_day))
        .filter(|c| c.id != hub.id)
        .take(2)
        .map(|c| ProposedSite {
            complex: c.id.clone(),
            role: LinkRole::LinkedComplex,
            function: "연구개발".into(),
        })
        .collect();
    let plan = Proposal {
        main_industries: vec!["전기전자".into(), "기계장비".into()],
        vision: format!("{} 스마트 제조혁신", region.short_name()),
        goals: vec![ProposedGoal {
            metric: "고용".into(),
            kind: GoalKind::Increase,
            measures: Some(Metric::Employment),
            baseline: Some("2만명".parse().unwrap()),
            baseline_year: Some(call.year - 1),
            target: Some("2,000명".parse().unwrap()),
            target_year: Some(call.year + 3),
        }],
        hub: Some(ProposedHub {
            complex: hub.id.clone(),
            focus: "스마트 제조혁신".into(),
        }),
        linked,
        key_tasks: vec![ProposedTask {
            name: "디지털 전환".into(),
            projects: vec![ProposedProject {
                name: "스마트공장 고도화".into(),
                new: false,
                program: Some("스마트공장 구축 및 고도화".into()),
                budget: vec![YearBudget {
                    year: *call.budget_span().start(),
                    national: 1_000_000_000,
                    local: 500_000_000,
                    private: 0,
                }],
            }],
        }],
        implementation: "도 혁신추진단".into(),
        conditions: "생산 정체".into(),
        structure: "3대 과제".into(),
    };
    let context = Context {
        call,
        region,
        call_day,
        complexes,
    };
    let problems = proposal_check::check(&plan, &context);
    assert!(
        problems.is_empty(),
        "the bench's plan for {region:?} is incomplete: {problems:#?}"
    );
    plan
}

/// Generates the national dataset with the real command, then opens both rounds and signs in
/// everyone who acts.
pub async fn prepare(db: &TestDb) -> Actors {
    let generated = common::sandan(&db.url, &["generate", "--scale", "national"]);
    assert!(generated.status.success(), "{}", common::stderr(&generated));
    let store = &db.store;
    let complexes: BTreeMap<ComplexId, Complex> = store
        .complexes()
        .await
        .unwrap()
        .iter()
        .map(|c| (c.id.clone(), c.clone()))
        .collect();
    let mut provinces = Vec::new();
    for (year, deadline) in [(APPLYING, Day::ymd(2099, 3, 2)), (SCORING, Day::ymd(2026, 3, 2))] {
        let call_day = Day::ymd(year, 1, 1);
        let hubs = hubs(&complexes, call_day);
        let call = Call {
            general_hubs: hubs
                .values()
                .filter(|c| c.kind == SiteKind::General)
                .map(|c| c.id.clone())
                .collect(),
            ..Call::new(year)
        };
        store
            .open_round(&round_open_until(year, deadline), &call, &SETUP)
            .await
            .unwrap();
        for (region, hub) in hubs {
            let plan = complete_plan(region, hub, &complexes, &call, call_day);
            store.save_draft(year, region, &plan, 0, &SETUP).await.unwrap();
            if year == SCORING {
                store.submit_draft(year, region, 1, &SETUP).await.unwrap();
            }
        }
    }
    for region in Region::all() {
        let login = format!("bench-{}", region.slug());
        let session = signed_in(store, &login, &login, &[Role::ProvincialOfficer { region }]).await;
        provinces.push((region, session));
    }
    let complex = hubs(&complexes, Day::ymd(APPLYING, 1, 1))[&Region::Gyeonggi].id.clone();
    let mut evaluators = Vec::new();
    for k in 1..=EVALUATORS {
        let login = format!("bench-evaluator-{k}");
        evaluators.push(signed_in(store, &login, &format!("평가위원{k}"), &[Role::Evaluator]).await);
    }
    Actors {
        office: signed_in(store, "bench-office", "사무국", &[Role::ProgramOffice]).await,
        provinces,
        evaluators,
        complex,
    }
}

async fn office_posts(base: &str, office: &TestSession, path: &str, form: &[(&str, &str)]) {
    let mut fields = vec![("csrf", office.csrf.as_str())];
    fields.extend_from_slice(form);
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}{path}"))
        .header("cookie", &office.cookie)
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(status, 303, "{path}: {}", response.text().await.unwrap_or_default());
}

/// The office sets the framework, appoints the panel and starts scoring, as it would on the page.
pub async fn start_scoring(base: &str, actors: &Actors) {
    let path = format!("/rounds/{SCORING}/evaluation");
    let panel_size = EVALUATORS.to_string();
    office_posts(base, &actors.office, &path, &framework_form(&panel_size, "2026-12-10")).await;
    for (k, evaluator) in actors.evaluators.iter().enumerate() {
        let user = evaluator.user.0.to_string();
        let affiliation = format!("{}대학교", k + 1);
        office_posts(
            base,
            &actors.office,
            &format!("{path}/members"),
            &[("user", &user), ("affiliation", &affiliation)],
        )
        .await;
    }
    office_posts(base, &actors.office, &format!("{path}/start"), &[]).await;
}
