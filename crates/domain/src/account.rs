//! 사용자와 역할: who may act in the program, and in which capacity. A user may hold several
//! roles; each grant is dated and names who granted it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::region::Region;

pub mod registration;
pub mod token;

/// 아이디: a lowercase letter, then lowercase letters, digits, '.', '-' or '_', 3 to 32 in all,
/// so a login reads the same in every font and cannot pass for another.
pub fn is_valid_login(login: &str) -> bool {
    let mut chars = login.chars();
    (3..=32).contains(&login.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// 사용자 번호
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserId(pub i64);

/// 역할
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Role {
    /// 공동 주관부처 (국토교통부·산업통상자원부): runs rounds, panels and decisions; manages users.
    ProgramOffice,
    /// 관계 부처 담당자: its programs, budgets and the projects in them.
    MinistryOfficer { ministry: String },
    /// 시·도 담당자: its own region's plans, reports and measurements.
    ProvincialOfficer { region: Region },
    /// 민간 평가위원: only the plans assigned to her, only her own scores.
    Evaluator,
    /// 경쟁력강화추진위원회 위원: results and decisions before publication.
    CommitteeMember,
    /// 한국산업단지공단 담당자: answers the 애로사항 routed to the agency that manages the
    /// national complexes.
    ComplexAgency,
}

impl Role {
    pub fn korean(&self) -> String {
        match self {
            Role::ProgramOffice => "공동 주관부처".to_string(),
            Role::MinistryOfficer { ministry } => format!("관계 부처 담당자 ({ministry})"),
            Role::ProvincialOfficer { region } => format!("시·도 담당자 ({})", region.short_name()),
            Role::Evaluator => "민간 평가위원".to_string(),
            Role::CommitteeMember => "경쟁력강화추진위원회 위원".to_string(),
            Role::ComplexAgency => "한국산업단지공단 담당자".to_string(),
        }
    }

    /// The role's key without its scope: "program-office", "provincial-officer", …
    pub fn key(&self) -> &'static str {
        match self {
            Role::ProgramOffice => "program-office",
            Role::MinistryOfficer { .. } => "ministry-officer",
            Role::ProvincialOfficer { .. } => "provincial-officer",
            Role::Evaluator => "evaluator",
            Role::CommitteeMember => "committee-member",
            Role::ComplexAgency => "complex-agency",
        }
    }

    /// The scope a role is limited to, as written after the colon.
    pub fn scope(&self) -> Option<String> {
        match self {
            Role::MinistryOfficer { ministry } => Some(ministry.clone()),
            Role::ProvincialOfficer { region } => Some(region.short_name().to_string()),
            _ => None,
        }
    }
}

/// "program-office", "provincial-officer:경기", "ministry-officer:고용노동부"
impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scope() {
            Some(scope) => write!(f, "{}:{scope}", self.key()),
            None => f.write_str(self.key()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "역할 '{0}'을(를) 알 수 없습니다. program-office, ministry-officer:부처명, provincial-officer:시·도, evaluator, committee-member, complex-agency 중에서 쓰십시오."
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Role, UnknownRole> {
        let unknown = || UnknownRole(text.to_string());
        let (key, scope) = match text.split_once(':') {
            Some((k, s)) => (k.trim(), Some(s.trim()).filter(|s| !s.is_empty())),
            None => (text.trim(), None),
        };
        match (key, scope) {
            ("program-office", None) => Ok(Role::ProgramOffice),
            ("evaluator", None) => Ok(Role::Evaluator),
            ("committee-member", None) => Ok(Role::CommitteeMember),
            ("complex-agency", None) => Ok(Role::ComplexAgency),
            ("ministry-officer", Some(m)) => Ok(Role::MinistryOfficer {
                ministry: m.to_string(),
            }),
            ("provincial-officer", Some(r)) => r
                .parse()
                .map(|region| Role::ProvincialOfficer { region })
                .map_err(|_| unknown()),
            _ => Err(unknown()),
        }
    }
}

/// 역할 부여: a role held from a moment, granted by someone (None: the command line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub granted_at: String,
    pub granted_by: Option<UserId>,
}

/// Who is acting: a signed-in user with the roles she holds now. Anonymous visitors have none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub login: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: &Role) -> bool {
        self.roles.contains(role)
    }

    pub fn is_program_office(&self) -> bool {
        self.has(&Role::ProgramOffice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_written_and_read_back_with_their_scope() {
        for text in [
            "program-office",
            "ministry-officer:고용노동부",
            "provincial-officer:경기",
            "evaluator",
            "committee-member",
            "complex-agency",
        ] {
            assert_eq!(text.parse::<Role>().unwrap().to_string(), text);
        }
        assert_eq!(
            "provincial-officer:전라북도".parse::<Role>().unwrap(),
            Role::ProvincialOfficer {
                region: Region::Jeonbuk
            }
        );
    }

    #[test]
    fn a_scoped_role_needs_its_scope_and_an_unscoped_one_refuses_one() {
        for bad in [
            "provincial-officer",
            "provincial-officer:서울X",
            "ministry-officer:",
            "evaluator:경기",
            "admin",
            "",
        ] {
            let err = bad.parse::<Role>().unwrap_err().to_string();
            assert!(err.contains("program-office"), "{bad}: {err}");
        }
    }
}
