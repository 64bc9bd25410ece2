//! Rust bindings generated from `wit/sandbox.wit` (world `sandbox`).
//!
//! The standard WASI interfaces the world imports directly (`wasi:http`, and the `wasi:io`
//! and `wasi:clocks` interfaces it uses) are wasmtime-wasi's and wasmtime-wasi-http's own
//! implementations, linked in `engine.rs`; only our interfaces are generated here.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "sandbox",
    with: {
        "wasi:io": wasmtime_wasi::p2::bindings::io,
        "wasi:clocks": wasmtime_wasi::p2::bindings::clocks,
        "wasi:http": wasmtime_wasi_http::p2::bindings::http,
    },
    require_store_data_send: true,
});
