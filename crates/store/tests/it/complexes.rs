//! 산업단지 등록·수정·삭제 in the store: the office's entry checked against the record inside the
//! transaction, a stale edit refused with who changed it, a complex a plan uses kept, and every
//! change audited; on SQLite and PostgreSQL.

use sandan_domain::complex::entry::ComplexEntry;
use sandan_domain::{Complex, ComplexId, Day, Region, SiteKind, Source, SourceId, bundled};
use sandan_store::complexes::version_of;
use sandan_store::testing::TestDb;
use sandan_store::{Change, EditError, Store};

fn by(actor: &str) -> Change<'_> {
    Change {
        actor,
        at: "2026-12-04T10:00:00+09:00",
        source: "test",
    }
}

const TODAY: Day = Day {
    year: 2026,
    month: Some(12),
    day: Some(4),
};

fn baegot() -> ComplexEntry {
    ComplexEntry {
        complex: Complex {
            aliases: vec!["배곧".into()],
            district: Some("시흥시".into()),
            area_m2: Some(4_900_000),
            ..Complex::named(
                ComplexId("siheung-baegot".into()),
                "시흥 배곧 연계지역",
                SiteKind::OtherArea,
                Region::Gyeonggi,
            )
        },
        new_source: Some(Source {
            id: SourceId("siheung-gazette".into()),
            title: "시흥시 고시".into(),
            publisher: "시흥시".into(),
            published: Some(Day::ymd(2013, 5, 2)),
            url: None,
            note: None,
        }),
    }
}

async fn audit_actions(s: &Store) -> Vec<String> {
    s.audit_log(10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn an_area_entered_by_the_office_joins_the_record_with_its_new_source_and_an_audit_line() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &by("import")).await.unwrap();
        let created = s.create_complex(baegot(), TODAY, &by("office")).await.unwrap();
        assert_eq!(
            created.sources,
            vec![SourceId("siheung-gazette".into())],
            "{:?}",
            db.backend()
        );
        let record = s.record().await.unwrap();
        assert!(record.check().is_empty(), "{:?}", record.check());
        assert!(record.sources.iter().any(|s| s.id.0 == "siheung-gazette"));
        assert!(
            s.complexes().await.unwrap().iter().any(|c| c.id == created.id),
            "the cache moved"
        );
        assert_eq!(audit_actions(s).await[0], "complex.create");

        let again = s.create_complex(baegot(), TODAY, &by("office")).await.unwrap_err();
        assert!(matches!(&again, EditError::Refused(m) if m.contains("이미")), "{again}");
    }
}

#[tokio::test]
async fn a_refused_entry_writes_nothing_not_even_its_new_source() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &by("import")).await.unwrap();
        let mut clash = baegot();
        clash.complex.aliases.push("반월시화 국가산단".into());
        let before = (audit_actions(s).await.len(), s.sources().await.unwrap().len());
        let refused = s.create_complex(clash, TODAY, &by("office")).await.unwrap_err();
        assert!(
            matches!(&refused, EditError::Refused(m) if m.contains("이미 쓰는 이름")),
            "{refused}"
        );
        assert_eq!((audit_actions(s).await.len(), s.sources().await.unwrap().len()), before);
        assert!(s.complex(&ComplexId("siheung-baegot".into())).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused_naming_who_changed_it() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &by("import")).await.unwrap();
        let created = s.create_complex(baegot(), TODAY, &by("kim")).await.unwrap();
        let read = version_of(&created);
        let mut first = created.clone();
        first.managed_by = Some("시흥시청".into());
        let first = ComplexEntry {
            complex: first,
            new_source: None,
        };
        s.update_complex(first, &read, TODAY, &by("kim")).await.unwrap();

        let mut second = created.clone();
        second.name = "배곧 연계지역".into();
        let second = ComplexEntry {
            complex: second,
            new_source: None,
        };
        let stale = s
            .update_complex(second.clone(), &read, TODAY, &by("lee"))
            .await
            .unwrap_err();
        assert!(matches!(&stale, EditError::Stale { by, .. } if by == "kim"), "{stale}");

        let current = s.complex(&created.id).await.unwrap().unwrap();
        assert_eq!(current.managed_by.as_deref(), Some("시흥시청"), "{:?}", db.backend());
        let renamed = s
            .update_complex(second, &version_of(&current), TODAY, &by("lee"))
            .await
            .unwrap();
        assert_eq!(renamed.name, "배곧 연계지역");
        assert_eq!(
            renamed.managed_by, None,
            "the second edit was based on the first's absence, on purpose"
        );
        assert_eq!(&audit_actions(s).await[..2], ["complex.update", "complex.update"]);
    }
}

#[tokio::test]
async fn a_complex_a_plan_uses_cannot_be_deleted_and_one_entered_by_mistake_can() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &by("import")).await.unwrap();
        let gunsan = s.complex(&ComplexId("gunsan".into())).await.unwrap().unwrap();
        let kept = s
            .delete_complex(&gunsan.id, &version_of(&gunsan), &by("office"))
            .await
            .unwrap_err();
        assert!(
            matches!(&kept, EditError::Refused(m) if m.contains("전북 혁신계획") && m.contains("지울 수 없습니다")),
            "{kept}"
        );
        assert!(s.complex(&gunsan.id).await.unwrap().is_some());

        let created = s.create_complex(baegot(), TODAY, &by("office")).await.unwrap();
        let stale = s.delete_complex(&created.id, "0", &by("office")).await.unwrap_err();
        assert!(matches!(stale, EditError::Stale { .. }));
        s.delete_complex(&created.id, &version_of(&created), &by("office"))
            .await
            .unwrap();
        assert!(s.complex(&created.id).await.unwrap().is_none(), "{:?}", db.backend());
        assert!(!s.complexes().await.unwrap().iter().any(|c| c.id == created.id));
        assert_eq!(audit_actions(s).await[0], "complex.delete");
    }
}
