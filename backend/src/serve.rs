//! `outdial serve`: connect the store, make sure the `admin` operator exists,
//! bind the socket, serve until SIGTERM or Ctrl-C, then finish in-flight
//! requests and close the pool.

use anyhow::Context;
use tokio::net::TcpListener;

use std::net::SocketAddr;
use std::sync::Arc;

use crate::auth::bootstrap::{ensure_admin, AdminBootstrap, ADMIN_USERNAME};
use crate::auth::password::Passwords;
use crate::cli::ServeArgs;
use crate::cli::TelephonyKind;
use crate::db::Db;
use crate::dialler::clock::SystemClock;
use crate::dialler::engine::EngineOptions;
use crate::dialler::service::DiallerTask;
use crate::dialler::telephony::gateway::HttpGateway;
use crate::dialler::telephony::simulated::{OutcomeModel, SimulatedCarrier};
use crate::http::WebhookSecret;
use crate::http::{app, AppState, TelephonyHandle};
use crate::store;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.database_url).await?;
    // Before any request: uploads the previous server died in are over.
    let abandoned = store::contact_lists::recover(&db).await?;
    if abandoned > 0 {
        tracing::warn!(
            abandoned,
            "uploads in progress when the server last stopped were abandoned; the lists before them are kept"
        );
    }
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

    let mut state = AppState::new(db.clone(), passwords);
    // The demo workspace, on the first start only (the instance that just
    // created `admin`), so a workspace the operator emptied stays empty.
    let first_start = admin != AdminBootstrap::AlreadyExists;
    // Started before the demo, whose bot places its test call through it.
    let dialler = start_dialler(&args, address, &db, &mut state)?;
    let demo_refused =
        args.no_demo || crate::demo::refused_by_env(std::env::var("OUTDIAL_DEMO").ok().as_deref());
    if first_start && !demo_refused {
        let admin_id = store::users::find_by_username(&db, ADMIN_USERNAME)
            .await?
            .context("the admin operator is missing")?
            .id;
        if let Some(demo) = crate::demo::seed(&state, admin_id).await? {
            println!(
                "A demo campaign is waiting: http://{address}/dashboard/campaigns/{} \
                 (\"{}\", {} contacts; press Start). Start without it: --no-demo or OUTDIAL_DEMO=0.",
                demo.campaign_id,
                crate::demo::CAMPAIGN_NAME,
                crate::demo::CONTACTS,
            );
        }
    }
    let janitor = tokio::spawn(janitor(db.clone(), state.janitor.clone()));
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
    if let Some(dialler) = dialler {
        dialler.stop().await;
    }
    janitor.abort();
    db.close().await;
    Ok(())
}

/// How often the janitor looks for garbage without being nudged (another
/// instance's replace, a batch that failed).
const JANITOR_PERIOD: std::time::Duration = std::time::Duration::from_secs(300);

/// Deletes replaced and abandoned contact lists: at start, after each upload
/// (nudged through `wake`) and every [`JANITOR_PERIOD`]; on SQLite it then
/// copies the write-ahead log into the database file, which an upload's
/// batches leave to it (`store::sqlite_bulk::insert_contacts`).
async fn janitor(db: Db, wake: std::sync::Arc<tokio::sync::Notify>) {
    loop {
        match store::contact_lists::collect_garbage(&db).await {
            Ok(0) => {}
            Ok(deleted) => {
                tracing::info!(deleted, "deleted contacts of replaced or abandoned lists")
            }
            Err(error) => {
                tracing::warn!(%error, "could not delete old contact lists; retrying later")
            }
        }
        if let Db::Sqlite(pool) = &db {
            if let Err(error) = store::sqlite_bulk::checkpoint(pool).await {
                tracing::warn!(%error, "could not checkpoint the SQLite log; retrying later");
            }
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(JANITOR_PERIOD) => {}
        }
    }
}

/// Starts this instance's dialler with the chosen telephony (none with `--no-dialler`).
fn start_dialler(
    args: &ServeArgs,
    address: SocketAddr,
    db: &Db,
    state: &mut AppState,
) -> anyhow::Result<Option<DiallerTask>> {
    if args.no_dialler {
        tracing::info!("the dialler is off on this instance (--no-dialler)");
        return Ok(None);
    }
    let instance = args
        .instance
        .clone()
        .unwrap_or_else(|| format!("{}-{}", hostname(), std::process::id()));
    let options = EngineOptions::new(instance.clone());
    let task = match args.telephony {
        TelephonyKind::Simulated => {
            let carrier = SimulatedCarrier::new(
                OutcomeModel::default(),
                args.simulator_seed,
                Arc::new(SystemClock),
            );
            let queue = carrier.queue();
            tracing::info!(%instance, "dialling through the simulated carrier (no real calls)");
            let carrier = Arc::new(carrier);
            state.telephony = Some(TelephonyHandle {
                telephony: carrier.clone(),
                simulated: true,
            });
            DiallerTask::spawn(
                db.clone(),
                carrier,
                Some(queue),
                options,
                state.dialler_wake.clone(),
                state.events.clone(),
                state.dialler.clone(),
            )
        }
        TelephonyKind::Gateway => {
            let url = args
                .gateway_url
                .clone()
                .context("--telephony gateway needs --gateway-url (or OUTDIAL_GATEWAY_URL)")?;
            let secret = args.gateway_secret.clone().filter(|s| s.len() >= 16).context(
                "--telephony gateway needs --gateway-secret (or OUTDIAL_GATEWAY_SECRET) of at least 16 characters",
            )?;
            let public = args
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{address}"));
            let callback = format!("{}/api/telephony/events", public.trim_end_matches('/'));
            state.webhook_secret = Some(WebhookSecret::new(secret.clone()));
            tracing::info!(%instance, %url, %callback, "dialling through the HTTP gateway");
            let gateway = Arc::new(HttpGateway::new(url, secret, callback)?);
            state.telephony = Some(TelephonyHandle {
                telephony: gateway.clone(),
                simulated: false,
            });
            DiallerTask::spawn(
                db.clone(),
                gateway,
                None,
                options,
                state.dialler_wake.clone(),
                state.events.clone(),
                state.dialler.clone(),
            )
        }
    };
    Ok(Some(task))
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "outdial".into())
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
