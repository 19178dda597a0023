//! Where the attachments' bytes live: one seam, object_store's [`ObjectStore`] — the local file
//! system under `--files-dir` by default, an S3-compatible store with `--object-store-url`.
//! Each file is one object `attachments/{key}` (under the URL's path, if any), written whole by
//! one `put` (a rename on the file system, one PUT on S3): an object is either all there or
//! absent. The store is opened on first use, so a server that never sees an upload touches
//! nothing.

use std::sync::Arc;

use axum::body::Bytes;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use tokio::sync::OnceCell;

use crate::Config;

/// The attachments' store (cheap to clone).
#[derive(Clone, Debug)]
pub struct Files {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// The configured place: `--object-store-url`, else `--files-dir`.
    place: Place,
    store: OnceCell<(Arc<dyn ObjectStore>, Path)>,
}

#[derive(Clone, Debug)]
enum Place {
    Dir(std::path::PathBuf),
    S3(String),
}

/// An object store failure (logged; the client gets a 503).
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "file store: {}", self.0)
    }
}

impl From<object_store::Error> for StoreError {
    fn from(e: object_store::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// The S3 store's builder of an `s3://bucket[/prefix][?key=value…]` URL (and the prefix):
/// the `AWS_*` variables first, then the URL's bucket, then its query's settings (object_store's
/// names: `endpoint`, `region`, `allow_http`, `access_key_id`, …; an unknown one is an error).
pub fn s3_builder(url: &str) -> anyhow::Result<(AmazonS3Builder, Path)> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let rest = base
        .strip_prefix("s3://")
        .or_else(|| base.strip_prefix("s3a://"))
        .ok_or_else(|| anyhow::anyhow!("--object-store-url: write s3://BUCKET[/PREFIX][?endpoint=…], not `{base}`"))?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    anyhow::ensure!(!bucket.is_empty(), "--object-store-url: the bucket is missing");
    let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let parsed: AmazonS3ConfigKey =
            key.to_ascii_lowercase().parse().map_err(|_| anyhow::anyhow!("--object-store-url: unknown setting `{key}`"))?;
        builder = builder.with_config(parsed, value.into_owned());
    }
    Ok((builder, Path::from(prefix.trim_matches('/'))))
}

impl Files {
    pub fn new(config: &Config) -> Files {
        let place = match &config.object_store_url {
            Some(url) => Place::S3(url.clone()),
            None => Place::Dir(config.files_dir.clone()),
        };
        Files { inner: Arc::new(Inner { place, store: OnceCell::new() }) }
    }

    /// `s3` or `files`, for the log.
    pub fn kind(&self) -> &'static str {
        match self.inner.place {
            Place::S3(_) => "s3",
            Place::Dir(_) => "files",
        }
    }

    async fn store(&self) -> Result<&(Arc<dyn ObjectStore>, Path), StoreError> {
        self.inner
            .store
            .get_or_try_init(|| async {
                match &self.inner.place {
                    Place::Dir(dir) => {
                        tokio::fs::create_dir_all(dir).await.map_err(|e| StoreError(format!("cannot create the files folder: {e}")))?;
                        let fs = LocalFileSystem::new_with_prefix(dir)?;
                        Ok((Arc::new(fs) as Arc<dyn ObjectStore>, Path::from("attachments")))
                    }
                    Place::S3(url) => {
                        // The TLS stack's cryptography (reqwest with rustls, no bundled provider):
                        // ring, already built for the request signing, rather than a second
                        // library (aws-lc). rustls deprecates it for lacking post-quantum key
                        // exchange, which talking to an object store does not need.
                        #[allow(deprecated)]
                        let _ = rustls::crypto::ring::default_provider().install_default();
                        let (builder, prefix) = s3_builder(url).map_err(|e| StoreError(e.to_string()))?;
                        let s3 = builder.build()?;
                        Ok((Arc::new(s3) as Arc<dyn ObjectStore>, prefix.clone().join("attachments")))
                    }
                }
            })
            .await
    }

    fn location(prefix: &Path, key: &str) -> Path {
        prefix.clone().join(key)
    }

    /// Stores a whole file under `key`.
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StoreError> {
        let (store, prefix) = self.store().await?;
        store.put(&Self::location(prefix, key), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// The bytes stored under `key`.
    pub async fn get(&self, key: &str) -> Result<Bytes, StoreError> {
        let (store, prefix) = self.store().await?;
        Ok(store.get(&Self::location(prefix, key)).await?.bytes().await?)
    }

    /// Deletes `key`'s object; one already gone is deleted.
    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let (store, prefix) = self.store().await?;
        match store.delete(&Self::location(prefix, key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The stored objects' keys with their last change (ms since the epoch).
    pub async fn keys(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let (store, prefix) = self.store().await?;
        let listed = store.list_with_delimiter(Some(prefix)).await?;
        Ok(listed
            .objects
            .into_iter()
            .filter_map(|o| Some((o.location.filename()?.to_owned(), o.last_modified.timestamp_millis())))
            .collect())
    }
}
