//! 검토 대기 행의 결정: which rows of the review queue a decision can settle, the complexes the
//! office chooses among, and her decisions kept with earlier ones so that one file of decisions
//! serves every later quarter.

use super::changes::{Resolved, ReviewItem, ReviewReason, RowKey};
use super::names::normalise;
use crate::complex::{Complex, ComplexId, SiteKind};
use crate::hangul::sort_ganada;

impl ReviewReason {
    /// Whether the row waits for the office to say which complex it is (link, create, skip);
    /// rows whose figures are incomplete or bad wait for a corrected file instead.
    pub fn needs_decision(&self) -> bool {
        matches!(
            self,
            ReviewReason::Unmatched
                | ReviewReason::Ambiguous { .. }
                | ReviewReason::NoSuchComplex { .. }
                | ReviewReason::BadNewId { .. }
                | ReviewReason::SameComplexTwice { .. }
        )
    }
}

/// The complexes the office may link `item` to: those its name matched when it matched several,
/// else the record's complexes of the row's 시·도 and type (of its 시·도 when none has the type),
/// in 가나다 order.
pub fn candidates<'a>(item: &ReviewItem, complexes: &'a [Complex]) -> Vec<&'a Complex> {
    let mut found: Vec<&Complex> = match &item.reason {
        ReviewReason::Ambiguous { candidates } => complexes.iter().filter(|c| candidates.contains(&c.id)).collect(),
        _ => {
            let in_region = || complexes.iter().filter(|c| c.region == item.row.region);
            let same_kind: Vec<&Complex> = in_region().filter(|c| c.kind == item.row.kind).collect();
            if same_kind.is_empty() {
                in_region().collect()
            } else {
                same_kind
            }
        }
    };
    sort_ganada(&mut found, |c| c.name.as_str());
    found
}

/// An id for a complex the office creates from `row`, until she writes a better one: its
/// 시·도, its type and a digest of its name, so the same row is offered the same id in every
/// quarter's file ("jeonbuk-general-5d1f0c2a"). Romanising the name is left to her.
pub fn suggested_id(row: &RowKey) -> ComplexId {
    let kind = match row.kind {
        SiteKind::National => "national",
        SiteKind::General => "general",
        SiteKind::UrbanHighTech => "urban",
        SiteKind::AgroIndustrial => "agro",
        SiteKind::FreeEconomicZone => "fez",
        SiteKind::SmartCity => "smart-city",
        SiteKind::OtherArea => "area",
    };
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let digest = normalise(&row.name)
        .bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    ComplexId(format!("{}-{kind}-{digest:08x}", row.region.slug()))
}

/// `earlier` decisions with `new` ones added; a new decision replaces an earlier one for the
/// same rows (same name as [`normalise`] reads it, type and 시·도).
pub fn merge_decisions(earlier: &[Resolved], new: Vec<Resolved>) -> Vec<Resolved> {
    let same = |a: &Resolved, b: &Resolved| {
        a.row.kind == b.row.kind && a.row.region == b.row.region && normalise(&a.row.name) == normalise(&b.row.name)
    };
    let mut merged: Vec<Resolved> = earlier
        .iter()
        .filter(|e| !new.iter().any(|n| same(e, n)))
        .cloned()
        .collect();
    merged.extend(new);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;
    use crate::registry::Resolution;

    fn complex(id: &str, name: &str, kind: SiteKind, region: Region) -> Complex {
        Complex::named(ComplexId(id.into()), name, kind, region)
    }

    fn item(name: &str, reason: ReviewReason) -> ReviewItem {
        ReviewItem {
            line: 3,
            row: RowKey {
                name: name.into(),
                kind: SiteKind::General,
                region: Region::Jeonbuk,
            },
            reason,
        }
    }

    #[test]
    fn an_unmatched_row_is_offered_its_provinces_complexes_of_its_type_in_ganada_order() {
        let complexes = [
            complex("iksan-2", "익산제2일반산업단지", SiteKind::General, Region::Jeonbuk),
            complex("gunsan", "군산국가산업단지", SiteKind::National, Region::Jeonbuk),
            complex("wanju", "완주일반산업단지", SiteKind::General, Region::Jeonbuk),
            complex("busan-x", "부산일반산업단지", SiteKind::General, Region::Busan),
        ];
        let ids = |found: Vec<&Complex>| found.iter().map(|c| c.id.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(candidates(
                &item("어느새일반산업단지", ReviewReason::Unmatched),
                &complexes
            )),
            ["wanju", "iksan-2"]
        );
        let ambiguous = ReviewReason::Ambiguous {
            candidates: vec![ComplexId("gunsan".into()), ComplexId("iksan-2".into())],
        };
        assert_eq!(
            ids(candidates(&item("군산", ambiguous), &complexes)),
            ["gunsan", "iksan-2"]
        );
        let mut agro = item("어느농공단지", ReviewReason::Unmatched);
        agro.row.kind = SiteKind::AgroIndustrial;
        assert_eq!(
            ids(candidates(&agro, &complexes)).len(),
            3,
            "no 농공단지 in 전북: every complex of 전북"
        );
    }

    #[test]
    fn a_rows_suggested_id_is_well_formed_and_the_same_for_each_spelling_of_its_name() {
        let row = |name: &str| item(name, ReviewReason::Unmatched).row;
        let id = suggested_id(&row("어느새일반산업단지"));
        assert!(id.is_well_formed(), "{}", id.0);
        assert!(id.0.starts_with("jeonbuk-general-"), "{}", id.0);
        assert_eq!(suggested_id(&row("어느새 일반산단")), id);
        assert_ne!(suggested_id(&row("다른일반산업단지")), id);
    }

    #[test]
    fn only_rows_about_which_complex_they_are_wait_for_a_decision() {
        assert!(ReviewReason::Unmatched.needs_decision());
        assert!(!ReviewReason::NoQuarter.needs_decision());
        assert!(
            !ReviewReason::IncompleteFigures {
                missing: vec!["고용".into()]
            }
            .needs_decision()
        );
    }

    #[test]
    fn a_new_decision_replaces_the_earlier_one_for_the_same_rows() {
        let decided = |name: &str, resolution| Resolved {
            row: RowKey {
                name: name.into(),
                kind: SiteKind::General,
                region: Region::Jeonbuk,
            },
            resolution,
        };
        let earlier = [
            decided("어느새일반산업단지", Resolution::Skip),
            decided("다른일반산업단지", Resolution::Skip),
        ];
        let merged = merge_decisions(
            &earlier,
            vec![decided(
                "어느새 일반산단",
                Resolution::Create(ComplexId("eoneusae".into())),
            )],
        );
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].row.name, "다른일반산업단지");
        assert_eq!(merged[1].resolution, Resolution::Create(ComplexId("eoneusae".into())));
    }
}
