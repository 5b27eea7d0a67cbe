//! 단지명 대조 against the bundled record: the spellings the program's documents use
//! (data/record.json, the 2021 press release, research/domain-facts.md) and the near spellings
//! of other complexes that must not match.

use crate::complex::{Complex, ComplexId, SiteKind};
use crate::region::Region;

use super::{Match, match_name};

fn id(s: &str) -> ComplexId {
    ComplexId(s.into())
}

/// The bundled record's complexes, plus 구미하이테크밸리 (구미 5단지), a distinct national
/// complex whose name begins like 구미's.
fn complexes() -> Vec<Complex> {
    let mut complexes = crate::bundled().complexes;
    complexes.push(Complex::named(
        id("gumi-hightech-valley"),
        "구미하이테크밸리",
        SiteKind::National,
        Region::Gyeongbuk,
    ));
    complexes
}

#[test]
fn real_spellings_find_their_complex() {
    use SiteKind::{General, National};
    let complexes = complexes();
    let cases: &[(&str, SiteKind, Region, &str)] = &[
        ("반월·시화", National, Region::Gyeonggi, "banwol-sihwa"),
        ("반월시화산단", National, Region::Gyeonggi, "banwol-sihwa"),
        ("반월·시화 국가산단", National, Region::Gyeonggi, "banwol-sihwa"),
        ("반월ㆍ시화국가산업단지", National, Region::Gyeonggi, "banwol-sihwa"),
        ("반월 시화 국가산업단지", National, Region::Gyeonggi, "banwol-sihwa"),
        ("구미국가산단", National, Region::Gyeongbuk, "gumi"),
        ("구미1~4국가산단", National, Region::Gyeongbuk, "gumi"),
        ("구미", National, Region::Gyeongbuk, "gumi"),
        ("구미하이테크밸리", National, Region::Gyeongbuk, "gumi-hightech-valley"),
        ("명지·녹산", National, Region::Busan, "myeongji-noksan"),
        ("명지녹산국가산단", National, Region::Busan, "myeongji-noksan"),
        ("명지ㆍ녹산 국가산업단지", National, Region::Busan, "myeongji-noksan"),
        ("울산·미포", National, Region::Ulsan, "ulsan-mipo"),
        ("울산미포국가산단", National, Region::Ulsan, "ulsan-mipo"),
        ("미포국가산단", National, Region::Ulsan, "ulsan-mipo"),
        ("주안·부평", National, Region::Incheon, "juan-bupyeong"),
        ("주안.부평국가산업단지", National, Region::Incheon, "juan-bupyeong"),
        ("익산2일반산단", General, Region::Jeonbuk, "iksan-2"),
        ("익산 제2일반산업단지", General, Region::Jeonbuk, "iksan-2"),
        ("신평·장림일반산단", General, Region::Busan, "sinpyeong-jangnim"),
        ("신평장림일반산업단지", General, Region::Busan, "sinpyeong-jangnim"),
        ("대구제3일반산업단지", General, Region::Daegu, "daegu-3"),
        ("성서일반산단", General, Region::Daegu, "seongseo"),
        ("창원국가산업단지", National, Region::Gyeongnam, "changwon"),
        ("광주첨단국가산단", National, Region::Gwangju, "gwangju-cheomdan"),
        ("광양국가", National, Region::Jeonnam, "gwangyang"),
        ("한국수출국가산업단지", National, Region::Incheon, "korea-export"),
        ("청주산단", General, Region::Chungbuk, "cheongju"),
        ("천안제3일반산단", General, Region::Chungnam, "cheonan-3"),
        ("군산국가산업단지", National, Region::Jeonbuk, "gunsan"),
        ("포항철강일반산업단지", General, Region::Gyeongbuk, "pohang-steel"),
    ];
    for (name, kind, region, want) in cases {
        assert_eq!(
            match_name(name, Some(*kind), Some(*region), &complexes),
            Match::Exact(id(want)),
            "{name}"
        );
    }
}

#[test]
fn every_name_and_alias_in_the_record_finds_its_own_complex() {
    let complexes = complexes();
    for c in &complexes {
        for spelling in std::iter::once(&c.name).chain(&c.aliases) {
            assert_eq!(
                match_name(spelling, Some(c.kind), Some(c.region), &complexes),
                Match::Exact(c.id.clone()),
                "{spelling}"
            );
            assert_eq!(
                match_name(spelling, None, None, &complexes),
                Match::Exact(c.id.clone()),
                "{spelling}, without type or 시·도"
            );
        }
    }
}

#[test]
fn near_spellings_of_other_complexes_are_not_matched() {
    use SiteKind::{AgroIndustrial, General, National};
    let complexes = complexes();
    let cases: &[(&str, SiteKind, Region)] = &[
        ("구미하이테크밸리", National, Region::Gyeonggi),
        ("구미국가5단지", National, Region::Gyeongbuk),
        ("주안국가산업단지", National, Region::Incheon),
        ("부평국가산업단지", National, Region::Incheon),
        ("반월국가산업단지", National, Region::Gyeonggi),
        ("시화멀티테크노밸리", General, Region::Gyeonggi),
        ("군산2국가산업단지", National, Region::Jeonbuk),
        ("김천2일반산업단지", General, Region::Gyeongbuk),
        ("하남일반산업단지", General, Region::Gyeonggi),
        ("대전", AgroIndustrial, Region::Daejeon),
        ("울산", National, Region::Ulsan),
        ("창원", AgroIndustrial, Region::Gyeongnam),
    ];
    for (name, kind, region) in cases {
        assert_eq!(
            match_name(name, Some(*kind), Some(*region), &complexes),
            Match::Unmatched,
            "{name}"
        );
    }
}

#[test]
fn a_name_two_complexes_answer_to_is_ambiguous() {
    let mut complexes = complexes();
    complexes.push(Complex {
        aliases: vec!["테크노산단".into()],
        ..Complex::named(
            id("ulsan-techno-2"),
            "울산테크노2일반산업단지",
            SiteKind::General,
            Region::Ulsan,
        )
    });
    assert_eq!(
        match_name("테크노 산단", Some(SiteKind::General), Some(Region::Ulsan), &complexes),
        Match::Ambiguous(vec![id("ulsan-techno"), id("ulsan-techno-2")])
    );
}
