//! 시·도: the 17 provincial governments that apply to the program.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// 광역지자체 (시·도). Serialised by its short name ("경기"), as the press release writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    Seoul,
    Busan,
    Daegu,
    Incheon,
    Gwangju,
    Daejeon,
    Ulsan,
    Sejong,
    Gyeonggi,
    Gangwon,
    Chungbuk,
    Chungnam,
    Jeonbuk,
    Jeonnam,
    Gyeongbuk,
    Gyeongnam,
    Jeju,
}

/// A name a region used to have, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormerName {
    pub name: &'static str,
    /// The last day the name was official.
    pub until: &'static str,
}

struct Facts {
    region: Region,
    short: &'static str,
    official: &'static str,
    slug: &'static str,
    /// 행정표준코드 (the current two-digit province code)
    code: &'static str,
    former: Option<FormerName>,
}

/// In the official administrative order (서울, 부산, 대구, …); 가나다 order is computed.
const FACTS: [Facts; 17] = [
    Facts {
        region: Region::Seoul,
        short: "서울",
        official: "서울특별시",
        slug: "seoul",
        code: "11",
        former: None,
    },
    Facts {
        region: Region::Busan,
        short: "부산",
        official: "부산광역시",
        slug: "busan",
        code: "26",
        former: None,
    },
    Facts {
        region: Region::Daegu,
        short: "대구",
        official: "대구광역시",
        slug: "daegu",
        code: "27",
        former: None,
    },
    Facts {
        region: Region::Incheon,
        short: "인천",
        official: "인천광역시",
        slug: "incheon",
        code: "28",
        former: None,
    },
    Facts {
        region: Region::Gwangju,
        short: "광주",
        official: "광주광역시",
        slug: "gwangju",
        code: "29",
        former: None,
    },
    Facts {
        region: Region::Daejeon,
        short: "대전",
        official: "대전광역시",
        slug: "daejeon",
        code: "30",
        former: None,
    },
    Facts {
        region: Region::Ulsan,
        short: "울산",
        official: "울산광역시",
        slug: "ulsan",
        code: "31",
        former: None,
    },
    Facts {
        region: Region::Sejong,
        short: "세종",
        official: "세종특별자치시",
        slug: "sejong",
        code: "36",
        former: None,
    },
    Facts {
        region: Region::Gyeonggi,
        short: "경기",
        official: "경기도",
        slug: "gyeonggi",
        code: "41",
        former: None,
    },
    Facts {
        region: Region::Gangwon,
        short: "강원",
        official: "강원특별자치도",
        slug: "gangwon",
        code: "51",
        former: Some(FormerName {
            name: "강원도",
            until: "2023-06-10",
        }),
    },
    Facts {
        region: Region::Chungbuk,
        short: "충북",
        official: "충청북도",
        slug: "chungbuk",
        code: "43",
        former: None,
    },
    Facts {
        region: Region::Chungnam,
        short: "충남",
        official: "충청남도",
        slug: "chungnam",
        code: "44",
        former: None,
    },
    Facts {
        region: Region::Jeonbuk,
        short: "전북",
        official: "전북특별자치도",
        slug: "jeonbuk",
        code: "52",
        former: Some(FormerName {
            name: "전라북도",
            until: "2024-01-17",
        }),
    },
    Facts {
        region: Region::Jeonnam,
        short: "전남",
        official: "전라남도",
        slug: "jeonnam",
        code: "46",
        former: None,
    },
    Facts {
        region: Region::Gyeongbuk,
        short: "경북",
        official: "경상북도",
        slug: "gyeongbuk",
        code: "47",
        former: None,
    },
    Facts {
        region: Region::Gyeongnam,
        short: "경남",
        official: "경상남도",
        slug: "gyeongnam",
        code: "48",
        former: None,
    },
    Facts {
        region: Region::Jeju,
        short: "제주",
        official: "제주특별자치도",
        slug: "jeju",
        code: "50",
        former: None,
    },
];

impl Region {
    /// All 17, in the official administrative order.
    pub fn all() -> impl Iterator<Item = Region> {
        FACTS.iter().map(|f| f.region)
    }

    /// All 17 in 가나다 order, as lists for people show them.
    pub fn in_ganada_order() -> Vec<Region> {
        let mut regions: Vec<Region> = Region::all().collect();
        crate::hangul::sort_ganada(&mut regions, |r| r.short_name());
        regions
    }

    fn facts(self) -> &'static Facts {
        &FACTS[FACTS
            .iter()
            .position(|f| f.region == self)
            .expect("every region has facts")]
    }

    /// "경기"
    pub fn short_name(self) -> &'static str {
        self.facts().short
    }

    /// "경기도", "전북특별자치도"
    pub fn official_name(self) -> &'static str {
        self.facts().official
    }

    /// "gyeonggi": the romanised form for URLs and API clients.
    pub fn slug(self) -> &'static str {
        self.facts().slug
    }

    /// 행정표준코드
    pub fn code(self) -> &'static str {
        self.facts().code
    }

    /// The name used before the current one, e.g. 전라북도 in the 2021 press release.
    pub fn former_name(self) -> Option<FormerName> {
        self.facts().former
    }

    /// The official name on a date: a document dated 2021 writes 전라북도, one dated 2025
    /// 전북특별자치도. A date known only to its month or year counts as its first day.
    pub fn name_on(self, day: &crate::date::Day) -> &'static str {
        match self.former_name() {
            Some(former) => {
                let until: crate::date::Day = former.until.parse().expect("a former name's end is a date");
                let first = crate::date::Day::ymd(day.year, day.month.unwrap_or(1), day.day.unwrap_or(1));
                if first <= until {
                    former.name
                } else {
                    self.official_name()
                }
            }
            None => self.official_name(),
        }
    }
}

/// Why a region name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}'은(는) 시·도 이름이 아닙니다 (예: 경기, 경기도, gyeonggi, 41)")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    /// Accepts the short name, the official name, a former name, the slug or the code.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        FACTS
            .iter()
            .find(|f| {
                f.short == s
                    || f.official == s
                    || f.slug.eq_ignore_ascii_case(s)
                    || f.code == s
                    || f.former.is_some_and(|old| old.name == s)
            })
            .map(|f| f.region)
            .ok_or_else(|| UnknownRegion(s.to_string()))
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_name())
    }
}

/// The schema says what the wire carries: the short name, one of 17.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Region {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("시·도 (short name, as the press release writes it)"))
            .enum_values(Some(Region::all().map(Region::short_name)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Region {}

impl Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.short_name())
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_names_a_region_as_it_was_called_on_its_date() {
        let on = |s: &str| s.parse::<crate::date::Day>().unwrap();
        assert_eq!(Region::Jeonbuk.name_on(&on("2021-03-24")), "전라북도");
        assert_eq!(Region::Jeonbuk.name_on(&on("2024-01-17")), "전라북도");
        assert_eq!(Region::Jeonbuk.name_on(&on("2024-01-18")), "전북특별자치도");
        assert_eq!(Region::Gangwon.name_on(&on("2023")), "강원도");
        assert_eq!(Region::Busan.name_on(&on("2021-03-24")), "부산광역시");
    }
    use crate::hangul::sort_ganada;

    #[test]
    fn every_name_form_finds_the_same_region() {
        for name in ["전북", "전북특별자치도", "전라북도", "jeonbuk", "JEONBUK", "52"] {
            assert_eq!(name.parse(), Ok(Region::Jeonbuk), "{name}");
        }
        assert_eq!("사도".parse::<Region>(), Err(UnknownRegion("사도".into())));
    }

    #[test]
    fn the_seventeen_regions_in_ganada_order() {
        let mut regions: Vec<Region> = Region::all().collect();
        sort_ganada(&mut regions, |r| r.official_name());
        assert_eq!(
            regions,
            Region::in_ganada_order(),
            "short and official names sort alike"
        );
        let names: Vec<_> = regions.iter().map(|r| r.short_name()).collect();
        assert_eq!(
            names,
            [
                "강원", "경기", "경남", "경북", "광주", "대구", "대전", "부산", "서울", "세종", "울산", "인천", "전남",
                "전북", "제주", "충남", "충북"
            ]
        );
    }

    #[test]
    fn names_slugs_and_codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in Region::all() {
            for key in [r.short_name(), r.official_name(), r.slug(), r.code()] {
                assert!(seen.insert(key), "{key} twice");
            }
        }
        assert_eq!(seen.len(), 68);
    }
}
