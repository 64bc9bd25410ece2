//! Rust bindings generated from `wit/sandbox.wit` (world `sandbox`).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "sandbox",
});
