//! 로그인: who is asking. Every request carries a `Viewer` — anonymous or a signed-in user with
//! her roles — and every handler asks the domain policy before it acts. The viewer is read
//! from the request in `ui::request`; here is what it is and what it may do.

pub mod scopes;

use axum::http::{HeaderMap, Method, header};
use sandan_domain::account::token::{Need, TokenScope};
use sandan_domain::{Action, Actor, Denied, Subject, authorize};
use sandan_store::Change;
use sandan_store::accounts::ActiveSession;

use crate::failure::Failure;

/// Who is asking, from where.
#[derive(Clone, Debug)]
pub struct Viewer {
    /// The user acting, through a browser session or an API token.
    actor: Option<Actor>,
    pub session: Option<ActiveSession>,
    /// The token's scope when the request came with `Authorization: Bearer`: no cookies, so no
    /// CSRF to check, but only the writes its scope names (see `scopes`).
    bearer: Option<TokenScope>,
    /// The session token as the browser sent it (to sign out or keep this session).
    pub token: Option<String>,
    pub source: String,
    pre_session_csrf: Option<String>,
}

impl Viewer {
    /// A client calling with a live API token: no cookies, so no CSRF to check.
    pub fn bearer(actor: Actor, scope: TokenScope, source: String) -> Viewer {
        Viewer {
            actor: Some(actor),
            session: None,
            bearer: Some(scope),
            token: None,
            source,
            pre_session_csrf: None,
        }
    }

    /// A browser: its session if the cookie names a live one, else the pre-session token.
    pub fn browser(
        session: Option<ActiveSession>,
        token: Option<String>,
        source: String,
        pre_session_csrf: Option<String>,
    ) -> Viewer {
        Viewer {
            actor: session.as_ref().map(|s| s.actor.clone()),
            session,
            bearer: None,
            token,
            source,
            pre_session_csrf,
        }
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    /// The one question every handler asks; refusals become 401 or 403 pages and API errors.
    pub fn may(&self, action: Action, subject: &Subject) -> Result<(), Failure> {
        authorize(self.actor(), action, subject).map_err(|denied| match denied {
            Denied::SignInRequired => Failure::SignInRequired(denied.to_string()),
            Denied::Forbidden => Failure::Forbidden(denied.to_string()),
        })
    }

    /// The token a form must echo back: the session's, or before sign-in the pre-session cookie's.
    pub fn csrf(&self) -> Option<&str> {
        self.session
            .as_ref()
            .map(|s| s.csrf.as_str())
            .or(self.pre_session_csrf.as_deref())
    }

    /// Refuses a bearer call its token's scope does not cover: a read-only token never
    /// writes, whatever its user may do. Browsers pass; CSRF and the policy guard them.
    pub fn check_scope(&self, method: &Method, route: &str) -> Result<(), Failure> {
        let Some(scope) = &self.bearer else {
            return Ok(());
        };
        match scopes::need(method, route) {
            Some(need) if scope.permits(need) => Ok(()),
            Some(Need::Write(area)) => Err(Failure::TokenScope(format!(
                "이 API 토큰의 범위({})로는 '{}'을(를) 바꿀 수 없습니다. 내 계정에서 그 쓰기 범위를 고른 토큰을 발급받으십시오.",
                scope.korean(),
                area.korean()
            ))),
            _ => Err(Failure::TokenScope(
                "API 토큰으로는 /api/v1 주소로만 쓸 수 있습니다. 화면의 양식은 로그인한 뒤에 쓰십시오.".into(),
            )),
        }
    }

    /// Refuses a form whose token does not match, in constant time.
    pub fn check_csrf(&self, sent: &str) -> Result<(), Failure> {
        if self.bearer.is_some() {
            return Ok(());
        }
        match self.csrf() {
            Some(expected) if constant_time_eq(expected.as_bytes(), sent.as_bytes()) => Ok(()),
            _ => Err(Failure::BadInput(
                "보안 확인 값이 맞지 않아 요청을 처리하지 않았습니다. 페이지를 새로 고친 뒤 다시 시도해 주십시오."
                    .into(),
            )),
        }
    }
}

impl Viewer {
    /// A browser session writing through the API sends its form token in `X-CSRF-Token`; a
    /// bearer token needs none (it is never sent by a browser on its own).
    pub fn check_api_csrf(&self, headers: &HeaderMap) -> Result<(), Failure> {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        self.check_csrf(sent)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then(|| token.to_string())
}

/// What the audit trail records for a change made through the web.
pub fn change<'a>(viewer: &'a Viewer, at: &'a str) -> Change<'a> {
    let actor = viewer.actor().map_or("anonymous", |a| a.login.as_str());
    Change {
        actor,
        at,
        source: &viewer.source,
    }
}

/// The browser's cookies: the session, and a double-submit token for the forms shown before
/// sign-in (the sign-in form itself). On an https deployment they are `Secure` and carry the
/// `__Host-` prefix, so that neither plain HTTP nor a sibling domain can set or read them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cookies {
    pub secure: bool,
}

impl Cookies {
    pub fn session_name(self) -> &'static str {
        if self.secure {
            "__Host-sandan_session"
        } else {
            "sandan_session"
        }
    }

    pub fn pre_session_name(self) -> &'static str {
        if self.secure {
            "__Host-sandan_csrf"
        } else {
            "sandan_csrf"
        }
    }

    fn attributes(self, same_site: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("Path=/; HttpOnly; SameSite={same_site}{secure}")
    }

    /// `Set-Cookie` for the session: not readable by scripts, not sent from other sites.
    pub fn session(self, token: &str) -> String {
        format!("{}={token}; {}", self.session_name(), self.attributes("Lax"))
    }

    pub fn cleared_session(self) -> String {
        format!("{}=; {}; Max-Age=0", self.session_name(), self.attributes("Lax"))
    }

    /// The token of a filer following her 애로사항 by receipt number, for the hour it lasts.
    pub fn follow_name(self) -> &'static str {
        if self.secure {
            "__Host-sandan_follow"
        } else {
            "sandan_follow"
        }
    }

    pub fn follow(self, token: &str) -> String {
        format!(
            "{}={token}; {}; Max-Age={}",
            self.follow_name(),
            self.attributes("Strict"),
            sandan_domain::grievance::FOLLOW_SECONDS
        )
    }

    pub fn pre_session(self, token: &str) -> String {
        format!("{}={token}; {}", self.pre_session_name(), self.attributes("Strict"))
    }
}
