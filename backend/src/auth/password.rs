//! Password hashing with argon2id, always on a blocking thread so a sign-in
//! never stalls the async executor.

use std::sync::Arc;

use anyhow::Context;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Hashes and checks passwords with fixed argon2 parameters.
///
/// It keeps a hash of a random password so that signing in as an unknown
/// user costs the same argon2 work as a wrong password for a known one, and
/// the answer's timing does not reveal which usernames exist.
#[derive(Clone)]
pub struct Passwords {
    params: Params,
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("params", &self.params)
            .finish()
    }
}

impl Passwords {
    /// OWASP's argon2id recommendation (19 MiB, 2 passes): what `serve` uses.
    pub async fn recommended() -> anyhow::Result<Self> {
        Self::with_params(Params::default()).await
    }

    /// Cheaper or costlier parameters (tests use the cheapest). Hashes record
    /// their parameters, so a store written with other parameters still verifies.
    pub async fn with_params(params: Params) -> anyhow::Result<Self> {
        let dummy = crate::auth::secret::password();
        let for_dummy = params.clone();
        let dummy_hash = tokio::task::spawn_blocking(move || hash_with(&for_dummy, &dummy))
            .await
            .context("the password hashing task failed")??;
        Ok(Passwords {
            params,
            dummy_hash: dummy_hash.into(),
        })
    }

    /// A PHC string (`$argon2id$v=19$…`) for storing.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let params = self.params.clone();
        tokio::task::spawn_blocking(move || hash_with(&params, &password))
            .await
            .context("the password hashing task failed")?
    }

    /// Whether `password` matches `stored`; with no stored hash (an unknown
    /// user) it checks against the dummy hash and answers `false`.
    pub async fn verify(&self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&hash)
                .map_err(|error| anyhow::anyhow!("a stored password hash is malformed: {error}"))?;
            Ok::<_, anyhow::Error>(
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok(),
            )
        })
        .await
        .context("the password checking task failed")??;
        Ok(known && matches)
    }
}

fn hash_with(params: &Params, password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("cannot hash a password: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn cheap() -> Passwords {
        Passwords::with_params(Params::new(Params::MIN_M_COST, 1, 1, None).unwrap())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let passwords = cheap().await;
        let hash = passwords.hash("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(passwords
            .verify("correct horse".into(), Some(hash.clone()))
            .await
            .unwrap());
        assert!(!passwords.verify("wrong".into(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        let passwords = cheap().await;
        assert!(!passwords.verify("anything".into(), None).await.unwrap());
    }
}
