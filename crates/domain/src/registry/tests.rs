//! The registry import end to end: a published-looking table through reading, matching against
//! the bundled record's complexes and the dry run, loaded twice.

use std::collections::BTreeMap;

use super::*;
use crate::complex::facts::{ComplexFacts, FactField, FactValue, Sourced};
use crate::complex::{ComplexId, SiteKind};
use crate::complex_survey::QuarterlySurvey;
use crate::date::Day;
use crate::package::Quarter;
use crate::region::Region;

fn id(s: &str) -> ComplexId {
    ComplexId(s.into())
}

/// A quarterly statistics table as published: a title, a unit line, a two-row merged header
/// with blank spanned cells, totals, a note — and the cases the office has to see.
fn quarterly_table() -> Table {
    let rows: &[&[&str]] = &[
        &["2024년 4분기 전국산업단지 현황"],
        &["(단위: 천㎡, 개사, 명, 억원, 백만달러)"],
        &[
            "유형",
            "시도",
            "시군",
            "단지명",
            "지정면적(천제곱미터)",
            "착공일",
            "업체수",
            "",
            "고용(명)",
            "생산(억원)",
            "",
            "수출(백만달러)",
            "",
        ],
        &[
            "",
            "",
            "",
            "",
            "",
            "",
            "입주",
            "가동",
            "",
            "누계",
            "당분기",
            "누계",
            "당분기",
        ],
        &[
            "",
            "전국",
            "",
            "",
            "1,425,000",
            "",
            "128,000",
            "",
            "2,370,000",
            "",
            "",
            "",
            "",
        ],
        &[
            "",
            "경기",
            "",
            "경기 계",
            "200,000",
            "",
            "30,000",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        &[
            "국가",
            "경기",
            "안산시",
            "반월·시화",
            "45,000",
            "1977. 3.",
            "20,000",
            "18,500",
            "250,000",
            "600,000",
            "160,000",
            "9,000",
            "3,000",
        ],
        &[
            "국가",
            "경남",
            "창원시",
            "창원국가산업단지",
            "25,000",
            "1974",
            "3,000",
            "2,900",
            "110,000",
            "500,000",
            "130,000",
            "12,000",
            "4,000",
        ],
        &[
            "일반",
            "전라북도",
            "익산시",
            "익산2일반산단",
            "1,200.5",
            "",
            "120개사",
            "110개사",
            "5,000",
            "8,000",
            "2,000",
            "100",
            "30",
        ],
        &[
            "국가",
            "경북",
            "구미시",
            "구미하이테크밸리",
            "9,340",
            "2009",
            "50",
            "40",
            "3,000",
            "",
            "1,000",
            "",
            "200",
        ],
        &[
            "일반",
            "경기",
            "하남시",
            "하남일반산업단지",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        &[
            "국가",
            "경북",
            "구미시",
            "구미국가산단",
            "24,000",
            "1969",
            "2,500",
            "2,300",
            "90,000",
            "",
            "80,000",
            "",
            "-",
        ],
        &[
            "국가",
            "전남",
            "여수시",
            "여수국가산단",
            "50,000",
            "1967",
            "300",
            "310",
            "25,000",
            "",
            "200,000",
            "",
            "9,000",
        ],
        &[
            "국가",
            "인천",
            "부평구",
            "주안국가산업단지",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        &["※ 생산·수출은 당분기 실적"],
    ];
    Table::from_rows(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
}

fn provenance() -> Provenance {
    Provenance {
        source: "한국산업단지공단 전국산업단지현황통계 2024년 4분기".into(),
        as_of: Day::ymd(2024, 12, 31),
        quarter: Some(Quarter { year: 2024, quarter: 4 }),
        source_id: None,
    }
}

fn resolutions() -> Vec<Resolved> {
    let key = |name: &str, kind, region| RowKey {
        name: name.into(),
        kind,
        region,
    };
    vec![
        Resolved {
            row: key("구미 하이테크밸리", SiteKind::National, Region::Gyeongbuk),
            resolution: Resolution::Create(id("gumi-5")),
        },
        Resolved {
            row: key("하남일반산단", SiteKind::General, Region::Gyeonggi),
            resolution: Resolution::Skip,
        },
    ]
}

fn earlier_facts() -> BTreeMap<ComplexId, ComplexFacts> {
    let sourced = |value: FactValue, written: &str| Sourced {
        value,
        source: "한국산업단지공단 전국산업단지현황통계 2024년 3분기".into(),
        as_of: Day::ymd(2024, 9, 30),
        as_written: written.into(),
    };
    let mut facts = ComplexFacts::default();
    facts.set(FactField::District, sourced(FactValue::Text("안산시".into()), "안산시"));
    facts.set(FactField::Area, sourced(FactValue::AreaM2(44_000_000), "44,000"));
    BTreeMap::from([(id("banwol-sihwa"), facts)])
}

fn earlier_surveys() -> Vec<QuarterlySurvey> {
    vec![QuarterlySurvey {
        complex: id("banwol-sihwa"),
        quarter: Quarter { year: 2024, quarter: 4 },
        tenants: 20_000,
        operating: 18_500,
        employment: 250_000,
        production_eok: 150_000,
        exports_musd: 3_000,
        source: "잠정치".into(),
    }]
}

#[test]
fn a_quarterly_table_becomes_a_dry_run_the_office_can_check() {
    // 구미하이테크밸리 is not in the record for this test: it is the row the office creates.
    let mut complexes = crate::bundled().complexes;
    let read = read_table(&quarterly_table(), &ColumnMapping::kicox()).unwrap();
    assert_eq!(read.header.lines, [3, 4]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.rows.len(), 8);
    let mut facts = earlier_facts();
    let mut surveys = earlier_surveys();
    let existing = Existing {
        complexes: &complexes,
        facts: &facts,
        surveys: &surveys,
    };
    let changes = plan_changes(existing, &read.rows, &provenance(), &resolutions());

    assert_eq!(changes.new_complexes.len(), 1);
    let created = &changes.new_complexes[0];
    assert_eq!(
        (created.complex.id.0.as_str(), created.complex.name.as_str()),
        ("gumi-5", "구미하이테크밸리")
    );
    assert_eq!(created.complex.construction_started, Some("2009".parse().unwrap()));
    assert_eq!(created.facts.area_m2.as_ref().unwrap().value, 9_340_000);

    let area = changes
        .changed_facts
        .iter()
        .find(|c| c.complex == id("banwol-sihwa") && c.field == FactField::Area)
        .unwrap();
    assert_eq!(area.before.as_ref().unwrap().value, FactValue::AreaM2(44_000_000));
    assert_eq!(
        area.before.as_ref().unwrap().as_of,
        Day::ymd(2024, 9, 30),
        "the old value keeps its source"
    );
    assert_eq!(area.after.value, FactValue::AreaM2(45_000_000));
    assert_eq!(area.after.as_of, Day::ymd(2024, 12, 31));
    assert_eq!(area.after.as_written, "45,000");
    assert!(
        !changes
            .changed_facts
            .iter()
            .any(|c| c.complex == id("banwol-sihwa") && c.field == FactField::District),
        "the same 시·군·구 is no change"
    );

    assert_eq!(changes.changed_quarters.len(), 1);
    assert_eq!(changes.changed_quarters[0].before.production_eok, 150_000);
    assert_eq!(
        changes.changed_quarters[0].after.production_eok, 160_000,
        "당분기, not 누계"
    );
    let new_quarters: Vec<&str> = changes.new_quarters.iter().map(|s| s.complex.0.as_str()).collect();
    assert_eq!(new_quarters, ["changwon", "iksan-2", "gumi-5"]);
    let iksan = &changes.new_quarters[1];
    assert_eq!((iksan.tenants, iksan.exports_musd), (120, 30));
    assert_eq!(iksan.source, "한국산업단지공단 전국산업단지현황통계 2024년 4분기");

    assert_eq!(changes.skipped, [11], "하남 is skipped by the office");
    let review: Vec<(usize, String)> = changes.review.iter().map(|r| (r.line, r.reason.to_string())).collect();
    assert_eq!(
        review,
        [
            (
                12,
                "분기 수치 일부가 비어 있어 분기 통계로 넣지 않았습니다 (빈 항목: 수출).".to_string()
            ),
            (
                13,
                "분기 수치를 넣을 수 없습니다: 2024년 4분기의 가동업체 수(310)가 입주업체 수(300)보다 많습니다."
                    .to_string()
            ),
            (
                14,
                "단지명과 맞는 산업단지가 없습니다. 기존 단지에 연결하거나 새로 만들거나 제외해 주세요.".to_string()
            ),
        ]
    );

    // Loading the same rows again writes nothing.
    changes.apply(&mut complexes, &mut facts, &mut surveys);
    let existing = Existing {
        complexes: &complexes,
        facts: &facts,
        surveys: &surveys,
    };
    let again = plan_changes(existing, &read.rows, &provenance(), &resolutions());
    assert!(again.writes_nothing(), "{again:#?}");
    assert_eq!(
        again.unchanged, 4,
        "반월·시화, 창원, 익산2, the created 구미하이테크밸리"
    );
    assert_eq!(again.review.len(), 3, "what waited for the office still waits");
    assert_eq!(again.skipped, [11]);
    assert_eq!(facts[&id("banwol-sihwa")].area_m2.as_ref().unwrap().value, 45_000_000);
    assert_eq!(
        surveys.iter().filter(|s| s.complex == id("banwol-sihwa")).count(),
        1,
        "a corrected quarter replaces the old one"
    );
}

#[test]
fn the_same_figures_from_a_republished_file_are_no_change() {
    let complexes = crate::bundled().complexes;
    let facts = BTreeMap::new();
    let mut surveys = earlier_surveys();
    surveys[0].production_eok = 160_000;
    let rows = read_table(&quarterly_table(), &ColumnMapping::kicox()).unwrap().rows;
    let banwol: Vec<RegistryRow> = rows.into_iter().filter(|r| r.name == "반월·시화").collect();
    let existing = Existing {
        complexes: &complexes,
        facts: &facts,
        surveys: &surveys,
    };
    let changes = plan_changes(existing, &banwol, &provenance(), &[]);
    assert!(changes.new_quarters.is_empty() && changes.changed_quarters.is_empty());
    assert_eq!(
        changes.changed_facts.len(),
        3,
        "시·군·구, 지정면적, 착공일 are new facts"
    );
}

#[test]
fn resolutions_that_cannot_hold_send_the_row_back_to_review() {
    let complexes = crate::bundled().complexes;
    let facts = BTreeMap::new();
    let rows = read_table(&quarterly_table(), &ColumnMapping::kicox()).unwrap().rows;
    let existing = Existing {
        complexes: &complexes,
        facts: &facts,
        surveys: &[],
    };
    let resolve = |name: &str, kind, region, resolution| Resolved {
        row: RowKey {
            name: name.into(),
            kind,
            region,
        },
        resolution,
    };
    let resolutions = [
        resolve(
            "주안국가산업단지",
            SiteKind::National,
            Region::Incheon,
            Resolution::Link(id("juan")),
        ),
        resolve(
            "구미하이테크밸리",
            SiteKind::National,
            Region::Gyeongbuk,
            Resolution::Create(id("구미5")),
        ),
        resolve(
            "창원국가산업단지",
            SiteKind::National,
            Region::Gyeongnam,
            Resolution::Link(id("banwol-sihwa")),
        ),
    ];
    let changes = plan_changes(existing, &rows, &provenance(), &resolutions);
    let reasons: Vec<String> = changes.review.iter().map(|r| r.reason.to_string()).collect();
    assert!(
        reasons.contains(&"연결할 산업단지 'juan'이(가) 없습니다.".to_string()),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"새 산업단지 id '구미5'은(는) 영문 소문자·숫자·하이픈으로 64자 이내여야 합니다.".to_string())
    );
    assert!(
        reasons.contains(&"7행도 같은 산업단지('banwol-sihwa')로 연결되었습니다. 한 행만 반영합니다.".to_string()),
        "창원's row, linked to 반월·시화 by mistake, yields to 반월·시화's own row: {reasons:?}"
    );
    assert!(changes.new_complexes.is_empty());
}

#[test]
fn a_dry_run_travels_as_json() {
    let complexes = crate::bundled().complexes;
    let facts = BTreeMap::new();
    let rows = read_table(&quarterly_table(), &ColumnMapping::kicox()).unwrap().rows;
    let existing = Existing {
        complexes: &complexes,
        facts: &facts,
        surveys: &[],
    };
    let changes = plan_changes(existing, &rows, &provenance(), &resolutions());
    let json = serde_json::to_string(&changes).unwrap();
    assert_eq!(serde_json::from_str::<RegistryChanges>(&json).unwrap(), changes);
    let resolutions = serde_json::to_string(&resolutions()).unwrap();
    assert!(
        resolutions.contains(r#""action":"create","complex":"gumi-5""#),
        "{resolutions}"
    );
}
