//! The one integration-test binary of this crate: every extra test binary links the whole
//! tree again, so each area is a module here.

mod accounts;
mod bad_input;
mod common;
mod complex_entry;
mod decisions;
mod deployment;
mod documents;
mod evaluation;
mod grievances;
mod hardening;
mod impact;
mod links;
mod mail;
mod openapi;
mod operations;
mod package;
mod package_api;
mod page_cache;
mod pages;
mod plan_goals;
mod project_import;
mod proposals;
mod reference_sheets;
mod registry;
mod reports;
mod results_api;
mod round_api;
mod tasks;
mod tokens;
