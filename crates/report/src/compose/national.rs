//! 전국 성과 현황: the national roll-up — the four figures, each selected plan's money and goal
//! standing, and the budget by ministry and by cohort — as the dashboard shows it.

use std::collections::BTreeMap;
use std::sync::Arc;

use sandan_domain::Region;
use sandan_domain::grievance::{RegionalStatistics, Statistics};
use sandan_domain::hangul::sort_ganada;
use sandan_domain::impact::{IndicatorImpact, Outcome, ProgramImpact};
use sandan_domain::package::{Money, Quarter};
use sandan_domain::results::{RollupMetric, Status};
use sandan_store::package::BudgetCell;
use sandan_store::results::PlanRollup;

use super::{Report, byline_tail, money_cells};
use crate::document::{Block, Cell, Document, Table};

/// Everything the national report is written from.
#[derive(Debug, Clone)]
pub struct NationalRecords {
    pub rollups: Arc<Vec<PlanRollup>>,
    /// Every selected plan with its hub's name.
    pub hubs: Vec<(i32, Region, String)>,
    pub cells: Arc<Vec<BudgetCell>>,
    pub as_of: Quarter,
    pub synthetic: bool,
    /// 사업 효과: the hubs against matched comparison complexes.
    pub impact: Arc<ProgramImpact>,
    /// 애로사항 received by the end of the quarter, counted then.
    pub grievances: RegionalStatistics,
}

/// The unit a figure is counted in, for the cell that keeps it as a number.
fn unit(metric: RollupMetric) -> &'static str {
    match metric {
        RollupMetric::Jobs => "명",
        RollupMetric::Production | RollupMetric::BudgetExecuted => "원",
        RollupMetric::Firms => "개사",
    }
}

pub fn national_document(r: &NationalRecords) -> Report {
    let figures = RollupMetric::ALL
        .into_iter()
        .map(|metric| {
            let values: Vec<i64> = r.rollups.iter().filter_map(|p| p.achieved(metric)).collect();
            let sum = values.iter().sum();
            vec![
                Cell::text(metric.korean()),
                Cell::text(metric.written(sum)),
                Cell::Count {
                    value: sum,
                    unit: unit(metric),
                },
                Cell::Count {
                    value: values.len() as i64,
                    unit: "곳",
                },
            ]
        })
        .collect();
    let mut plans: Vec<&(i32, Region, String)> = r.hubs.iter().collect();
    sort_ganada(&mut plans, |p| p.1.short_name());
    plans.sort_by_key(|p| p.0);
    let plan_rows = plans
        .iter()
        .map(|(round, region, hub)| {
            let mut row = vec![
                Cell::text(format!("{round}년")),
                Cell::text(region.short_name()),
                Cell::text(hub),
            ];
            match r.rollups.iter().find(|p| p.round == *round && p.region == *region) {
                Some(p) => {
                    row.extend(money_cells(&Money {
                        planned: p.planned,
                        executed: p.executed,
                    }));
                    row.extend(p.status_counts().into_iter().map(|(_, n)| Cell::Count {
                        value: n as i64,
                        unit: "개",
                    }));
                }
                None => {
                    row.push(Cell::text("최종확정 전"));
                    row.extend((0..2 + Status::ALL.len()).map(|_| Cell::Empty));
                }
            }
            row
        })
        .collect();
    let mut ministries: BTreeMap<String, Money> = BTreeMap::new();
    for c in r.cells.iter() {
        let label = c.ministry.clone().unwrap_or_else(|| "시·도 자체".into());
        ministries.entry(label).or_default().add(c.planned, c.executed);
    }
    let mut cohorts: BTreeMap<i32, Money> = BTreeMap::new();
    for p in r.rollups.iter() {
        cohorts.entry(p.round).or_default().add(p.planned, p.executed);
    }
    let money_table = |caption: &str, first: &str, rows: Vec<(String, Money)>| {
        let mut total = Money::default();
        let mut rows: Vec<Vec<Cell>> = rows
            .into_iter()
            .map(|(label, m)| {
                total.add(m.planned, m.executed);
                let mut row = vec![Cell::Text(label)];
                row.extend(money_cells(&m));
                row
            })
            .collect();
        let mut last = vec![Cell::text("합계")];
        last.extend(money_cells(&total));
        rows.push(last);
        Table {
            caption: caption.into(),
            columns: [first, "계획", "집행", "집행률"].map(String::from).to_vec(),
            rows,
            grouped_first_column: false,
            note: Some("(단위: 억 원)".into()),
        }
    };
    let mut status_columns: Vec<String> = ["선정 연도", "시·도", "거점산단", "계획", "집행", "집행률"]
        .map(String::from)
        .to_vec();
    status_columns.extend(Status::ALL.iter().map(|s| format!("목표 {}", s.korean())));
    let blocks = vec![
        Block::Heading {
            level: 1,
            text: "1. 전국 종합".into(),
        },
        Block::Table(Table {
            caption: "전국 종합".into(),
            columns: ["지표", "실적", "값", "보고 지역"].map(String::from).to_vec(),
            rows: figures,
            grouped_first_column: false,
            note: Some(
                "일자리·생산액은 해당 목표의 최근 실적에서 기준값을 뺀 값의 합, 지원기업은 사업자등록번호 기준 중복 제외, 예산 집행은 집행 누계입니다."
                    .into(),
            ),
        }),
        Block::Heading {
            level: 1,
            text: "2. 지역별 현황".into(),
        },
        Block::Table(Table {
            caption: "지역별 현황".into(),
            columns: status_columns,
            rows: plan_rows,
            grouped_first_column: false,
            note: Some("(단위: 억 원) 목표 수는 성과목표의 상태별 개수입니다.".into()),
        }),
        Block::Heading {
            level: 1,
            text: "3. 부처별 예산".into(),
        },
        Block::Table(money_table("부처별 예산", "부처", ministries.into_iter().collect())),
        Block::Heading {
            level: 1,
            text: "4. 선정 연도별 예산".into(),
        },
        Block::Table(money_table(
            "선정 연도별 예산",
            "선정 연도",
            cohorts.into_iter().map(|(y, m)| (format!("{y}년 선정"), m)).collect(),
        )),
    ];
    let mut blocks = blocks;
    blocks.extend(impact_blocks(&r.impact));
    blocks.extend(grievance_blocks(&r.grievances, r.as_of));
    let mut byline = vec![format!("{} 기준", r.as_of.korean())];
    byline.extend(byline_tail(r.synthetic));
    Report {
        file_stem: format!("산업단지대개조_전국성과현황_{}", r.as_of),
        document: Document {
            title: "산업단지 대개조 전국 성과 현황".into(),
            byline,
            blocks,
        },
        warnings: Vec::new(),
    }
}

/// "5. 사업 효과": the stacked estimate per indicator with its sentence, then each cohort's, or
/// the reason there is none. Percentages keep one decimal as numbers in the spreadsheet.
fn impact_blocks(impact: &ProgramImpact) -> Vec<Block> {
    let columns = [
        "구분",
        "지표",
        "추정",
        "95% 하한",
        "95% 상한",
        "선정 산단",
        "비교 산단",
        "선행 추세 검정",
        "비고",
    ]
    .map(String::from)
    .to_vec();
    let row = |label: String, i: &IndicatorImpact| -> Vec<Cell> {
        let mut cells = vec![Cell::Text(label), Cell::text(i.indicator.korean())];
        match &i.outcome {
            Outcome::Estimated(a) => {
                cells.extend(a.did.percent_tenths().map(Cell::Permille));
                cells.push(Cell::Count {
                    value: a.treated.len() as i64,
                    unit: "곳",
                });
                cells.push(Cell::Count {
                    value: a.comparison.len() as i64,
                    unit: "곳",
                });
                cells.push(Cell::text(match a.checks.parallel_pre_trends() {
                    Some(true) => "통과",
                    Some(false) => "통과 못 함",
                    None => "검정 불가",
                }));
                cells.push(Cell::Empty);
            }
            Outcome::Refused(refusal) => {
                cells.extend((0..6).map(|_| Cell::Empty));
                cells.push(Cell::Text(refusal.to_string()));
            }
        }
        cells
    };
    let mut rows: Vec<Vec<Cell>> = impact
        .overall
        .iter()
        .map(|i| row("전체 (코호트 누적)".into(), i))
        .collect();
    for c in &impact.cohorts {
        rows.extend(c.indicators.iter().map(|i| row(format!("{}년 선정", c.round), i)));
    }
    let mut blocks = vec![Block::Heading {
        level: 1,
        text: "5. 사업 효과 (비교 산단 대비)".into(),
    }];
    blocks.extend(impact.overall.iter().filter_map(|i| i.analysis()).map(|a| Block::Item {
        depth: 1,
        text: a.sentence.clone(),
    }));
    blocks.push(Block::Table(Table {
        caption: "사업 효과".into(),
        columns,
        rows,
        grouped_first_column: true,
        note: Some(
            "추정은 선정 거점산단과, 선정 전 추세가 비슷한 같은 유형의 노후 산단(비교 산단)의 선정 후 차이(이중차분, 로그 기준)를 백분율로 바꾼 값입니다. 선행 추세 검정은 선정 전 기간만으로 본 가짜 효과가 5% 수준에서 없는지입니다."
                .into(),
        ),
    }));
    blocks
}

/// "6. 애로사항 처리 현황": reports from the firms and local governments by province, answered
/// within the deadline, business days to an answer and satisfaction. Counts only, no filer.
fn grievance_blocks(g: &RegionalStatistics, as_of: Quarter) -> Vec<Block> {
    let columns = [
        "시·도",
        "접수",
        "답변",
        "기한 내 답변",
        "답변까지 영업일 (중앙값)",
        "만족도 (5점 만점)",
        "만족도 응답",
    ]
    .map(String::from)
    .to_vec();
    let row = |label: &str, s: &Statistics| -> Vec<Cell> {
        vec![
            Cell::text(label),
            Cell::Count {
                value: i64::from(s.total),
                unit: "건",
            },
            Cell::Count {
                value: i64::from(s.answered),
                unit: "건",
            },
            s.on_time_permille().map_or(Cell::Empty, Cell::Permille),
            s.median_days_to_answer
                .map_or(Cell::Empty, |d| Cell::Text(format!("{d:.1}일"))),
            s.mean_rating.map_or(Cell::Empty, |m| Cell::Text(format!("{m:.1}점"))),
            Cell::Count {
                value: i64::from(s.ratings),
                unit: "건",
            },
        ]
    };
    let mut rows = vec![row("전체", &g.program)];
    rows.extend(g.regions.iter().map(|(region, s)| row(region.short_name(), s)));
    vec![
        Block::Heading {
            level: 1,
            text: "6. 입주기업·지자체 애로사항 처리 현황".into(),
        },
        Block::Table(Table {
            caption: format!("애로사항 처리 현황 ({} 말까지 접수분)", as_of.korean()),
            columns,
            rows,
            grouped_first_column: false,
            note: Some(
                "처리기한과 답변까지의 기간은 영업일로 셉니다. 기한 내 답변은 답변한 애로사항 가운데 처리기한(연장 포함) 안에 답변한 비율입니다. 신청인은 싣지 않습니다."
                    .into(),
            ),
        }),
    ]
}
