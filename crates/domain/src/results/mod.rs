//! 성과관리: measurements of a confirmed plan's goals, the firms its projects supported, and
//! how far each goal has come against the time that has passed.

mod business_number;
mod firm;
mod measurement;
mod progress;
mod rollup;
mod setup;

pub use business_number::{BadBusinessNumber, BusinessNumber};
pub use firm::{FirmError, SupportKind, SupportedFirm, count_firms};
pub use measurement::{Evidence, EvidenceError, Measurement, Reading};
pub use progress::{Assessment, ProgressError, Rating, Status, Tracking, assess};
pub use rollup::{RollupMetric, achieved};
pub use setup::GoalSetup;
