//! 개인정보 가림: how a filer's identity and contacts appear to anyone but the handling body and
//! the program office — enough to tell two filers apart, not enough to reach them.

/// "김민수" → "김*수", "이준" → "이*", "Kim Minsu" → "K*******u".
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// "055-123-4567" → "055-***-4567": the last four digits stay, as on a receipt.
pub fn mask_phone(phone: &str) -> String {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= 3 || seen > digits.saturating_sub(4) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// "minsu@site.kr" → "mi***@site.kr".
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let keep: String = local.chars().take(2).collect();
            let hidden = local.chars().count().saturating_sub(2).max(1);
            format!("{keep}{}@{domain}", "*".repeat(hidden))
        }
        None => "*".repeat(email.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_first_and_last_letters() {
        assert_eq!(mask_name("김민수"), "김*수");
        assert_eq!(mask_name("남궁민수"), "남**수");
        assert_eq!(mask_name("이준"), "이*");
        assert_eq!(mask_name("강"), "*");
    }

    #[test]
    fn phones_keep_the_exchange_prefix_and_last_four_digits() {
        assert_eq!(mask_phone("055-123-4567"), "055-***-4567");
        assert_eq!(mask_phone("01012345678"), "010****5678");
    }

    #[test]
    fn emails_keep_two_letters_and_the_domain() {
        assert_eq!(mask_email("minsu@site.kr"), "mi***@site.kr");
        assert_eq!(mask_email("k@site.kr"), "k*@site.kr");
    }
}
