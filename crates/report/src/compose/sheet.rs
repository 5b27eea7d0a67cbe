//! 참고자료 한 장: a region's plan in the layout of the press release's appendix — 혁신계획
//! 개요 with its 대상지역 and 신청 사업 tables, 추진체계, 지역여건, 혁신계획 구성.

use sandan_domain::plan::Paragraph;
use sandan_domain::{LinkRole, Plan};

use super::goals::DocumentGoals;
use crate::document::{Block, Cell, Table};

/// The sheet's blocks, headed "{number} {region}" as the appendix numbers them.
pub fn sheet(plan: &Plan, heading: String, goals: &DocumentGoals) -> Vec<Block> {
    let region = plan.region.short_name();
    let mut blocks = vec![
        Block::Heading {
            level: 2,
            text: heading,
        },
        Block::Heading {
            level: 3,
            text: "1. 혁신계획 개요".into(),
        },
    ];
    let item = |label: &str, text: &str| {
        let text = text.trim();
        Block::Item {
            depth: 1,
            text: if text.is_empty() {
                format!("({label})")
            } else {
                format!("({label}) {text}")
            },
        }
    };
    if !plan.main_industries.is_empty() {
        blocks.push(item("주력업종", &plan.main_industries.join(", ")));
    }
    if let Some(vision) = &plan.vision {
        blocks.push(item("비전", vision));
    }
    if !goals.written.is_empty() {
        blocks.push(item("목표", &goals.written.join(", ")));
    }
    blocks.push(item("대상지역", ""));
    blocks.push(Block::Table(sites(plan, region)));
    let listed = plan.projects.listed();
    if listed > 0 {
        let count = match plan.projects.declared_total {
            Some(total) => format!("총 {total}개 사업"),
            None => format!("주요 사업 {listed}개"),
        };
        blocks.push(item("신청 사업", &count));
        blocks.push(Block::Table(Table {
            caption: format!("{region} 신청 사업"),
            columns: vec!["중점 과제".into(), "주요 사업(시·도 요구)".into()],
            rows: plan
                .projects
                .key_tasks
                .iter()
                .map(|t| vec![Cell::text(&t.name), Cell::text(t.projects_written())])
                .collect(),
            grouped_first_column: false,
            note: None,
        }));
    }
    if let Some(implementation) = &plan.implementation {
        blocks.push(item("추진체계", implementation));
    }
    if !plan.conditions.is_empty() {
        blocks.push(Block::Heading {
            level: 3,
            text: "2. 지역여건".into(),
        });
        blocks.extend(plan.conditions.iter().flat_map(|p| paragraph(p, 1)));
    }
    if !plan.structure.is_empty() {
        blocks.push(Block::Heading {
            level: 3,
            text: "3. 혁신계획 구성".into(),
        });
        for group in &plan.structure {
            blocks.push(Block::Item {
                depth: 1,
                text: group.key_task.clone(),
            });
            blocks.extend(group.strategies.iter().flat_map(|p| paragraph(p, 2)));
        }
    }
    blocks
}

/// 대상지역: the hub with its weight in the region, then each linked site with its function.
fn sites(plan: &Plan, region: &str) -> Table {
    let hub = &plan.hub;
    let mut rows = vec![vec![
        Cell::text("거점단지"),
        Cell::text(&hub.written_as),
        Cell::text(hub.weight_written().or_else(|| hub.focus.clone()).unwrap_or_default()),
    ]];
    let mut last_role = None;
    for site in &plan.linked {
        let label = if last_role == Some(site.role) {
            Cell::Empty
        } else {
            Cell::text(site.role.korean())
        };
        last_role = Some(site.role);
        rows.push(vec![
            label,
            Cell::text(&site.written_as),
            Cell::text(
                site.function
                    .as_ref()
                    .map(|f| format!("(연계기능) {f}"))
                    .unwrap_or_default(),
            ),
        ]);
    }
    Table {
        caption: format!("{region} 대상지역"),
        columns: vec!["구분".into(), "대상지".into(), "기여도·연계기능".into()],
        rows,
        grouped_first_column: true,
        note: None,
    }
}

/// "(heading) text" with its details one level deeper.
fn paragraph(p: &Paragraph, depth: u8) -> Vec<Block> {
    let text = match &p.heading {
        Some(h) => format!("({h}) {}", p.text),
        None => p.text.clone(),
    };
    let mut blocks = vec![Block::Item { depth, text }];
    blocks.extend(p.details.iter().map(|d| Block::Item {
        depth: depth + 1,
        text: d.clone(),
    }));
    blocks
}

/// "[거점산단] 반월·시화(자동차, 반도체, 소부장), [연계산단·지역] 성남(전기 전자부품) - …", as the
/// body notes each region's sites.
pub fn sites_note(plan: &Plan) -> String {
    let named = |name: &str, focus: Option<&String>| match focus {
        Some(f) => format!("{name}({f})"),
        None => name.to_string(),
    };
    let hub = &plan.hub;
    let mut note = format!(
        "[거점산단] {}",
        named(hub.body_name.as_deref().unwrap_or(&hub.written_as), hub.focus.as_ref())
    );
    if !plan.linked.is_empty() {
        let label = if plan.linked.iter().any(|l| l.role == LinkRole::LinkedArea) {
            "연계산단·지역"
        } else {
            "연계산단"
        };
        let linked: Vec<String> = plan
            .linked
            .iter()
            .map(|l| {
                named(
                    l.body_name.as_deref().unwrap_or(&l.written_as),
                    l.focus.as_ref().or(l.function.as_ref()),
                )
            })
            .collect();
        note.push_str(&format!(", [{label}] {}", linked.join(" - ")));
    }
    note
}
