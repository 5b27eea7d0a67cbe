//! 개인정보 가림과 파기: how a filer's identity and contacts appear to anyone but the handling
//! body and the program office — enough to tell two filers apart, not enough to reach them —
//! and when they are destroyed.

use crate::date::Day;

/// 보존기간: years after the answer that a filer's identity and contacts are kept, unless the
/// operator sets another period (1 to [`MAX_RETENTION_YEARS`]). The report, its answer and its
/// figures stay; only who filed it goes.
pub const DEFAULT_RETENTION_YEARS: u32 = 3;
pub const MAX_RETENTION_YEARS: u32 = 10;

/// The day before which answers are old enough for their filers' data to go, on `today`.
/// 29 February counts back to the 28th in a common year.
pub fn retention_cutoff(today: &Day, years: u32) -> Day {
    let year = today.year - years as i32;
    let month = today.month.unwrap_or(1);
    let day = today.day.unwrap_or(1);
    let candidate = Day::ymd(year, month, day);
    if candidate.is_full() {
        candidate
    } else {
        Day::ymd(year, month, day - 1)
    }
}

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
    fn the_cutoff_is_the_same_day_years_back_and_a_leap_day_falls_to_the_28th() {
        assert_eq!(retention_cutoff(&Day::ymd(2026, 12, 4), 3), Day::ymd(2023, 12, 4));
        assert_eq!(retention_cutoff(&Day::ymd(2028, 2, 29), 3), Day::ymd(2025, 2, 28));
        assert_eq!(retention_cutoff(&Day::ymd(2028, 2, 29), 4), Day::ymd(2024, 2, 29));
    }

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
