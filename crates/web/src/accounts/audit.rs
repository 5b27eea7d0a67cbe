//! 감사 기록 (공동 주관부처): every change with who, when, from where, before and after;
//! filtered by user, record and date, and downloadable as CSV for spreadsheets.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sandan_domain::{Action, Day, Subject};
use sandan_store::{AuditEntry, AuditFilter};
use serde::Deserialize;

use crate::auth::Viewer;
use crate::failure::Failure;
use crate::ui::error::{PageFailure, render};
use crate::ui::layout::Layout;
use crate::{AppState, Lang};

/// The most entries one page or one download holds; narrow the filter for older ones.
const LIMIT: i64 = 1000;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    format: String,
}

fn date(text: &str, field: &str) -> Result<String, Failure> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    match text.parse::<Day>() {
        Ok(day) if day.day.is_some() => Ok(day.to_string()),
        _ => Err(Failure::BadInput(format!(
            "{field} 날짜 '{text}'를 읽을 수 없습니다. 2026-11-25처럼 연-월-일로 적어 주십시오."
        ))),
    }
}

#[derive(Template)]
#[template(path = "accounts/audit.html")]
struct AuditPage {
    layout: Layout,
    filter: AuditFilter,
    entries: Vec<AuditEntry>,
    csv_href: String,
    limit: i64,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    lang: Lang,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageFailure> {
    let fail = |e: Failure| PageFailure(e, lang);
    viewer.may(Action::View, &Subject::AuditLog).map_err(fail)?;
    let filter = AuditFilter {
        actor: q.actor.trim().to_string(),
        subject: q.subject.trim().to_string(),
        from: date(&q.from, "시작").map_err(fail)?,
        to: date(&q.to, "끝").map_err(fail)?,
    };
    let entries = state
        .store
        .audit_search(&filter, LIMIT)
        .await
        .map_err(|e| fail(e.into()))?;
    if q.format == "csv" {
        let disposition = "attachment; filename=\"sandan-audit.csv\"";
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            csv(&entries),
        )
            .into_response());
    }
    let query: String = [
        ("actor", &filter.actor),
        ("subject", &filter.subject),
        ("from", &filter.from),
        ("to", &filter.to),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", encode(v)))
    .chain(std::iter::once("format=csv".to_string()))
    .collect::<Vec<_>>()
    .join("&");
    let title = lang.pick("감사 기록", "Audit trail");
    let page = AuditPage {
        layout: Layout::new(
            lang,
            title,
            "/admin/audit",
            vec![(title.to_string(), "/admin/audit".to_string())],
        )
        .for_viewer(&viewer),
        filter,
        entries,
        csv_href: format!("/admin/audit?{query}"),
        limit: LIMIT,
    };
    Ok(render(&page, lang)?.into_response())
}

/// RFC 4180 CSV with a byte-order mark, so spreadsheet programs read the Hangul as UTF-8.
fn csv(entries: &[AuditEntry]) -> String {
    let field = |v: &str| format!("\"{}\"", sandan_report::csv_file::inert(v).replace('"', "\"\""));
    let mut out = String::from("\u{feff}순번,일시,사용자,접속 위치,작업,대상,변경 전,변경 후\r\n");
    for e in entries {
        let row = [
            e.seq.to_string(),
            e.at.clone(),
            e.actor.clone(),
            e.source.clone(),
            e.action.clone(),
            e.subject.clone(),
            e.before.clone().unwrap_or_default(),
            e.after.clone().unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn encode(text: &str) -> String {
    crate::ui::links::percent_encode(text, b"-_.:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(actor: &str, after: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 1,
            seq: 7,
            at: "2026-11-25T01:02:03Z".into(),
            actor: actor.into(),
            source: "127.0.0.1".into(),
            action: "role.grant".into(),
            subject: "user:2".into(),
            before: None,
            after: after.map(Into::into),
        }
    }

    #[test]
    fn csv_quotes_every_field_and_defuses_formulas() {
        let text = csv(&[entry("kim \"the\" officer", Some("=HYPERLINK(\"x\")"))]);
        assert!(text.starts_with('\u{feff}'));
        let row = text.lines().nth(1).unwrap();
        assert_eq!(
            row,
            "\"7\",\"2026-11-25T01:02:03Z\",\"kim \"\"the\"\" officer\",\"127.0.0.1\",\"role.grant\",\"user:2\",\"\",\"'=HYPERLINK(\"\"x\"\")\""
        );
    }

    #[test]
    fn dates_must_be_whole_days() {
        assert_eq!(date("2026-11-25", "시작").unwrap(), "2026-11-25");
        assert_eq!(date("", "시작").unwrap(), "");
        for bad in ["2026-11", "25/11/2026", "어제"] {
            let Failure::BadInput(m) = date(bad, "시작").unwrap_err() else {
                panic!()
            };
            assert!(m.contains("연-월-일"), "{m}");
        }
    }
}
