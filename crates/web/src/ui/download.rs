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

/// "34KB", "1.2MB", for templates (which hand over references).
pub fn size(bytes: &i64) -> String {
    sandan_domain::documents::file_size(*bytes)
}
