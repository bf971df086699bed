//! `outdial serve`: connect the store, make sure the `admin` operator exists,
//! bind the socket, serve until SIGTERM or Ctrl-C, then finish in-flight
//! requests and close the pool.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::auth::bootstrap::{ensure_admin, AdminBootstrap, ADMIN_USERNAME};
use crate::auth::password::Passwords;
use crate::cli::ServeArgs;
use crate::db::Db;
use crate::http::{app, AppState};

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.database_url).await?;
    let passwords = Passwords::recommended().await?;
    let admin_password = std::env::var("OUTDIAL_ADMIN_PASSWORD").ok();
    let admin = ensure_admin(&db, &passwords, admin_password).await?;
    let listener = TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, database = ?db.engine(), "outdial is serving");
    println!("Outdial is running at http://{address}/");
    match &admin {
        AdminBootstrap::CreatedWithGenerated(password) => println!(
            "Sign in at http://{address}/login as {ADMIN_USERNAME} with password: {password}\n\
             (shown only this once; set OUTDIAL_ADMIN_PASSWORD before the first start to choose it)"
        ),
        AdminBootstrap::CreatedFromEnv => println!(
            "Sign in at http://{address}/login as {ADMIN_USERNAME} with the password from OUTDIAL_ADMIN_PASSWORD"
        ),
        AdminBootstrap::AlreadyExists => {
            println!("Sign in at http://{address}/login as {ADMIN_USERNAME}")
        }
    }

    let state = AppState::new(db.clone(), passwords);
    let events = state.events.clone();
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Live event streams never end on their own.
            events.close();
        })
        .await
        .context("the server stopped unexpectedly")?;
    tracing::info!("shutting down");
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
