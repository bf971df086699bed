//! The binary embeds the built frontend (`../dist`, written by Trunk) and
//! the migrations (`sqlx::migrate!`); tell cargo to rebuild it whenever
//! either changes.

fn main() {
    println!("cargo:rerun-if-changed=../dist");
    println!("cargo:rerun-if-changed=migrations");
}
