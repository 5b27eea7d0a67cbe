//! 역할: the part a complex plays in a plan — hub (거점단지) or linked site (연계단지·연계지역).

use serde::Serialize;

use crate::complex::ComplexId;
use crate::plan::{LinkRole, Plan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SiteRole {
    /// 거점단지
    Hub,
    /// 연계단지
    LinkedComplex,
    /// 연계지역
    LinkedArea,
}

impl SiteRole {
    pub fn korean(self) -> &'static str {
        match self {
            SiteRole::Hub => "거점단지",
            SiteRole::LinkedComplex => "연계단지",
            SiteRole::LinkedArea => "연계지역",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            SiteRole::Hub => "Hub complex",
            SiteRole::LinkedComplex => "Linked complex",
            SiteRole::LinkedArea => "Linked area",
        }
    }
}

impl From<LinkRole> for SiteRole {
    fn from(role: LinkRole) -> SiteRole {
        match role {
            LinkRole::LinkedComplex => SiteRole::LinkedComplex,
            LinkRole::LinkedArea => SiteRole::LinkedArea,
        }
    }
}

/// A complex's part in one plan, with what the plan says it contributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRole {
    pub round: i32,
    pub region: crate::Region,
    pub role: SiteRole,
    /// The name the plan uses for it.
    pub written_as: String,
    /// The hub's weight ("(기여도) 생산액 …") or the linked site's 연계기능.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contribution: Option<String>,
}

impl Plan {
    /// The part `complex` plays in this plan, if any.
    pub fn role_of(&self, complex: &ComplexId) -> Option<PlanRole> {
        let role = |role, written_as: &str, contribution| PlanRole {
            round: self.round,
            region: self.region,
            role,
            written_as: written_as.to_string(),
            contribution,
        };
        if &self.hub.complex == complex {
            return Some(role(SiteRole::Hub, &self.hub.written_as, self.hub.weight_written()));
        }
        self.linked
            .iter()
            .find(|l| &l.complex == complex)
            .map(|l| role(l.role.into(), &l.written_as, l.function.clone()))
    }
}
