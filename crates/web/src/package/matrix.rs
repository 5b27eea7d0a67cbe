//! 지역 × 부처 표: every funded plan's package money by the runner that spends it — planned and
//! executed, for all budget years or one. The page shows it in 억 원; `GET /api/v1/package`
//! gives the same table in 원, narrowed by cohort, region or runner if asked.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Html;
use sandan_domain::Region;
use sandan_domain::package::Money;
use sandan_domain::quantity::eok;
use sandan_store::package::{BudgetCell, CellFilter};
use serde::{Deserialize, Serialize};

use super::portfolio::{package_href, plan_order, runner_label};
use crate::AppState;
use crate::Lang;
use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::chart::{Category, Chart, Series};
use crate::ui::error::{ApiFailure, PageFailure, render};
use crate::ui::layout::Layout;
use crate::ui::params;

/// One plan's row of the matrix.
pub struct MatrixRow {
    pub round: i32,
    pub region: Region,
    pub cells: Vec<Money>,
    pub total: Money,
}

/// The table: its runners' columns, its plans' rows and the totals of both.
pub struct Matrix {
    /// Every budget year with money planned or executed, whatever the filter.
    pub years: Vec<i32>,
    pub ministries: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub column_totals: Vec<Money>,
    pub total: Money,
}

/// What the table is narrowed to; None is everything.
#[derive(Default)]
pub struct MatrixFilter {
    pub year: Option<i32>,
    pub round: Option<i32>,
    pub region: Option<Region>,
    /// A column's label: a ministry, or "시·도 자체".
    pub ministry: Option<String>,
}

/// The table for `filter`: one row per funded plan (with or without money yet), one column per
/// runner with money in the chosen year.
pub async fn matrix_of(state: &AppState, filter: &MatrixFilter) -> Result<Matrix, Failure> {
    let all = state.store.budget_cells(&CellFilter::default()).await?;
    let mut years: Vec<i32> = all.iter().map(|c| c.year).collect();
    years.sort_unstable();
    years.dedup();
    let cells: Vec<&BudgetCell> = all
        .iter()
        .filter(|c| filter.year.is_none_or(|y| c.year == y))
        .filter(|c| filter.ministry.as_ref().is_none_or(|m| *m == runner_label(&c.ministry)))
        .collect();
    let mut ministries: Vec<String> = cells.iter().map(|c| runner_label(&c.ministry)).collect();
    ministries.sort();
    ministries.dedup();
    let mut plans: Vec<(i32, Region)> = state.store.funded_plans().await?;
    plans.retain(|(round, region)| {
        filter.round.is_none_or(|r| r == *round) && filter.region.is_none_or(|r| r == *region)
    });
    plans.sort_by(plan_order);
    let mut rows = Vec::new();
    let mut column_totals = vec![Money::default(); ministries.len()];
    let mut total = Money::default();
    for (round, region) in plans {
        let mut row = MatrixRow {
            round,
            region,
            cells: vec![Money::default(); ministries.len()],
            total: Money::default(),
        };
        for c in cells.iter().filter(|c| c.round == round && c.region == region) {
            let i = ministries.binary_search(&runner_label(&c.ministry)).unwrap_or_default();
            row.cells[i].add(c.planned, c.executed);
            row.total.add(c.planned, c.executed);
            column_totals[i].add(c.planned, c.executed);
            total.add(c.planned, c.executed);
        }
        rows.push(row);
    }
    Ok(Matrix {
        years,
        ministries,
        rows,
        column_totals,
        total,
    })
}

#[derive(Template)]
#[template(path = "package/package_matrix.html")]
struct MatrixPage {
    layout: Layout,
    years: Vec<i32>,
    year: Option<i32>,
    ministries: Vec<String>,
    rows: Vec<MatrixRow>,
    column_totals: Vec<Money>,
    total: Money,
    chart: String,
    chart_table: String,
}

impl MatrixPage {
    fn is_year(&self, y: &i32) -> bool {
        self.year == Some(*y)
    }
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

fn year_of(text: Option<&str>) -> Result<Option<i32>, Failure> {
    text.filter(|y| !y.is_empty()).map(params::year).transpose()
}

/// GET /package — region × ministry for all years or one.
pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    viewer: Viewer,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    let year = year_of(q.year.as_deref()).map_err(fail)?;
    let Matrix {
        years,
        ministries,
        rows,
        column_totals,
        total,
    } = matrix_of(
        &state,
        &MatrixFilter {
            year,
            ..MatrixFilter::default()
        },
    )
    .await
    .map_err(fail)?;
    let chart = Chart {
        id: "package-by-plan",
        title: "지역별 계획 대비 집행",
        description: "확정된 지역마다 패키지 예산의 계획액과 집행액을 억 원 단위로 비교합니다.",
        unit: "단위: 억 원",
        series: vec![Series { name: "계획".into() }, Series { name: "집행".into() }],
        categories: rows
            .iter()
            .map(|r| Category {
                label: format!("{} {}", r.round, r.region.short_name()),
                href: Some(package_href(r.round, r.region)),
                values: vec![r.total.planned, r.total.executed],
            })
            .collect(),
        format: eok,
    };
    let title = match year {
        Some(y) => format!("{y}년 범부처 패키지 예산"),
        None => "범부처 패키지 예산".to_string(),
    };
    let page = MatrixPage {
        layout: Layout::new(lang, title.clone(), "/package", vec![(title, "/package".into())]).for_viewer(&viewer),
        years,
        year,
        ministries,
        rows,
        column_totals,
        total,
        chart: chart.bars(),
        chart_table: chart.table(),
    };
    render(&page, lang)
}

/// Planned and executed 원, and the rate the pages show.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageMoney)]
pub struct MoneyView {
    /// 계획액, 원
    pub planned: i64,
    /// 집행액, 원
    pub executed: i64,
    /// 집행률, 천분율 (625 = 62.5%); 계획이 없으면 null
    pub rate_permille: Option<i64>,
}

impl From<Money> for MoneyView {
    fn from(m: Money) -> MoneyView {
        MoneyView {
            planned: m.planned,
            executed: m.executed,
            rate_permille: m.rate_permille(),
        }
    }
}

/// One plan's row: its money under each column of `ministries`, in that order.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageMatrixRow)]
pub struct MatrixRowView {
    /// 선정 연도 (공모 회차)
    pub round: i32,
    pub region: Region,
    pub cells: Vec<MoneyView>,
    pub total: MoneyView,
}

/// 지역 × 부처 표, 금액은 원.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PackageMatrix)]
pub struct MatrixView {
    /// Every budget year with money, whatever the filter: the years `year` may name.
    pub years: Vec<i32>,
    /// The budget year shown; null for all years together.
    pub year: Option<i32>,
    /// The columns: the ministries that run projects, and "시·도 자체" for the provinces' own.
    pub ministries: Vec<String>,
    pub rows: Vec<MatrixRowView>,
    pub column_totals: Vec<MoneyView>,
    pub total: MoneyView,
}

/// What the table is narrowed to, as the query writes it.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatrixQuery {
    /// 예산 연도 (네 자리), 예: 2022
    #[serde(default)]
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2999)]
    year: Option<String>,
    /// 선정 연도 (공모 회차, 네 자리), 예: 2021
    #[serde(default)]
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2999)]
    round: Option<String>,
    /// 시·도: 경기, 경기도, gyeonggi 또는 행정코드 41
    #[serde(default)]
    region: Option<String>,
    /// 열: 부처 이름 (예: 중소벤처기업부) 또는 시·도 자체 사업은 "시·도 자체"
    #[serde(default)]
    ministry: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/package", tag = "package",
    params(MatrixQuery),
    responses(
        (status = 200, description = "지역 × 부처 표 (금액은 모두 원 단위 정수). 행은 선정 연도, 시·도 가나다순", body = MatrixView),
        (status = 400, description = "연도가 네 자리가 아님, 모르는 시·도", body = crate::ui::error::ErrorBody)))]
// Public, as the page is: budgets and their execution are published.
pub async fn api(State(state): State<AppState>, Query(q): Query<MatrixQuery>) -> Result<Json<MatrixView>, ApiFailure> {
    let filter = MatrixFilter {
        // Unlike the page's form, whose 'all years' sends `year=`, an API client that sends an
        // empty year has sent something that is not one.
        year: q.year.as_deref().map(params::year).transpose()?,
        round: q.round.as_deref().map(params::year).transpose()?,
        region: q
            .region
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| params::region(r).map_err(|e| Failure::BadInput(e.public_message())))
            .transpose()?,
        ministry: q.ministry.filter(|m| !m.is_empty()),
    };
    let matrix = matrix_of(&state, &filter).await?;
    Ok(Json(MatrixView {
        years: matrix.years,
        year: filter.year,
        ministries: matrix.ministries,
        rows: matrix
            .rows
            .into_iter()
            .map(|r| MatrixRowView {
                round: r.round,
                region: r.region,
                cells: r.cells.into_iter().map(MoneyView::from).collect(),
                total: r.total.into(),
            })
            .collect(),
        column_totals: matrix.column_totals.into_iter().map(MoneyView::from).collect(),
        total: matrix.total.into(),
    }))
}
