//! What every page shares: language, title, breadcrumb and the language switcher.

use crate::auth::Viewer;
use crate::ui::lang::{Labels, Lang};

pub struct Crumb {
    pub label: String,
    pub href: String,
}

pub struct Layout {
    pub lang: Lang,
    pub l: &'static Labels,
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub switch_href: String,
    pub switch_name: &'static str,
    pub switch_lang: &'static str,
    pub home_href: String,
    pub rounds: Vec<Crumb>,
    pub complexes_href: String,
    /// The signed-in user's login and the token her forms carry; None for the public.
    pub user: Option<(String, String)>,
    /// When the session ends (Unix seconds), for the expiry warning.
    pub session_expires: Option<i64>,
    /// The record shown is synthetic: every page says so.
    pub synthetic: bool,
}

impl Layout {
    /// `path` is this page's own path, for the switcher; `crumbs` lead from home to here.
    pub fn new(lang: Lang, title: impl Into<String>, path: &str, crumbs: Vec<(String, String)>) -> Layout {
        let (switch_href, switch_name, switch_lang) = lang.switch(path);
        let rounds = [2020, 2021, 2022]
            .into_iter()
            .map(|y| Crumb {
                label: lang.pick("{}년", "{}").replace("{}", &y.to_string()),
                href: lang.href(&format!("/rounds/{y}")),
            })
            .collect();
        Layout {
            lang,
            l: lang.labels(),
            title: title.into(),
            crumbs: crumbs
                .into_iter()
                .map(|(label, path)| Crumb {
                    label,
                    href: lang.href(&path),
                })
                .collect(),
            switch_href,
            switch_name,
            switch_lang,
            home_href: lang.href("/"),
            rounds,
            complexes_href: lang.href("/complexes"),
            user: None,
            session_expires: None,
            synthetic: crate::ui::synthetic::shows_synthetic(),
        }
    }

    /// Shows who is signed in, with her sign-out form and the session expiry warning.
    pub fn for_viewer(mut self, viewer: &Viewer) -> Layout {
        if let Some(session) = &viewer.session {
            self.user = Some((session.actor.login.clone(), session.csrf.clone()));
            self.session_expires = Some(session.expires_at);
        }
        self
    }

    /// "8개 시·도", or 자료 없음 where the source gives no count.
    pub fn provinces(&self, count: &Option<u32>) -> String {
        match count {
            Some(n) => format!("{n}{}", self.lang.pick("개 시·도", " provinces")),
            None => self.l.no_data.to_string(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// `text` escaped for HTML, with its Korean marked `lang="ko"` on an English page: names
    /// and texts stay as published, in Korean, and a screen reader must read them with a Korean
    /// voice (WCAG 3.1.2). Text that is Korean apart from digits and punctuation ("2021. 3.
    /// 24.(수)", "반월·시화") becomes one `<span lang="ko">`; in text that mixes in English ("경기도
    /// innovation plan") each Korean run is wrapped. For strings composed before the template
    /// sees them; render with `|safe`. Korean pages get the escaped text alone.
    pub fn marked(&self, text: impl AsRef<str>) -> String {
        use crate::ui::svg::escape;
        let text = text.as_ref();
        if self.lang == Lang::Ko || !text.chars().any(is_hangul) {
            return escape(text);
        }
        let span = |korean: &str| format!("<span lang=\"ko\">{}</span>", escape(korean));
        if !text.chars().any(|c| c.is_ascii_alphabetic()) {
            return span(text);
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut plain_from = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if !is_hangul(c) {
                continue;
            }
            // The run goes on to the last Hangul before the next Latin letter.
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                if next.is_ascii_alphabetic() {
                    break;
                }
                if is_hangul(next) {
                    end = next_at + next.len_utf8();
                }
                chars.next();
            }
            out.push_str(&escape(&text[plain_from..at]));
            out.push_str(&span(&text[at..end]));
            plain_from = end;
        }
        out.push_str(&escape(&text[plain_from..]));
        out
    }
}

/// Hangul syllables and jamo.
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7A3}')
}

#[cfg(test)]
mod tests {
    use super::Layout;
    use crate::ui::lang::Lang;

    fn marked(lang: Lang, text: &str) -> String {
        Layout::new(lang, "", "/", Vec::new()).marked(text)
    }

    #[test]
    fn korean_on_an_english_page_is_marked_and_escaped() {
        assert_eq!(
            marked(Lang::En, "2021. 3. 24.(수)"),
            "<span lang=\"ko\">2021. 3. 24.(수)</span>"
        );
        assert_eq!(
            marked(Lang::En, "경기도 innovation plan"),
            "<span lang=\"ko\">경기도</span> innovation plan"
        );
        assert_eq!(
            marked(Lang::En, "planned · 시·도 세부사업 <검토>"),
            "planned · <span lang=\"ko\">시·도 세부사업 &lt;검토</span>&gt;"
        );
        assert_eq!(marked(Lang::En, "한글(HWPX)"), "<span lang=\"ko\">한글</span>(HWPX)");
        assert_eq!(marked(Lang::En, "Rank <1>"), "Rank &lt;1&gt;");
    }

    #[test]
    fn a_korean_page_gets_the_text_alone() {
        assert_eq!(marked(Lang::Ko, "반월·시화 & 성남"), "반월·시화 &amp; 성남");
    }
}
