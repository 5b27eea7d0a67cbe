//! 제출 문서 through the real server on SQLite and PostgreSQL, as the issue's proof asks: a
//! province uploads a PDF plan, an HWPX presentation and an XLSX annex, submits, replaces the
//! PDF in version 2; an assigned evaluator downloads version 2's files, a conflicted one is
//! refused; a renamed executable, an oversized file and a zip bomb dressed as HWPX are refused
//! with a clear message and nothing stored; every download is in the audit trail.

use std::io::Write;

use crate::common;

use common::{Session, TestApp};
use sandan_domain::call::Call;
use sandan_domain::{Day, Proposal, Region, Role};
use sandan_store::Change;
use sandan_store::testing::{framework_form, round_open_until};

const YEAR: i32 = 2027;
const PLAN: &str = "/rounds/2027/proposals/gyeonggi";
const SETUP: Change<'static> = Change {
    actor: "setup",
    at: "2026-12-03T00:00:00Z",
    source: "test",
};

fn zip(parts: &[(&str, &[u8])], deflated: bool) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        let options = zip::write::SimpleFileOptions::default();
        let options = if deflated && *name != "mimetype" {
            options.compression_method(zip::CompressionMethod::Deflated)
        } else {
            options.compression_method(zip::CompressionMethod::Stored)
        };
        out.start_file(*name, options).unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

async fn upload(app: &TestApp, who: &Session, kind: &str, name: &str, content: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .text("kind", kind.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(content).file_name(name.to_string()),
        );
    let response = app
        .client
        .post(format!("{}{PLAN}/documents", app.base))
        .header("cookie", &who.cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The links to documents on a page, as (name, href).
fn links(html: &str) -> Vec<(String, String)> {
    let page = scraper::Html::parse_document(html);
    common::select(&page, "table.documents a")
        .iter()
        .map(|a| (common::text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn documents_are_uploaded_frozen_and_read_only_by_those_who_may() {
    for app in TestApp::all().await {
        let label = app.label();
        let store = &app.db.store;
        let call = Call {
            plan_document_required: true,
            ..Call::new(YEAR)
        };
        store
            .open_round(&round_open_until(YEAR, Day::ymd(2027, 3, 31)), &call, &SETUP)
            .await
            .unwrap();
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let busan = app
            .signed_in("bso", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        let plan = Proposal {
            vision: "경기 비전".into(),
            ..Proposal::default()
        };
        store
            .save_draft(YEAR, Region::Gyeonggi, &plan, 0, &SETUP)
            .await
            .unwrap();
        // The call asks for the plan document: without it nothing is submitted.
        let required = "이 공모는 혁신계획서 파일(HWP·HWPX·PDF)을 함께 제출해야 합니다";
        let (status, body) = app.post_as(&gg, &format!("{PLAN}/submit"), &[("version", "1")]).await;
        assert_eq!(status, 422, "{label}");
        assert!(
            body.contains(required) && body.contains("id=\"plan-document-missing\""),
            "{body}"
        );

        let hwpx = zip(
            &[
                ("mimetype", b"application/hwp+zip"),
                ("Contents/section0.xml", b"<hs:sec/>"),
            ],
            true,
        );
        let xlsx = zip(
            &[
                ("[Content_Types].xml", b"<Types/>"),
                ("xl/workbook.xml", b"<workbook/>"),
            ],
            true,
        );
        for (kind, name, content) in [
            ("plan", "경기 혁신계획서.pdf", b"%PDF-1.7 version one".to_vec()),
            ("presentation", "발표자료.hwpx", hwpx),
            ("annex", "예산표.xlsx", xlsx),
        ] {
            let (status, body) = upload(&app, &gg, kind, name, content).await;
            assert_eq!(status, 303, "{label} {name}: {body}");
        }
        assert_eq!(
            upload(&app, &busan, "annex", "남의 것.pdf", b"%PDF-".to_vec()).await.0,
            403
        );

        // Refused, with the reason, and nothing stored.
        let audit_before = store.audit_log(10_000).await.unwrap().len();
        let (status, body) = upload(
            &app,
            &gg,
            "annex",
            "확약서.pdf",
            b"MZ\x90\x00\x03 this is a program".to_vec(),
        )
        .await;
        assert_eq!(status, 422, "{label}");
        assert!(body.contains("내용으로 확인합니다"), "{body}");
        let (status, body) = upload(
            &app,
            &gg,
            "plan",
            "계획서.xlsx",
            zip(&[("xl/workbook.xml", b"<w/>")], true),
        )
        .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("혁신계획서는 PDF·한글(HWP)·한글(HWPX) 파일로 올려 주십시오"),
            "{body}"
        );
        let mut big = b"%PDF-1.7 ".to_vec();
        big.resize(sandan_domain::documents::MAX_BYTES as usize + 1, b'0');
        let (status, body) = upload(&app, &gg, "annex", "큰 파일.pdf", big).await;
        assert_eq!(status, 422);
        assert!(body.contains("50MB까지"), "{body}");
        let bomb = zip(
            &[
                ("mimetype", b"application/hwp+zip"),
                ("Contents/section0.xml", &vec![b'0'; 101 * 1024 * 1024]),
            ],
            true,
        );
        let (status, body) = upload(&app, &gg, "presentation", "발표.hwpx", bomb).await;
        assert_eq!(status, 422);
        assert!(body.contains("압축을 풀면 100MB를 넘어"), "{body}");
        assert_eq!(
            store.audit_log(10_000).await.unwrap().len(),
            audit_before,
            "{label}: nothing stored"
        );
        assert_eq!(store.draft_documents(YEAR, Region::Gyeonggi).await.unwrap().len(), 3);
        let (status, body) = app.post_as(&gg, &format!("{PLAN}/submit"), &[("version", "1")]).await;
        assert_eq!(status, 422, "the draft itself is not complete");
        assert!(
            !body.contains(required) && !body.contains("plan-document-missing"),
            "{body}"
        );

        // Version 1, then the PDF replaced in version 2.
        store.submit_draft(YEAR, Region::Gyeonggi, 1, &SETUP).await.unwrap();
        let (status, _) = upload(
            &app,
            &gg,
            "plan",
            "경기 혁신계획서(보완).pdf",
            b"%PDF-1.7 version two".to_vec(),
        )
        .await;
        assert_eq!(status, 303);
        store.submit_draft(YEAR, Region::Gyeonggi, 1, &SETUP).await.unwrap();
        let (status, html) = app.get_as(&gg, &format!("{PLAN}/versions/2")).await;
        assert_eq!(status, 200);
        let v2 = links(&html);
        assert_eq!(
            v2.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["경기 혁신계획서(보완).pdf", "발표자료.hwpx", "예산표.xlsx"]
        );

        let (_, diff) = app.get_as(&gg, &format!("{PLAN}/diff?from=1&to=2")).await;
        assert!(
            diff.contains("교체: 혁신계획서 &#39;경기 혁신계획서.pdf&#39; → &#39;경기 혁신계획서(보완).pdf&#39;"),
            "{diff}"
        );

        // The panel of four: lee declared a conflict with 경기, the other three score it.
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let kim = app.signed_in("kim", &[Role::Evaluator]).await;
        let lee = app.signed_in("lee", &[Role::Evaluator]).await;
        let park = app.signed_in("park", &[Role::Evaluator]).await;
        let choi = app.signed_in("choi", &[Role::Evaluator]).await;
        let panel = format!("/rounds/{YEAR}/evaluation");
        let (status, body) = app.post_as(&office, &panel, &framework_form("4", "2027-04-10")).await;
        assert_eq!(status, 303, "{body}");
        for e in [&kim, &lee, &park, &choi] {
            let id = e.user.0.to_string();
            let form = [("user", id.as_str()), ("affiliation", "대학교")];
            assert_eq!(app.post_as(&office, &format!("{panel}/members"), &form).await.0, 303);
        }
        let conflict = [("region", "경기"), ("kind", "affiliation")];
        assert_eq!(
            app.post_as(&lee, &format!("{panel}/mine/conflicts"), &conflict).await.0,
            303
        );
        let pdf = &v2[0].1;
        assert_eq!(app.get_as(&kim, pdf).await.0, 403, "{label}: not before scoring starts");
        let (status, body) = app
            .post_as(&office, &format!("{panel}/start"), &[("early_reason", "일정")])
            .await;
        assert_eq!(status, 303, "{body}");

        let (status, sheet) = app.get_as(&kim, &format!("{panel}/sheets/gyeonggi")).await;
        assert_eq!(status, 200);
        assert_eq!(links(&sheet), v2, "her sheet links version 2's documents");
        let response = app
            .client
            .get(format!("{}{pdf}", app.base))
            .header("cookie", &kim.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        assert_eq!(response.bytes().await.unwrap().as_ref(), b"%PDF-1.7 version two");
        assert_eq!(app.get_as(&lee, pdf).await.0, 403, "conflicted");
        let v1_pdf = pdf
            .replace("/versions/2/", "/versions/1/")
            .replace(&pdf.rsplit('/').next().unwrap().to_string(), "1");
        assert_eq!(app.get_as(&kim, &v1_pdf).await.0, 403, "not the version she scores");
        assert_eq!(app.get_as(&busan, pdf).await.0, 403);
        let reads: Vec<String> = store
            .audit_log(10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "proposal.document_read")
            .map(|e| e.actor)
            .collect();
        assert_eq!(
            reads,
            ["kim"],
            "{label}: every download, and only those, with the reader"
        );

        // Once scoring has started, the documents stay as they are.
        let (status, body) = upload(&app, &gg, "annex", "늦은 자료.pdf", b"%PDF- late".to_vec()).await;
        assert_eq!(status, 422, "{body}");
    }
}

/// A real two-page PDF with a numbered outline, typeset by Sandan's own PDF writer.
fn plan_pdf() -> Vec<u8> {
    use sandan_report::Block;
    let fonts = sandan_report::pdf::Fonts::load(&sandan_report::pdf::Fonts::dir_in(
        &sandan_web::Assets::locate().web_dir,
    ))
    .expect("./test installs the PDF fonts");
    let document = sandan_report::Document {
        title: "경기 반월시화 산단혁신계획".into(),
        byline: vec![],
        blocks: vec![
            Block::Paragraph("Ⅰ. 추진 배경".into()),
            Block::Paragraph("반월시화 산단을 스마트 그린 산단으로 바꿉니다.".into()),
            Block::PageBreak,
            Block::Paragraph("1. 거점산단 현황".into()),
            Block::Paragraph("RE100 이행 기업을 늘립니다.".into()),
        ],
    };
    sandan_report::pdf::render(&document, &fonts).unwrap()
}

/// The text `pdftotext` reads from a PDF.
fn pdf_text(pdf: &[u8]) -> String {
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("./test installs poppler-utils");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

/// Reading the documents as the panel does: each file's outline on the plan, a phrase searched
/// across the round within what the reader may open, an evaluator's PDF carrying her name, and
/// a selected region's document made public by the office and downloaded by anyone.
#[tokio::test]
async fn documents_are_outlined_searched_watermarked_and_published_after_selection() {
    let pdf = plan_pdf();
    for app in TestApp::all().await {
        let label = app.label();
        let store = &app.db.store;
        store
            .open_round(
                &round_open_until(YEAR, Day::ymd(2027, 3, 31)),
                &Call {
                    document_max_mb: 1,
                    ..Call::new(YEAR)
                },
                &SETUP,
            )
            .await
            .unwrap();
        let gg = app
            .signed_in(
                "ggo",
                &[Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                }],
            )
            .await;
        let busan = app
            .signed_in("bso", &[Role::ProvincialOfficer { region: Region::Busan }])
            .await;
        store
            .save_draft(YEAR, Region::Gyeonggi, &Proposal::default(), 0, &SETUP)
            .await
            .unwrap();
        let section = r#"<hs:sec xmlns:hs="s" xmlns:hp="p"><hp:p><hp:run><hp:t>가. 입주기업 지원</hp:t></hp:run></hp:p><hp:p><hp:run><hp:t>스마트 그린 산단 확산</hp:t></hp:run></hp:p></hs:sec>"#;
        let hwpx = zip(
            &[
                ("mimetype", b"application/hwp+zip"),
                ("Contents/section0.xml", section.as_bytes()),
            ],
            true,
        );
        for (kind, name, content) in [
            ("plan", "경기 혁신계획서.pdf", pdf.clone()),
            ("presentation", "발표자료.hwpx", hwpx),
        ] {
            let (status, body) = upload(&app, &gg, kind, name, content).await;
            assert_eq!(status, 303, "{label} {name}: {body}");
        }
        // This call takes files of 1MB at most.
        let mut big = pdf.clone();
        big.resize(1024 * 1024 + 1, b' ');
        let (status, body) = upload(&app, &gg, "annex", "큰 부속서류.pdf", big).await;
        assert_eq!(status, 422, "{label}");
        assert!(body.contains("한 파일은 1MB까지"), "{body}");
        store.submit_draft(YEAR, Region::Gyeonggi, 1, &SETUP).await.unwrap();

        // The outline, read from each file's text, on the version's page.
        let (status, html) = app.get_as(&gg, &format!("{PLAN}/versions/1")).await;
        assert_eq!(status, 200);
        let page = scraper::Html::parse_document(&html);
        let outlines: Vec<String> = common::select(&page, "details.outline li")
            .iter()
            .map(common::text_of)
            .collect();
        assert_eq!(
            outlines,
            ["추진 배경 1쪽", "거점산단 현황 2쪽", "입주기업 지원"],
            "{label}: {html}"
        );

        // Searching the round: the province finds its own, another province nothing.
        let search = "/rounds/2027/documents?q=%EC%8A%A4%EB%A7%88%ED%8A%B8+%EA%B7%B8%EB%A6%B0";
        let (status, html) = app.get_as(&gg, search).await;
        assert_eq!(status, 200, "{html}");
        let page = scraper::Html::parse_document(&html);
        let found: Vec<String> = common::select(&page, "article.found-document h3 a")
            .iter()
            .map(common::text_of)
            .collect();
        assert_eq!(found, ["경기 혁신계획서.pdf", "발표자료.hwpx"], "{label}");
        assert!(html.contains("<mark>스마트 그린</mark>"), "{html}");
        let (status, html) = app.get_as(&busan, search).await;
        assert_eq!(status, 200);
        assert!(html.contains("찾는 말이 있는 문서가 없습니다") && !html.contains("경기 혁신계획서"));
        let (status, html) = app.get_as(&gg, "/rounds/2027/documents?q=%EC%8A%A4").await;
        assert_eq!(status, 422);
        assert!(html.contains("두 글자 이상"), "{html}");
        assert_ne!(app.get(search).await.status().as_u16(), 200, "not for the public");

        // The panel of three: kim scores 경기, lee declared a conflict with it.
        let office = app.signed_in("office", &[Role::ProgramOffice]).await;
        let kim = app.signed_in("kim", &[Role::Evaluator]).await;
        let lee = app.signed_in("lee", &[Role::Evaluator]).await;
        let park = app.signed_in("park", &[Role::Evaluator]).await;
        let panel = format!("/rounds/{YEAR}/evaluation");
        let (status, body) = app.post_as(&office, &panel, &framework_form("3", "2027-04-10")).await;
        assert_eq!(status, 303, "{body}");
        for e in [&kim, &lee, &park] {
            let id = e.user.0.to_string();
            let form = [("user", id.as_str()), ("affiliation", "대학교")];
            assert_eq!(app.post_as(&office, &format!("{panel}/members"), &form).await.0, 303);
        }
        let conflict = [("region", "경기"), ("kind", "affiliation")];
        assert_eq!(
            app.post_as(&lee, &format!("{panel}/mine/conflicts"), &conflict).await.0,
            303
        );
        let (_, html) = app.get_as(&kim, search).await;
        assert!(
            html.contains("찾는 말이 있는 문서가 없습니다"),
            "not before scoring starts"
        );
        let (status, body) = app
            .post_as(&office, &format!("{panel}/start"), &[("early_reason", "일정")])
            .await;
        assert_eq!(status, 303, "{body}");
        let (_, html) = app.get_as(&kim, search).await;
        assert!(html.contains("경기 혁신계획서.pdf"), "{label}: {html}");
        let (_, html) = app.get_as(&lee, search).await;
        assert!(!html.contains("경기 혁신계획서.pdf"), "{label}: conflicted");

        // Her copy of the PDF carries her name on every page; the province's does not.
        let (_, version) = app.get_as(&gg, &format!("{PLAN}/versions/1")).await;
        let pdf_href = links(&version)[0].1.clone();
        let download = |who: &Session| {
            let request = app
                .client
                .get(format!("{}{pdf_href}", app.base))
                .header("cookie", &who.cookie);
            async move { request.send().await.unwrap().bytes().await.unwrap().to_vec() }
        };
        let hers = pdf_text(&download(&kim).await);
        assert_eq!(hers.matches("(kim) 열람").count(), 2, "{label}: {hers}");
        assert!(
            hers.contains("스마트 그린 산단") && hers.contains("거점산단 현황"),
            "{hers}"
        );
        assert_eq!(download(&gg).await, pdf, "the province reads the file it uploaded");

        // Published only after the selection is in the record; then anyone downloads it.
        let pdf_id = pdf_href.rsplit('/').next().unwrap().to_string();
        let publish = format!("{PLAN}/versions/1/documents/{pdf_id}/publish");
        let (status, body) = app.post_as(&office, &publish, &[("public", "1")]).await;
        assert_eq!(status, 422, "{label}: {body}");
        assert!(body.contains("선정(예비선정 또는 최종확정)이 공개된 뒤에만"), "{body}");
        assert_eq!(app.post_as(&gg, &publish, &[("public", "1")]).await.0, 403);
        let mut record = store.record().await.unwrap();
        // The round opened in Sandan is in the record; the selection cites a published source.
        let round = record.rounds.iter_mut().find(|r| r.year == YEAR).unwrap();
        round.sources = vec![sandan_domain::SourceId("molit-2021-03-24".into())];
        let mut plan = record
            .plans
            .iter()
            .find(|p| p.region == Region::Gyeonggi)
            .unwrap()
            .clone();
        plan.round = YEAR;
        record.plans.push(plan);
        record.designations.push(sandan_domain::Designation {
            kind: sandan_domain::DesignationKind::PreliminarySelection,
            date: Day::ymd(YEAR, 6, 1),
            body: "노후거점산업단지 경쟁력강화추진위원회".into(),
            round: Some(YEAR),
            region: Some(Region::Gyeonggi),
            complex: None,
            note: None,
            sources: vec![sandan_domain::SourceId("molit-2021-03-24".into())],
        });
        store.replace_record(&record, &SETUP).await.unwrap();
        let public = format!("/rounds/{YEAR}/documents/{pdf_id}");
        assert_eq!(app.get(&public).await.status(), 404, "not yet public");
        let (status, body) = app.post_as(&office, &publish, &[("public", "1")]).await;
        assert_eq!(status, 303, "{label}: {body}");
        let round_page = app.get(&format!("/rounds/{YEAR}")).await.text().await.unwrap();
        assert!(round_page.contains(&format!("href=\"{public}\"")), "{round_page}");
        let response = app.get(&public).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.bytes().await.unwrap().to_vec(), pdf);
        let (status, _) = app.post_as(&office, &publish, &[("public", "0")]).await;
        assert_eq!(status, 303);
        assert_eq!(app.get(&public).await.status(), 404, "taken back");
    }
}
