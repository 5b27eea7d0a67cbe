//! 반영 미리보기 (dry run): what loading a registry's rows would change, before anything is
//! written — new complexes, changed facts, new and corrected quarters — and which rows still
//! wait for the office (이름이 맞지 않거나 여럿과 맞는 행).
//!
//! Loading is idempotent: a fact changes only when its value differs, a quarter only when a
//! figure differs, so the same rows loaded again change nothing. A value keeps the source and
//! 기준일 it was first read with until a source says something else; a blank cell never erases.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::names::{Match, match_name, normalise};
use super::provenance::Provenance;
use super::row::{RegistryRow, Written};
use crate::complex::facts::{ComplexFacts, FactField, FactValue, PartialDay, Sourced};
use crate::complex::{Complex, ComplexId, SiteKind};
use crate::complex_survey::QuarterlySurvey;
use crate::region::Region;

/// The rows a resolution applies to: a name (compared by [`normalise`]), a type and a 시·도,
/// so a decision made once holds for the same row in every later quarter's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowKey {
    pub name: String,
    pub kind: SiteKind,
    pub region: Region,
}

impl RowKey {
    pub fn of(row: &RegistryRow) -> RowKey {
        RowKey {
            name: row.name.clone(),
            kind: row.kind,
            region: row.region,
        }
    }
}

/// The office's decision on a row the names did not settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "complex")]
pub enum Resolution {
    /// It is this existing complex.
    Link(ComplexId),
    /// It is a complex the record lacks; create it with this id.
    Create(ComplexId),
    /// Leave it out.
    Skip,
}

/// A resolution and the rows it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub row: RowKey,
    pub resolution: Resolution,
}

/// What the record holds now.
#[derive(Debug, Clone, Copy)]
pub struct Existing<'a> {
    pub complexes: &'a [Complex],
    pub facts: &'a BTreeMap<ComplexId, ComplexFacts>,
    pub surveys: &'a [QuarterlySurvey],
}

/// A complex to create, with the facts its row gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComplex {
    pub line: usize,
    pub complex: Complex,
    pub facts: ComplexFacts,
}

/// One fact of an existing complex that the rows change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactChange {
    pub line: usize,
    pub complex: ComplexId,
    pub field: FactField,
    pub before: Option<Sourced<FactValue>>,
    pub after: Sourced<FactValue>,
}

/// A quarter already recorded whose figures the rows correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterChange {
    pub line: usize,
    pub before: QuarterlySurvey,
    pub after: QuarterlySurvey,
}

/// Why a row waits for the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum ReviewReason {
    #[error("단지명과 맞는 산업단지가 없습니다. 기존 단지에 연결하거나 새로 만들거나 제외해 주세요.")]
    Unmatched,
    #[error("단지명이 여러 산업단지({})와 맞습니다. 하나를 골라 주세요.", ids(.candidates))]
    Ambiguous { candidates: Vec<ComplexId> },
    #[error("연결할 산업단지 '{}'이(가) 없습니다.", .complex.0)]
    NoSuchComplex { complex: ComplexId },
    #[error("새 산업단지 id '{}'은(는) 영문 소문자·숫자·하이픈으로 64자 이내여야 합니다.", .complex.0)]
    BadNewId { complex: ComplexId },
    #[error("{first_line}행도 같은 산업단지('{}')로 연결되었습니다. 한 행만 반영합니다.", .complex.0)]
    SameComplexTwice { complex: ComplexId, first_line: usize },
    #[error("분기 수치 일부가 비어 있어 분기 통계로 넣지 않았습니다 (빈 항목: {}).", .missing.join(", "))]
    IncompleteFigures { missing: Vec<String> },
    #[error("기준 분기를 알 수 없어 수치를 넣지 않았습니다.")]
    NoQuarter,
    #[error("분기 수치를 넣을 수 없습니다: {}", .problems.join(" "))]
    BadFigures { problems: Vec<String> },
}

fn ids(ids: &[ComplexId]) -> String {
    ids.iter().map(|i| i.0.as_str()).collect::<Vec<_>>().join(", ")
}

/// A row in the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub line: usize,
    pub row: RowKey,
    pub reason: ReviewReason,
}

/// 반영 미리보기: everything loading the rows would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryChanges {
    pub new_complexes: Vec<NewComplex>,
    pub changed_facts: Vec<FactChange>,
    pub new_quarters: Vec<QuarterlySurvey>,
    pub changed_quarters: Vec<QuarterChange>,
    /// Rows that matched and change nothing.
    pub unchanged: usize,
    /// Lines the office chose to leave out.
    pub skipped: Vec<usize>,
    /// 검토 대기: rows that still need the office.
    pub review: Vec<ReviewItem>,
}

impl RegistryChanges {
    /// Whether loading would write nothing (rows may still wait for review).
    pub fn writes_nothing(&self) -> bool {
        self.new_complexes.is_empty()
            && self.changed_facts.is_empty()
            && self.new_quarters.is_empty()
            && self.changed_quarters.is_empty()
    }

    /// The changes applied to an in-memory record: what the store does in one transaction.
    pub fn apply(
        &self,
        complexes: &mut Vec<Complex>,
        facts: &mut BTreeMap<ComplexId, ComplexFacts>,
        surveys: &mut Vec<QuarterlySurvey>,
    ) {
        for new in &self.new_complexes {
            complexes.push(new.complex.clone());
            facts.insert(new.complex.id.clone(), new.facts.clone());
        }
        for change in &self.changed_facts {
            facts
                .entry(change.complex.clone())
                .or_default()
                .set(change.field, change.after.clone());
        }
        for change in &self.changed_quarters {
            surveys.retain(|s| !(s.complex == change.after.complex && s.quarter == change.after.quarter));
            surveys.push(change.after.clone());
        }
        surveys.extend(self.new_quarters.iter().cloned());
    }
}

/// Where a row's facts and figures go.
enum Target {
    Existing(ComplexId),
    New(ComplexId),
}

/// The dry run: what `rows`, read under `provenance` and with the office's `resolutions`, would
/// change in `existing`.
pub fn plan_changes(
    existing: Existing<'_>,
    rows: &[RegistryRow],
    provenance: &Provenance,
    resolutions: &[Resolved],
) -> RegistryChanges {
    let mut out = RegistryChanges::default();
    let mut claimed: HashMap<ComplexId, usize> = HashMap::new();
    for row in rows {
        let key = RowKey::of(row);
        let review = |reason| ReviewItem {
            line: row.line,
            row: key.clone(),
            reason,
        };
        let target = match target(existing, row, resolutions) {
            Ok(Some(target)) => target,
            Ok(None) => {
                out.skipped.push(row.line);
                continue;
            }
            Err(reason) => {
                out.review.push(review(reason));
                continue;
            }
        };
        let id = match &target {
            Target::Existing(id) | Target::New(id) => id.clone(),
        };
        if let Some(&first_line) = claimed.get(&id) {
            out.review.push(review(ReviewReason::SameComplexTwice {
                complex: id,
                first_line,
            }));
            continue;
        }
        claimed.insert(id.clone(), row.line);

        let mut changed = false;
        let facts = row_facts(row, provenance);
        match target {
            Target::New(id) => {
                out.new_complexes.push(NewComplex {
                    line: row.line,
                    complex: new_complex(id, row, provenance),
                    facts,
                });
                changed = true;
            }
            Target::Existing(id) => {
                let before = existing.facts.get(&id).cloned().unwrap_or_default();
                for field in FactField::ALL {
                    let Some(after) = facts.get(field) else { continue };
                    let before = before.get(field);
                    if before.as_ref().map(|b| &b.value) != Some(&after.value) {
                        out.changed_facts.push(FactChange {
                            line: row.line,
                            complex: id.clone(),
                            field,
                            before,
                            after,
                        });
                        changed = true;
                    }
                }
            }
        }
        match survey(&id, row, provenance) {
            Ok(None) => {}
            Ok(Some(after)) => {
                let before = existing
                    .surveys
                    .iter()
                    .find(|s| s.complex == after.complex && s.quarter == after.quarter);
                match before {
                    None => {
                        out.new_quarters.push(after);
                        changed = true;
                    }
                    Some(before) if !same_figures(before, &after) => {
                        out.changed_quarters.push(QuarterChange {
                            line: row.line,
                            before: before.clone(),
                            after,
                        });
                        changed = true;
                    }
                    Some(_) => {}
                }
            }
            Err(reason) => {
                out.review.push(review(reason));
                changed = true;
            }
        }
        if !changed {
            out.unchanged += 1;
        }
    }
    out
}

/// The complex a row goes to: `Ok(None)` when the office skips it, `Err` when it waits.
fn target(existing: Existing<'_>, row: &RegistryRow, resolutions: &[Resolved]) -> Result<Option<Target>, ReviewReason> {
    let key = normalise(&row.name);
    let resolution = resolutions
        .iter()
        .find(|r| r.row.kind == row.kind && r.row.region == row.region && normalise(&r.row.name) == key)
        .map(|r| &r.resolution);
    let known = |id: &ComplexId| existing.complexes.iter().any(|c| &c.id == id);
    match resolution {
        Some(Resolution::Skip) => Ok(None),
        Some(Resolution::Link(id)) if known(id) => Ok(Some(Target::Existing(id.clone()))),
        Some(Resolution::Link(id)) => Err(ReviewReason::NoSuchComplex { complex: id.clone() }),
        // Created by an earlier load of the same rows: now it is simply there.
        Some(Resolution::Create(id)) if known(id) => Ok(Some(Target::Existing(id.clone()))),
        Some(Resolution::Create(id)) if id.is_well_formed() => Ok(Some(Target::New(id.clone()))),
        Some(Resolution::Create(id)) => Err(ReviewReason::BadNewId { complex: id.clone() }),
        None => match match_name(&row.name, Some(row.kind), Some(row.region), existing.complexes) {
            Match::Exact(id) => Ok(Some(Target::Existing(id))),
            Match::Ambiguous(candidates) => Err(ReviewReason::Ambiguous { candidates }),
            Match::Unmatched => Err(ReviewReason::Unmatched),
        },
    }
}

/// The facts a row states, each with its provenance.
fn row_facts(row: &RegistryRow, provenance: &Provenance) -> ComplexFacts {
    fn sourced<T: Clone>(w: &Option<Written<T>>, p: &Provenance) -> Option<Sourced<T>> {
        w.as_ref().map(|w| Sourced {
            value: w.value.clone(),
            source: p.source.clone(),
            as_of: p.as_of,
            as_written: w.text.clone(),
        })
    }
    ComplexFacts {
        district: sourced(&row.district, provenance),
        designated: sourced(&row.designated, provenance),
        construction_started: sourced(&row.construction_started, provenance),
        completed: sourced(&row.completed, provenance),
        area_m2: sourced(&row.area_m2, provenance),
        managed_by: sourced(&row.managed_by, provenance),
    }
}

fn new_complex(id: ComplexId, row: &RegistryRow, provenance: &Provenance) -> Complex {
    let dated = |w: &Option<Written<PartialDay>>| w.as_ref().map(|w| w.value.to_day());
    Complex {
        designated: dated(&row.designated),
        designation_source: row.designated.as_ref().and(provenance.source_id.clone()),
        construction_started: dated(&row.construction_started),
        construction_source: row.construction_started.as_ref().and(provenance.source_id.clone()),
        sources: provenance.source_id.iter().cloned().collect(),
        ..Complex::named(id, row.name.clone(), row.kind, row.region)
    }
}

/// The row's quarter of the survey: `Ok(None)` when it carries no figures at all.
fn survey(id: &ComplexId, row: &RegistryRow, provenance: &Provenance) -> Result<Option<QuarterlySurvey>, ReviewReason> {
    let f = row.figures;
    let named = f.named();
    if named.iter().all(|(_, v)| v.is_none()) {
        return Ok(None);
    }
    let missing: Vec<String> = named
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| (*n).to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ReviewReason::IncompleteFigures { missing });
    }
    let quarter = row.quarter.or(provenance.quarter).ok_or(ReviewReason::NoQuarter)?;
    let survey = QuarterlySurvey {
        complex: id.clone(),
        quarter,
        tenants: f.tenants.unwrap_or_default(),
        operating: f.operating.unwrap_or_default(),
        employment: f.employment.unwrap_or_default(),
        production_eok: f.production_eok.unwrap_or_default(),
        exports_musd: f.exports_musd.unwrap_or_default(),
        source: provenance.source.clone(),
    };
    let problems: Vec<String> = survey.problems().iter().map(ToString::to_string).collect();
    if problems.is_empty() {
        Ok(Some(survey))
    } else {
        Err(ReviewReason::BadFigures { problems })
    }
}

/// The figures, not the source text: the same numbers from a re-published file are no change.
fn same_figures(a: &QuarterlySurvey, b: &QuarterlySurvey) -> bool {
    (a.tenants, a.operating, a.employment, a.production_eok, a.exports_musd)
        == (b.tenants, b.operating, b.employment, b.production_eok, b.exports_musd)
}
