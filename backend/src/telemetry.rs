//! Structured logs through `tracing`; `RUST_LOG` narrows or widens them.

use tracing_subscriber::EnvFilter;

/// Installs the global log subscriber (info and above unless `RUST_LOG` says otherwise).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}
