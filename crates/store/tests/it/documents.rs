//! 제출 문서 in the store: a draft's files replaced and removed until submission, frozen with
//! each numbered version and never changed after; an unchanged draft is not a new version, a
//! changed document is; every upload, removal and read audited; nothing added once scoring
//! has started — on SQLite and PostgreSQL.

use sandan_domain::call::Call;
use sandan_domain::documents::outline::Heading;
use sandan_domain::documents::search::query;
use sandan_domain::documents::text::{DocumentText, TextState};
use sandan_domain::documents::{self, DocumentChange, DocumentKind, FileType};
use sandan_domain::{Day, Designation, DesignationKind, Proposal, Region, SourceId, bundled};
use sandan_store::documents::NewDocument;
use sandan_store::testing::{TestDb, round_open_until};
use sandan_store::{Change, EditError, Store};

const YEAR: i32 = 2027;

fn by(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2027-03-10T09:00:00+09:00",
        source: "test",
    }
}

async fn add(s: &Store, kind: DocumentKind, name: &str, content: &[u8]) -> Result<i64, EditError> {
    add_to(s, Region::Gyeonggi, kind, name, content).await
}

/// Adds a document whose text, as read at upload, is its content.
async fn add_to(s: &Store, region: Region, kind: DocumentKind, name: &str, content: &[u8]) -> Result<i64, EditError> {
    let text = DocumentText::extracted(String::from_utf8_lossy(content).into_owned());
    let document = NewDocument {
        kind,
        name,
        file_type: FileType::Pdf,
        content,
        text: &text,
    };
    s.add_document(YEAR, region, &document, &by("gg1")).await
}

fn names(docs: &[sandan_store::documents::StoredDocument]) -> Vec<(&str, DocumentKind)> {
    docs.iter().map(|d| (d.name.as_str(), d.kind)).collect()
}

#[tokio::test]
async fn documents_are_replaced_until_submission_and_frozen_with_each_version() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.open_round(
            &round_open_until(YEAR, Day::ymd(2027, 3, 29)),
            &Call::new(YEAR),
            &by("office"),
        )
        .await
        .unwrap();
        let plan = Proposal {
            vision: "경기 비전".into(),
            ..Proposal::default()
        };
        s.save_draft(YEAR, Region::Gyeonggi, &plan, 0, &by("gg1"))
            .await
            .unwrap();
        add(s, DocumentKind::Plan, "계획서 초안.pdf", b"%PDF-1.7 first")
            .await
            .unwrap();
        add(s, DocumentKind::Annex, "확약서.pdf", b"%PDF-1.7 letter")
            .await
            .unwrap();
        let map = add(s, DocumentKind::Annex, "지도.pdf", b"%PDF-1.7 map").await.unwrap();
        add(s, DocumentKind::Plan, "계획서.pdf", b"%PDF-1.7 second")
            .await
            .unwrap();
        s.remove_document(YEAR, Region::Gyeonggi, map, &by("gg1"))
            .await
            .unwrap();
        let draft = s.draft_documents(YEAR, Region::Gyeonggi).await.unwrap();
        assert_eq!(
            names(&draft),
            [("계획서.pdf", DocumentKind::Plan), ("확약서.pdf", DocumentKind::Annex)],
            "{:?}: the second plan replaced the first",
            db.backend()
        );

        assert_eq!(s.submit_draft(YEAR, Region::Gyeonggi, 1, &by("gg1")).await.unwrap(), 1);
        let unchanged = s.submit_draft(YEAR, Region::Gyeonggi, 1, &by("gg1")).await;
        assert!(matches!(unchanged, Err(EditError::Refused(m)) if m.contains("달라진 내용이 없어")));

        // A new plan document alone is a new version; version 1 keeps its own.
        add(s, DocumentKind::Plan, "계획서(보완).pdf", b"%PDF-1.7 third")
            .await
            .unwrap();
        assert_eq!(s.submit_draft(YEAR, Region::Gyeonggi, 1, &by("gg1")).await.unwrap(), 2);
        let v1 = s.version_documents(YEAR, Region::Gyeonggi, 1).await.unwrap();
        let v2 = s.version_documents(YEAR, Region::Gyeonggi, 2).await.unwrap();
        assert_eq!(names(&v1)[0], ("계획서.pdf", DocumentKind::Plan));
        let refs = |v: &[sandan_store::documents::StoredDocument]| v.iter().map(|d| d.as_ref()).collect::<Vec<_>>();
        assert_eq!(
            documents::diff(&refs(&v1), &refs(&v2)),
            [DocumentChange::Replaced {
                kind: DocumentKind::Plan,
                name: "계획서(보완).pdf".into(),
                before: "계획서.pdf".into()
            }]
        );
        let content = s
            .read_document(YEAR, Region::Gyeonggi, Some(1), &v1[0], &by("kim"))
            .await
            .unwrap();
        assert_eq!(content, b"%PDF-1.7 second");
        let audit = s.audit_log(10).await.unwrap();
        let read = audit.iter().find(|e| e.action == "proposal.document_read").unwrap();
        assert_eq!(read.actor, "kim");
        assert!(read.after.as_deref().unwrap().contains("계획서.pdf"));
        assert!(audit.iter().any(|e| e.action == "proposal.document_remove"));
    }
}

#[tokio::test]
async fn a_draft_holds_at_most_twenty_documents_and_a_missing_round_takes_none() {
    for db in TestDb::all().await {
        let s = &db.store;
        let none = add(s, DocumentKind::Annex, "a.pdf", b"%PDF-").await;
        assert!(matches!(none, Err(EditError::NotFound(_))), "{none:?}");
        s.open_round(
            &round_open_until(YEAR, Day::ymd(2027, 3, 29)),
            &Call::new(YEAR),
            &by("office"),
        )
        .await
        .unwrap();
        for i in 0..documents::MAX_DOCUMENTS {
            add(
                s,
                DocumentKind::Annex,
                &format!("부속{i}.pdf"),
                format!("%PDF- {i}").as_bytes(),
            )
            .await
            .unwrap();
        }
        let before = s.audit_log(1000).await.unwrap().len();
        let over = add(s, DocumentKind::Annex, "하나 더.pdf", b"%PDF- more").await;
        assert!(
            matches!(&over, Err(EditError::Refused(m)) if m.contains("20개까지")),
            "{over:?}"
        );
        assert_eq!(
            s.audit_log(1000).await.unwrap().len(),
            before,
            "a refusal writes nothing"
        );
        // The limit counts every document, a plan document as much as an annex.
        assert!(add(s, DocumentKind::Plan, "계획서.pdf", b"%PDF- plan").await.is_err());
    }
}

/// The office's view of a round's documents: each file's outline read from its text, a phrase
/// found only in the versions the reader may open and whatever the line breaks, and a
/// document made public only once the region's selection is in the record.
#[tokio::test]
async fn documents_are_searched_within_readable_versions_and_published_after_selection() {
    for db in TestDb::all().await {
        let s = &db.store;
        let backend = db.backend();
        s.open_round(
            &round_open_until(YEAR, Day::ymd(2027, 3, 29)),
            &Call::new(YEAR),
            &by("office"),
        )
        .await
        .unwrap();
        for (region, text) in [
            (
                Region::Chungbuk,
                "표지\u{c}Ⅰ. 추진 배경\n오창 산단을 스마트\n그린 산단으로\u{c}1. 거점산단 현황\nRE100 이행",
            ),
            (Region::Busan, "명지녹산 스마트 그린 산단 계획"),
        ] {
            s.save_draft(YEAR, region, &Proposal::default(), 0, &by("gg1"))
                .await
                .unwrap();
            add_to(s, region, DocumentKind::Plan, "혁신계획서.pdf", text.as_bytes())
                .await
                .unwrap();
            s.submit_draft(YEAR, region, 1, &by("gg1")).await.unwrap();
        }
        let chungbuk = s.version_documents(YEAR, Region::Chungbuk, 1).await.unwrap();
        assert_eq!(chungbuk[0].text_state, Some(TextState::Extracted));
        assert_eq!(
            chungbuk[0].outline,
            [
                Heading {
                    level: 1,
                    title: "추진 배경".into(),
                    page: Some(2)
                },
                Heading {
                    level: 2,
                    title: "거점산단 현황".into(),
                    page: Some(3)
                },
            ],
            "{backend:?}"
        );

        let phrase = query("스마트 그린").unwrap();
        let both = [(Region::Busan, 1), (Region::Chungbuk, 1)];
        let found = s.search_documents(YEAR, &both, &phrase).await.unwrap();
        assert_eq!(
            found.iter().map(|f| (f.region, f.hits[0].page)).collect::<Vec<_>>(),
            [(Region::Busan, None), (Region::Chungbuk, Some(2))],
            "{backend:?}: in 가나다 order, across a line break, with the page"
        );
        let only_chungbuk = s
            .search_documents(YEAR, &[(Region::Chungbuk, 1)], &phrase)
            .await
            .unwrap();
        assert_eq!(
            only_chungbuk.len(),
            1,
            "a version the reader may not open is never searched"
        );
        assert!(s.search_documents(YEAR, &both, "그린 스마트").await.unwrap().is_empty());
        assert_eq!(
            s.search_documents(YEAR, &both, "re100").await.unwrap()[0].hits[0].matched,
            "RE100",
            "{backend:?}: Latin letters in either case"
        );
        assert!(
            s.search_documents(YEAR, &both, "100%").await.unwrap().is_empty(),
            "% is a character"
        );

        // Public only once the record holds 충북's selection in the round.
        let id = chungbuk[0].id;
        let audit = s.audit_log(10_000).await.unwrap().len();
        let early = s
            .publish_document(YEAR, Region::Chungbuk, id, true, &by("office"))
            .await;
        assert!(
            matches!(&early, Err(EditError::Refused(m)) if m.contains("선정")),
            "{early:?}"
        );
        assert_eq!(s.audit_log(10_000).await.unwrap().len(), audit);
        let mut record = bundled();
        let mut round = round_open_until(YEAR, Day::ymd(2027, 3, 29));
        round.sources = vec![SourceId("molit-2021-03-24".into())];
        record.rounds.push(round);
        let mut plan = record
            .plans
            .iter()
            .find(|p| p.round == 2022 && p.region == Region::Chungbuk)
            .unwrap()
            .clone();
        plan.round = YEAR;
        record.plans.push(plan);
        record.designations.push(Designation {
            kind: DesignationKind::PreliminarySelection,
            date: Day::ymd(YEAR, 6, 1),
            body: "노후거점산업단지 경쟁력강화추진위원회".into(),
            round: Some(YEAR),
            region: Some(Region::Chungbuk),
            complex: None,
            note: None,
            sources: vec![SourceId("molit-2021-03-24".into())],
        });
        s.replace_record(&record, &by("import")).await.unwrap();
        let busan = s.version_documents(YEAR, Region::Busan, 1).await.unwrap()[0].id;
        assert!(
            s.publish_document(YEAR, Region::Busan, busan, true, &by("office"))
                .await
                .is_err(),
            "부산 was not selected"
        );
        assert!(
            matches!(
                s.publish_document(YEAR, Region::Busan, id, false, &by("office")).await,
                Err(EditError::NotFound(_))
            ),
            "충북's document is not 부산's"
        );
        s.publish_document(YEAR, Region::Chungbuk, id, true, &by("office"))
            .await
            .unwrap();
        s.publish_document(YEAR, Region::Chungbuk, id, true, &by("office"))
            .await
            .unwrap();
        let published = s.published_documents(Some(YEAR)).await.unwrap();
        assert_eq!(
            published
                .iter()
                .map(|p| (p.region, p.number, p.document.id))
                .collect::<Vec<_>>(),
            [(Region::Chungbuk, 1, id)]
        );
        assert!(published[0].document.published_at.is_some());
        assert!(s.published_documents(Some(2026)).await.unwrap().is_empty());
        s.publish_document(YEAR, Region::Chungbuk, id, false, &by("office"))
            .await
            .unwrap();
        assert!(s.published_documents(None).await.unwrap().is_empty());
        let actions: Vec<String> = s
            .audit_log(10_000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("proposal.document_"))
            .collect();
        assert_eq!(
            actions.iter().filter(|a| a.ends_with("publish")).count(),
            2,
            "{backend:?}: one entry for publishing (the repeat changed nothing), one for unpublishing: {actions:?}"
        );
    }
}

/// With a document directory, a file's bytes live there under its digest and the database
/// keeps only its row; the same file uploaded twice is one file; a file changed on disk is
/// refused rather than sent, and files stored in the database before still read.
#[tokio::test]
async fn a_document_directory_keeps_files_outside_the_database_and_refuses_a_changed_one() {
    for db in TestDb::all().await {
        let backend = db.backend();
        let s = &db.store;
        s.open_round(
            &round_open_until(YEAR, Day::ymd(2027, 3, 29)),
            &Call::new(YEAR),
            &by("office"),
        )
        .await
        .unwrap();
        s.save_draft(YEAR, Region::Gyeonggi, &Proposal::default(), 0, &by("gg1"))
            .await
            .unwrap();
        add(s, DocumentKind::Annex, "예전 확약서.pdf", b"%PDF-1.7 in the database")
            .await
            .unwrap();
        let dir = std::env::temp_dir().join(format!("sandan-documents-{}-{backend:?}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let s = &s.clone().with_document_directory(&dir).unwrap();
        let content = b"%PDF-1.7 in the directory";
        add(s, DocumentKind::Plan, "계획서.pdf", content).await.unwrap();
        add(s, DocumentKind::Annex, "같은 내용.pdf", content).await.unwrap();
        let docs = s.draft_documents(YEAR, Region::Gyeonggi).await.unwrap();
        let plan = docs.iter().find(|d| d.kind == DocumentKind::Plan).unwrap();
        let file = dir.join(&plan.sha256[..2]).join(&plan.sha256);
        assert_eq!(std::fs::read(&file).unwrap(), content, "{backend:?}");
        let files: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
        assert_eq!(files.len(), 1, "one file for one content, no temporary left behind");
        assert_eq!(
            db.execute_raw("UPDATE document_files SET content = content WHERE place = 'directory' AND bytes > 0 AND length(content) = 0")
                .await,
            1,
            "{backend:?}: one row names the directory's file and holds no bytes"
        );
        let office = by("office");
        let read = |doc| s.read_document(YEAR, Region::Gyeonggi, None, doc, &office);
        assert_eq!(read(plan).await.unwrap(), content);
        let old = docs.iter().find(|d| d.name == "예전 확약서.pdf").unwrap();
        assert_eq!(read(old).await.unwrap(), b"%PDF-1.7 in the database");

        std::fs::write(&file, b"%PDF-1.7 changed on disk").unwrap();
        let audit = s.audit_log(10_000).await.unwrap().len();
        let changed = read(plan).await;
        assert!(
            matches!(&changed, Err(EditError::Refused(m)) if m.contains("올린 때와 달라")),
            "{changed:?}"
        );
        std::fs::remove_file(&file).unwrap();
        assert!(matches!(read(plan).await, Err(EditError::Refused(m)) if m.contains("읽을 수 없습니다")));
        assert_eq!(
            s.audit_log(10_000).await.unwrap().len(),
            audit,
            "{backend:?}: a refused read is no download"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
