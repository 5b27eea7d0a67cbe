//! 반영 미리보기와 결과 화면: what a registry file changes (or changed) — counts, new complexes,
//! changed facts — the rows left out and the cells not read, and the review queue with a choice
//! for each row, which the form sends on to the load.

use std::collections::HashMap;

use askama::Template;
use axum::response::Html;
use sandan_domain::Complex;
use sandan_domain::registry::{
    ReadTable, RegistryChanges, Resolved, ReviewReason, SkipReason, candidates, outcome, suggested_id,
};

use super::decisions;
use super::settings::Settings;
use crate::auth::Viewer;
use crate::ui::error::{PageFailure, render};
use crate::ui::fields::Fields;
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

/// Lines listed of the long lists (changed facts); the counts always cover everything.
const SHOWN: usize = 200;

/// A file read and what importing it did or would do.
pub struct Imported {
    pub file_name: String,
    pub sha256: String,
    pub read: ReadTable,
    pub changes: RegistryChanges,
    /// The decisions it was planned with.
    pub decisions: Vec<Resolved>,
    pub dry_run: bool,
}

/// A row of the review queue the office decides on: its fields are numbered `n`.
struct DecisionRow {
    n: usize,
    line: usize,
    name: String,
    region: &'static str,
    kind: &'static str,
    reason: String,
    key: String,
    candidates: Vec<(String, String)>,
    /// No complex answers to its name: "create every unmatched row" reaches it.
    unmatched: bool,
    choice: String,
    link: String,
    link_other: String,
    create: String,
}

#[derive(Template)]
#[template(path = "registry/review.html")]
struct ReviewPage {
    layout: Layout,
    csrf: String,
    file_name: String,
    sha256: String,
    quarter: String,
    source: String,
    mapping: String,
    decisions: String,
    decided: usize,
    dry_run: bool,
    outcome: &'static str,
    rows: usize,
    counts: Vec<(&'static str, usize)>,
    /// (line, name, id, 시·도, type)
    new_complexes: Vec<(usize, String, String, &'static str, &'static str)>,
    /// (line, complex, fact, before, after)
    changed_facts: Vec<(usize, String, &'static str, String, String)>,
    facts_not_shown: usize,
    decide: Vec<DecisionRow>,
    /// How many of `decide` no complex answers to.
    unmatched: usize,
    /// "Create every unmatched row left for later" was ticked on the form sent back.
    create_unmatched: bool,
    /// Rows whose figures wait for a corrected file: (line, name, 시·도, why).
    waiting: Vec<(usize, String, &'static str, String)>,
    problems: Vec<String>,
    /// Rows left out while reading (blank lines aside): (line, why).
    left_out: Vec<(usize, &'static str)>,
    skipped: Vec<usize>,
    errors: Vec<String>,
}

/// The page for `imported`, its review form filled from `form` (the one sent, when it comes
/// back with `errors`).
pub async fn show(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    settings: &Settings,
    imported: &Imported,
    form: &Fields,
    errors: Vec<String>,
) -> Result<Html<String>, PageFailure> {
    let complexes = state.store.complexes().await.map_err(|e| PageFailure(e.into(), lang))?;
    page(viewer, lang, settings, imported, &complexes, form, errors)
}

fn page(
    viewer: &Viewer,
    lang: Lang,
    settings: &Settings,
    imported: &Imported,
    complexes: &[Complex],
    form: &Fields,
    errors: Vec<String>,
) -> Result<Html<String>, PageFailure> {
    let names: HashMap<&str, &str> = complexes.iter().map(|c| (c.id.0.as_str(), c.name.as_str())).collect();
    let label = |id: &str| match names.get(id) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_string(),
    };
    let changes = &imported.changes;
    let (decide, waiting): (Vec<_>, Vec<_>) = changes.review.iter().partition(|i| i.reason.needs_decision());
    let decide: Vec<DecisionRow> = decide
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            let field = |name: &str| form.get(&format!("{name}-{n}")).to_string();
            let suggested = suggested_id(&item.row).0;
            DecisionRow {
                n,
                line: item.line,
                name: item.row.name.clone(),
                region: item.row.region.short_name(),
                kind: item.row.kind.korean(),
                reason: item.reason.to_string(),
                key: serde_json::to_string(&item.row).expect("a row key serialises"),
                candidates: candidates(item, complexes)
                    .into_iter()
                    .map(|c| (c.id.0.clone(), c.name.clone()))
                    .collect(),
                unmatched: item.reason == ReviewReason::Unmatched,
                choice: Some(field("choice"))
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| "later".into()),
                link: field("link"),
                link_other: field("link-other"),
                create: Some(field("create")).filter(|c| !c.is_empty()).unwrap_or(suggested),
            }
        })
        .collect();
    let title = lang.pick("산업단지 현황 가져오기", "Registry import");
    render(
        &ReviewPage {
            layout: Layout::new(
                lang,
                lang.pick(
                    if imported.dry_run {
                        "현황 파일 반영 미리보기"
                    } else {
                        "현황 파일 반영 결과"
                    },
                    if imported.dry_run {
                        "Registry file preview"
                    } else {
                        "Registry file loaded"
                    },
                ),
                "/registry",
                vec![(title.into(), "/registry".into())],
            )
            .for_viewer(viewer),
            csrf: viewer.csrf().unwrap_or_default().to_string(),
            file_name: imported.file_name.clone(),
            sha256: imported.sha256.clone(),
            quarter: settings.quarter_text.clone(),
            source: settings.source_text.clone(),
            mapping: settings.mapping_text.clone(),
            decisions: serde_json::to_string(&imported.decisions).expect("decisions serialise"),
            decided: imported.decisions.len(),
            dry_run: imported.dry_run,
            outcome: outcome(imported.dry_run, changes),
            rows: imported.read.rows.len(),
            counts: vec![
                (lang.pick("새 산업단지", "New complexes"), changes.new_complexes.len()),
                (lang.pick("바뀌는 현황", "Changed facts"), changes.changed_facts.len()),
                (lang.pick("새 분기 통계", "New quarters"), changes.new_quarters.len()),
                (
                    lang.pick("고쳐지는 분기 통계", "Corrected quarters"),
                    changes.changed_quarters.len(),
                ),
                (lang.pick("그대로인 행", "Unchanged rows"), changes.unchanged),
                (lang.pick("검토 대기", "Waiting for review"), changes.review.len()),
                (
                    lang.pick("검토 결정으로 제외", "Skipped by decision"),
                    changes.skipped.len(),
                ),
                (
                    lang.pick("값을 읽지 못한 칸", "Cells not read"),
                    imported.read.problems.len(),
                ),
            ],
            new_complexes: changes
                .new_complexes
                .iter()
                .map(|n| {
                    let c = &n.complex;
                    (
                        n.line,
                        c.name.clone(),
                        c.id.0.clone(),
                        c.region.short_name(),
                        c.kind.korean(),
                    )
                })
                .collect(),
            changed_facts: changes
                .changed_facts
                .iter()
                .take(SHOWN)
                .map(|f| {
                    let before = f.before.as_ref().map_or("없음".to_string(), |b| b.value.to_string());
                    (
                        f.line,
                        label(&f.complex.0),
                        f.field.korean(),
                        before,
                        f.after.value.to_string(),
                    )
                })
                .collect(),
            facts_not_shown: changes.changed_facts.len().saturating_sub(SHOWN),
            unmatched: decide.iter().filter(|r| r.unmatched).count(),
            create_unmatched: form.get(decisions::CREATE_UNMATCHED) == "1",
            decide,
            waiting: waiting
                .into_iter()
                .map(|i| {
                    (
                        i.line,
                        i.row.name.clone(),
                        i.row.region.short_name(),
                        i.reason.to_string(),
                    )
                })
                .collect(),
            problems: imported.read.problems.iter().map(ToString::to_string).collect(),
            left_out: imported
                .read
                .skipped
                .iter()
                .filter(|s| s.reason != SkipReason::Blank)
                .map(|s| (s.line, s.reason.korean()))
                .collect(),
            skipped: changes.skipped.clone(),
            errors,
        },
        lang,
    )
}
