//! 산업단지: industrial complexes and the other areas a plan can link (경제자유구역, 스마트시티).

use serde::{Deserialize, Serialize};

use crate::date::Day;
use crate::region::Region;
use crate::source::SourceId;

pub mod entry;
pub mod facts;

/// A complex's stable id, a romanised slug such as "banwol-sihwa".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ComplexId(pub String);

impl ComplexId {
    /// Ids are lowercase ASCII letters, digits and hyphens, so URLs stay readable and stable.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty()
            && self.0.len() <= 64
            && self
                .0
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }
}

/// 유형: the legal type of a complex (산업입지법), or the kind of a linked area that is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// 국가산업단지
    National,
    /// 일반산업단지
    General,
    /// 도시첨단산업단지
    UrbanHighTech,
    /// 농공단지
    AgroIndustrial,
    /// 경제자유구역
    FreeEconomicZone,
    /// 스마트시티
    SmartCity,
    /// 기타 연계지역 (several complexes named as one belt, an urban district, …)
    OtherArea,
}

impl SiteKind {
    pub const ALL: [SiteKind; 7] = [
        SiteKind::National,
        SiteKind::General,
        SiteKind::UrbanHighTech,
        SiteKind::AgroIndustrial,
        SiteKind::FreeEconomicZone,
        SiteKind::SmartCity,
        SiteKind::OtherArea,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            SiteKind::National => "국가산업단지",
            SiteKind::General => "일반산업단지",
            SiteKind::UrbanHighTech => "도시첨단산업단지",
            SiteKind::AgroIndustrial => "농공단지",
            SiteKind::FreeEconomicZone => "경제자유구역",
            SiteKind::SmartCity => "스마트시티",
            SiteKind::OtherArea => "기타 연계지역",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            SiteKind::National => "National industrial complex",
            SiteKind::General => "General industrial complex",
            SiteKind::UrbanHighTech => "Urban high-tech complex",
            SiteKind::AgroIndustrial => "Agro-industrial complex",
            SiteKind::FreeEconomicZone => "Free economic zone",
            SiteKind::SmartCity => "Smart city",
            SiteKind::OtherArea => "Other linked area",
        }
    }

    /// 노후거점산업단지법 §2(1): only a 국가산단 or a 일반산단 can be a hub.
    pub fn may_be_hub(self) -> bool {
        matches!(self, SiteKind::National | SiteKind::General)
    }
}

/// The age at which a complex counts as 노후 (법 §2(1): 착공 후 20년 이상).
pub const AGED_AFTER_YEARS: i32 = 20;

/// 산업단지 (or linked area) as the program knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complex {
    pub id: ComplexId,
    /// The name as the program's documents write it in full.
    pub name: String,
    /// Other ways the same place is written ("반월·시화", "반월시화산단").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub kind: SiteKind,
    pub region: Region,
    /// 시·군·구 ("안산시", "창원시 성산구").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// 지정일, to the precision a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated: Option<Day>,
    /// The source of the designation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designation_source: Option<SourceId>,
    /// 착공일, to the precision a source gives it ("1973", "1973-11"): the 20-year rule counts
    /// from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub construction_started: Option<Day>,
    /// The source of the construction start; none when the office entered it by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub construction_source: Option<SourceId>,
    /// 준공일; may lie ahead while the complex is still being built (준공 예정).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Day>,
    /// 지정면적 in ㎡.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<i64>,
    /// 관리기관 ("한국산업단지공단 경기지역본부", "안산시").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// What a reader should know of these dates: sources that disagree, a date of one part
    /// only (1단지), another name the place had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates_note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
}

impl Complex {
    /// A complex known only by its name, kind and region: no other spellings, dates or sources yet.
    pub fn named(id: ComplexId, name: impl Into<String>, kind: SiteKind, region: Region) -> Complex {
        Complex {
            id,
            name: name.into(),
            aliases: Vec::new(),
            kind,
            region,
            district: None,
            designated: None,
            designation_source: None,
            construction_started: None,
            construction_source: None,
            completed: None,
            area_m2: None,
            managed_by: None,
            dates_note: None,
            sources: Vec::new(),
        }
    }

    /// Whether `written` names this complex.
    pub fn is_called(&self, written: &str) -> bool {
        self.name == written || self.aliases.iter().any(|a| a == written)
    }

    /// Takes the 지정일 and 착공일 a registry file gave, where the record has none, citing
    /// `source` (the file's entry in the record's sources). A date the record already holds
    /// stays: it was researched and cited one by one. Says whether anything changed.
    pub fn adopt_registry_dates(&mut self, facts: &facts::ComplexFacts, source: Option<&SourceId>) -> bool {
        let mut changed = false;
        for (date, cited, fact) in [
            (&mut self.designated, &mut self.designation_source, &facts.designated),
            (
                &mut self.construction_started,
                &mut self.construction_source,
                &facts.construction_started,
            ),
        ] {
            if let (None, Some(fact)) = (&date, fact) {
                *date = Some(fact.value.to_day());
                *cited = source.cloned();
                changed = true;
            }
        }
        changed
    }

    /// 노후 status on a date: `None` when the construction start is not known, or known only
    /// to a year or month that leaves the answer open (started "1971", asked in 1991).
    pub fn is_aged_on(&self, on: &Day) -> Option<bool> {
        facts::PartialDay::from_day(&self.construction_started?)?.is_aged_on(on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complex(started: Option<&str>) -> Complex {
        Complex {
            aliases: vec!["시험산단".into()],
            construction_started: started.map(|s| s.parse().unwrap()),
            ..Complex::named(
                ComplexId("test".into()),
                "시험국가산업단지",
                SiteKind::National,
                Region::Ulsan,
            )
        }
    }

    #[test]
    fn a_complex_is_aged_twenty_years_after_construction_began() {
        let c = complex(Some("2001-03-25"));
        assert_eq!(c.is_aged_on(&Day::ymd(2021, 3, 24)), Some(false));
        assert_eq!(c.is_aged_on(&Day::ymd(2021, 3, 25)), Some(true));
        assert_eq!(complex(None).is_aged_on(&Day::ymd(2021, 3, 25)), None);
    }

    #[test]
    fn a_start_known_to_the_year_decides_only_when_the_whole_year_does() {
        let c = complex(Some("1971"));
        assert_eq!(
            c.is_aged_on(&Day::ymd(1991, 6, 1)),
            None,
            "1971-12 would not be aged yet"
        );
        assert_eq!(c.is_aged_on(&Day::ymd(1991, 12, 31)), Some(true));
        assert_eq!(c.is_aged_on(&Day::ymd(1990, 12, 31)), Some(false));
        assert_eq!(complex(Some("1969-03")).is_aged_on(&Day::ymd(2020, 1, 1)), Some(true));
    }

    #[test]
    fn a_registry_fills_the_dates_the_record_lacks_and_leaves_researched_ones() {
        use facts::{ComplexFacts, PartialDay, Sourced};
        let sourced = |text: &str| Sourced {
            value: text.parse::<PartialDay>().unwrap(),
            source: "현황통계".into(),
            as_of: Day::ymd(2024, 12, 31),
            as_written: text.into(),
        };
        let registry = ComplexFacts {
            designated: Some(sourced("1975-03-01")),
            construction_started: Some(sourced("1976")),
            ..ComplexFacts::default()
        };
        let file = SourceId("kicox-registry-2024-q4".into());
        let mut c = complex(Some("1977-04-01"));
        assert!(c.adopt_registry_dates(&registry, Some(&file)));
        assert_eq!(c.designated, Some(Day::ymd(1975, 3, 1)));
        assert_eq!(c.designation_source, Some(file.clone()));
        assert_eq!(
            c.construction_started,
            Some(Day::ymd(1977, 4, 1)),
            "the researched start stays"
        );
        assert_eq!(c.construction_source, None);
        assert!(!c.adopt_registry_dates(&registry, Some(&file)), "once");
        let mut unknown = complex(None);
        unknown.adopt_registry_dates(&registry, Some(&file));
        assert_eq!(unknown.is_aged_on(&Day::ymd(2024, 1, 1)), Some(true));
    }

    #[test]
    fn a_complex_answers_to_its_name_and_aliases_only() {
        let c = complex(None);
        assert!(c.is_called("시험국가산업단지") && c.is_called("시험산단"));
        assert!(!c.is_called("시험"));
    }

    #[test]
    fn only_national_and_general_complexes_may_be_hubs() {
        assert!(SiteKind::National.may_be_hub() && SiteKind::General.may_be_hub());
        assert!(!SiteKind::AgroIndustrial.may_be_hub() && !SiteKind::FreeEconomicZone.may_be_hub());
    }

    #[test]
    fn complex_ids_are_url_safe_slugs() {
        assert!(ComplexId("banwol-sihwa".into()).is_well_formed());
        assert!(!ComplexId("반월".into()).is_well_formed());
        assert!(!ComplexId("a/b".into()).is_well_formed());
    }
}
