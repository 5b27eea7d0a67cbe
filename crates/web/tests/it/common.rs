//! The real server on a random port, over a fresh database on each backend.

use sandan_domain::bundled;
use sandan_store::Change;
use sandan_store::testing::TestDb;
use sandan_web::{AppState, Assets, Deployment};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

impl TestApp {
    /// One app per backend, each loaded with the bundled record.
    pub async fn all() -> Vec<TestApp> {
        TestApp::all_deployed(Deployment::default()).await
    }

    /// As [`TestApp::all`], reached as `deployment` says (a public address, trusted proxies).
    pub async fn all_deployed(deployment: Deployment) -> Vec<TestApp> {
        let deployment = std::sync::Arc::new(deployment);
        let mut apps = Vec::new();
        for db in TestDb::all().await {
            db.store
                .load_if_empty(
                    &bundled(),
                    &Change {
                        actor: "test",
                        source: "test",
                        at: "2026-11-25T00:00:00Z",
                    },
                )
                .await
                .expect("load the bundled record");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind a free port");
            let base = format!("http://{}", listener.local_addr().unwrap());
            let state = AppState {
                store: db.store.clone(),
                deployment: deployment.clone(),
            };
            tokio::spawn(async move { sandan_web::serve(listener, state, &Assets::locate()).await });
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            apps.push(TestApp { base, client, db });
        }
        apps
    }

    pub fn label(&self) -> &'static str {
        self.db.backend().name()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    /// The sign-in form as a browser first gets it: its pre-session cookie (`name=value`) and
    /// the token the form carries.
    pub async fn sign_in_form(&self) -> (String, String) {
        let form_page = self.get("/sign-in").await;
        let cookie = form_page.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let html = scraper::Html::parse_document(&form_page.text().await.unwrap());
        let csrf = select(&html, "input[name=csrf]")[0]
            .value()
            .attr("value")
            .unwrap()
            .to_string();
        (cookie, csrf)
    }

    /// A page that must be 200, as parsed HTML.
    pub async fn page(&self, path: &str) -> scraper::Html {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "{} {path}", self.label());
        scraper::Html::parse_document(&response.text().await.unwrap())
    }

    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }
}

pub fn select<'a>(html: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&scraper::Selector::parse(css).unwrap()).collect()
}

/// Text with every run of whitespace removed: the sheet's spacing is not part of its content.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn text_of(element: &scraper::ElementRef) -> String {
    element.text().collect()
}

pub use sandan_store::testing::TestSession as Session;

impl TestApp {
    /// Creates a user with `roles` and signs her in.
    pub async fn signed_in(&self, login: &str, roles: &[sandan_domain::Role]) -> Session {
        sandan_store::testing::signed_in(&self.db.store, login, login, roles).await
    }

    /// A page as `who` sees it: its status and body.
    pub async fn get_as(&self, who: &Session, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", &who.cookie)
            .send()
            .await
            .expect("request");
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Every page of a list API from `first` on, each request signed by `sign` (a cookie, a
    /// token, or nothing), following each answer's `Link: <…>; rel="next"` until there is
    /// none: each page's JSON in order.
    pub async fn pages(
        &self,
        first: &str,
        sign: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Vec<serde_json::Value> {
        let mut pages = Vec::new();
        let mut next = Some(first.to_string());
        while let Some(path) = next.take() {
            let response = sign(self.client.get(format!("{}{path}", self.base)))
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), 200, "{} {path}", self.label());
            next = response.headers().get("link").map(|l| {
                let l = l.to_str().unwrap();
                assert!(l.ends_with("; rel=\"next\""), "{l}");
                l[1..l.find('>').unwrap()].to_string()
            });
            pages.push(response.json().await.expect("JSON body"));
        }
        pages
    }

    /// A form posted as `who`, with her token: the status and body.
    pub async fn post_as(&self, who: &Session, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut fields = vec![("csrf", who.csrf.as_str())];
        fields.extend_from_slice(form);
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", &who.cookie)
            .form(&fields)
            .send()
            .await
            .expect("request");
        (response.status().as_u16(), response.text().await.unwrap())
    }
}
