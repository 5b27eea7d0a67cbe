//! The record's skeleton: the synthetic source, complexes across the 17 regions, rounds and
//! their meetings, each plan's sites, and the decisions that fund every plan.

use super::{LAST_ROUND, Rng, SOURCE_TITLE, Scale, SyntheticProject, allocate};
use crate::complex::{Complex, ComplexId, SiteKind};
use crate::date::Day;
use crate::designation::{Designation, DesignationKind, Meeting};
use crate::goal::Goal;
use crate::plan::{
    HubComplex, HubFigure, KeyTask, LinkRole, LinkedSite, Metric, Plan, Project, ProjectList, WeightLabel,
};
use crate::quantity::{Quantity, Unit};
use crate::record::Record;
use crate::region::Region;
use crate::round::{Milestone, PanelRecord, Round, Step};
use crate::source::{Source, SourceId};

const BODY: &str = "합성 추진위원회 (성능 시험용)";
const KEY_TASKS: [&str; 3] = ["스마트 제조 혁신", "친환경 에너지 전환", "근로·정주 여건 개선"];
const INDUSTRIES: [&str; 8] = ["기계", "자동차부품", "전자", "화학", "금속", "섬유", "식품", "바이오"];

/// How complexes spread over the regions, in `Region::all()` order: roughly the published
/// distribution (경남, 경기, 경북 many; 서울, 제주 few), used only to shape the synthetic data.
const REGION_WEIGHTS: [usize; 17] = [3, 36, 27, 17, 22, 8, 30, 20, 181, 84, 144, 165, 104, 111, 168, 214, 7];

pub(super) fn source_id() -> SourceId {
    SourceId("synthetic".into())
}

/// Sources, complexes, rounds and meetings; plans and designations are added later.
pub(super) fn skeleton(scale: Scale, seed: u64, rng: &mut Rng) -> Record {
    let sources = vec![Source {
        id: source_id(),
        title: SOURCE_TITLE.into(),
        publisher: "Sandan 합성 자료 생성기".into(),
        published: None,
        url: None,
        note: Some(format!(
            "sandan generate가 시드 {seed}로 만든 자료입니다. 실제 사업 자료가 아닙니다."
        )),
    }];
    let mut complexes = Vec::with_capacity(scale.complexes);
    // At least two a region: a hub and a linked site.
    for (region, count) in Region::all().zip(allocate(scale.complexes, &REGION_WEIGHTS, 2)) {
        for j in 1..=count {
            complexes.push(complex(rng, region, j));
        }
    }
    let mut rounds = Vec::new();
    let mut meetings = Vec::new();
    for year in first_round(scale)..=LAST_ROUND {
        let milestone = |step, month, day| Milestone {
            step,
            date: Some(Day::ymd(year, month, day)),
            planned: false,
            note: None,
        };
        // The program's panels had 9 private evaluators (2021); a round here has 9 to 15.
        let evaluators = rng.range(9, 15) as u32;
        rounds.push(Round {
            year,
            title: format!("{year}년 합성 공모 (성능 시험용)"),
            quota: Some(scale.plans_per_round as u32),
            applicant_count: Some(17),
            panel: Some(PanelRecord {
                evaluators,
                composition: format!("민간 평가위원 {evaluators}인 (합성)"),
            }),
            indicators: Vec::new(),
            bonus_points: Vec::new(),
            milestones: vec![
                milestone(Step::Call, 3, 2),
                milestone(Step::PreliminarySelection, 9, 15),
                milestone(Step::FinalConfirmation, 12, 15),
            ],
            sources: vec![source_id()],
        });
        for (month, day) in [(9, 15), (12, 15)] {
            meetings.push(Meeting {
                date: Day::ymd(year, month, day),
                body: BODY.into(),
                hosts: Vec::new(),
                chairs: Vec::new(),
                sources: vec![source_id()],
            });
        }
    }
    Record {
        synthetic: true,
        sources,
        complexes,
        rounds,
        plans: Vec::new(),
        meetings,
        designations: Vec::new(),
        targets: Vec::new(),
    }
}

fn first_round(scale: Scale) -> i32 {
    LAST_ROUND - scale.rounds as i32 + 1
}

fn complex(rng: &mut Rng, region: Region, j: usize) -> Complex {
    // The first complex of each region is national, so every region has a possible hub.
    let kind = match (j, rng.range(0, 99)) {
        (1, _) | (_, 0..=3) => SiteKind::National,
        (_, 4..=55) => SiteKind::General,
        (_, 56..=59) => SiteKind::UrbanHighTech,
        _ => SiteKind::AgroIndustrial,
    };
    let short = region.short_name();
    Complex {
        aliases: vec![site_label(region, j)],
        construction_started: Some(Day::ymd(rng.range(1965, 2015) as i32, rng.range(1, 12) as u8, 1)),
        sources: vec![source_id()],
        ..Complex::named(
            ComplexId(format!("syn-{}-{j:04}", region.slug())),
            format!("{short}합성{j}{}", kind.korean()),
            kind,
            region,
        )
    }
}

fn site_label(region: Region, j: usize) -> String {
    format!("{}합성{j}산단", region.short_name())
}

/// (round, region) of every plan, oldest round first; each round takes the next regions in turn.
pub(super) fn plan_slots(scale: Scale) -> Vec<(i32, Region)> {
    let regions: Vec<Region> = Region::all().collect();
    let mut slots = Vec::with_capacity(scale.plans());
    for (r, year) in (first_round(scale)..=LAST_ROUND).enumerate() {
        for k in 0..scale.plans_per_round {
            slots.push((year, regions[(r * scale.plans_per_round + k) % regions.len()]));
        }
    }
    slots
}

/// A plan's sites: its hub first, then up to `wanted - 1` linked complexes of its region. Each
/// round of a region takes the next hub and the next window of complexes.
pub(super) fn sites(record: &Record, scale: Scale, round: i32, region: Region, wanted: usize) -> Vec<Complex> {
    let turn = (round - first_round(scale)) as usize;
    let here: Vec<&Complex> = record.complexes.iter().filter(|c| c.region == region).collect();
    let hubs: Vec<&&Complex> = here.iter().filter(|c| c.kind.may_be_hub()).collect();
    let hub = *hubs[turn % hubs.len()];
    let others: Vec<&Complex> = here.iter().copied().filter(|c| c.id != hub.id).collect();
    let linked = (wanted - 1).min(others.len());
    let mut sites = vec![hub.clone()];
    for k in 0..linked {
        sites.push(others[(turn * linked + k) % others.len()].clone());
    }
    sites
}

/// The short label a site's goals carry: its alias ("경기합성3산단").
pub(super) fn label(site: &Complex) -> &str {
    site.aliases.first().map(String::as_str).unwrap_or(&site.name)
}

pub(super) fn plan(
    record: &Record,
    round: i32,
    region: Region,
    sites: &[Complex],
    projects: &[SyntheticProject],
    goals: Vec<Goal>,
) -> Plan {
    let hub = &sites[0];
    let seq = record.plans.len();
    let listed: Vec<&SyntheticProject> = projects.iter().take(9).collect();
    let per_task = listed.len().div_ceil(KEY_TASKS.len()).max(1);
    let key_tasks = listed
        .chunks(per_task)
        .zip(KEY_TASKS)
        .map(|(chunk, name)| KeyTask {
            name: name.into(),
            projects: chunk
                .iter()
                .map(|p| Project {
                    name: p.name.clone(),
                    new: p.program.is_none(),
                })
                .collect(),
        })
        .collect();
    let production_jo = 5 + (seq % 60) as i64;
    Plan {
        round,
        region,
        main_industries: vec![
            INDUSTRIES[seq % INDUSTRIES.len()].into(),
            INDUSTRIES[(seq + 3) % INDUSTRIES.len()].into(),
        ],
        vision: Some(format!("{} 합성 혁신계획 (성능 시험용)", region.short_name())),
        goals,
        hub: HubComplex {
            complex: hub.id.clone(),
            written_as: hub.name.clone(),
            body_name: None,
            focus: None,
            weight_label: Some(WeightLabel::Contribution),
            figures: vec![HubFigure {
                metric: Metric::Production,
                label: "생산액".into(),
                value: Some(Quantity::won(production_jo * 1_000_000_000_000)),
                share: Some(Quantity::new((10 + (seq % 50) as i64) * 100, Unit::Percent)),
            }],
        },
        linked: sites[1..]
            .iter()
            .map(|c| LinkedSite {
                complex: c.id.clone(),
                role: LinkRole::LinkedComplex,
                written_as: c.name.clone(),
                function: Some("연계 기능 (합성)".into()),
                body_name: None,
                focus: None,
            })
            .collect(),
        projects: ProjectList {
            declared_total: Some(projects.len() as u32),
            key_tasks,
        },
        implementation: None,
        conditions: Vec::new(),
        structure: Vec::new(),
        summary: vec!["성능 시험용으로 생성한 합성 계획입니다. 실제 사업 자료가 아닙니다.".into()],
        corrections: Vec::new(),
        sources: vec![source_id()],
    }
}

/// Every plan preliminarily selected in September and confirmed in December of its round:
/// the confirmation is what funds its package.
pub(super) fn designate(record: &mut Record) {
    let decisions: Vec<Designation> = record
        .plans
        .iter()
        .flat_map(|p| {
            [
                (DesignationKind::PreliminarySelection, 9),
                (DesignationKind::FinalConfirmation, 12),
            ]
            .map(|(kind, month)| Designation {
                kind,
                date: Day::ymd(p.round, month, 15),
                body: BODY.into(),
                round: Some(p.round),
                region: Some(p.region),
                complex: None,
                note: None,
                sources: vec![source_id()],
            })
        })
        .collect();
    record.designations = decisions;
}
