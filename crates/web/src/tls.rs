//! Built-in TLS, for a small site with no proxy in front. The certificate and key are PEM files
//! (as Let's Encrypt or a ministry's CA issue them), read again on SIGHUP so a renewed
//! certificate is served without a restart; a renewal that does not load leaves the old one in
//! place and says why in the log.
//!
//! Handshakes run in tasks of their own: done inside `accept`, one client that opens a
//! connection and says nothing would hold up every other.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::server::TlsStream;

/// A client that has not finished its handshake by then is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads the certificate chain and private key, saying in Korean what is wrong with either.
pub fn load(certificate: &Path, private_key: &Path) -> Result<Arc<ServerConfig>, String> {
    let chain = CertificateDer::pem_file_iter(certificate)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            format!(
                "인증서 {}을(를) 읽을 수 없습니다: {}",
                certificate.display(),
                pem_cause(&e)
            )
        })?;
    if chain.is_empty() {
        return Err(format!(
            "인증서 {}에 인증서(BEGIN CERTIFICATE)가 없습니다.",
            certificate.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_file(private_key).map_err(|e| {
        format!(
            "개인 키 {}을(를) 읽을 수 없습니다: {}",
            private_key.display(),
            pem_cause(&e)
        )
    })?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_no_client_auth().with_single_cert(chain, key))
        .map_err(|e| {
            format!("인증서와 개인 키를 함께 쓸 수 없습니다 (짝이 맞지 않거나 지원하지 않는 키입니다): {e}")
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn pem_cause(e: &tokio_rustls::rustls::pki_types::pem::Error) -> String {
    use tokio_rustls::rustls::pki_types::pem::Error;
    match e {
        Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => "파일이 없습니다.".into(),
        Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "읽을 권한이 없습니다. sandan을 실행하는 사용자가 읽을 수 있게 하십시오.".into()
        }
        Error::NoItemsFound => "PEM 형식의 항목(-----BEGIN …-----)이 없습니다.".into(),
        other => format!("PEM 형식이 아닙니다 ({other:?})."),
    }
}

/// The certificate files and the configuration loaded from them, shared with the reloader.
#[derive(Clone)]
pub struct Certificates {
    certificate: PathBuf,
    private_key: PathBuf,
    current: Arc<RwLock<Arc<ServerConfig>>>,
}

impl Certificates {
    pub fn load(certificate: &Path, private_key: &Path) -> Result<Certificates, String> {
        Ok(Certificates {
            certificate: certificate.to_path_buf(),
            private_key: private_key.to_path_buf(),
            current: Arc::new(RwLock::new(load(certificate, private_key)?)),
        })
    }

    /// Reads the files again; on failure the certificate in use stays.
    pub fn reload(&self) -> Result<(), String> {
        let fresh = load(&self.certificate, &self.private_key)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(())
    }

    fn acceptor(&self) -> TlsAcceptor {
        TlsAcceptor::from(self.current.read().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

/// Connections that have finished their TLS handshake, for `axum::serve`.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    pub fn new(listener: TcpListener, certificates: Certificates) -> std::io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let (sender, ready) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let (tcp, peer) = match listener.accept().await {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                if sender.is_closed() {
                    return;
                }
                let _ = tcp.set_nodelay(true);
                let acceptor = certificates.acceptor();
                let ready = sender.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                        Ok(Ok(stream)) => {
                            let _ = ready.send((stream, peer)).await;
                        }
                        Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            // The accept loop only ends once this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
