//! 산업단지 현황 가져오기 in the store: a published table loaded in one audited transaction —
//! a new complex with its source, facts, quarters — and loaded again without a change; the dry
//! run writes nothing; on SQLite and PostgreSQL.

use sandan_domain::complex::facts::FactField;
use sandan_domain::registry::{ColumnMapping, Provenance, Resolution, Resolved, RowKey, Table, read_table};
use sandan_domain::{ComplexId, Day, Region, SiteKind, SourceId, bundled};
use sandan_store::Change;
use sandan_store::testing::TestDb;

const BY: Change<'static> = Change {
    actor: "cli:registry",
    at: "2026-12-04T10:00:00+09:00",
    source: "cli",
};

fn table() -> Table {
    let rows: &[&[&str]] = &[
        &[
            "유형",
            "시도",
            "시군",
            "단지명",
            "지정면적(천제곱미터)",
            "입주업체(개)",
            "가동업체(개)",
            "고용(명)",
            "생산(억원)",
            "수출(백만달러)",
        ],
        &[
            "국가",
            "전북",
            "군산시",
            "군산국가산단",
            "6,762",
            "1,010",
            "900",
            "15,000",
            "30,000",
            "900",
        ],
        &[
            "일반",
            "전북",
            "완주군",
            "어느새일반산업단지",
            "10",
            "5",
            "5",
            "20",
            "10",
            "1",
        ],
        &["", "전북 계", "", "", "", "", "", "", "", ""],
    ];
    Table::from_rows(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
}

fn provenance() -> Provenance {
    Provenance {
        source: "한국산업단지공단 전국산업단지 현황통계 2024-Q4".into(),
        as_of: Day::ymd(2024, 12, 31),
        quarter: Some("2024-Q4".parse().unwrap()),
        source_id: Some(SourceId("kicox-registry-2024-q4".into())),
    }
}

/// The office's decision for the row no complex answers to: a new complex, `eoneuse`.
fn create_eoneuse() -> [Resolved; 1] {
    [Resolved {
        row: RowKey {
            name: "어느새일반산업단지".into(),
            kind: SiteKind::General,
            region: Region::Jeonbuk,
        },
        resolution: Resolution::Create(ComplexId("eoneuse".into())),
    }]
}

#[tokio::test]
async fn a_registry_table_is_loaded_once_whole_and_a_second_load_changes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &BY).await.unwrap();
        let read = read_table(&table(), &ColumnMapping::kicox()).unwrap();
        let create = create_eoneuse();

        let preview = s
            .import_registry(&read.rows, &provenance(), &create, true, &BY)
            .await
            .unwrap();
        assert_eq!(
            (preview.new_complexes.len(), preview.new_quarters.len()),
            (1, 2),
            "{:?}",
            db.backend()
        );
        assert!(
            s.complex(&ComplexId("eoneuse".into())).await.unwrap().is_none(),
            "the dry run writes nothing"
        );

        let loaded = s
            .import_registry(&read.rows, &provenance(), &create, false, &BY)
            .await
            .unwrap();
        assert_eq!(loaded, preview, "what is written is what was previewed");
        let gunsan = ComplexId("gunsan".into());
        let quarters = s.survey(&gunsan, 4).await.unwrap();
        assert_eq!(
            (quarters.len(), quarters[0].tenants, quarters[0].production_eok),
            (1, 1010, 30_000)
        );
        let facts = s.complex_facts().await.unwrap();
        let area = facts[&gunsan].get(FactField::Area).unwrap();
        assert_eq!(
            (area.value.to_string().as_str(), area.as_of),
            ("6,762,000㎡", Day::ymd(2024, 12, 31))
        );
        let record = s.record().await.unwrap();
        assert!(record.check().is_empty(), "{:?}", record.check());
        let new = record.complexes.iter().find(|c| c.id.0 == "eoneuse").unwrap();
        assert_eq!(new.sources, vec![SourceId("kicox-registry-2024-q4".into())]);

        let again = s
            .import_registry(&read.rows, &provenance(), &create, false, &BY)
            .await
            .unwrap();
        assert!(again.writes_nothing(), "{again:?}");
        let imports = s
            .audit_log(100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "registry.import")
            .count();
        assert_eq!(imports, 1, "the second load wrote nothing, not even an audit line");
    }
}

#[tokio::test]
async fn a_registry_dates_the_complexes_the_record_has_no_date_for_and_the_20_year_rule_reads_it() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &BY).await.unwrap();
        let rows: &[&[&str]] = &[
            &["유형", "시도", "단지명", "착공일"],
            &["국가", "경북", "포항국가산단", "1969. 8."],
            &["국가", "전북", "군산국가산단", "1990.04.01"],
        ];
        let table = Table::from_rows(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect());
        let read = read_table(&table, &ColumnMapping::kicox()).unwrap();
        s.import_registry(&read.rows, &provenance(), &[], false, &BY)
            .await
            .unwrap();

        let pohang = s.complex(&ComplexId("pohang".into())).await.unwrap().unwrap();
        assert_eq!(
            pohang.construction_started,
            Some("1969-08".parse().unwrap()),
            "{:?}",
            db.backend()
        );
        assert_eq!(
            pohang.construction_source,
            Some(SourceId("kicox-registry-2024-q4".into()))
        );
        assert_eq!(pohang.is_aged_on(&Day::ymd(2021, 1, 4)), Some(true));
        let gunsan = s.complex(&ComplexId("gunsan".into())).await.unwrap().unwrap();
        assert_eq!(
            gunsan.construction_started,
            Some(Day::ymd(1989, 2, 20)),
            "the researched and cited start stays; the registry's shows beside it"
        );
        let record = s.record().await.unwrap();
        assert!(record.check().is_empty(), "{:?}", record.check());
        assert!(record.sources.iter().any(|s| s.id.0 == "kicox-registry-2024-q4"));
    }
}

#[tokio::test]
async fn a_record_import_keeps_the_loaded_registry_and_refuses_to_drop_a_complex_it_holds_figures_for() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &BY).await.unwrap();
        let read = read_table(&table(), &ColumnMapping::kicox()).unwrap();
        let create = create_eoneuse();
        s.import_registry(&read.rows, &provenance(), &create, false, &BY)
            .await
            .unwrap();
        let gunsan = ComplexId("gunsan".into());
        let figures = (s.surveys().await.unwrap(), s.complex_facts().await.unwrap());
        assert!(figures.0.iter().any(|q| q.complex == gunsan));

        let refused = s.replace_record(&bundled(), &BY).await;
        assert!(
            matches!(&refused, Err(sandan_store::StoreError::ComplexesInUse(ids)) if ids == &["eoneuse".to_string()]),
            "{:?}: {refused:?}",
            db.backend()
        );
        assert!(
            s.complex(&ComplexId("eoneuse".into())).await.unwrap().is_some(),
            "the refused import changed nothing"
        );

        // What `sandan export` writes and `sandan import` reads back: every complex stays, and
        // with them the quarters and facts the office loaded.
        let exported = s.record().await.unwrap();
        s.replace_record(&exported, &BY).await.unwrap();
        assert_eq!(
            (s.surveys().await.unwrap(), s.complex_facts().await.unwrap()),
            figures,
            "{:?}",
            db.backend()
        );
    }
}
