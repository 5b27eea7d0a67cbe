//! Korean first, English second: the language a page is shown in, and its fixed wording.
//! Data (names, plan texts) stays as published, in Korean; only the interface is translated.

use std::borrow::Borrow;

use sandan_domain::results::{RollupMetric, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// English when the query asks for it with `lang=en`, else Korean.
    pub fn of_query(query: Option<&str>) -> Lang {
        let english = query.is_some_and(|q| q.split('&').any(|pair| pair == "lang=en"));
        if english { Lang::En } else { Lang::Ko }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// A link to `path` in this language.
    pub fn href(self, path: &str) -> String {
        match self {
            Lang::Ko => path.to_string(),
            Lang::En if path.contains('?') => format!("{path}&lang=en"),
            Lang::En => format!("{path}?lang=en"),
        }
    }

    /// The other language, for the switcher: (href for `path`, its name, its lang code).
    pub fn switch(self, path: &str) -> (String, &'static str, &'static str) {
        match self {
            Lang::Ko => (format!("{path}?lang=en"), "English", "en"),
            Lang::En => (path.to_string(), "한국어", "ko"),
        }
    }

    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

    /// `pick` for values made on the spot, such as a date written two ways.
    pub fn either<T>(self, ko: T, en: T) -> T {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }

    /// A goal's status as the dashboard and results pages name it.
    pub fn status(self, status: impl Borrow<Status>) -> &'static str {
        let status = *status.borrow();
        self.pick(
            status.korean(),
            match status {
                Status::OnTrack => "On track",
                Status::AtRisk => "At risk",
                Status::OffTrack => "Off track",
                Status::NotMeasured => "Not measured",
            },
        )
    }

    /// A national figure's name on the dashboard.
    pub fn rollup(self, metric: impl Borrow<RollupMetric>) -> &'static str {
        let metric = *metric.borrow();
        self.pick(
            metric.korean(),
            match metric {
                RollupMetric::Jobs => "Jobs created",
                RollupMetric::Production => "Production added",
                RollupMetric::Firms => "Firms supported",
                RollupMetric::BudgetExecuted => "Budget executed",
            },
        )
    }

    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }
}

/// The interface's fixed wording.
pub struct Labels {
    pub site: &'static str,
    pub skip: &'static str,
    pub breadcrumb: &'static str,
    pub home: &'static str,
    pub rounds: &'static str,
    pub complexes: &'static str,
    pub api: &'static str,
    pub round_of: &'static str,
    pub plan_of: &'static str,
    pub year: &'static str,
    pub region: &'static str,
    pub hub: &'static str,
    pub linked: &'static str,
    pub applicants: &'static str,
    pub quota: &'static str,
    pub selected: &'static str,
    pub selected_regions: &'static str,
    pub schedule: &'static str,
    pub step: &'static str,
    pub date: &'static str,
    pub note: &'static str,
    pub planned: &'static str,
    pub panel: &'static str,
    pub indicators: &'static str,
    pub points_unpublished: &'static str,
    pub bonus: &'static str,
    pub smart_green: &'static str,
    pub designated: &'static str,
    pub cumulative: &'static str,
    pub target: &'static str,
    pub decisions: &'static str,
    pub decision: &'static str,
    pub body: &'static str,
    pub sources: &'static str,
    pub kind: &'static str,
    pub province: &'static str,
    pub other_names: &'static str,
    pub construction: &'static str,
    pub aged: &'static str,
    pub no_data: &'static str,
    pub roles: &'static str,
    pub role: &'static str,
    pub none_recorded: &'static str,
    pub goals_compared: &'static str,
    pub goal: &'static str,
    pub in_sheet: &'static str,
    pub in_body: &'static str,
    pub in_submitted: &'static str,
    pub agreed_target: &'static str,
    pub discrepancy: &'static str,
    pub corrections: &'static str,
    pub original: &'static str,
    pub corrected: &'static str,
    pub body_summary: &'static str,
    pub data_note: &'static str,
    pub synthetic: &'static str,
}

const KO: Labels = Labels {
    site: "산업단지 대개조",
    skip: "본문 바로가기",
    breadcrumb: "현재 경로",
    home: "홈",
    rounds: "공모 회차",
    complexes: "산업단지",
    api: "공개 API",
    round_of: "년 산업단지 대개조 공모",
    plan_of: "산단 대개조 혁신계획",
    year: "연도",
    region: "시·도",
    hub: "거점산단",
    linked: "연계산단·지역",
    applicants: "신청 시·도",
    quota: "선정 계획",
    selected: "선정",
    selected_regions: "예비선정 지역",
    schedule: "추진 일정",
    step: "단계",
    date: "일자",
    note: "비고",
    planned: "예정",
    panel: "평가위원회",
    indicators: "평가지표",
    points_unpublished: "배점은 공개되지 않았습니다.",
    bonus: "가점",
    smart_green: "스마트그린산단",
    designated: "지정 단지",
    cumulative: "누적",
    target: "목표",
    decisions: "지정·선정 결정",
    decision: "결정",
    body: "결정 기관",
    sources: "출처",
    kind: "유형",
    province: "소재 시·도",
    other_names: "다른 표기",
    construction: "착공",
    aged: "노후 여부(착공 20년 이상)",
    no_data: "자료 없음",
    roles: "혁신계획에서의 역할",
    role: "역할",
    none_recorded: "기록이 없습니다.",
    goals_compared: "성과목표: 게재 위치별 문구",
    goal: "목표",
    in_sheet: "참고자료(개요)",
    in_body: "보도자료 본문",
    in_submitted: "제출 혁신계획",
    agreed_target: "목표치",
    discrepancy: "불일치",
    corrections: "바로잡은 표기",
    original: "원문",
    corrected: "수정",
    body_summary: "보도자료 본문 요약",
    data_note: "이 자료는 공개된 보도자료와 언론 보도를 옮긴 것입니다. 평가 점수와 가중치는 공개되지 않아 기록하지 않았습니다.",
    synthetic: "이 자료는 시연용으로 만든 가상 자료입니다.",
};

const EN: Labels = Labels {
    site: "Industrial Complex Grand Transformation",
    skip: "Skip to main content",
    breadcrumb: "You are here",
    home: "Home",
    rounds: "Rounds",
    complexes: "Industrial complexes",
    api: "Public API",
    round_of: " call for the Grand Transformation",
    plan_of: "innovation plan",
    year: "Year",
    region: "Province",
    hub: "Hub complex",
    linked: "Linked complexes and areas",
    applicants: "Applicant provinces",
    quota: "Planned selections",
    selected: "Selected",
    selected_regions: "Preliminarily selected regions",
    schedule: "Schedule",
    step: "Step",
    date: "Date",
    note: "Note",
    planned: "planned",
    panel: "Evaluation panel",
    indicators: "Evaluation indicators",
    points_unpublished: "Points were not published.",
    bonus: "Bonus points",
    smart_green: "Smart green complexes",
    designated: "Designated complexes",
    cumulative: "Cumulative",
    target: "Target",
    decisions: "Designations and selections",
    decision: "Decision",
    body: "Deciding body",
    sources: "Sources",
    kind: "Type",
    province: "Province",
    other_names: "Also written as",
    construction: "Construction started",
    aged: "Aged (20+ years since construction)",
    no_data: "No data",
    roles: "Roles in innovation plans",
    role: "Role",
    none_recorded: "Nothing recorded.",
    goals_compared: "Goals as stated in each place",
    goal: "Goal",
    in_sheet: "Reference sheet",
    in_body: "Press release body",
    in_submitted: "Submitted plan",
    agreed_target: "Target",
    discrepancy: "Discrepancy",
    corrections: "Corrected typos",
    original: "Original",
    corrected: "Corrected",
    body_summary: "Summary in the press release",
    data_note: "This record transcribes published press releases and news reports. Evaluation scores and weights were never published and are not recorded.",
    synthetic: "This is synthetic demo data.",
};
