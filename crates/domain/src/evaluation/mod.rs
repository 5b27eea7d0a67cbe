//! 평가·선정: the expert panel, its framework, the score sheets, aggregation and ranking,
//! robustness of the selection, and the committee's decisions.

pub mod aggregate;
pub mod decision;
#[cfg(test)]
mod fixtures;
pub mod framework;
pub mod framework_lines;
pub mod panel;
pub mod points;
pub mod robustness;
pub mod sheet;
pub mod start;

pub use aggregate::{Outcome, PlanResult, Scores, aggregate, recommended, unit_weights};
pub use decision::CommitteeMeeting;
pub use framework::{Aggregation, Bonus, Framework, SubItem};
pub use panel::{Conflict, ConflictKind, Member, PanelAction, Stage};
pub use points::{Mean, Points};
pub use robustness::{Robustness, Scenario, analyse};
pub use sheet::{Mark, ScoreSheet, SheetProblem};
