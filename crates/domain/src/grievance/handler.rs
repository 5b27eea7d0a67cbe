//! 처리기관: the body that answers an 애로사항 — the complex's province by default, a ministry
//! through its programs, 한국산업단지공단 for the complexes it manages, or the program office.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::StepError;
use crate::account::{Actor, Role};
use crate::region::Region;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Handler {
    /// 시·도
    Province(Region),
    /// 관계 부처
    Ministry(String),
    /// 한국산업단지공단
    ComplexAgency,
    /// 공동 주관부처
    ProgramOffice,
}

impl Handler {
    /// Where a report about a complex in `region` goes first: its province, which knows the
    /// complex and can hand the report on to a ministry or the agency.
    pub fn first_for(region: Region) -> Handler {
        Handler::Province(region)
    }

    pub fn korean(&self) -> String {
        match self {
            Handler::Province(r) => r.official_name().to_string(),
            Handler::Ministry(m) => m.clone(),
            Handler::ComplexAgency => "한국산업단지공단".to_string(),
            Handler::ProgramOffice => "공동 주관부처".to_string(),
        }
    }

    /// Whether `actor` answers for this body. The program office oversees every report but
    /// handles only those routed to it; oversight is the policy's, not this.
    pub fn served_by(&self, actor: &Actor) -> bool {
        actor.has(&self.role())
    }

    /// The role whose holders answer for this body (whom its mail goes to).
    pub fn role(&self) -> Role {
        match self {
            Handler::Province(region) => Role::ProvincialOfficer { region: *region },
            Handler::Ministry(ministry) => Role::MinistryOfficer {
                ministry: ministry.clone(),
            },
            Handler::ComplexAgency => Role::ComplexAgency,
            Handler::ProgramOffice => Role::ProgramOffice,
        }
    }

    /// Every body `actor` answers for.
    pub fn of(actor: &Actor) -> Vec<Handler> {
        actor
            .roles
            .iter()
            .filter_map(|role| match role {
                Role::ProvincialOfficer { region } => Some(Handler::Province(*region)),
                Role::MinistryOfficer { ministry } => Some(Handler::Ministry(ministry.clone())),
                Role::ComplexAgency => Some(Handler::ComplexAgency),
                Role::ProgramOffice => Some(Handler::ProgramOffice),
                Role::Evaluator | Role::CommitteeMember => None,
            })
            .collect()
    }
}

/// "province:경기", "ministry:고용노동부", "complex-agency", "program-office": the key in forms and
/// the database.
impl fmt::Display for Handler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Handler::Province(r) => write!(f, "province:{}", r.short_name()),
            Handler::Ministry(m) => write!(f, "ministry:{m}"),
            Handler::ComplexAgency => f.write_str("complex-agency"),
            Handler::ProgramOffice => f.write_str("program-office"),
        }
    }
}

impl FromStr for Handler {
    type Err = StepError;

    fn from_str(text: &str) -> Result<Handler, StepError> {
        let unknown = || StepError::UnknownHandler(text.to_string());
        match text.trim().split_once(':') {
            Some(("province", r)) => r.trim().parse().map(Handler::Province).map_err(|_| unknown()),
            Some(("ministry", m)) if !m.trim().is_empty() && m.trim().chars().count() <= 40 => {
                Ok(Handler::Ministry(m.trim().to_string()))
            }
            None if text.trim() == "complex-agency" => Ok(Handler::ComplexAgency),
            None if text.trim() == "program-office" => Ok(Handler::ProgramOffice),
            _ => Err(unknown()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::UserId;

    #[test]
    fn a_report_goes_first_to_the_province_of_its_complex() {
        assert_eq!(
            Handler::first_for(Region::Gyeongnam),
            Handler::Province(Region::Gyeongnam)
        );
    }

    #[test]
    fn handlers_are_written_and_read_back() {
        for text in [
            "province:경기",
            "ministry:고용노동부",
            "complex-agency",
            "program-office",
        ] {
            assert_eq!(text.parse::<Handler>().unwrap().to_string(), text);
        }
        for bad in ["province:서울X", "ministry:", "kicox", ""] {
            assert!(bad.parse::<Handler>().is_err(), "{bad}");
        }
    }

    #[test]
    fn an_officer_serves_only_her_own_body() {
        let actor = Actor {
            user: UserId(1),
            login: "kim".into(),
            roles: vec![Role::ProvincialOfficer { region: Region::Busan }, Role::ComplexAgency],
        };
        assert!(Handler::Province(Region::Busan).served_by(&actor));
        assert!(!Handler::Province(Region::Ulsan).served_by(&actor));
        assert!(Handler::ComplexAgency.served_by(&actor));
        assert!(!Handler::ProgramOffice.served_by(&actor));
        assert_eq!(
            Handler::of(&actor),
            vec![Handler::Province(Region::Busan), Handler::ComplexAgency]
        );
    }
}
