//! 발송: the worker that takes messages from the outbox and hands them to the mail relay.
//! Every instance runs one; the store's claim keeps two from sending the same message (see
//! `sandan_store::mail`).

use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sandan_domain::mail::retry_after;
use sandan_store::mail::Outgoing;

use crate::AppState;
use crate::clock::{now_seconds, timestamp};

/// The mail relay (SMTP) and how to use it.
#[derive(Clone)]
pub struct Relay {
    /// `smtp://host:port` (plain, for a relay on this machine or network), `smtp://…?tls=required`
    /// (STARTTLS) or `smtps://user:password@host:465`.
    pub url: String,
    /// The From line, e.g. `산업단지 대개조 <noreply@sandan.example.go.kr>`.
    pub from: String,
    /// Seconds before the first retry; each later one waits twice as long, at most an hour.
    pub retry_seconds: u64,
    /// Seconds a conversation with the relay may take. A claim lasts twice that, so a message
    /// is never handed to a second worker while the first may still be sending it.
    pub timeout_seconds: u64,
}

impl fmt::Debug for Relay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Relay")
            .field("url", &sandan_store::redact(&self.url))
            .field("from", &self.from)
            .finish()
    }
}

impl Relay {
    /// Whether the address and the From line can be used, in Korean.
    pub fn check(&self) -> Result<(), String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.url).map_err(|e| {
            format!(
                "메일 서버 주소 '{}'를 쓸 수 없습니다 ({e}). smtp://호스트:포트, smtp://호스트:587?tls=required 또는 smtps://사용자:비밀번호@호스트:465 형식으로 쓰십시오.",
                sandan_store::redact(&self.url)
            )
        })?;
        self.from.parse::<Mailbox>().map_err(|_| {
            format!(
                "보내는 사람 '{}'를 쓸 수 없습니다. 산업단지 대개조 <noreply@example.go.kr>처럼 쓰십시오.",
                self.from
            )
        })?;
        Ok(())
    }

    fn lease(&self) -> i64 {
        2 * self.timeout_seconds as i64 + 5
    }
}

/// Starts the delivery worker and the reminder scheduler; `site` is the public address links
/// are made under.
pub fn spawn(state: AppState, relay: Relay, site: String) {
    let worker = format!("{}-{}", std::process::id(), &sandan_store::secrets::new_token()[..8]);
    tokio::spawn(super::reminders::schedule(state.clone()));
    tokio::spawn(deliver(state, relay, site, worker));
}

async fn deliver(state: AppState, relay: Relay, site: String, worker: String) {
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&relay.url) {
        Ok(t) => t.timeout(Some(Duration::from_secs(relay.timeout_seconds))).build(),
        Err(e) => {
            tracing::error!(error = %e, "메일 서버 주소를 쓸 수 없어 메일을 보내지 않습니다");
            return;
        }
    };
    let host = site
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split([':', '/'])
        .next()
        .unwrap_or("localhost")
        .to_string();
    // One message at a time: what is `sending` is what is in flight, so a crash strands one
    // message for a lease, not a batch. Instances send side by side.
    loop {
        let claimed = state
            .store
            .claim_mail(&worker, now_seconds(), relay.lease(), 1)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "발송함을 읽지 못했습니다");
                Vec::new()
            });
        let idle = claimed.is_empty();
        for message in claimed {
            let outcome = send(&transport, &relay, &site, &host, &message).await;
            let recorded = match outcome {
                Ok(()) => state
                    .store
                    .mail_sent(message.id, &worker, &timestamp())
                    .await
                    .map(|_| ()),
                Err((error, permanent)) => {
                    tracing::warn!(id = message.id, attempts = message.attempts, %error, "메일을 보내지 못했습니다");
                    let retry =
                        (!permanent).then(|| now_seconds() + retry_after(relay.retry_seconds, message.attempts) as i64);
                    state.store.mail_failed(message.id, &worker, &error, retry).await
                }
            };
            if let Err(e) = recorded {
                tracing::warn!(id = message.id, error = %e, "발송 결과를 기록하지 못했습니다");
            }
        }
        if idle {
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}

/// Hands one message to the relay: Ok once it accepted it, else its answer and whether it
/// refused for good (a 5xx reply, an address no relay accepts).
async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    relay: &Relay,
    site: &str,
    host: &str,
    message: &Outgoing,
) -> Result<(), (String, bool)> {
    let permanent = |e: String| (e, true);
    let from: Mailbox = relay
        .from
        .parse()
        .map_err(|_| permanent(format!("보내는 사람 '{}'", relay.from)))?;
    let to: Mailbox = message
        .address
        .parse()
        .map_err(|_| permanent(format!("받는 주소 '{}'를 쓸 수 없습니다", message.address)))?;
    let email = Message::builder()
        .from(from)
        .to(to)
        .subject(&message.subject)
        .message_id(Some(format!("<{}@{host}>", message.message_id)))
        .header(ContentType::TEXT_PLAIN)
        .body(format!("{}\n\n바로 가기: {site}{}\n", message.body, message.link))
        .map_err(|e| permanent(e.to_string()))?;
    transport
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| (e.to_string(), e.is_permanent()))
}
