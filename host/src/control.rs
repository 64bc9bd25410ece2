//! The WIT import `control`: `should-stop`, which the guest polls while Python runs, answered
//! from the running call's [`RunState`] and the store's fuel (see `limits`).

use wasmtime::StoreContextMut;
use wasmtime::component::Linker;

use crate::limits::RunState;

/// Links `control` (by hand: it needs the store's fuel) through the view `get`: the running
/// call's state in the store's data.
pub(crate) fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut RunState,
) -> wasmtime::Result<()> {
    let mut control = linker.instance("mpsandbox:sandbox/control@0.1.0")?;
    control.func_wrap(
        "should-stop",
        move |mut store: StoreContextMut<'_, T>, (): ()| -> wasmtime::Result<(bool,)> {
            let fuel_left = store.get_fuel().ok();
            Ok((get(store.data_mut()).should_stop(fuel_left),))
        },
    )
}
