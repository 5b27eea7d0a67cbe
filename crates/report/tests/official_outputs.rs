//! The 2021 round's results document against the seed: every figure of the five reference
//! sheets, read back from each format by a real reader, stands in that region's sheet; the body
//! and the sheets state the same goals; and a record changed in the system changes every output.
//! A round submitted through Sandan lists each selected region's submitted documents.

mod common;

use common::{fonts, read_back, squash};
use sandan_domain::call::Call;
use sandan_domain::documents::text::DocumentText;
use sandan_domain::documents::{DocumentKind, FileType};
use sandan_domain::evaluation::CommitteeMeeting;
use sandan_domain::publication::Published;
use sandan_domain::{
    Day, Designation, DesignationKind, Plan, Proposal, Quantity, Record, Region, Source, SourceId, bundled,
};
use sandan_report::compose::{region_document, round_document};
use sandan_report::load::{region_records, round_records};
use sandan_report::pdf::Fonts;
use sandan_report::{Block, Document, Format, Report, render};
use sandan_store::documents::NewDocument;
use sandan_store::testing::{TestDb, round_open_until};
use sandan_store::{Change, Store};

const SEED_SHEETS: &str = include_str!("../../web/tests/it/fixtures/seed_reference_sheets.md");
const REGIONS: [Region; 5] = [
    Region::Gyeonggi,
    Region::Gyeongnam,
    Region::Busan,
    Region::Ulsan,
    Region::Jeonbuk,
];
const SHEET_START: &str = "1.혁신계획개요";

fn by() -> Change<'static> {
    Change {
        actor: "office",
        at: "2026-12-02T10:00:00+09:00",
        source: "test",
    }
}

async fn loaded<'a>(db: &'a TestDb, record: &Record) -> &'a Store {
    db.store.replace_record(record, &by()).await.unwrap();
    &db.store
}

async fn round_2021(store: &Store) -> Report {
    round_document(&round_records(store, 2021).await.unwrap().unwrap()).unwrap()
}

/// Each region's sheet in a read-back text: the text between one "1. 혁신계획 개요" and the
/// next, and for XLSX also the sheets of that region's tables.
fn sheets_in(text: &str, format: Format) -> Vec<String> {
    let (body, table_sheets) = match format {
        Format::Xlsx => {
            let mut sheets = text.split("\n[시트 ").skip(1);
            let document = sheets.next().expect("the document sheet first");
            (document.to_string(), sheets.map(str::to_string).collect::<Vec<_>>())
        }
        _ => (text.to_string(), Vec::new()),
    };
    let squashed = squash(&body);
    let sections: Vec<&str> = squashed.split(SHEET_START).skip(1).collect();
    assert_eq!(sections.len(), REGIONS.len(), "{format:?}: five sheets");
    sections
        .iter()
        .zip(REGIONS)
        .map(|(section, region)| {
            let tables: String = table_sheets
                .iter()
                .filter(|s| s.starts_with(region.short_name()))
                .map(|s| squash(s))
                .collect();
            format!("{section}{tables}")
        })
        .collect()
}

fn seed_sheets() -> Vec<String> {
    let sections: Vec<String> = SEED_SHEETS.split("1. 혁신계획 개요").skip(1).map(squash).collect();
    assert_eq!(sections.len(), REGIONS.len());
    sections
}

fn rendered(doc: &Document, fonts: &Fonts) -> Vec<(Format, String)> {
    Format::ALL
        .into_iter()
        .map(|f| (f, read_back(&render(doc, f, Some(fonts)).unwrap(), f)))
        .collect()
}

#[tokio::test]
async fn every_figure_of_the_seeds_five_reference_sheets_is_in_its_sheet_in_every_format() {
    let fonts = fonts();
    for db in TestDb::all().await {
        let store = loaded(&db, &bundled()).await;
        let report = round_2021(store).await;
        for (format, text) in rendered(&report.document, &fonts) {
            for ((seed, ours), region) in seed_sheets().iter().zip(sheets_in(&text, format)).zip(REGIONS) {
                let written = Quantity::find_all(&ours);
                let seed_figures = Quantity::find_all(seed);
                assert!(seed_figures.len() >= 5, "{region:?}: the seed sheet has figures");
                for figure in seed_figures {
                    assert!(
                        written.iter().any(|w| w.same_amount(&figure)),
                        "{:?} {format:?}: the seed's {figure} is missing from the sheet:\n{ours}",
                        db.backend()
                    );
                }
            }
        }
    }
}

/// The body's goal sentence of each region and its sheet's (목표) line, from the document.
fn goal_statements(doc: &Document) -> Vec<(String, String)> {
    let body: Vec<&String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Item { depth: 3, text } if text.starts_with("3년간") => Some(text),
            _ => None,
        })
        .collect();
    let sheets: Vec<&String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Item { depth: 1, text } if text.starts_with("(목표)") => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(body.len(), REGIONS.len(), "one goal sentence per region in the body");
    body.into_iter().cloned().zip(sheets.into_iter().cloned()).collect()
}

#[tokio::test]
async fn the_body_and_the_sheets_state_the_same_goals_and_busans_discrepancy_is_reported() {
    let fonts = fonts();
    let db = TestDb::sqlite().await;
    let store = loaded(&db, &bundled()).await;
    let report = round_2021(store).await;
    let pairs = goal_statements(&report.document);
    for (sentence, sheet_line) in &pairs {
        let amounts = |t: &str| {
            Quantity::find_all(t)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(amounts(sentence), amounts(sheet_line), "{sentence} / {sheet_line}");
    }
    let (busan_body, busan_sheet) = &pairs[2];
    assert!(busan_body.contains("생산 1.3조원 증대") && busan_sheet.contains("생산 1.3조원 증대"));
    assert!(
        !busan_body.contains("5조"),
        "the body no longer says 5조 원: {busan_body}"
    );
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = &report.warnings[0];
    assert!(
        warning.contains("부산") && warning.contains("생산 1.3조원 증대") && warning.contains("생산액 5조 원 증대")
    );
    for (format, text) in rendered(&report.document, &fonts) {
        let text = squash(&text);
        for (sentence, sheet_line) in &pairs {
            assert!(
                text.contains(&squash(sentence)),
                "{format:?} has the body's sentence {sentence}"
            );
            assert!(
                text.contains(&squash(sheet_line)),
                "{format:?} has the sheet's line {sheet_line}"
            );
        }
    }
}

#[tokio::test]
async fn a_record_changed_in_the_system_changes_every_output_that_shows_it() {
    let fonts = fonts();
    for db in TestDb::all().await {
        let store = loaded(&db, &bundled()).await;
        let before_round = round_2021(store).await;
        let as_of = "2026-Q4".parse().unwrap();
        let before_region = region_document(
            &region_records(store, 2021, Region::Gyeonggi, as_of)
                .await
                .unwrap()
                .unwrap(),
        );

        let mut record = bundled();
        let plan = record
            .plans
            .iter_mut()
            .find(|p| p.round == 2021 && p.region == Region::Gyeonggi)
            .unwrap();
        plan.vision = Some("데이터 기반 소부장 혁신 거점 (개정)".into());
        plan.hub.figures[0].value = Some("64.1조원".parse().unwrap());
        let store = loaded(&db, &record).await;
        let after_round = round_2021(store).await;
        let after_region = region_document(
            &region_records(store, 2021, Region::Gyeonggi, as_of)
                .await
                .unwrap()
                .unwrap(),
        );

        for (before, after) in [(&before_round, &after_round), (&before_region, &after_region)] {
            for format in Format::ALL {
                let old = squash(&read_back(
                    &render(&before.document, format, Some(&fonts)).unwrap(),
                    format,
                ));
                let new = squash(&read_back(
                    &render(&after.document, format, Some(&fonts)).unwrap(),
                    format,
                ));
                assert!(old.contains("63.8조") && !old.contains("64.1조"), "{format:?} before");
                assert!(
                    new.contains("64.1조") && !new.contains("63.8조"),
                    "{:?} {format:?}: the changed figure",
                    db.backend()
                );
                assert!(
                    new.contains(&squash("데이터 기반 소부장 혁신 거점 (개정)")),
                    "{format:?}: the changed vision"
                );
            }
        }
    }
}

const SUBMITTED: i32 = 2027;
const PLAN_FILE: &str = "경기 혁신계획서(최종).pdf";

/// Round 2027 opened in Sandan: 경기 submits its plan with the plan document uploaded, 충북
/// submits without documents, and the committee's preliminary selection of both is published.
async fn submitted_round(store: &Store) {
    store.replace_record(&bundled(), &by()).await.unwrap();
    store
        .open_round(
            &round_open_until(SUBMITTED, Day::ymd(SUBMITTED, 3, 29)),
            &Call::new(SUBMITTED),
            &by(),
        )
        .await
        .unwrap();
    for region in [Region::Gyeonggi, Region::Chungbuk] {
        let draft = Proposal {
            vision: format!("{} 비전", region.short_name()),
            ..Proposal::default()
        };
        store.save_draft(SUBMITTED, region, &draft, 0, &by()).await.unwrap();
    }
    let text = DocumentText::extracted("경기 혁신계획".into());
    let upload = NewDocument {
        kind: DocumentKind::Plan,
        name: PLAN_FILE,
        file_type: FileType::Pdf,
        content: b"%PDF-1.7 the plan as uploaded",
        text: &text,
    };
    store
        .add_document(SUBMITTED, Region::Gyeonggi, &upload, &by())
        .await
        .unwrap();
    for region in [Region::Gyeonggi, Region::Chungbuk] {
        store.submit_draft(SUBMITTED, region, 1, &by()).await.unwrap();
    }

    let meeting = CommitteeMeeting {
        date: Day::ymd(SUBMITTED, 6, 1),
        body: "노후거점산업단지 경쟁력강화추진위원회".into(),
        members_present: vec!["국토교통부 제1차관".into()],
        note: String::new(),
    };
    let meeting = store.record_meeting(SUBMITTED, &meeting, &by()).await.unwrap();
    let record = bundled();
    let mut plans = Vec::new();
    for (region, from) in [(Region::Gyeonggi, 2021), (Region::Chungbuk, 2022)] {
        let selection = Designation {
            kind: DesignationKind::PreliminarySelection,
            date: Day::ymd(SUBMITTED, 6, 1),
            body: String::new(),
            round: Some(SUBMITTED),
            region: Some(region),
            complex: None,
            note: None,
            sources: vec![],
        };
        store
            .record_decision(SUBMITTED, meeting, &selection, |_| Ok(()), &by())
            .await
            .unwrap();
        let plan = record
            .plans
            .iter()
            .find(|p| p.round == from && p.region == region)
            .unwrap();
        plans.push(Published {
            plan: Plan {
                round: SUBMITTED,
                ..plan.clone()
            },
            baselines: vec![],
        });
    }
    let source = Source {
        id: SourceId("molit-2027-06-01".into()),
        title: "2027년 산업단지 대개조 예비선정 결과".into(),
        publisher: "국토교통부·산업통상자원부".into(),
        published: Some(Day::ymd(SUBMITTED, 6, 1)),
        url: None,
        note: None,
    };
    store
        .publish_meeting(SUBMITTED, meeting, &source, &plans, &by())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_outputs_list_each_regions_submitted_documents_and_say_where_there_are_none() {
    let fonts = fonts();
    for db in TestDb::all().await {
        let store = &db.store;
        submitted_round(store).await;
        let backend = db.backend();
        let digest = store.version_documents(SUBMITTED, Region::Gyeonggi, 1).await.unwrap()[0]
            .sha256
            .clone();

        let round = round_document(&round_records(store, SUBMITTED).await.unwrap().unwrap()).unwrap();
        for format in [Format::Pdf, Format::Xlsx] {
            let text = squash(&read_back(
                &render(&round.document, format, Some(&fonts)).unwrap(),
                format,
            ));
            let listed = text
                .split("참고:제출문서")
                .nth(1)
                .unwrap_or_else(|| panic!("{backend:?} {format:?}: no section of submitted documents:\n{text}"));
            for expected in [
                PLAN_FILE,
                "경기",
                "제1판",
                "혁신계획서",
                &digest[..12],
                "충북",
                "제출문서없음",
            ] {
                assert!(
                    listed.contains(&squash(expected)),
                    "{backend:?} {format:?}: {expected} is missing from the documents:\n{listed}"
                );
            }
            assert!(!listed.contains(&digest[..13]), "{format:?}: only the first 12 digits");
        }

        let as_of = "2027-Q4".parse().unwrap();
        for (region, expected) in [(Region::Gyeonggi, PLAN_FILE), (Region::Chungbuk, "제출 문서 없음")] {
            let records = region_records(store, SUBMITTED, region, as_of).await.unwrap().unwrap();
            let report = region_document(&records);
            for (format, text) in rendered(&report.document, &fonts) {
                let text = squash(&text);
                let listed = text.split("4.제출문서").nth(1).unwrap_or_else(|| {
                    panic!("{backend:?} {format:?} {region:?}: no section of submitted documents:\n{text}")
                });
                assert!(
                    listed.contains(&squash(expected)),
                    "{backend:?} {format:?} {region:?}: {expected} is missing:\n{listed}"
                );
            }
        }

        // The bundled 2021 round was not submitted through Sandan, and says so.
        let bundled_round = round_2021(store).await;
        let text = squash(&read_back(
            &render(&bundled_round.document, Format::Pdf, Some(&fonts)).unwrap(),
            Format::Pdf,
        ));
        assert!(
            text.contains(&squash(
                "산단(Sandan)으로 제출된 혁신계획이 없어 제출 문서를 싣지 않습니다."
            )),
            "{backend:?}: {text}"
        );
    }
}

/// The national report's "5. 사업 효과": the reason there is no estimate on the bundled record,
/// and on a synthetic survey the domain's sentence and figures, read back from PDF and XLSX.
#[tokio::test]
async fn the_national_report_carries_the_impact_estimate_or_why_there_is_none() {
    use sandan_domain::impact::analyse;
    use sandan_domain::synthetic::{Scale, generate};
    use sandan_report::compose::national_document;
    use sandan_report::load::national_records;

    let fonts = fonts();
    let data = generate(Scale::two_cohorts(), 4).unwrap();
    let expected = analyse(&data.record, &data.surveys);
    let employment = expected.overall[2].analysis().unwrap();
    let as_of = "2023-Q4".parse().unwrap();
    for db in TestDb::all().await {
        let store = loaded(&db, &bundled()).await;
        let backend = db.backend();
        let report = national_document(&national_records(store, as_of).await.unwrap());
        let text = squash(&read_back(
            &render(&report.document, Format::Pdf, Some(&fonts)).unwrap(),
            Format::Pdf,
        ));
        let section = text
            .split("5.사업효과")
            .nth(1)
            .unwrap_or_else(|| panic!("{backend:?}: {text}"));
        assert!(
            section.contains("분기별산업단지동향자료가없어효과를추정할수없습니다"),
            "{backend:?}: {section}"
        );

        store.load_national(&data, &by()).await.unwrap();
        let report = national_document(&national_records(store, as_of).await.unwrap());
        let [percent, low, high] = employment.did.percent_tenths();
        for format in [Format::Pdf, Format::Xlsx] {
            let text = squash(&read_back(
                &render(&report.document, format, Some(&fonts)).unwrap(),
                format,
            ));
            // In XLSX the table is a sheet of its own after the document's text.
            let (_, section) = text
                .split_once("5.사업효과")
                .unwrap_or_else(|| panic!("{backend:?} {format:?}: {text}"));
            // Text formats write 4.9%; the spreadsheet keeps the number 0.049 under a % format.
            let written = |t: i64| match format {
                Format::Xlsx => format!("{}", t as f64 / 1000.0),
                _ => sandan_domain::impact::percent_text(t),
            };
            for figure in [
                squash(&employment.sentence),
                format!("고용{}{}{}", written(percent), written(low), written(high)),
            ] {
                assert!(
                    section.contains(&figure),
                    "{backend:?} {format:?}: {figure} missing:\n{section}"
                );
            }
        }
    }
}

/// The national report's "6. 애로사항 처리 현황": the province's counts, the share answered
/// in time and the satisfaction, read back from PDF and XLSX, and never the filer.
#[tokio::test]
async fn the_national_report_counts_the_reports_of_difficulties_without_their_filers() {
    use sandan_domain::grievance::{Category, Filer, Filing, Step};
    use sandan_report::compose::national_document;
    use sandan_report::load::national_records;
    use sandan_store::grievances::FiledBy;

    let fonts = fonts();
    let as_of = "2026-Q1".parse().unwrap();
    for db in TestDb::all().await {
        let store = loaded(&db, &bundled()).await;
        let backend = db.backend();
        let filing = Filing {
            complex: sandan_domain::ComplexId("changwon".into()),
            category: Category::Workforce,
            title: "인력".into(),
            body: "부족합니다.".into(),
            filer: Filer {
                name: "김민수".into(),
                organisation: "(주)창원정밀".into(),
                business_number: None,
                phone: Some("055-123-4567".into()),
                email: None,
            },
            wants_public: false,
        };
        for (day, answered) in [(9, true), (10, false)] {
            let received = Day::ymd(2026, 3, day);
            let filed = store
                .file_grievance(&filing, FiledBy::Password("Follow#2026"), &[], &received, 0, &by())
                .await
                .unwrap();
            if answered {
                for step in [
                    Step::Take,
                    Step::Answer { text: "안내".into() },
                    Step::Rate { score: 4 },
                ] {
                    store
                        .take_grievance_step(filed.id, &step, None, &Day::ymd(2026, 3, 11), &by())
                        .await
                        .unwrap();
                }
            }
        }
        // Filed after the quarter: not in its report.
        store
            .file_grievance(
                &filing,
                FiledBy::Password("Follow#2026"),
                &[],
                &Day::ymd(2026, 4, 1),
                0,
                &by(),
            )
            .await
            .unwrap();
        let report = national_document(&national_records(store, as_of).await.unwrap());
        for format in [Format::Pdf, Format::Xlsx] {
            let text = squash(&read_back(
                &render(&report.document, format, Some(&fonts)).unwrap(),
                format,
            ));
            let (_, section) = text
                .split_once("6.입주기업·지자체애로사항처리현황")
                .unwrap_or_else(|| panic!("{backend:?} {format:?}: {text}"));
            // The spreadsheet keeps counts and the share as numbers (1 under a % format).
            let row = match format {
                Format::Xlsx => "경남2112.0일4.0점1",
                _ => "경남2건1건100.0%2.0일4.0점1건",
            };
            for figure in [row, "2026년1분기"] {
                assert!(
                    section.contains(figure),
                    "{backend:?} {format:?}: {figure} missing:\n{section}"
                );
            }
            assert!(!section.contains("김민수") && !section.contains("055-123-4567"));
        }
    }
}
