//! Bad input: the project-list importer and the parsers behind the forms take any bytes and any
//! text without panicking and refuse in Korean (property tests, with the nasty cases as
//! strategies); and a corpus of hostile files sent to the real import endpoint — wrong
//! encodings, a huge cell, a zip that is not a workbook, an empty file — is refused with a
//! message and writes nothing, while hostile text in a valid file is stored verbatim and shown
//! escaped. Long fuzz runs: PROPTEST_CASES=100000 cargo test -p sandan-web --test it bad_input.

use crate::common;

use common::TestApp;
use proptest::prelude::*;
use sandan_domain::call::Call;
use sandan_domain::project_rows::{self, HEADERS};
use sandan_domain::{Day, Quantity, Record, Region, Role};
use sandan_store::Change;
use sandan_store::testing::round_open_until;
use sandan_web::project_list;

/// Strings officials' files and attackers actually send.
const NASTY: &[&str] = &[
    "",
    " ",
    "=HYPERLINK(\"http://evil\",\"클릭\")",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "<script>alert('산단')</script>",
    "'; DROP TABLE proposals; --",
    "\" OR 1=1 --",
    "\u{0000}\u{0007}\u{001b}[31m",
    "\u{202e}gpj.exe",
    "똠방각하 뷁 햏 쀍",
    "１２３억",
    "1e309",
    "-0",
    "99999999999999999999999조",
    "NaN",
    "\r\n\r\n",
    "\u{feff}사업명",
];

fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(NASTY).prop_map(str::to_string),
        ".{0,40}",
        "[0-9,.억조만원 -]{0,20}",
    ]
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('가'..='힣').contains(&c))
}

proptest! {
    #[test]
    fn any_bytes_under_any_name_are_read_or_refused_in_korean(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        name in proptest::sample::select(&["목록.csv", "목록.xlsx", "목록.CSV", "목록.txt", "목록"][..]),
    ) {
        if let Err(e) = project_list::read_rows(name, &bytes) {
            prop_assert!(has_hangul(&e.to_string()), "{e}");
        }
    }

    #[test]
    fn any_rows_are_parsed_or_refused_row_by_row_in_korean(
        rows in proptest::collection::vec(proptest::collection::vec(nasty_text(), 0..12), 0..8),
        with_header in any::<bool>(),
    ) {
        let mut rows = rows;
        if with_header {
            rows.insert(0, HEADERS.iter().map(|h| h.to_string()).collect());
        }
        if let Err(problems) = project_rows::parse(&rows, 2028..=2030) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(has_hangul(&p.to_string()), "{p}");
            }
        }
    }

    #[test]
    fn any_text_is_a_quantity_or_refused_in_korean(text in nasty_text()) {
        if let Err(e) = text.parse::<Quantity>() {
            prop_assert!(has_hangul(&e.to_string()), "{e}");
        }
    }

    #[test]
    fn a_record_file_with_any_value_changed_is_read_and_checked_without_panicking(
        at in 0usize..90_000,
        replacement in nasty_text(),
    ) {
        let json = sandan_domain::bundled::BUNDLED_JSON;
        let at = json.floor_char_boundary(at.min(json.len()));
        let end = json.ceil_char_boundary((at + 8).min(json.len()));
        let damaged = format!("{}{}{}", &json[..at], replacement, &json[end..]);
        if let Ok(record) = serde_json::from_str::<Record>(&damaged) {
            let _ = record.check();
        }
    }
}

const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-12-02T00:00:00Z",
    source: "test",
};
const IMPORT: &str = "/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0/import";

async fn upload(app: &TestApp, who: &common::Session, version: &str, name: &str, bytes: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .text("version", version.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    let response = app
        .client
        .post(format!("{}{IMPORT}", app.base))
        .header("cookie", &who.cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// A valid project-list row for a new project named `name`, 1억 원 of 국비 in 2029.
fn row(name: &str) -> Vec<&str> {
    vec![
        "스마트 제조",
        name,
        "신규",
        "",
        "2029",
        "100000000",
        "0",
        "0",
        "100000000",
    ]
}

fn csv_of(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(HEADERS).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

#[tokio::test]
async fn hostile_files_are_refused_with_a_message_and_write_nothing() {
    for app in TestApp::all().await {
        let store = &app.db.store;
        store
            .open_round(&round_open_until(2028, Day::ymd(2028, 3, 2)), &Call::new(2028), &SETUP)
            .await
            .unwrap();
        let official = app
            .signed_in(
                "gg-officer",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("중점과제,사업명\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let huge_name = "가".repeat(2_000_000);
        let huge_cell = csv_of(&[row(&huge_name)]);
        let corpus: Vec<(&str, Vec<u8>)> = vec![
            ("빈 파일.csv", Vec::new()),
            ("utf16.csv", utf16),
            ("압축.xlsx", b"PK\x03\x04 this is not a workbook".to_vec()),
            ("바이너리.csv", (0..=255u8).cycle().take(4096).collect()),
            ("큰 칸.csv", huge_cell),
            ("실행파일.exe", b"MZ\x90\x00".to_vec()),
            ("머리글만.csv", csv_of(&[])),
        ];
        for (name, bytes) in corpus {
            let (status, page) = upload(&app, &official, "0", name, bytes).await;
            assert!(
                (400..500).contains(&status),
                "{} {name}: refused, not {status}",
                app.label()
            );
            let html = scraper::Html::parse_document(&page);
            let said: Vec<String> = common::select(&html, "[role=alert] li")
                .iter()
                .map(common::text_of)
                .collect();
            assert!(
                !said.is_empty() && said.iter().all(|m| has_hangul(m)),
                "{name}: says what is wrong: {said:?}"
            );
            assert!(
                store.draft(2028, Region::Gyeonggi).await.unwrap().is_none(),
                "{name}: nothing written"
            );
        }

        // Hostile text in a well-formed file is data: stored as typed, shown escaped.
        let script = "<script>alert('산단')</script>";
        let formula = "=HYPERLINK(\"http://evil\")";
        let file = csv_of(&[row(script), row(formula), row("'; DROP TABLE proposals; --")]);
        let (status, page) = upload(&app, &official, "0", "목록.csv", file).await;
        assert_eq!(status, 303, "{}: {page}", app.label());
        let draft = store.draft(2028, Region::Gyeonggi).await.unwrap().unwrap();
        let names: Vec<&str> = draft.proposal.key_tasks[0]
            .projects
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, [script, formula, "'; DROP TABLE proposals; --"]);
        let (_, shown) = app.get_as(&official, "/rounds/2028/proposals/%EA%B2%BD%EA%B8%B0").await;
        assert!(!shown.contains(script), "{}: never raw", app.label());
        assert!(
            shown.contains("&lt;script&gt;") || shown.contains("&#60;script&#62;"),
            "{}: escaped",
            app.label()
        );
    }
}
