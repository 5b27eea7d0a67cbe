//! 공모 운영 (공동 주관부처): opening a round, its call settings and schedule, the holidays
//! deadlines skip, reopening submissions after the deadline, and the table of where every
//! province stands. A province sees its own row of that table and nothing else.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sandan_domain::calendar::Calendar;
use sandan_domain::call::{Call, FeasibilityRange};
use sandan_domain::evaluation::{PanelAction, Stage};
use sandan_domain::round::Milestone;
use sandan_domain::submission::{self, SeoulTime, Standing};
use sandan_domain::{Action, Complex, Day, Metric, Region, Round, SiteKind, Step, Subject};

use crate::auth::Viewer;
use crate::auth::change;
use crate::clock::timestamp;
use crate::clock::{now_seoul, today};
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::{Fields, key};
use crate::ui::layout::Layout;
use crate::ui::links::see_other;
use crate::ui::params;
use crate::{AppState, Lang};

/// The steps a call's schedule sets dates for, in order.
pub const SCHEDULE: [Step; 8] = [
    Step::Call,
    Step::PreConsulting,
    Step::PreliminaryApplication,
    Step::MainConsulting,
    Step::Evaluation,
    Step::PreliminarySelection,
    Step::DetailReview,
    Step::FinalConfirmation,
];

/// A round run in Sandan, with what its deadlines are computed from.
pub struct CallContext {
    pub round: Round,
    pub call: Call,
    pub version: i64,
    pub calendar: Calendar,
    pub deadline: Option<SeoulTime>,
    /// Set when the holiday data does not cover the deadline's year.
    pub calendar_warning: Option<String>,
}

impl CallContext {
    /// 공고일: the 20-year rule is counted to it (the round's first day when no date is set).
    pub fn call_day(&self) -> Day {
        self.round
            .milestones
            .iter()
            .find(|m| m.step == Step::Call)
            .and_then(|m| m.date)
            .filter(|d| d.day.is_some())
            .unwrap_or(Day::ymd(self.round.year, 1, 1))
    }
}

pub async fn context(state: &AppState, year: i32) -> Result<CallContext, Failure> {
    let round = state
        .store
        .round(year)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("{year}년 공모 회차가 없습니다.")))?;
    let stored = state.store.call(year).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "{year}년 공모는 Sandan에서 접수하지 않은 회차입니다(공개 기록만 있습니다). /rounds/{year}에서 기록을 보십시오."
        ))
    })?;
    Ok(CallContext::new(round, stored, state.store.calendar().await?))
}

impl CallContext {
    /// The deadline worked out from the round's schedule, the call's closing time and the calendar.
    pub fn new(round: Round, stored: sandan_store::calls::StoredCall, calendar: Calendar) -> CallContext {
        let (deadline, calendar_warning) = match submission::deadline(&round, &stored.call, &calendar) {
            Ok(deadline) => (deadline, None),
            Err(e) => (None, Some(e.to_string())),
        };
        CallContext {
            round,
            call: stored.call,
            version: stored.version,
            calendar,
            deadline,
            calendar_warning,
        }
    }
}

/// Where the round's panel stands (a round without one is still being set up), so a page
/// offers no form its stage would only refuse.
pub async fn panel_stage(state: &AppState, year: i32) -> Result<Stage, Failure> {
    Ok(state.store.panel(year).await?.map_or(Stage::Setup, |p| p.stage))
}

/// When the office reopened submissions to `region` (None: to any province), as deadlines.
pub async fn reopened_until(state: &AppState, year: i32, region: Option<Region>) -> Result<Vec<SeoulTime>, Failure> {
    Ok(state
        .store
        .reopenings(year)
        .await?
        .into_iter()
        .filter(|r| region.is_none() || r.region.is_none_or(|r| Some(r) == region))
        .filter_map(|r| SeoulTime::parse(&r.until))
        .collect())
}

/// One province's row in the round's table.
pub struct Row {
    pub region: Region,
    pub standing: Option<Standing>,
    pub latest: String,
    pub updated_at: String,
}

impl Row {
    pub fn overdue(&self) -> bool {
        self.standing.as_ref().is_some_and(Standing::is_overdue)
    }
}

#[derive(Template)]
#[template(path = "call/call.html")]
struct CallPage {
    layout: Layout,
    year: i32,
    round: Round,
    office: bool,
    /// Why the call can no longer change or reopen, once scoring has started.
    change_refused: Option<&'static str>,
    reopen_refused: Option<&'static str>,
    csrf: String,
    deadline: String,
    calendar_warning: Option<String>,
    current_step: String,
    rows: Vec<Row>,
    submitted: usize,
    overdue: usize,
    reopenings: Vec<sandan_store::calls::Reopening>,
    form: Fields,
    errors: Vec<String>,
    version: i64,
    steps: Vec<(String, &'static str)>,
    general_complexes: Vec<Complex>,
    metrics: Vec<(String, &'static str)>,
    regions: Vec<Region>,
}

/// The settings form filled from the stored round and call.
pub(crate) fn form_of(round: &Round, call: &Call) -> Fields {
    let mut f = Fields::new();
    f.set("title", &round.title);
    f.set("quota", round.quota.map(|q| q.to_string()).unwrap_or_default());
    f.set("text", &call.text);
    f.set("eligibility", &call.eligibility);
    f.set("closes_at", call.closes_at);
    for step in SCHEDULE {
        let date = round.milestones.iter().find(|m| m.step == step).and_then(|m| m.date);
        f.set(
            format!("date-{}", key(step)),
            date.map(|d| d.to_string()).unwrap_or_default(),
        );
    }
    for id in &call.general_hubs {
        f.set("general_hub", &id.0);
    }
    if call.young_sites_as_areas {
        f.set("young_sites_as_areas", "1");
    }
    if call.plan_document_required {
        f.set("plan_document_required", "1");
    }
    f.set("document_max_mb", call.document_max_mb);
    f.set("linked_min", call.linked_min);
    f.set("linked_max", call.linked_max);
    f.set("first_budget_year", call.first_budget_year);
    f.set("budget_years", call.budget_years);
    for m in Metric::ALL {
        if let Some(r) = call.range_for(m) {
            f.set(format!("min-{}", key(m)), r.min_percent);
            f.set(format!("max-{}", key(m)), r.max_percent);
        }
    }
    f
}

/// Reads the settings form into the round and call, or every problem with it.
pub(crate) fn read_form(f: &Fields, round: &Round, call: &Call) -> Result<(Round, Call), Vec<String>> {
    let mut errors = Vec::new();
    let mut number = |name: &str, label: &str, range: std::ops::RangeInclusive<i64>| -> i64 {
        match f.get(name).trim().parse::<i64>() {
            Ok(n) if range.contains(&n) => n,
            _ => {
                errors.push(format!(
                    "{label}은(는) {}~{} 사이의 정수로 적어 주십시오.",
                    range.start(),
                    range.end()
                ));
                *range.start()
            }
        }
    };
    let quota = number("quota", "선정 규모", 1..=17) as u32;
    let linked_min = number("linked_min", "연계지역 최소 수", 0..=10) as u8;
    let linked_max = number("linked_max", "연계지역 최대 수", 0..=10) as u8;
    let first_budget_year = number("first_budget_year", "사업 첫해", 2000..=2100) as i32;
    let budget_years = number("budget_years", "사업 기간", 1..=10) as u8;
    // The form always shows the current limit; a client that leaves it out keeps it.
    let document_max_mb = if f.get("document_max_mb").trim().is_empty() {
        call.document_max_mb
    } else {
        number(
            "document_max_mb",
            "문서 한 파일 최대 크기(MB)",
            1..=i64::from(sandan_domain::documents::MAX_MB),
        ) as u32
    };
    let mut feasibility = Vec::new();
    for m in Metric::ALL {
        let (min, max) = (
            f.get(&format!("min-{}", key(m))).trim(),
            f.get(&format!("max-{}", key(m))).trim(),
        );
        if min.is_empty() && max.is_empty() {
            continue;
        }
        match (min.parse::<u32>(), max.parse::<u32>()) {
            (Ok(min_percent), Ok(max_percent)) if max_percent <= 10_000 => feasibility.push(FeasibilityRange {
                metric: m,
                min_percent,
                max_percent,
            }),
            _ => errors.push(format!(
                "{} 적정 범위는 최소와 최대를 0 이상의 정수(%)로 함께 적어 주십시오.",
                m.korean()
            )),
        }
    }
    let closes_at = f
        .get("closes_at")
        .parse()
        .unwrap_or_else(|e: sandan_domain::call::BadClockTime| {
            errors.push(format!("접수 마감 시각: {e}"));
            call.closes_at
        });
    let mut milestones = Vec::new();
    for step in SCHEDULE {
        let text = f.get(&format!("date-{}", key(step))).trim().to_string();
        if text.is_empty() {
            continue;
        }
        match text.parse::<Day>() {
            Ok(date) if date.day.is_some() => milestones.push(Milestone {
                step,
                date: Some(date),
                planned: true,
                note: None,
            }),
            _ => errors.push(format!(
                "{} 날짜 '{text}'을(를) 2027-03-02처럼 적어 주십시오.",
                step.korean()
            )),
        }
    }
    let title = f.get("title").trim().to_string();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push("공모 이름을 200자 이내로 적어 주십시오.".into());
    }
    for (name, label) in [("text", "공고문"), ("eligibility", "신청 자격")] {
        if f.get(name).chars().count() > 20_000 {
            errors.push(format!("{label}은(는) 20,000자 이내로 적어 주십시오."));
        }
    }
    let new_call = Call {
        year: call.year,
        text: f.get("text").trim().to_string(),
        eligibility: f.get("eligibility").trim().to_string(),
        closes_at,
        general_hubs: f
            .all("general_hub")
            .map(|id| sandan_domain::ComplexId(id.to_string()))
            .collect(),
        young_sites_as_areas: f.has("young_sites_as_areas"),
        plan_document_required: f.has("plan_document_required"),
        document_max_mb,
        linked_min,
        linked_max,
        first_budget_year,
        budget_years,
        feasibility,
    };
    errors.extend(new_call.problems());
    if !errors.is_empty() {
        return Err(errors);
    }
    let new_round = Round {
        title,
        quota: Some(quota),
        milestones,
        ..round.clone()
    };
    Ok((new_round, new_call))
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    ctx: CallContext,
    form: Option<Fields>,
    errors: Vec<String>,
) -> Result<Html<String>, Failure> {
    let office = viewer.may(Action::View, &Subject::Calls).is_ok();
    let visible: Vec<Region> = Region::in_ganada_order()
        .into_iter()
        .filter(|r| office || viewer.may(Action::View, &Subject::Proposal { region: *r }).is_ok())
        .collect();
    if visible.is_empty() {
        viewer.may(Action::View, &Subject::Calls)?;
    }
    let year = ctx.round.year;
    let stage = panel_stage(state, year).await?;
    let standings = state.store.standings(year).await?;
    let requests = state.store.revision_requests(year, None).await?;
    let today = today();
    let rows: Vec<Row> = visible
        .into_iter()
        .map(|region| {
            let found = standings.iter().find(|s| s.region == region);
            let open = requests
                .iter()
                .rev()
                .find(|r| r.region == region && r.answered_by.is_none());
            Row {
                region,
                standing: found.map(|s| {
                    Standing::of(
                        s.latest.as_ref().map(|l| (l.number, s.unchanged)),
                        open.map(|r| r.due),
                        &today,
                    )
                }),
                latest: found
                    .and_then(|s| s.latest.as_ref())
                    .map(|l| format!("제{}판 · {}", l.number, l.submitted_at))
                    .unwrap_or_default(),
                updated_at: found.map(|s| s.updated_at.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let submitted = rows
        .iter()
        .filter(|r| matches!(r.standing, Some(ref s) if *s != Standing::Drafting))
        .count();
    let overdue = rows
        .iter()
        .filter(|r| r.standing.as_ref().is_some_and(Standing::is_overdue))
        .count();
    let general_complexes: Vec<Complex> = if office {
        state
            .store
            .complexes()
            .await?
            .iter()
            .filter(|c| c.kind == SiteKind::General)
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let title = format!("{year}{}", lang.pick("년 공모 운영", " call: operations"));
    let page = CallPage {
        layout: Layout::new(
            lang,
            title.clone(),
            &format!("/rounds/{year}/call"),
            vec![
                (format!("{year}{}", lang.pick("년", "")), format!("/rounds/{year}")),
                (title, format!("/rounds/{year}/call")),
            ],
        )
        .for_viewer(viewer),
        year,
        office,
        change_refused: PanelAction::ChangeCall.allowed_at(stage).err(),
        reopen_refused: PanelAction::Reopen.allowed_at(stage).err(),
        csrf: viewer.csrf().unwrap_or_default().to_string(),
        deadline: ctx
            .deadline
            .map(|d| format!("{} (한국 시간)", d.korean()))
            .unwrap_or_else(|| "미정".into()),
        calendar_warning: ctx.calendar_warning.clone(),
        current_step: submission::current_step(&ctx.round, &today)
            .map(|s| s.korean().to_string())
            .unwrap_or_else(|| "공고 전".into()),
        rows,
        submitted,
        overdue,
        reopenings: if office {
            state.store.reopenings(year).await?
        } else {
            Vec::new()
        },
        form: form.unwrap_or_else(|| form_of(&ctx.round, &ctx.call)),
        errors,
        version: ctx.version,
        steps: SCHEDULE.iter().map(|s| (key(*s), s.korean())).collect(),
        general_complexes,
        metrics: Metric::ALL.iter().map(|m| (key(*m), m.korean())).collect(),
        regions: Region::in_ganada_order(),
        round: ctx.round,
    };
    render(&page, lang).map_err(|e| e.0)
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
) -> Result<Html<String>, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    if viewer.actor().is_none() {
        return Err(fail(Failure::SignInRequired("로그인이 필요합니다.".into())));
    }
    let year = params::year(&year).map_err(fail)?;
    let ctx = context(&state, year).await.map_err(fail)?;
    page(&state, &viewer, lang, ctx, None, Vec::new()).await.map_err(fail)
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    let ctx = context(&state, year).await.map_err(fail)?;
    let expected = fields.expected_version().map_err(fail)?;
    match save_settings(&state, &viewer, &fields, &ctx, expected).await {
        Ok(Ok(())) => {}
        Ok(Err(errors)) => {
            let html = page(&state, &viewer, lang, ctx, Some(fields), errors)
                .await
                .map_err(fail)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
        }
        Err(Failure::Conflict(message)) => {
            let ctx = context(&state, year).await.map_err(fail)?;
            let html = page(&state, &viewer, lang, ctx, Some(fields), vec![message])
                .await
                .map_err(fail)?;
            return Ok((StatusCode::CONFLICT, html).into_response());
        }
        Err(other) => return Err(fail(other)),
    }
    Ok(see_other(&format!("/rounds/{year}/call")).into_response())
}

/// Reads the settings (the form's fields; the API's body is put in the same fields) and stores
/// them over `expected`: Ok(Err) lists what is wrong with them, Err is the store's refusal
/// (`Failure::Conflict` when someone saved since).
pub(crate) async fn save_settings(
    state: &AppState,
    viewer: &Viewer,
    fields: &Fields,
    ctx: &CallContext,
    expected: i64,
) -> Result<Result<(), Vec<String>>, Failure> {
    let (round, call) = match read_form(fields, &ctx.round, &ctx.call) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err(errors)),
    };
    let at = timestamp();
    state
        .store
        .update_call(&round, &call, expected, &change(viewer, &at))
        .await
        .map_err(Failure::from)?;
    Ok(Ok(()))
}

pub async fn reopen(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Path(year): Path<String>,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let year = params::year(&year).map_err(fail)?;
    let ctx = context(&state, year).await.map_err(fail)?;
    let region = match fields.get("region") {
        "" | "all" => None,
        text => Some(params::region(text).map_err(fail)?),
    };
    let until = SeoulTime::parse(&format!(
        "{} {}",
        fields.get("until_day").trim(),
        fields.get("until_time").trim()
    ));
    let reason = fields.get("reason").trim();
    let mut errors = Vec::new();
    match until {
        None => errors.push("재개 기한을 2027-04-01 과 18:00 처럼 날짜와 시각으로 적어 주십시오.".to_string()),
        Some(u) if u <= now_seoul() => errors.push("재개 기한은 지금보다 뒤여야 합니다.".to_string()),
        _ => {}
    }
    if reason.is_empty() || reason.chars().count() > 1000 {
        errors.push("재개 사유를 1,000자 이내로 적어 주십시오.".into());
    }
    if !errors.is_empty() {
        let html = page(&state, &viewer, lang, ctx, None, errors).await.map_err(fail)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let at = timestamp();
    state
        .store
        .reopen(
            year,
            region,
            until.expect("checked above"),
            reason,
            &change(&viewer, &at),
        )
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(see_other(&format!("/rounds/{year}/call")).into_response())
}

#[derive(Template)]
#[template(path = "call/round_new.html")]
struct NewRoundPage {
    layout: Layout,
    csrf: String,
    form: Fields,
    errors: Vec<String>,
}

fn new_round_page(viewer: &Viewer, lang: Lang, form: Fields, errors: Vec<String>) -> Result<Html<String>, PageFailure> {
    let title = lang.pick("새 공모 열기", "Open a new round");
    render(
        &NewRoundPage {
            layout: Layout::new(
                lang,
                title,
                "/admin/rounds/new",
                vec![(title.into(), "/admin/rounds/new".into())],
            )
            .for_viewer(viewer),
            csrf: viewer.csrf().unwrap_or_default().to_string(),
            form,
            errors,
        },
        lang,
    )
}

pub async fn new_round_form(viewer: Viewer, lang: Lang) -> Result<Html<String>, PageFailure> {
    viewer
        .may(Action::Change, &Subject::Calls)
        .map_err(|e| PageFailure(e, lang))?;
    let mut form = Fields::new();
    form.set("quota", 5);
    new_round_page(&viewer, lang, form, Vec::new())
}

pub async fn open_round(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    fields: Fields,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::Change, &Subject::Calls).map_err(fail)?;
    viewer.check_csrf(fields.get("csrf")).map_err(fail)?;
    let year = fields.get("year").trim().parse().ok();
    let quota = fields.get("quota").trim().parse().ok();
    let errors = match read_new_round(year, quota, fields.get("title")) {
        Ok(round) => match open(&state, &viewer, &round).await {
            Ok(()) => return Ok(see_other(&format!("/rounds/{}/call", round.year)).into_response()),
            Err(Failure::Refused(message)) => vec![message],
            Err(other) => return Err(fail(other)),
        },
        Err(errors) => errors,
    };
    let html = new_round_page(&viewer, lang, fields, errors)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// A new round from its year, quota and title (the form's and the API's), or every problem.
pub(crate) fn read_new_round(year: Option<i64>, quota: Option<i64>, title: &str) -> Result<Round, Vec<String>> {
    let mut errors = Vec::new();
    let year = match year {
        Some(y) if (2020..=2100).contains(&y) => y as i32,
        _ => {
            errors.push("공모 연도를 2027처럼 네 자리로 적어 주십시오.".to_string());
            0
        }
    };
    let quota = match quota {
        Some(q) if (1..=17).contains(&q) => q as u32,
        _ => {
            errors.push("선정 규모는 1~17 사이의 정수로 적어 주십시오.".to_string());
            0
        }
    };
    let title = title.trim().to_string();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push("공모 이름을 200자 이내로 적어 주십시오.".into());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Round {
        year,
        title,
        quota: Some(quota),
        applicant_count: None,
        panel: None,
        indicators: Vec::new(),
        bonus_points: Vec::new(),
        milestones: Vec::new(),
        sources: Vec::new(),
    })
}

/// Opens `round` with the program's usual call: refused (a round of that year already exists)
/// as `Failure::Refused`.
pub(crate) async fn open(state: &AppState, viewer: &Viewer, round: &Round) -> Result<(), Failure> {
    let at = timestamp();
    state
        .store
        .open_round(round, &Call::new(round.year), &change(viewer, &at))
        .await
        .map_err(Failure::from)
}
