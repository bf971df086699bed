//! The binary embeds the built frontend (`../dist`, written by Trunk); tell
//! cargo to rebuild it whenever that folder changes.

fn main() {
    println!("cargo:rerun-if-changed=../dist");
}
