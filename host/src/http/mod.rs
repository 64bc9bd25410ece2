//! Outbound HTTP through `wasi:http`: wasmtime-wasi-http implements the interfaces, and
//! [`Hooks::send_request`] decides what may leave the machine.
//!
//! Every request (each redirect hop is a request of its own, made by the guest) is checked
//! on the normalised scheme and authority of its URI, never on a `Host` header: the host
//! must be on the session's allow-list. A denied request fails before anything is sent
//! (`HttpRequestDenied`). An allowed name is then resolved once; addresses in special
//! ranges (loopback, private, link-local, metadata...) are refused unless that address is
//! itself allowed (`DestinationIpProhibited`), and the connection goes to a checked address,
//! so a second resolution cannot rebind the name. The whole request, from connect to the
//! last body byte, must finish within the timeout, and a body larger than the cap fails
//! (`HttpResponseBodySize`).

mod policy;
mod send;

use std::sync::Arc;

pub(crate) use policy::{AllowEntry, HttpPolicy};
pub use policy::{DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_HTTP_RESPONSE};

use wasmtime::component::ResourceTable;
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView};

/// The session's side of `wasi:http`: the context and the hooks with its policy.
pub(crate) struct Http {
    ctx: WasiHttpCtx,
    hooks: Hooks,
}

impl Http {
    pub(crate) fn new(policy: Arc<HttpPolicy>) -> Http {
        Http {
            ctx: WasiHttpCtx::new(),
            hooks: Hooks { policy },
        }
    }
}

/// The hooks that enforce a session's [`HttpPolicy`].
pub(crate) struct Hooks {
    policy: Arc<HttpPolicy>,
}

impl Http {
    /// The view wasmtime-wasi-http links through: this state with the store's resource
    /// table.
    pub(crate) fn view<'a>(&'a mut self, table: &'a mut ResourceTable) -> WasiHttpCtxView<'a> {
        WasiHttpCtxView {
            ctx: &mut self.ctx,
            table,
            hooks: &mut self.hooks,
        }
    }
}
