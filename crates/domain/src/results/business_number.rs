//! 사업자등록번호: ten digits written 3-2-5, the last a check digit over the first nine.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A business registration number whose check digit is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BusinessNumber([u8; 10]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadBusinessNumber {
    #[error("사업자등록번호 '{0}'은(는) 숫자 10자리가 아닙니다 (예: 123-45-67891).")]
    Shape(String),
    #[error("사업자등록번호 '{0}'의 검증번호(마지막 자리)가 맞지 않습니다. 번호를 다시 확인하십시오.")]
    CheckDigit(String),
}

impl BusinessNumber {
    /// The check digit of the first nine digits, by the National Tax Service's weights.
    fn check_digit(d: &[u8; 10]) -> u8 {
        const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
        let mut sum: u32 = d.iter().zip(WEIGHTS).map(|(&n, w)| u32::from(n) * w).sum();
        // The ninth digit's product counts its tens as well.
        sum += u32::from(d[8]) * 5 / 10;
        ((10 - sum % 10) % 10) as u8
    }
}

impl FromStr for BusinessNumber {
    type Err = BadBusinessNumber;

    /// Accepts "123-45-67891", "1234567891" and spaces around the hyphens.
    fn from_str(text: &str) -> Result<BusinessNumber, BadBusinessNumber> {
        let shape = || BadBusinessNumber::Shape(text.trim().to_string());
        let compact: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        if compact.chars().count() != 10 || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(shape());
        }
        let mut digits = [0u8; 10];
        for (slot, b) in digits.iter_mut().zip(compact.bytes()) {
            *slot = b - b'0';
        }
        if BusinessNumber::check_digit(&digits) != digits[9] {
            return Err(BadBusinessNumber::CheckDigit(text.trim().to_string()));
        }
        Ok(BusinessNumber(digits))
    }
}

/// "123-45-67891"
impl fmt::Display for BusinessNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i == 3 || i == 5 {
                f.write_str("-")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl Serialize for BusinessNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BusinessNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

impl BusinessNumber {
    /// The number whose first nine digits are `head`, with its check digit: for generated
    /// (synthetic) registers and tests.
    pub fn completing(head: u32) -> BusinessNumber {
        let mut digits = [0u8; 10];
        let text = format!("{:09}", head % 1_000_000_000);
        for (slot, b) in digits.iter_mut().zip(text.bytes()) {
            *slot = b - b'0';
        }
        digits[9] = BusinessNumber::check_digit(&digits);
        BusinessNumber(digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_digit_is_computed_by_the_published_weights() {
        // 124-81-00998 (삼성전자) and 220-81-62517 (네이버) are published numbers.
        for n in ["124-81-00998", "2208162517"] {
            assert!(n.parse::<BusinessNumber>().is_ok(), "{n}");
        }
        assert_eq!(
            "2208162517".parse::<BusinessNumber>().unwrap().to_string(),
            "220-81-62517"
        );
    }

    #[test]
    fn a_wrong_check_digit_or_shape_is_refused_with_what_to_do() {
        assert_eq!(
            "124-81-00997".parse::<BusinessNumber>(),
            Err(BadBusinessNumber::CheckDigit("124-81-00997".into()))
        );
        for bad in ["", "124-81-0099", "12a-81-00998", "124-81-009980", "１２４-81-00998"] {
            assert!(
                matches!(bad.parse::<BusinessNumber>(), Err(BadBusinessNumber::Shape(_))),
                "{bad}"
            );
        }
        assert!(
            BadBusinessNumber::CheckDigit("x".into())
                .to_string()
                .contains("검증번호")
        );
    }

    #[test]
    fn every_ninth_digit_and_every_single_digit_change_is_caught() {
        // Changing any one digit of a valid number makes it invalid: the weights 1, 3, 7 are
        // prime to 10, and the ninth digit's 5 with its tens carried maps 0–9 to ten residues.
        let valid: BusinessNumber = "124-81-00998".parse().unwrap();
        for pos in 0..10 {
            for d in 0..10u8 {
                if d == valid.0[pos] {
                    continue;
                }
                let mut digits = valid.0;
                digits[pos] = d;
                let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                assert!(text.parse::<BusinessNumber>().is_err(), "{text}");
            }
        }
        for head in [0, 1, 123_456_789, 999_999_999] {
            let n = BusinessNumber::completing(head);
            assert_eq!(n.to_string().parse::<BusinessNumber>(), Ok(n));
        }
    }
}
