//! 선정 결과 보도 참고자료: a round's selection as the press release tells it — the body naming
//! the selected regions in 가나다 order with their hubs, the smart green complexes and districts
//! decided at the same meeting, each region's focus, sites and goals, and the schedule ahead;
//! then one reference sheet per region, and the files each region submitted through Sandan.
//! Body and sheets state every goal from one statement.

use std::collections::{BTreeMap, HashMap};

use sandan_domain::hangul::{particle, sort_ganada};
use sandan_domain::round::Step;
use sandan_domain::{ComplexId, Day, Designation, DesignationKind, Meeting, Plan, Quantity, Region, Round};

use super::documents::{Submission, submitted_documents};
use super::goals::DocumentGoals;
use super::sheet::{sheet, sites_note};
use super::{Report, byline_tail};
use crate::document::{Block, Document};

/// Everything a round's document is written from.
#[derive(Debug, Clone)]
pub struct RoundRecords {
    pub round: Round,
    /// Every plan in the record (earlier rounds' plans name the districts designated).
    pub plans: Vec<Plan>,
    pub designations: Vec<Designation>,
    pub meetings: Vec<Meeting>,
    /// Registered names of complexes.
    pub complexes: BTreeMap<ComplexId, String>,
    /// Targets adopted in results tracking: (round, region, goal number) → target.
    pub adopted: HashMap<(i32, Region, usize), Quantity>,
    /// Each province's latest version of the round submitted in Sandan, with its documents;
    /// empty for a round whose plans were not submitted through Sandan.
    pub documents: Vec<Submission>,
    pub synthetic: bool,
}

/// Why a round has no document yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}년 공모에는 아직 예비선정 결정이 없어 결과 문서를 만들 수 없습니다.")]
pub struct NotSelectedYet(pub i32);

pub fn round_document(r: &RoundRecords) -> Result<Report, NotSelectedYet> {
    let year = r.round.year;
    let mut selected: Vec<&Designation> = r
        .designations
        .iter()
        .filter(|d| d.kind == DesignationKind::PreliminarySelection && d.round == Some(year) && d.region.is_some())
        .collect();
    sort_ganada(&mut selected, |d| d.region.map_or("", Region::short_name));
    let first = selected.first().ok_or(NotSelectedYet(year))?;
    let date = first.date;
    let plan_of = |round: i32, region: Region| r.plans.iter().find(|p| p.round == round && p.region == region);
    let plans: Vec<&Plan> = selected.iter().filter_map(|d| plan_of(year, d.region?)).collect();
    let meeting = r.meetings.iter().find(|m| m.date == date);
    let body = meeting.map_or(first.body.as_str(), |m| m.body.as_str());
    let names: Vec<&str> = selected
        .iter()
        .filter_map(|d| d.region.map(Region::short_name))
        .collect();

    let goals: Vec<DocumentGoals> = plans
        .iter()
        .map(|p| DocumentGoals::of(p, |i| r.adopted.get(&(p.round, p.region, i)).copied()))
        .collect();
    let mut blocks = vec![Block::Heading {
        level: 1,
        text: "주요 내용".into(),
    }];
    let with_hub = |round: i32, region: Region| match plan_of(round, region) {
        Some(p) => format!("{}(거점산단: {})", region.short_name(), p.hub.written_as),
        None => region.short_name().to_string(),
    };
    let listed: Vec<String> = selected
        .iter()
        .filter_map(|d| d.region.map(|g| with_hub(year, g)))
        .collect();
    blocks.push(Block::Item {
        depth: 1,
        text: format!(
            "{body}는 {} {year}년 산업단지 대개조 지역으로 {} {}곳(가나다순)을 예비 선정하였다.",
            date.korean(),
            listed.join(", "),
            selected.len()
        ),
    });
    blocks.extend(same_meeting(r, date, year, &with_hub));
    if let Some(text) = evaluation_sentence(&r.round) {
        blocks.push(Block::Item { depth: 2, text });
    }
    blocks.push(Block::Item {
        depth: 1,
        text: format!("{}개 지역의 산업단지 대개조 사업 주요 내용은 다음과 같다.", plans.len()),
    });
    for (i, (plan, goals)) in plans.iter().zip(&goals).enumerate() {
        blocks.push(Block::Item {
            depth: 2,
            text: format!("{} ({}) {}", circled(i), plan.region.name_on(&date), focus(plan)),
        });
        blocks.push(Block::Note(sites_note(plan)));
        if let Some(sentence) = goals.sentence() {
            blocks.push(Block::Item {
                depth: 3,
                text: sentence,
            });
        }
    }
    let ahead = schedule_ahead(&r.round, &date);
    if !ahead.is_empty() {
        blocks.push(Block::Item {
            depth: 1,
            text: "향후 일정".into(),
        });
        blocks.extend(ahead);
    }
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading {
        level: 1,
        text: "참고: 지역별 혁신계획 개요".into(),
    });
    for (i, (plan, goals)) in plans.iter().zip(&goals).enumerate() {
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.extend(sheet(plan, format!("{} {}", i + 1, plan.region.name_on(&date)), goals));
    }
    // The selected regions' files only: a press reference names no region that was not selected.
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading {
        level: 1,
        text: "참고: 제출 문서".into(),
    });
    let regions: Vec<Region> = selected.iter().filter_map(|d| d.region).collect();
    blocks.extend(submitted_documents(&regions, &r.documents));

    let mut byline = Vec::new();
    if let Some(m) = meeting.filter(|m| !m.hosts.is_empty()) {
        byline.push(m.hosts.join(" · "));
    }
    byline.push(format!("{} {body} 의결", date.korean()));
    byline.extend(byline_tail(r.synthetic));
    Ok(Report {
        file_stem: format!("{year}_산업단지대개조_예비선정_결과"),
        document: Document {
            title: format!(
                "{} 산업단지 대개조 사업 {}개 지역 예비선정",
                names.join(" · "),
                selected.len()
            ),
            byline,
            blocks,
        },
        warnings: goals.into_iter().flat_map(|g| g.unresolved).collect(),
    })
}

/// Smart green complexes and other rounds' districts decided at the selection's meeting.
fn same_meeting(r: &RoundRecords, date: Day, year: i32, with_hub: &dyn Fn(i32, Region) -> String) -> Vec<Block> {
    let at_meeting = |kind: DesignationKind| r.designations.iter().filter(move |d| d.kind == kind && d.date == date);
    let mut blocks = Vec::new();
    let mut smart: Vec<String> = at_meeting(DesignationKind::SmartGreen)
        .filter_map(|d| d.complex.as_ref())
        .map(|c| r.complexes.get(c).cloned().unwrap_or_else(|| c.0.clone()))
        .collect();
    sort_ganada(&mut smart, |s| s.as_str());
    if !smart.is_empty() {
        blocks.push(Block::Item {
            depth: 2,
            text: format!(
                "스마트그린산단으로 {} {}곳을 선정하였다.",
                smart.join(", "),
                smart.len()
            ),
        });
    }
    let mut districts: BTreeMap<i32, Vec<Region>> = BTreeMap::new();
    for d in at_meeting(DesignationKind::CompetitivenessDistrict) {
        if let (Some(round), Some(region)) = (d.round, d.region) {
            districts.entry(round).or_default().push(region);
        }
    }
    for (round, mut regions) in districts {
        sort_ganada(&mut regions, |g| g.short_name());
        let listed: Vec<String> = regions.iter().map(|g| with_hub(round, *g)).collect();
        let when = if round == year {
            "이번에 선정된".to_string()
        } else {
            format!("{round}년 선정된")
        };
        blocks.push(Block::Item {
            depth: 2,
            text: format!(
                "또한 {when} {} {}곳을 경쟁력강화사업지구로 지정하였다.",
                listed.join(", "),
                regions.len()
            ),
        });
    }
    blocks
}

fn evaluation_sentence(round: &Round) -> Option<String> {
    let panel = round.panel.as_ref()?;
    let applicants = round
        .applicant_count
        .map(|n| format!("예비접수한 {n}개 시·도의 혁신계획을 "))
        .unwrap_or_default();
    let indicators: Vec<&str> = round.indicators.iter().map(|i| i.name.as_str()).collect();
    let by = if indicators.is_empty() {
        String::new()
    } else {
        format!(" 평가지표({})에 따라", indicators.join(", "))
    };
    Some(format!("{applicants}평가위원회({}){by} 평가하였다.", panel.composition))
}

/// The steps after the selection, dated or planned.
fn schedule_ahead(round: &Round, selected: &Day) -> Vec<Block> {
    round
        .milestones
        .iter()
        .filter(|m| m.step > Step::PreliminarySelection && (m.planned || m.date.is_none_or(|d| d > *selected)))
        .map(|m| {
            let when = m.date.map_or("일정 미정".to_string(), |d| d.korean());
            let planned = if m.planned { " (예정)" } else { "" };
            let note = m.note.as_ref().map(|n| format!(" — {n}")).unwrap_or_default();
            Block::Item {
                depth: 2,
                text: format!("{}: {when}{planned}{note}", m.step.korean()),
            }
        })
        .collect()
}

/// The region's paragraph in the body without its number and name ("① (경기도) …"), or its vision.
fn focus(plan: &Plan) -> String {
    if let Some(first) = plan.summary.first() {
        let text = first
            .trim_start_matches(|c: char| ('①'..='⑳').contains(&c))
            .trim_start();
        if let Some(rest) = text.strip_prefix('(').and_then(|t| t.split_once(')')) {
            return rest.1.trim().to_string();
        }
        return text.to_string();
    }
    match &plan.vision {
        Some(v) => format!("'{v}'{} 비전으로 제시하였다.", particle(v, "을", "를", "을(를)")),
        None => String::new(),
    }
}

fn circled(i: usize) -> char {
    char::from_u32(0x2460 + i as u32).unwrap_or('·')
}
