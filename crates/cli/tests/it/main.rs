//! The one integration-test binary of this crate: every extra test binary links the whole
//! tree again, so each area is a module here.

mod audit;
mod backup;
mod common;
mod config;
mod crash;
mod database_url;
mod demo;
mod import_export;
mod instances;
mod logs;
mod mail;
mod registry;
mod users;
