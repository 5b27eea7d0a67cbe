//! Loaders: each document's records read from the store, for the web pages and the CLI alike.

use std::collections::{BTreeMap, HashMap};

use sandan_domain::grievance::RegionalStatistics;
use sandan_domain::package::Quarter;
use sandan_domain::{Plan, Quantity, Region};
use sandan_store::grievances::Scope;
use sandan_store::synthetic::RecordState;
use sandan_store::{Store, StoreError};

use crate::compose::{DocumentGoals, NationalRecords, RegionRecords, RoundRecords, Submission};

async fn synthetic(store: &Store) -> Result<bool, StoreError> {
    Ok(store.record_state().await? == RecordState::Synthetic)
}

/// The targets results tracking adopted for a plan's goals, by goal number.
async fn adopted_targets(store: &Store, plan: &Plan) -> Result<HashMap<usize, Quantity>, StoreError> {
    Ok(store
        .goal_setups(plan.round, plan.region)
        .await?
        .into_iter()
        .filter_map(|(no, s)| s.adopted_target.map(|t| (no, t)))
        .collect())
}

/// What a document of `plans` must warn about, without composing it (for the pages that offer
/// the download): only plans whose goals' statements disagree have their adopted targets read.
pub async fn goal_warnings(store: &Store, plans: &[&Plan]) -> Result<Vec<String>, StoreError> {
    let mut warnings = Vec::new();
    for plan in plans {
        if plan.goals.iter().all(|g| g.target().is_ok()) {
            continue;
        }
        let adopted = adopted_targets(store, plan).await?;
        warnings.extend(DocumentGoals::of(plan, |i| adopted.get(&i).copied()).unresolved);
    }
    Ok(warnings)
}

/// Version `number` of a region's plan with the documents frozen with it.
async fn submission(store: &Store, year: i32, region: Region, number: u32) -> Result<Submission, StoreError> {
    Ok(Submission {
        region,
        version: number,
        documents: store
            .version_documents(year, region, number)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    })
}

/// Each province's latest submitted version of the round, with its documents.
async fn latest_submissions(store: &Store, year: i32) -> Result<Vec<Submission>, StoreError> {
    let mut submissions = Vec::new();
    for standing in store.standings(year).await? {
        if let Some(latest) = standing.latest {
            submissions.push(submission(store, year, standing.region, latest.number).await?);
        }
    }
    Ok(submissions)
}

/// A round's records, or None when the round does not exist.
pub async fn round_records(store: &Store, year: i32) -> Result<Option<RoundRecords>, StoreError> {
    let Some(round) = store.round(year).await? else {
        return Ok(None);
    };
    let plans = store.plans().await?;
    let mut adopted = HashMap::new();
    for plan in plans.iter().filter(|p| p.round == year) {
        for (no, target) in adopted_targets(store, plan).await? {
            adopted.insert((plan.round, plan.region, no), target);
        }
    }
    Ok(Some(RoundRecords {
        round,
        plans: plans.to_vec(),
        designations: store.designations().await?.to_vec(),
        meetings: store.meetings().await?,
        complexes: store
            .complexes()
            .await?
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect::<BTreeMap<_, _>>(),
        adopted,
        documents: latest_submissions(store, year).await?,
        synthetic: synthetic(store).await?,
    }))
}

/// A region's records as of a quarter, or None when the region has no plan in that round.
pub async fn region_records(
    store: &Store,
    round: i32,
    region: Region,
    as_of: Quarter,
) -> Result<Option<RegionRecords>, StoreError> {
    let Some(plan) = store.plan(round, region).await? else {
        return Ok(None);
    };
    let adopted = adopted_targets(store, &plan).await?;
    let documents = match store.versions(round, region).await?.last() {
        Some(latest) => Some(submission(store, round, region, latest.number).await?),
        None => None,
    };
    Ok(Some(RegionRecords {
        plan,
        adopted,
        funded: store.is_funded(round, region).await?,
        projects: store.package(round, region).await?,
        rollup: store.plan_rollup(round, region, as_of).await?,
        as_of,
        documents,
        synthetic: synthetic(store).await?,
    }))
}

pub async fn national_records(store: &Store, as_of: Quarter) -> Result<NationalRecords, StoreError> {
    Ok(NationalRecords {
        rollups: store.rollups(as_of).await?,
        hubs: store.plan_hubs().await?.to_vec(),
        cells: store.budget_cells(&Default::default()).await?,
        as_of,
        synthetic: synthetic(store).await?,
        impact: store.impact().await?,
        grievances: RegionalStatistics::of(
            &store.grievance_outcomes(Scope::Program).await?,
            &as_of.last_day(),
            &store.calendar().await?,
        ),
    })
}
