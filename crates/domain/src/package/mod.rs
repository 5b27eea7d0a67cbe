//! 범부처 패키지: the ministries' programs that fund a confirmed plan's projects for three
//! years, the budget planned per year and source, and what was executed each quarter.

mod batch;
mod budget;
mod money;
mod period;
mod program;
mod project;

pub use batch::{Budgets, ExecutionRow, RowFault, check_rows};
pub use budget::{BudgetError, BudgetLine, Execution, FundingSource, MAX_WON, ProjectBudget};
pub use money::Money;
pub use period::{PackagePeriod, Quarter};
pub use program::{Program, ProgramError, sourced_programs};
pub use project::{Runner, project_name};
