//! 계획·집행 금액: planned and executed 원 summed over any set of projects, with the execution
//! rate every page and report writes the same way.

use crate::quantity::eok;

/// Planned and executed, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    pub planned: i64,
    pub executed: i64,
}

impl Money {
    pub fn add(&mut self, planned: i64, executed: i64) {
        self.planned += planned;
        self.executed += executed;
    }

    pub fn planned_eok(&self) -> String {
        eok(self.planned)
    }

    pub fn executed_eok(&self) -> String {
        eok(self.executed)
    }

    /// 집행률 in thousandths; None with nothing planned.
    pub fn rate_permille(&self) -> Option<i64> {
        (self.planned != 0).then(|| (i128::from(self.executed) * 1000 / i128::from(self.planned)) as i64)
    }

    /// 집행률, "62.5%"; "—" with nothing planned.
    pub fn rate(&self) -> String {
        match self.rate_permille() {
            Some(p) => format!("{}.{}%", p / 10, p % 10),
            None => "—".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_execution_rate_is_cut_to_a_tenth_of_a_percent() {
        let mut m = Money::default();
        assert_eq!(m.rate(), "—");
        m.add(800, 500);
        assert_eq!(m.rate_permille(), Some(625));
        assert_eq!(m.rate(), "62.5%");
        m.add(200, 1);
        assert_eq!(m.rate(), "50.1%");
    }
}
