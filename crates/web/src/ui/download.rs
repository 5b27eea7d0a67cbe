//! A stored file handed back as a download: always an attachment, never shown inline, with
//! its Korean name kept for the browser (RFC 6266 / 5987) and an ASCII stand-in for old ones.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::ui::links::percent_encode;

pub fn attachment(name: &str, media_type: &str, content: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(name, b".")
    );
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        Body::from(content),
    )
        .into_response()
}

/// "34KB", "1.2MB": how big a file is, as people read it.
pub fn size(bytes: &i64) -> String {
    match *bytes {
        b if b < 1024 * 1024 => format!("{}KB", (b + 1023) / 1024),
        b => format!("{:.1}MB", b as f64 / 1024.0 / 1024.0),
    }
}
