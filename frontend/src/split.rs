//! Code the page loads only when it is first used. With the `split`
//! feature (the page's build, `scripts/build-page.sh`, and the wasm
//! clippy), a function defined by [`split_fn!`] is a `wasm_split` point:
//! its body and whatever only it reaches go into a wasm chunk of their own,
//! fetched the first time it is called; code that several chunks share goes
//! into chunks they load together. Without the feature (the wasm tests) the
//! same function runs at once, so the app behaves the same, only from one
//! file.
//! docs/frontend.md, "Split by page", has the sizes.

/// `split_fn!(chunk; pub fn name(args) -> T { body })` defines
/// `pub async fn name(args) -> T` whose body lives in the wasm chunk
/// `chunk`. `split_fn!(chunk, fallible; …)`: `T` is `Result<_, E>` with
/// `E: From<SplitLoaderError>`, and a chunk that could not be fetched
/// answers that error (the next call fetches it again); without
/// `fallible` a failed fetch panics, which only the benchmark's hooks
/// accept.
macro_rules! split_fn {
    ($chunk:ident $(, $option:ident)?;
     $(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split $(, $option)?)]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> $ret $body
    };
}

pub(crate) use split_fn;
