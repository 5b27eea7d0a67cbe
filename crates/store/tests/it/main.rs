//! The one integration-test binary of this crate: every extra test binary links the whole
//! tree again, so each area is a module here.

mod accounts;
mod audit;
mod backup;
mod committee;
mod complexes;
mod connect;
mod documents;
mod evaluation;
mod grievances;
mod group_commit;
mod mail;
mod package;
mod proposals;
mod read_cache;
mod record;
mod registry;
mod synthetic;
