//! API 토큰의 범위와 유효기간: what a program calling the API on a user's behalf may do, and
//! until when. A token never does more than its user may (the policy still decides); its scope
//! only takes away. Read-only is the narrowest scope; writing is granted per area.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// 쓰기 영역: the parts of the program an API client may change, each a separate grant so a
/// province's plan-writing script cannot also answer 애로사항, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// 혁신계획안: a province's draft (save, merge-patch) and its submission.
    Proposals,
    /// 평가표: an evaluator's score sheet, saving and submitting it; the office's running of the
    /// panel (framework, appointments, starting and closing the scoring).
    Evaluation,
    /// 애로사항: filing a report and the handling steps of the body it is routed to.
    Grievances,
    /// 예산·집행: the ministries' programs, package projects, their yearly budget and quarterly
    /// execution (one at a time or in bulk).
    Package,
    /// 성과·측정: goal settings, quarterly measurements and evidence, the supported-firm register.
    Results,
    /// 산업단지·기록: the public record itself (complexes, rounds and their calls, designations);
    /// the office's.
    Record,
    /// 계정·토큰: revoking API tokens (one's own; the office: anyone's).
    Accounts,
}

impl Area {
    pub const ALL: [Area; 7] = [
        Area::Proposals,
        Area::Evaluation,
        Area::Grievances,
        Area::Package,
        Area::Results,
        Area::Record,
        Area::Accounts,
    ];

    /// The key in stored scopes, forms and the API document.
    pub fn key(self) -> &'static str {
        match self {
            Area::Proposals => "proposals",
            Area::Evaluation => "evaluation",
            Area::Grievances => "grievances",
            Area::Package => "package",
            Area::Results => "results",
            Area::Record => "record",
            Area::Accounts => "accounts",
        }
    }

    pub fn korean(self) -> &'static str {
        match self {
            Area::Proposals => "혁신계획안",
            Area::Evaluation => "평가표",
            Area::Grievances => "애로사항",
            Area::Package => "예산·집행",
            Area::Results => "성과·측정",
            Area::Record => "산업단지·기록",
            Area::Accounts => "계정·토큰",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Area::Proposals => "proposals",
            Area::Evaluation => "score sheets",
            Area::Grievances => "grievances",
            Area::Package => "budget and execution",
            Area::Results => "results and measurements",
            Area::Record => "complexes and the record",
            Area::Accounts => "accounts and tokens",
        }
    }

    pub fn of_key(key: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// What one request asks of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read,
    Write(Area),
}

/// 토큰 범위: read-only (no area), or write for the named areas. Reading is always allowed:
/// what a user may read the policy decides, and a token adds nothing to it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenScope {
    writes: BTreeSet<Area>,
}

impl TokenScope {
    pub fn read_only() -> TokenScope {
        TokenScope::default()
    }

    pub fn writing(areas: impl IntoIterator<Item = Area>) -> TokenScope {
        TokenScope {
            writes: areas.into_iter().collect(),
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.writes.is_empty()
    }

    pub fn areas(&self) -> impl Iterator<Item = Area> + '_ {
        self.writes.iter().copied()
    }

    pub fn permits(&self, need: Need) -> bool {
        match need {
            Need::Read => true,
            Need::Write(area) => self.writes.contains(&area),
        }
    }

    /// "읽기 전용" or "읽기, 쓰기: 혁신계획안·애로사항".
    pub fn korean(&self) -> String {
        if self.is_read_only() {
            return "읽기 전용".into();
        }
        let areas: Vec<&str> = self.areas().map(Area::korean).collect();
        format!("읽기, 쓰기: {}", areas.join("·"))
    }

    pub fn english(&self) -> String {
        if self.is_read_only() {
            return "read only".into();
        }
        let areas: Vec<&str> = self.areas().map(Area::english).collect();
        format!("read; write: {}", areas.join(", "))
    }
}

/// As stored: "read", or "write:proposals,grievances".
impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_read_only() {
            return f.write_str("read");
        }
        let keys: Vec<&str> = self.areas().map(Area::key).collect();
        write!(f, "write:{}", keys.join(","))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "토큰 범위 '{0}'을(를) 알 수 없습니다. 쓰기 영역은 proposals, evaluation, grievances, package, results, record, accounts 중에서 고르십시오."
)]
pub struct UnknownScope(pub String);

impl FromStr for TokenScope {
    type Err = UnknownScope;

    fn from_str(text: &str) -> Result<TokenScope, UnknownScope> {
        if text == "read" {
            return Ok(TokenScope::read_only());
        }
        let unknown = || UnknownScope(text.to_string());
        let keys = text.strip_prefix("write:").ok_or_else(unknown)?;
        let areas = keys
            .split(',')
            .map(|k| Area::of_key(k.trim()).ok_or_else(unknown))
            .collect::<Result<BTreeSet<_>, _>>()?;
        Ok(TokenScope { writes: areas })
    }
}

const DAY_SECONDS: i64 = 86_400;

/// 유효기간: chosen when the token is made, from a short list. At most a year: a 공모 회차
/// runs from the call to its results within one, and officials rotate posts about as often,
/// so no token should outlive the work and the person it was made for; a longer-lived client
/// is issued a new token, which is the moment someone looks at what it still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    days: i64,
}

impl Lifetime {
    /// The lengths the account page offers; 90 days is preselected.
    pub const CHOICES: [i64; 3] = [30, 90, 365];
    pub const DEFAULT_DAYS: i64 = 90;

    pub fn days(days: i64) -> Result<Lifetime, BadLifetime> {
        if Lifetime::CHOICES.contains(&days) {
            Ok(Lifetime { days })
        } else {
            Err(BadLifetime(days))
        }
    }

    /// When a token made at `issued` (Unix seconds) stops working.
    pub fn expires_at(self, issued: i64) -> i64 {
        issued + self.days * DAY_SECONDS
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("유효기간 {0}일은 고를 수 없습니다. 30일, 90일, 365일 중에서 고르십시오 (최대 1년).")]
pub struct BadLifetime(pub i64);

/// Whether a token that expires at `expires_at` is refused at `now` (both Unix seconds).
pub fn is_expired(expires_at: i64, now: i64) -> bool {
    now >= expires_at
}

/// How stale a token's "last used" may be before a call writes it again: the office wants to
/// see which tokens are alive, not a write per API call.
pub const LAST_USE_PRECISION_SECONDS: i64 = 3_600;

/// Whether a call at `now` should record itself as the token's last use.
pub fn last_use_due(last_used: Option<i64>, now: i64) -> bool {
    last_used.is_none_or(|at| now - at >= LAST_USE_PRECISION_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_token_reads_but_never_writes() {
        let scope = TokenScope::read_only();
        assert!(scope.permits(Need::Read));
        assert!(Area::ALL.into_iter().all(|a| !scope.permits(Need::Write(a))));
    }

    #[test]
    fn a_token_writes_only_in_its_areas() {
        let scope = TokenScope::writing([Area::Grievances]);
        assert!(scope.permits(Need::Write(Area::Grievances)));
        assert!(!scope.permits(Need::Write(Area::Proposals)));
        assert!(scope.permits(Need::Read));
    }

    #[test]
    fn scopes_are_stored_as_text_and_read_back() {
        for scope in [
            TokenScope::read_only(),
            TokenScope::writing([Area::Proposals]),
            TokenScope::writing(Area::ALL),
        ] {
            assert_eq!(scope.to_string().parse::<TokenScope>(), Ok(scope.clone()));
        }
        assert_eq!(
            TokenScope::writing([Area::Results, Area::Proposals]).to_string(),
            "write:proposals,results"
        );
    }

    #[test]
    fn an_unknown_area_or_form_is_refused_in_korean() {
        for text in ["write:budget", "all", "write:", ""] {
            let error = text.parse::<TokenScope>().unwrap_err();
            assert!(error.to_string().contains("쓰기 영역"), "{text}");
        }
    }

    #[test]
    fn scopes_read_in_korean() {
        assert_eq!(TokenScope::read_only().korean(), "읽기 전용");
        assert_eq!(
            TokenScope::writing([Area::Grievances, Area::Proposals]).korean(),
            "읽기, 쓰기: 혁신계획안·애로사항"
        );
    }

    #[test]
    fn a_lifetime_is_one_of_the_offered_lengths_and_at_most_a_year() {
        assert_eq!(Lifetime::days(30).unwrap().expires_at(1_000), 1_000 + 30 * 86_400);
        assert!(Lifetime::days(365).is_ok());
        assert!(Lifetime::days(Lifetime::DEFAULT_DAYS).is_ok());
        for days in [0, -1, 7, 366, 3650] {
            assert_eq!(Lifetime::days(days), Err(BadLifetime(days)));
        }
        assert!(BadLifetime(400).to_string().contains("최대 1년"));
    }

    #[test]
    fn a_token_is_refused_from_its_expiry_on() {
        assert!(!is_expired(100, 99));
        assert!(is_expired(100, 100));
        assert!(is_expired(100, 5_000));
    }

    #[test]
    fn last_use_is_written_at_most_once_an_hour() {
        assert!(last_use_due(None, 10));
        assert!(!last_use_due(Some(10), 10 + 3_599));
        assert!(last_use_due(Some(10), 10 + 3_600));
    }
}
