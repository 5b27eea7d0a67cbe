//! 지역 보고서: one region's plan of one round — its reference sheet, its multi-ministry package
//! with the money planned and executed, its goals' results to date, and the files it submitted
//! through Sandan.

use std::collections::HashMap;

use sandan_domain::package::{FundingSource, Money, PackagePeriod, Quarter};
use sandan_domain::{Plan, Quantity};
use sandan_store::package::PackageProject;
use sandan_store::results::PlanRollup;

use super::documents::{Submission, submitted_documents};
use super::goals::DocumentGoals;
use super::sheet::sheet;
use super::{Report, byline_tail, money_cells};
use crate::document::{Block, Cell, Document, Table};

/// Everything a region's report is written from.
#[derive(Debug, Clone)]
pub struct RegionRecords {
    pub plan: Plan,
    /// Targets adopted in results tracking, by goal number.
    pub adopted: HashMap<usize, Quantity>,
    pub funded: bool,
    pub projects: Vec<PackageProject>,
    /// The goals as of `as_of`; None before the plan is funded.
    pub rollup: Option<PlanRollup>,
    pub as_of: Quarter,
    /// The latest version submitted in Sandan, with its documents; None when the plan was not
    /// submitted through Sandan.
    pub documents: Option<Submission>,
    pub synthetic: bool,
}

pub fn region_document(r: &RegionRecords) -> Report {
    let plan = &r.plan;
    let on = r.as_of.last_day();
    let name = plan.region.name_on(&on);
    let goals = DocumentGoals::of(plan, |i| r.adopted.get(&i).copied());
    let mut blocks = vec![Block::Heading {
        level: 1,
        text: "1. 혁신계획".into(),
    }];
    blocks.extend(sheet(plan, format!("{name} 혁신계획 개요"), &goals));
    blocks.push(Block::Heading {
        level: 1,
        text: "2. 범부처 패키지".into(),
    });
    blocks.extend(package(r));
    blocks.push(Block::Heading {
        level: 1,
        text: "3. 성과목표 달성 현황".into(),
    });
    blocks.extend(results(r));
    blocks.push(Block::Heading {
        level: 1,
        text: "4. 제출 문서".into(),
    });
    blocks.extend(submitted_documents(&[plan.region], r.documents.as_slice()));
    let mut byline = vec![format!("{} 기준", r.as_of.korean())];
    byline.extend(byline_tail(r.synthetic));
    Report {
        file_stem: format!(
            "{}_{}_산업단지대개조_추진현황_{}",
            plan.round,
            plan.region.short_name(),
            r.as_of
        ),
        document: Document {
            title: format!("{}년 선정 {name} 산업단지 대개조 추진 현황", plan.round),
            byline,
            blocks,
        },
        warnings: goals.unresolved,
    }
}

fn package(r: &RegionRecords) -> Vec<Block> {
    let region = r.plan.region.short_name();
    if r.projects.is_empty() {
        let why = if r.funded {
            "패키지 사업이 아직 등록되지 않았습니다."
        } else {
            "최종확정 전이어서 패키지 예산이 없습니다."
        };
        return vec![Block::Paragraph(why.into())];
    }
    let period = PackagePeriod::of_round(r.plan.round);
    let mut total = Money::default();
    let mut rows: Vec<Vec<Cell>> = r
        .projects
        .iter()
        .map(|p| {
            let money = Money {
                planned: p.budget.planned_total(),
                executed: p.budget.executed_total(),
            };
            total.add(money.planned, money.executed);
            let mut row = vec![
                Cell::text(&p.name),
                Cell::text(p.program.as_ref().map(|(_, n)| n.clone()).unwrap_or_default()),
                Cell::text(p.runner.korean()),
            ];
            row.extend(money_cells(&money));
            row
        })
        .collect();
    let mut total_row = vec![Cell::text("합계"), Cell::Empty, Cell::Empty];
    total_row.extend(money_cells(&total));
    rows.push(total_row);
    let mut by_year = Vec::new();
    for year in period.years() {
        let mut row = vec![Cell::text(format!("{year}년"))];
        let mut money = Money::default();
        for source in FundingSource::ALL {
            let planned: i64 = r.projects.iter().filter_map(|p| p.budget.planned(year, source)).sum();
            let executed: i64 = r.projects.iter().map(|p| p.budget.executed(year, source)).sum();
            money.add(planned, executed);
            row.push(Cell::Eok(planned));
        }
        row.extend(money_cells(&money));
        by_year.push(row);
    }
    vec![
        Block::Table(Table {
            caption: format!("{region} 패키지 사업"),
            columns: ["사업명", "지원 프로그램", "시행 주체", "계획", "집행", "집행률"]
                .map(String::from)
                .to_vec(),
            rows,
            grouped_first_column: false,
            note: Some(format!(
                "(단위: 억 원) 계획은 사업기간 {} 합계, 집행은 {}까지 누계",
                period.korean(),
                r.as_of.korean()
            )),
        }),
        Block::Table(Table {
            caption: format!("{region} 연도별 예산"),
            columns: [
                "연도",
                "국비 계획",
                "지방비 계획",
                "민자 계획",
                "계획 합계",
                "집행",
                "집행률",
            ]
            .map(String::from)
            .to_vec(),
            rows: by_year,
            grouped_first_column: false,
            note: Some("(단위: 억 원)".into()),
        }),
    ]
}

fn results(r: &RegionRecords) -> Vec<Block> {
    let Some(rollup) = &r.rollup else {
        return vec![Block::Paragraph(
            "최종확정 전이어서 성과목표를 관리하지 않습니다.".into(),
        )];
    };
    let rows = rollup
        .goals
        .iter()
        .map(|g| {
            let (statement, _) = g.goal.document_statement(g.setup.adopted_target.as_ref());
            let quantity = |q: Option<Quantity>| Cell::text(q.map_or("—".to_string(), |q| q.to_string()));
            let (progress, status) = match &g.assessment {
                Ok(a) => (
                    a.progress_permille.map_or(Cell::text("—"), Cell::Permille),
                    Cell::text(a.status.korean()),
                ),
                Err(why) => (Cell::text("—"), Cell::text(why)),
            };
            vec![
                Cell::text(statement.map_or(g.goal.metric.clone(), |s| s.text.clone())),
                quantity(g.tracking.target),
                quantity(g.tracking.baseline),
                Cell::text(
                    g.latest
                        .as_ref()
                        .map_or("—".to_string(), |(_, reading)| reading.written()),
                ),
                Cell::text(
                    g.latest
                        .as_ref()
                        .map_or("—".to_string(), |(quarter, _)| quarter.korean()),
                ),
                progress,
                status,
            ]
        })
        .collect();
    vec![
        Block::Table(Table {
            caption: format!("{} 성과목표", r.plan.region.short_name()),
            columns: [
                "성과목표",
                "목표치",
                "기준값",
                "최근 실적",
                "실적 분기",
                "진도율",
                "상태",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            grouped_first_column: false,
            note: Some(format!(
                "{} 기준. 상태는 경과 기간 대비 진도가 90% 이상이면 정상 추진, 60% 이상이면 주의, 그 아래면 부진입니다.",
                r.as_of.korean()
            )),
        }),
        Block::Item {
            depth: 1,
            text: format!(
                "지원기업 {}개사 (사업자등록번호 기준, 중복 제외)",
                sandan_domain::quantity::thousands(rollup.firms)
            ),
        },
    ]
}
