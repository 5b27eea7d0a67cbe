//! The rules of the 산업단지 대개조 (Industrial Complex Grand Transformation) program.
//!
//! Pure Rust: no I/O, no clocks, no databases. Storage, web and CLI are shells around it.

pub mod account;
pub mod batch_size;
pub mod bundled;
pub mod calendar;
pub mod call;
pub mod complex;
pub mod complex_survey;
pub mod date;
pub mod designation;
pub mod documents;
pub mod evaluation;
pub mod feasibility;
pub mod goal;
pub mod grievance;
pub mod hangul;
pub mod impact;
pub mod mail;
pub mod package;
pub mod password;
pub mod plan;
pub mod policy;
pub mod project_rows;
pub mod proposal;
pub mod proposal_check;
pub mod proposal_diff;
pub mod publication;
pub mod quantity;
pub mod record;
pub mod region;
pub mod registry;
pub mod results;
pub mod role;
pub mod round;
pub mod signin;
pub mod source;
pub mod submission;
pub mod synthetic;
pub mod tasks;

pub use account::{Actor, Grant, Role, UserId};
pub use bundled::bundled;
pub use complex::{Complex, ComplexId, SiteKind};
pub use date::Day;
pub use designation::{Designation, DesignationKind, Meeting, Target, YearTally, tally_by_year};
pub use goal::{Goal, GoalKind, GoalStatement, Place};
pub use password::{PasswordProblem, check_password};
pub use plan::{HubComplex, HubFigure, KeyTask, LinkRole, LinkedSite, Metric, Plan, Project};
pub use policy::{Action, Denied, Subject, authorize};
pub use proposal::{
    Proposal, ProposedGoal, ProposedHub, ProposedProject, ProposedSite, ProposedTask, Section, YearBudget,
};
pub use quantity::{Quantity, Unit};
pub use record::{Record, RecordProblem};
pub use region::Region;
pub use role::{PlanRole, SiteRole};
pub use round::{Round, Step};
pub use source::{Source, SourceId};
