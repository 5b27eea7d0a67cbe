//! 배포: how this instance is reached. Behind a TLS-terminating proxy every request comes from
//! the proxy's address, so the client's own address and scheme are read from the forwarding
//! headers — but only when the peer is one of the configured proxies; from anyone else those
//! headers are whatever the sender made up. The client address found here is the one sign-in
//! throttling, the audit trail and the request log use.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;

use crate::AppState;
use crate::auth::Cookies;
use crate::ui::links::moved_permanently;

/// This instance's public address and the proxies trusted to forward to it.
#[derive(Clone, Debug, Default)]
pub struct Deployment {
    /// `https://sandan.example.go.kr`: set to https, cookies are `Secure` with the `__Host-`
    /// prefix, responses carry HSTS and plain-HTTP requests forwarded by a proxy are redirected.
    pub public_url: Option<String>,
    /// The proxies whose forwarding headers are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Who may read `/metrics`; empty means this machine only (loopback).
    pub metrics_from: Vec<IpNet>,
    /// The mail relay; without one, messages wait in the outbox.
    pub mail: Option<crate::mail::Relay>,
    /// 애로사항 보존기간: years after the answer a filer's data is kept (`grievances.
    /// retention_years`); none for the default.
    pub retention_years: Option<u32>,
}

impl Deployment {
    /// Reads `--public-url` and `--trusted-proxies` (CIDRs separated by commas), saying in
    /// Korean what is wrong with either.
    pub fn parse(public_url: Option<&str>, trusted_proxies: &str) -> Result<Deployment, String> {
        Deployment::parse_with_metrics(public_url, trusted_proxies, "")
    }

    /// As [`Deployment::parse`], with the addresses that may read `/metrics`.
    pub fn parse_with_metrics(
        public_url: Option<&str>,
        trusted_proxies: &str,
        metrics_from: &str,
    ) -> Result<Deployment, String> {
        Ok(Deployment {
            public_url: public_url.map(Deployment::public_url).transpose()?.flatten(),
            trusted_proxies: networks(trusted_proxies.split(','), "신뢰할 프록시")?,
            metrics_from: networks(metrics_from.split(','), "운영 지표를 볼 주소")?,
            mail: None,
            retention_years: None,
        })
    }

    /// The public address without its trailing slash; None when blank.
    pub fn public_url(url: &str) -> Result<Option<String>, String> {
        match url.trim() {
            "" => Ok(None),
            url if url.starts_with("https://") || url.starts_with("http://") => {
                Ok(Some(url.trim_end_matches('/').to_string()))
            }
            url => Err(format!(
                "공개 주소 '{url}'는 https://로 시작해야 합니다 (예: https://sandan.example.go.kr)."
            )),
        }
    }

    /// Whether the public address is https: cookies are then Secure and HSTS is sent.
    pub fn https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    pub fn cookies(&self) -> Cookies {
        Cookies { secure: self.https() }
    }

    /// Whether `client` (as [`Deployment::client`] finds it) may read `/metrics`.
    pub fn may_scrape(&self, client: IpAddr) -> bool {
        if self.metrics_from.is_empty() {
            client.is_loopback()
        } else {
            self.metrics_from.iter().any(|net| net.contains(&client))
        }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&address))
    }

    /// The client: the peer itself, unless the peer is a trusted proxy — then the rightmost
    /// forwarded address that is not a trusted proxy (each proxy appends the address it saw,
    /// so only the hops from the right are vouched for).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for(headers).into_iter().rev() {
            let Some(hop) = hop else { break };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }

    /// Whether a trusted proxy says the client came over plain HTTP.
    pub fn forwarded_plain_http(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        self.trusts(peer) && forwarded_proto(headers).is_some_and(|p| p.eq_ignore_ascii_case("http"))
    }
}

/// CIDRs or single addresses (blank entries skipped); `what` names the setting in a refusal.
pub fn networks<'a>(list: impl IntoIterator<Item = &'a str>, what: &str) -> Result<Vec<IpNet>, String> {
    list.into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<IpNet>()
                .or_else(|_| p.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{what} '{p}'는 IP 주소나 CIDR(예: 10.0.0.0/8, 127.0.0.1)로 쓰십시오."))
        })
        .collect()
}

/// On an https deployment: a plain-HTTP request a proxy forwarded is sent to the public https
/// address, and every answer tells browsers to use https only (HSTS, a year).
pub async fn enforce_https(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let deployment = &state.deployment;
    if !deployment.https() {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    if peer.is_some_and(|peer| deployment.forwarded_plain_http(peer, request.headers())) {
        let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let public = deployment.public_url.as_deref().unwrap_or_default();
        return moved_permanently(&format!("{public}{path}")).into_response();
    }
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    response
}

/// The `Forwarded` header's elements (RFC 7239), in order: each hop's value of parameter
/// `name` (parameter names are case-insensitive), unquoted; None where a hop has none.
fn forwarded(headers: &HeaderMap, name: &str) -> Vec<Option<String>> {
    list(headers, "forwarded")
        .map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| value.trim().trim_matches('"').to_string())
            })
        })
        .collect()
}

/// The comma-separated entries of every `name` header line, in order.
fn list<'a>(headers: &'a HeaderMap, name: &str) -> impl Iterator<Item = &'a str> {
    values(headers, name).flat_map(|v| v.split(',')).map(str::trim)
}

/// The `for=` addresses of `Forwarded`, else the entries of `X-Forwarded-For`, in order; an
/// entry that is no address is None (the walk stops there).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let hops = forwarded(headers, "for");
    if !hops.is_empty() {
        return hops.iter().map(|hop| hop.as_deref().and_then(address)).collect();
    }
    list(headers, "x-forwarded-for").map(address).collect()
}

/// The scheme the last proxy saw: `Forwarded: proto=`, else `X-Forwarded-Proto` (rightmost).
fn forwarded_proto(headers: &HeaderMap) -> Option<String> {
    forwarded(headers, "proto")
        .into_iter()
        .flatten()
        .last()
        .or_else(|| list(headers, "x-forwarded-proto").last().map(str::to_string))
}

fn values<'a>(headers: &'a HeaderMap, name: &str) -> impl Iterator<Item = &'a str> {
    headers.get_all(name).into_iter().filter_map(|v| v.to_str().ok())
}

/// `203.0.113.5`, `"[2001:db8::1]:4711"`, `203.0.113.5:4711` as an address.
fn address(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(v6) = node.strip_prefix('[') {
        return v6.split(']').next()?.parse().ok();
    }
    node.parse()
        .ok()
        .or_else(|| node.rsplit_once(':').and_then(|(host, _)| host.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn behind(proxies: &str) -> Deployment {
        Deployment::parse(Some("https://sandan.example.go.kr/"), proxies).unwrap()
    }

    const PROXY: &str = "10.0.0.2";

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let peer: IpAddr = "198.51.100.7".parse().unwrap();
        let forged = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(behind("10.0.0.0/8").client(peer, &forged), peer);
        assert_eq!(Deployment::default().client(peer, &forged), peer);
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let peer: IpAddr = PROXY.parse().unwrap();
        let d = behind("10.0.0.0/8");
        // The client forged the first entry; the proxy appended what it saw.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.5")]);
        assert_eq!(d.client(peer, &h), "203.0.113.5".parse::<IpAddr>().unwrap());
        // Two trusted proxies in a row are both skipped.
        let h = headers(&[("x-forwarded-for", "203.0.113.5, 10.0.0.9")]);
        assert_eq!(d.client(peer, &h), "203.0.113.5".parse::<IpAddr>().unwrap());
        // Several header lines count as one list, in order.
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-forwarded-for", "203.0.113.6")]);
        assert_eq!(d.client(peer, &h), "203.0.113.6".parse::<IpAddr>().unwrap());
        // RFC 7239, with a port and IPv6.
        let h = headers(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8::1]:4711\";proto=https")]);
        assert_eq!(d.client(peer, &h), "2001:db8::1".parse::<IpAddr>().unwrap());
        // Parameter names are case-insensitive.
        let h = headers(&[("forwarded", "For=203.0.113.7;Proto=http")]);
        assert_eq!(d.client(peer, &h), "203.0.113.7".parse::<IpAddr>().unwrap());
        assert!(d.forwarded_plain_http(peer, &h));
        // Garbage stops the walk at the last address vouched for.
        let h = headers(&[("x-forwarded-for", "203.0.113.5, nonsense")]);
        assert_eq!(d.client(peer, &h), peer);
        // No header: the proxy itself.
        assert_eq!(d.client(peer, &HeaderMap::new()), peer);
    }

    #[test]
    fn the_scheme_is_the_trusted_proxys_word() {
        let d = behind(PROXY);
        let proxy: IpAddr = PROXY.parse().unwrap();
        let other: IpAddr = "198.51.100.7".parse().unwrap();
        assert!(d.forwarded_plain_http(proxy, &headers(&[("x-forwarded-proto", "http")])));
        assert!(!d.forwarded_plain_http(proxy, &headers(&[("x-forwarded-proto", "https")])));
        assert!(d.forwarded_plain_http(proxy, &headers(&[("forwarded", "for=1.2.3.4;proto=http")])));
        assert!(!d.forwarded_plain_http(other, &headers(&[("x-forwarded-proto", "http")])));
    }

    #[test]
    fn settings_are_read_or_refused_in_korean() {
        let d = Deployment::parse(Some("https://sandan.example.go.kr/"), "127.0.0.1, 10.0.0.0/8 ,::1").unwrap();
        assert!(d.https());
        assert_eq!(d.public_url.as_deref(), Some("https://sandan.example.go.kr"));
        assert_eq!(d.trusted_proxies.len(), 3);
        assert!(
            Deployment::parse(Some("sandan.example"), "")
                .unwrap_err()
                .contains("https://")
        );
        assert!(Deployment::parse(None, "10.0.0.0/33").unwrap_err().contains("CIDR"));
        assert!(!Deployment::parse(Some("http://localhost:8080"), "").unwrap().https());
    }
}
