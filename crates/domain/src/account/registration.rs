//! 입주기업 회원가입: a firm's staff member opens her own account to file and follow 애로사항,
//! proving her e-mail address by a link and naming her firm by a 사업자등록번호 whose check
//! digit holds. Such an account holds no role: it sees only what she filed.

use crate::mail::{Email, EmailProblem};
use crate::password::{PasswordProblem, check_password};
use crate::results::{BadBusinessNumber, BusinessNumber};

use super::is_valid_login;

/// Sign-ups accepted from one address in an hour. Each mails a link, so a script must not be
/// able to make Sandan mail strangers; an office signing up its few staff stays under it.
pub const REGISTRATIONS_PER_HOUR: i64 = 5;
const MAX_NAME: usize = 50;

/// What the sign-up form asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirmRegistration {
    pub login: String,
    /// 성명 (담당자)
    pub name: String,
    /// 기업명
    pub firm: String,
    pub business_number: String,
    pub email: String,
    pub password: String,
    pub password_again: String,
}

/// A sign-up that may be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub login: String,
    pub name: String,
    pub firm: String,
    pub business_number: BusinessNumber,
    pub email: Email,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationProblem {
    #[error("아이디는 영문 소문자로 시작하고 영문 소문자·숫자·'.'·'-'·'_'로 3~32자여야 합니다.")]
    Login,
    #[error("{0}을(를) 입력해 주십시오 ({MAX_NAME}자 이내).")]
    Text(&'static str),
    #[error(transparent)]
    BusinessNumber(#[from] BadBusinessNumber),
    #[error(transparent)]
    Email(#[from] EmailProblem),
    #[error("{0}")]
    Password(#[from] PasswordProblem),
    #[error("두 번 입력한 비밀번호가 서로 다릅니다.")]
    PasswordsDiffer,
    #[error(
        "이 주소에서 한 시간에 신청할 수 있는 회원가입({REGISTRATIONS_PER_HOUR}건)을 넘었습니다. 한 시간 뒤에 다시 신청하십시오."
    )]
    TooMany,
}

fn text(value: &str, what: &'static str) -> Result<String, RegistrationProblem> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_NAME {
        return Err(RegistrationProblem::Text(what));
    }
    Ok(value.to_string())
}

impl FirmRegistration {
    /// Every problem of the form, in its order, so she fixes them in one go.
    pub fn checked(&self) -> Result<Registration, Vec<RegistrationProblem>> {
        let login = self.login.trim().to_string();
        let mut problems = Vec::new();
        if !is_valid_login(&login) {
            problems.push(RegistrationProblem::Login);
        }
        let name = text(&self.name, "성명").map_err(|e| problems.push(e)).ok();
        let firm = text(&self.firm, "기업명").map_err(|e| problems.push(e)).ok();
        let business_number = self
            .business_number
            .parse::<BusinessNumber>()
            .map_err(|e| problems.push(e.into()))
            .ok();
        let email = Email::parse(&self.email).map_err(|e| problems.push(e.into())).ok();
        if let Err(e) = check_password(&self.password, &login) {
            problems.push(e.into());
        } else if self.password != self.password_again {
            problems.push(RegistrationProblem::PasswordsDiffer);
        }
        match (name, firm, business_number, email) {
            (Some(name), Some(firm), Some(business_number), Some(email)) if problems.is_empty() => Ok(Registration {
                login,
                name,
                firm,
                business_number,
                email,
                password: self.password.clone(),
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FirmRegistration {
        FirmRegistration {
            login: " kim.firm ".into(),
            name: " 김민수 ".into(),
            firm: "(주)창원정밀".into(),
            business_number: "123-45-67891".into(),
            email: "kim@changwon-precision.co.kr".into(),
            password: "Sandan-firm-2026".into(),
            password_again: "Sandan-firm-2026".into(),
        }
    }

    #[test]
    fn a_complete_sign_up_is_kept_trimmed() {
        let r = form().checked().unwrap();
        assert_eq!((r.login.as_str(), r.name.as_str()), ("kim.firm", "김민수"));
        assert_eq!(r.business_number.to_string(), "123-45-67891");
        assert_eq!(r.email.as_str(), "kim@changwon-precision.co.kr");
    }

    #[test]
    fn every_problem_is_told_at_once() {
        let f = FirmRegistration {
            login: "1abc".into(),
            firm: " ".into(),
            business_number: "123-45-67890".into(),
            email: "not-an-address".into(),
            ..form()
        };
        let problems = f.checked().unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(problems[0], RegistrationProblem::Login);
        assert_eq!(problems[1], RegistrationProblem::Text("기업명"));
        assert!(matches!(
            problems[2],
            RegistrationProblem::BusinessNumber(BadBusinessNumber::CheckDigit(_))
        ));
        assert!(matches!(problems[3], RegistrationProblem::Email(_)));
        assert!(problems[2].to_string().contains("검증번호"));
    }

    #[test]
    fn the_password_follows_the_sign_in_rule_and_is_typed_twice_alike() {
        let weak = FirmRegistration {
            password: "short".into(),
            password_again: "short".into(),
            ..form()
        };
        assert!(matches!(
            weak.checked().unwrap_err()[..],
            [RegistrationProblem::Password(_)]
        ));
        let differ = FirmRegistration {
            password_again: "Sandan-firm-2027".into(),
            ..form()
        };
        assert_eq!(
            differ.checked().unwrap_err(),
            vec![RegistrationProblem::PasswordsDiffer]
        );
    }
}
