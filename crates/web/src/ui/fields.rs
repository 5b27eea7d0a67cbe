//! A submitted form as its (name, value) pairs, for forms whose fields repeat (rows of goals,
//! sites, projects) or depend on the record (one date per milestone). Absent fields read as "".

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};

use crate::Lang;
use crate::failure::Failure;
use crate::ui::error::PageFailure;

pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The edit version the form was based on.
    pub fn expected_version(&self) -> Result<i64, Failure> {
        self.get("version").parse().map_err(|_| {
            Failure::BadInput(
                "양식의 판 번호가 없거나 잘못되었습니다. 페이지를 새로 고친 뒤 다시 입력해 주십시오.".into(),
            )
        })
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = PageFailure;

    async fn from_request(req: Request, state: &S) -> Result<Fields, PageFailure> {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|e| PageFailure(Failure::BadInput(format!("양식을 읽을 수 없습니다: {e}")), Lang::Ko))?;
        Ok(Fields(pairs))
    }
}

/// The serde name of a domain enum ("increase", "linked_area", …), used as form values.
pub fn key<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The enum a form value names, if any.
pub fn from_key<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

impl Fields {
    pub fn new() -> Fields {
        Fields(Vec::new())
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl ToString) {
        self.0.push((name.into(), value.to_string()));
    }

    /// Whether a checkbox or multi-select named `name` carries `value`.
    pub fn checked(&self, name: &str, value: &str) -> bool {
        self.all(name).any(|v| v == value)
    }
}

/// A file-carrying form: its text fields, and the files sent as `file_field` (each its name and
/// bytes) that were chosen.
pub async fn from_multipart(
    mut multipart: Multipart,
    file_field: &str,
) -> Result<(Fields, Vec<(String, Vec<u8>)>), Failure> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            // The message is the route's: the failure layer names its limit.
            Failure::TooLarge("보낸 내용이 너무 큽니다.".into())
        } else {
            Failure::BadInput("올린 양식을 끝까지 읽지 못했습니다. 파일을 다시 골라 보내 주십시오.".into())
        }
    };
    let mut fields = Fields::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(unreadable)?;
        if name == file_field {
            // A file input left empty still sends a part: an empty part is no file.
            if !bytes.is_empty() {
                files.push((file_name.unwrap_or_default(), bytes.to_vec()));
            }
        } else {
            fields.set(name, String::from_utf8_lossy(&bytes));
        }
    }
    Ok((fields, files))
}

/// A form that may carry files as `files`: multipart when the page sends it, plain form fields
/// from a client that attaches none.
pub struct WithFiles {
    pub fields: Fields,
    pub files: Vec<(String, Vec<u8>)>,
}

impl<S: Send + Sync> FromRequest<S> for WithFiles {
    type Rejection = PageFailure;

    async fn from_request(req: Request, state: &S) -> Result<WithFiles, PageFailure> {
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let fields = Fields::from_request(req, state).await?;
            return Ok(WithFiles {
                fields,
                files: Vec::new(),
            });
        }
        let parts = Multipart::from_request(req, state)
            .await
            .map_err(|e| PageFailure(Failure::BadInput(format!("양식을 읽을 수 없습니다: {e}")), Lang::Ko))?;
        let (fields, files) = from_multipart(parts, "files")
            .await
            .map_err(|e| PageFailure(e, Lang::Ko))?;
        Ok(WithFiles { fields, files })
    }
}
