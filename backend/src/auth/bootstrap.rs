//! The first start creates the `admin` operator.
//!
//! Its password is `OUTDIAL_ADMIN_PASSWORD` when that is set, otherwise a
//! generated one that `serve` prints once. The variable only seeds the first
//! start: when `admin` already exists its password is never changed by it
//! (a restart with a different value must not silently reset a password an
//! operator may have changed); a value that does not match is logged as a
//! warning so the mismatch is not a mystery.

use crate::auth::password::Passwords;
use crate::auth::secret;
use crate::db::Db;
use crate::store;

/// The operator every installation starts with.
pub const ADMIN_USERNAME: &str = "admin";

/// What [`ensure_admin`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminBootstrap {
    /// Created with the password from the environment.
    CreatedFromEnv,
    /// Created with this generated password, to be shown once.
    CreatedWithGenerated(String),
    /// The admin existed already; nothing changed.
    AlreadyExists,
}

/// Creates `admin` unless it exists. `env_password` is the value of
/// `OUTDIAL_ADMIN_PASSWORD` (blank counts as unset).
pub async fn ensure_admin(
    db: &Db,
    passwords: &Passwords,
    env_password: Option<String>,
) -> anyhow::Result<AdminBootstrap> {
    let env_password = env_password.filter(|p| !p.is_empty());
    if let Some(existing) = store::users::find_by_username(db, ADMIN_USERNAME).await? {
        if let Some(password) = env_password {
            if !passwords
                .verify(password, Some(existing.password_hash))
                .await?
            {
                tracing::warn!(
                    "OUTDIAL_ADMIN_PASSWORD does not match the stored password of `admin`; \
                     it only applies when `admin` is first created, so the stored password stays"
                );
            }
        }
        return Ok(AdminBootstrap::AlreadyExists);
    }
    let (password, outcome) = match env_password {
        Some(password) => (password, AdminBootstrap::CreatedFromEnv),
        None => {
            let generated = secret::password();
            (
                generated.clone(),
                AdminBootstrap::CreatedWithGenerated(generated),
            )
        }
    };
    let hash = passwords.hash(password).await?;
    match store::users::insert_if_absent(db, ADMIN_USERNAME, &hash).await? {
        Some(_) => Ok(outcome),
        // Another instance created it between our look-up and insert.
        None => Ok(AdminBootstrap::AlreadyExists),
    }
}
