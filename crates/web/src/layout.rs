//! What every page shares: language, title, breadcrumb and the language switcher.

use crate::auth::Viewer;
use crate::lang::{Labels, Lang};

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
}
