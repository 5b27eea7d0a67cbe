//! Every link a page shows can be followed by whoever it is shown to: each role walks the site
//! from the home page and its account page, following every link on this site, and no link may
//! answer with a refusal or a missing page.

use std::collections::{BTreeSet, VecDeque};

use crate::common;

use common::{Session, TestApp};
use sandan_domain::call::Call;
use sandan_domain::{Day, Region, Role};
use sandan_store::Change;
use sandan_store::testing::round_open_until;

/// Enough to reach every kind of page from the links; a walk stops there.
const MOST_PAGES: usize = 400;

/// What the walk does not follow: downloads (documents are composed per request and have
/// their own tests), static files, and the sign-in page (a form, reached from everywhere).
fn followed(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("//")
        && !href.starts_with("/static/")
        && !href.contains("/report/")
        && !href.ends_with(".xlsx")
        && !href.starts_with("/templates/")
        && !href.starts_with("/sign-in")
        && !href.contains("/evidence/")
}

/// Where each role's work starts (the header does not link every workplace yet); a start the
/// role may not open is skipped, not counted as a broken link.
const START: [&str; 17] = [
    "/",
    "/account",
    "/dashboard",
    "/package",
    "/programs",
    "/admin/users",
    "/admin/audit",
    "/admin/holidays",
    "/admin/rounds/new",
    "/rounds/2021/call",
    "/rounds/2028/call",
    "/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0",
    "/rounds/2021/evaluation",
    "/rounds/2028/evaluation",
    "/rounds/2028/evaluation/mine",
    "/rounds/2021/decisions",
    "/rounds/2028/decisions",
];

/// Every (page, link, status) where the link answered 4xx, walking as `who`.
async fn broken_links(app: &TestApp, who: Option<&Session>) -> (usize, Vec<String>) {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> = START.iter().map(|p| ("(start)".to_string(), p.to_string())).collect();
    let mut broken = Vec::new();
    while let Some((from, path)) = queue.pop_front() {
        let path = path.split('#').next().unwrap_or_default().to_string();
        if path.is_empty() || !seen.insert(path.clone()) || seen.len() > MOST_PAGES {
            continue;
        }
        let mut request = app.client.get(format!("{}{path}", app.base));
        if let Some(who) = who {
            request = request.header("cookie", &who.cookie);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            if let Some(to) = response.headers().get("location").and_then(|l| l.to_str().ok()) {
                queue.push_back((path.clone(), to.to_string()));
            }
            continue;
        }
        if status != 200 {
            if from == "(start)" {
                // A start the role may not open is no link; one that links it is checked.
                seen.remove(&path);
            } else {
                broken.push(format!("{from} → {path}: {status}"));
            }
            continue;
        }
        let is_html = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.to_str().unwrap_or_default().starts_with("text/html"));
        if !is_html {
            continue;
        }
        let html = scraper::Html::parse_document(&response.text().await.unwrap());
        for link in common::select(&html, "a[href]") {
            let href = link.value().attr("href").unwrap_or_default();
            if followed(href) {
                queue.push_back((path.clone(), href.to_string()));
            }
        }
    }
    (seen.len(), broken)
}

#[tokio::test]
async fn every_link_shown_to_a_role_can_be_followed_by_it() {
    for app in TestApp::all().await {
        let setup = Change {
            actor: "setup",
            at: "2026-12-03T00:00:00Z",
            source: "test",
        };
        app.db
            .store
            .open_round(&round_open_until(2028, Day::ymd(2028, 3, 2)), &Call::new(2028), &setup)
            .await
            .unwrap();
        let roles: Vec<(&str, Option<Session>)> = vec![
            ("public", None),
            ("office", Some(app.signed_in("office", &[Role::ProgramOffice]).await)),
            (
                "province",
                Some(
                    app.signed_in(
                        "gg-officer",
                        &[Role::ProvincialOfficer {
                            region: Region::Gyeonggi,
                        }],
                    )
                    .await,
                ),
            ),
            ("evaluator", Some(app.signed_in("evaluator", &[Role::Evaluator]).await)),
            (
                "committee",
                Some(app.signed_in("committee", &[Role::CommitteeMember]).await),
            ),
            (
                "ministry",
                Some(
                    app.signed_in(
                        "sme-officer",
                        &[Role::MinistryOfficer {
                            ministry: "중소벤처기업부".into(),
                        }],
                    )
                    .await,
                ),
            ),
        ];
        for (role, who) in &roles {
            let (walked, broken) = broken_links(&app, who.as_ref()).await;
            assert!(walked > 20, "{} {role}: walked only {walked} pages", app.label());
            assert!(
                broken.is_empty(),
                "{} {role}: links that answer a refusal:\n{}",
                app.label(),
                broken.join("\n")
            );
        }
    }
}
