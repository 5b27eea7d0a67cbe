//! 비밀번호 규칙, after the 행정안전부 소프트웨어 보안약점 진단가이드 / KISA 암호이용 안내:
//! at least 10 characters mixing two kinds of characters (영문 대문자, 소문자, 숫자, 특수문자),
//! or 8 mixing three; nothing guessable such as the sign-in name, a run like "1234" or "aaaa".

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error(
        "비밀번호는 영문 대문자·소문자·숫자·특수문자 중 2종류 이상을 섞으면 10자 이상, 3종류 이상을 섞으면 8자 이상이어야 합니다."
    )]
    TooWeak,
    #[error("비밀번호는 128자를 넘을 수 없습니다.")]
    TooLong,
    #[error("비밀번호에 아이디를 넣을 수 없습니다.")]
    ContainsLogin,
    #[error("비밀번호에 같은 문자 4개 이상 반복이나 1234·abcd 같은 연속 문자를 쓸 수 없습니다.")]
    Guessable,
}

const MAX: usize = 128;
const RUN: usize = 4;

pub fn check_password(password: &str, login: &str) -> Result<(), PasswordProblem> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() > MAX {
        return Err(PasswordProblem::TooLong);
    }
    let kinds = [
        chars.iter().any(|c| c.is_ascii_uppercase()),
        chars.iter().any(|c| c.is_ascii_lowercase()),
        chars.iter().any(|c| c.is_ascii_digit()),
        chars.iter().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|k| **k)
    .count();
    let long_enough = (kinds >= 3 && chars.len() >= 8) || (kinds >= 2 && chars.len() >= 10);
    if !long_enough {
        return Err(PasswordProblem::TooWeak);
    }
    let login = login.trim().to_lowercase();
    if login.chars().count() >= 3 && password.to_lowercase().contains(&login) {
        return Err(PasswordProblem::ContainsLogin);
    }
    let guessable = chars.windows(RUN).any(|w| {
        let steps: Vec<i64> = w.windows(2).map(|p| p[1] as i64 - p[0] as i64).collect();
        steps.iter().all(|s| *s == 0) || steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1)
    });
    if guessable {
        return Err(PasswordProblem::Guessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_characters_of_two_kinds_or_eight_of_three_are_enough() {
        assert_eq!(check_password("sandanplan27", "kim"), Ok(()));
        assert_eq!(check_password("Sandan#27", "kim"), Ok(()));
        assert_eq!(
            check_password("sandanplan", "kim"),
            Err(PasswordProblem::TooWeak),
            "one kind"
        );
        assert_eq!(
            check_password("sandan27", "kim"),
            Err(PasswordProblem::TooWeak),
            "two kinds, 8 long"
        );
        assert_eq!(
            check_password("Sandan7", "kim"),
            Err(PasswordProblem::TooWeak),
            "three kinds, 7 long"
        );
    }

    #[test]
    fn guessable_passwords_are_refused_with_the_reason() {
        assert_eq!(
            check_password("Lee.Officer2026", "officer"),
            Err(PasswordProblem::ContainsLogin)
        );
        assert_eq!(check_password("Plan#12345x", "kim"), Err(PasswordProblem::Guessable));
        assert_eq!(check_password("Plan#aaaa7x", "kim"), Err(PasswordProblem::Guessable));
        assert_eq!(check_password("Plan#dcba7x", "kim"), Err(PasswordProblem::Guessable));
        assert_eq!(check_password(&"Aa1!".repeat(33), "kim"), Err(PasswordProblem::TooLong));
        assert!(PasswordProblem::TooWeak.to_string().contains("10자 이상"));
    }
}
