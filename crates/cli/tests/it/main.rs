//! The one integration-test binary of this crate: every extra test binary links the whole
//! tree again, so each area is a module here.

mod common;
mod audit;
mod backup;
mod crash;
mod import_export;
mod logs;
mod users;
