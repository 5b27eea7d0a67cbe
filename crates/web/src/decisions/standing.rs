//! What a round's decisions are checked against and shown with: for a round run in Sandan, its
//! evaluation board; for a round the record holds but Sandan did not run (2020–2025), the plans
//! the record holds, without scores.

use sandan_domain::evaluation::decision::Judged;
use sandan_domain::evaluation::{PlanResult, Stage};
use sandan_domain::{ComplexId, Region};

use crate::AppState;
use crate::evaluation::panel::board_if_any;
use crate::failure::Failure;

pub struct Standing {
    /// The panel's stage; None for a round Sandan did not run (no call, no evaluation).
    pub stage: Option<Stage>,
    /// 선정 규모; None where the round states none.
    pub quota: Option<u32>,
    pub results: Vec<PlanResult>,
    /// Each plan's hub: of the evaluated plans, or of the record's plans of the round.
    pub hubs: Vec<(Region, ComplexId)>,
    /// Whether the office has published ranks and scores.
    pub scores_published: bool,
}

impl Standing {
    pub fn judged(&self) -> Judged<'_> {
        match self.stage {
            Some(stage) => Judged::InSandan {
                stage,
                results: &self.results,
            },
            None => Judged::InRecord,
        }
    }

    pub fn in_record(&self) -> bool {
        self.stage.is_none()
    }
}

/// The round's standing; a round run in Sandan without an evaluation yet still has its
/// districts to designate.
pub async fn standing(state: &AppState, year: i32) -> Result<Standing, Failure> {
    let quota = state.store.round(year).await?.and_then(|r| r.quota);
    if state.store.call(year).await?.is_none() {
        let hubs = state
            .store
            .plans()
            .await?
            .iter()
            .filter(|p| p.round == year)
            .map(|p| (p.region, p.hub.complex.clone()))
            .collect();
        return Ok(Standing {
            stage: None,
            quota,
            results: Vec::new(),
            hubs,
            scores_published: false,
        });
    }
    let Some(b) = board_if_any(state, year).await? else {
        return Ok(Standing {
            stage: Some(Stage::Setup),
            quota,
            results: Vec::new(),
            hubs: Vec::new(),
            scores_published: false,
        });
    };
    let mut hubs = Vec::new();
    for plan in &b.plans {
        if let Some((_, proposal)) = state.store.version(year, plan.region, plan.version).await?
            && let Some(hub) = proposal.hub
        {
            hubs.push((plan.region, hub.complex));
        }
    }
    let results = if b.closed() {
        b.results(&state.store.sheets(year).await?)
    } else {
        Vec::new()
    };
    Ok(Standing {
        stage: Some(b.panel.stage),
        quota: Some(b.panel.framework.quota),
        results,
        hubs,
        scores_published: b.panel.scores_published,
    })
}
