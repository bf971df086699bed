//! Random secrets and the hash they are stored under.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The prefix of every API token, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "odt_";

/// `bytes` random bytes from the OS, as URL-safe base64 without padding.
pub fn random(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

/// A session cookie's secret: 256 random bits.
pub fn session_secret() -> String {
    random(32)
}

/// An API token's secret: `odt_` and 256 random bits.
pub fn api_token() -> String {
    format!("{TOKEN_PREFIX}{}", random(32))
}

/// A generated password for the first admin: 120 random bits, 20 characters.
pub fn password() -> String {
    random(15)
}

/// The SHA-256 of a secret in lowercase hex, which is all the store keeps.
/// A plain hash suffices: the secrets are random, not chosen by people.
pub fn hash(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_of_the_promised_length() {
        assert_ne!(session_secret(), session_secret());
        assert_eq!(session_secret().len(), 43);
        assert!(api_token().starts_with("odt_"));
        assert_eq!(password().len(), 20);
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
