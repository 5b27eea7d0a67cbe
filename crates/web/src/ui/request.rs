//! What a request tells every page before its handler runs: the language it asks for and who
//! is asking.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath};
use axum::http::request::Parts;

use crate::AppState;
use crate::auth::{Viewer, bearer_token, cookie};
use crate::clock::now_seconds;
use crate::failure::Failure;
use crate::ui::error::{ApiFailure, PageFailure};
use crate::ui::lang::Lang;
use crate::ui::time::expiry;
use sandan_store::TokenLookup;

/// The page language from `?lang=en`; never fails, Korean by default.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Self::Rejection> {
        Ok(Lang::of_query(parts.uri.query()))
    }
}

/// A request refused before its handler ran: as JSON on the API, as a page elsewhere.
pub struct Refused {
    failure: Failure,
    api: bool,
}

impl axum::response::IntoResponse for Refused {
    fn into_response(self) -> axum::response::Response {
        if self.api {
            ApiFailure(self.failure).into_response()
        } else {
            PageFailure(self.failure, Lang::Ko).into_response()
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, Refused> {
        // A session's idle timer restarts on what the user does, not on the warning script's polls.
        let extend = parts.uri.path() != "/session/status";
        let route = parts.extensions.get::<MatchedPath>().map_or("", MatchedPath::as_str);
        viewer_of(parts, state, extend)
            .await
            .and_then(|viewer| viewer.check_scope(&parts.method, route).map(|()| viewer))
            .map_err(|failure| Refused {
                failure,
                api: parts.uri.path().starts_with("/api/"),
            })
    }
}

/// Who sent the request: an API token's user, a browser's signed-in user, or nobody.
/// `extend` restarts the session's idle timer.
pub async fn viewer_of(parts: &Parts, state: &AppState, extend: bool) -> Result<Viewer, Failure> {
    let source = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| state.deployment.client(addr.ip(), &parts.headers).to_string())
        .unwrap_or_else(|| "unknown".into());
    let cookies = state.deployment.cookies();
    let internal = |e: sandan_store::accounts::AccountError| Failure::Internal(e.to_string());
    if let Some(bearer) = bearer_token(&parts.headers) {
        return match state.store.api_actor(&bearer, now_seconds()).await.map_err(internal)? {
            TokenLookup::Live { actor, scope } => Ok(Viewer::bearer(actor, scope, source)),
            TokenLookup::Expired { expires_at } => Err(Failure::TokenExpired(format!(
                "API 토큰의 유효기간이 {}에 끝났습니다. 내 계정에서 새 토큰을 발급받으십시오.",
                expiry(expires_at)
            ))),
            TokenLookup::Unknown => Err(Failure::SignInRequired("API 토큰이 없거나 회수되었습니다.".into())),
        };
    }
    let token = cookie(&parts.headers, cookies.session_name());
    let session = match &token {
        Some(t) => state.store.session(t, now_seconds(), extend).await.map_err(internal)?,
        None => None,
    };
    Ok(Viewer::browser(
        session,
        token,
        source,
        cookie(&parts.headers, cookies.pre_session_name()),
    ))
}
