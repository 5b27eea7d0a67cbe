//! A store on a new SQLite file for the crate's own unit tests, removed when they end.

use std::path::PathBuf;

use crate::Store;

pub(crate) struct Scratch {
    pub(crate) store: Store,
    dir: PathBuf,
}

impl Scratch {
    /// A migrated store in its own folder, named `name` so tests running at once do not share
    /// it; `readers` caps its reading connections (the default when None).
    pub(crate) async fn new(name: &str, readers: Option<u32>) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sandan-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/scratch.db?mode=rwc", dir.display());
        let store = Store::connect_with(&url, readers).await.unwrap();
        store.migrate().await.unwrap();
        Scratch { store, dir }
    }

    pub(crate) async fn end(self) {
        self.store.close().await;
        std::fs::remove_dir_all(&self.dir).ok();
    }
}
