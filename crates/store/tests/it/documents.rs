//! 제출 문서 in the store: a draft's files replaced and removed until submission, frozen with
//! each numbered version and never changed after; an unchanged draft is not a new version, a
//! changed document is; every upload, removal and read audited; nothing added once scoring
//! has started — on SQLite and PostgreSQL.

use sandan_domain::call::Call;
use sandan_domain::documents::{self, DocumentChange, DocumentKind, FileType};
use sandan_domain::{Day, Proposal, Region};
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
    let document = NewDocument {
        kind,
        name,
        file_type: FileType::Pdf,
        content,
    };
    s.add_document(YEAR, Region::Gyeonggi, &document, &by("gg1")).await
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
