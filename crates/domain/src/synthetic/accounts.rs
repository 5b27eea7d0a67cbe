//! 합성 계정: the scale's users, spread over the roles as a national rollout would hold them. Of
//! 500: 10 in the program office (공동 주관부처), 10 officers in each of the 17 provinces, 20 in
//! each of the five ministries whose programs fund the packages, 30 committee members, and the
//! other 190 evaluators — a pool about half again the 120-odd seats ten rounds' panels of 9 to 15
//! fill. A smaller scale keeps the shares with at least one account of each kind.
//!
//! The accounts depend on the scale only, not the seed: a load test can name a role's logins
//! (`synthetic-0001` is always the program office's), and generating again with another seed
//! finds the same accounts. Passwords are not the domain's: the store gives each a secret nobody
//! is told.

use super::{SyntheticUser, allocate};
use crate::account::Role;
use crate::package::Program;
use crate::region::Region;

/// Accounts of each kind out of 500: office, provinces, ministries, committee, evaluators.
const SHARES: [usize; 5] = [10, 170, 100, 30, 190];

/// Every generated login starts so; the number after it is the account's position.
const LOGIN_PREFIX: &str = "synthetic-";

/// `count` accounts, numbered from 1 in the order of [`SHARES`].
pub(super) fn users(count: usize, programs: &[Program]) -> Vec<SyntheticUser> {
    let mut ministries: Vec<&str> = Vec::new();
    for p in programs {
        if !ministries.contains(&p.ministry.as_str()) {
            ministries.push(&p.ministry);
        }
    }
    let [office, provincial, ministry, committee, evaluators] =
        <[usize; 5]>::try_from(allocate(count, &SHARES, 1)).expect("one count a share");
    let regions: Vec<Region> = Region::all().collect();
    let mut roles = Vec::with_capacity(count);
    roles.extend(std::iter::repeat_n(Role::ProgramOffice, office));
    for (region, n) in regions.iter().zip(allocate(provincial, &[1; 17], 0)) {
        roles.extend(std::iter::repeat_n(Role::ProvincialOfficer { region: *region }, n));
    }
    for (name, n) in ministries.iter().zip(allocate(ministry, &vec![1; ministries.len()], 0)) {
        let role = Role::MinistryOfficer {
            ministry: name.to_string(),
        };
        roles.extend(std::iter::repeat_n(role, n));
    }
    roles.extend(std::iter::repeat_n(Role::CommitteeMember, committee));
    roles.extend(std::iter::repeat_n(Role::Evaluator, evaluators));
    roles
        .into_iter()
        .enumerate()
        .map(|(i, role)| SyntheticUser {
            login: format!("{LOGIN_PREFIX}{:04}", i + 1),
            name: format!("합성 사용자 {:04}", i + 1),
            roles: vec![role],
        })
        .collect()
}
