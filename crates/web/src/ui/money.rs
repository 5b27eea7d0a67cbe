//! Amounts as officials type them into budget and execution forms: "20억", "20억 원",
//! "1,500,000,000", "1500000000원". Always whole 원.

use sandan_domain::Quantity;
use sandan_domain::quantity::Unit;

use crate::failure::Failure;

/// The 원 a form field states; blank is an error naming the field.
pub fn read_won(text: &str, field: &str) -> Result<i64, Failure> {
    let text = text.trim();
    let bad = || {
        Failure::BadInput(format!(
            "{field}에는 금액을 1,500,000,000 또는 15억처럼 쓰십시오 (입력: '{text}')."
        ))
    };
    if text.is_empty() {
        return Err(bad());
    }
    let written = if text.ends_with('원') {
        text.to_string()
    } else {
        format!("{text}원")
    };
    let q: Quantity = written.parse().map_err(|_| bad())?;
    if q.unit != Unit::Won {
        return Err(bad());
    }
    Ok(q.value)
}

/// Like [`read_won`], but a blank field is nothing.
pub fn read_won_or_zero(text: &str, field: &str) -> Result<i64, Failure> {
    if text.trim().is_empty() {
        Ok(0)
    } else {
        read_won(text, field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_officials_type_them() {
        assert_eq!(read_won("20억", "계획").unwrap(), 2_000_000_000);
        assert_eq!(read_won("20억 원", "계획").unwrap(), 2_000_000_000);
        assert_eq!(read_won("1,500,000,000", "계획").unwrap(), 1_500_000_000);
        assert_eq!(read_won("3.5억원", "계획").unwrap(), 350_000_000);
        assert_eq!(read_won_or_zero(" ", "계획").unwrap(), 0);
        for bad in ["", "스무억", "20명", "1.234567891억"] {
            let Err(Failure::BadInput(m)) = read_won(bad, "2022년 국비") else {
                panic!("{bad} should be refused");
            };
            assert!(m.contains("2022년 국비에는 금액을"), "{m}");
        }
    }
}
