//! 이메일 주소, checked as far as an address can be without mailing it: the link sent to it
//! proves the rest.

use std::fmt;

use serde::Serialize;

/// An address in the shape mail relays accept: `local@domain`, no spaces, a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailProblem {
    #[error("이메일 주소를 입력해 주십시오.")]
    Empty,
    #[error("'{0}'은(는) 이메일 주소 형식이 아닙니다 (예: hong@korea.kr).")]
    Shape(String),
    #[error("이메일 주소가 너무 깁니다 (254자 이내).")]
    TooLong,
}

impl Email {
    pub fn parse(text: &str) -> Result<Email, EmailProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EmailProblem::Empty);
        }
        if text.len() > 254 {
            return Err(EmailProblem::TooLong);
        }
        let bad = || EmailProblem::Shape(text.chars().take(60).collect());
        let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
        let atom = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c);
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.chars().all(atom)
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
