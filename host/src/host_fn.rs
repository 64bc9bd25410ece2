//! Host functions: Rust closures that Python calls through the `host` module.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crate::bindings::mpsandbox::sandbox::host_functions;
use wasmtime::component::{HasData, Linker};

use crate::bindings::mpsandbox::sandbox::types::Value as WireValue;
use crate::value::{Value, nodes};

/// A host function: positional arguments and keyword arguments in, a value or an error message
/// out. In Python an error message is raised as `host.HostError`.
pub type HostFn = dyn Fn(Vec<Value>, Vec<(String, Value)>) -> Result<Value, String> + Send + Sync;

/// The host functions of a session, by name.
#[derive(Clone, Default)]
pub(crate) struct HostFunctions {
    functions: BTreeMap<String, Arc<HostFn>>,
}

impl HostFunctions {
    pub(crate) fn insert(&mut self, name: String, function: Arc<HostFn>) {
        self.functions.insert(name, function);
    }

    fn invoke(
        &self,
        name: &str,
        args: Vec<WireValue>,
        kwargs: Vec<(String, WireValue)>,
    ) -> Result<WireValue, String> {
        let function = self
            .functions
            .get(name)
            .ok_or_else(|| format!("no host function named '{name}'"))?;
        let args = args
            .into_iter()
            .map(nodes::decode)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("invalid argument for host function '{name}': {e}"))?;
        let kwargs = kwargs
            .into_iter()
            .map(|(key, value)| Ok((key, nodes::decode(value)?)))
            .collect::<Result<Vec<_>, crate::ValueError>>()
            .map_err(|e| format!("invalid argument for host function '{name}': {e}"))?;
        // A panicking host function fails this call only: the guest sees an error.
        let result =
            catch_unwind(AssertUnwindSafe(|| function(args, kwargs))).unwrap_or_else(|panic| {
                Err(format!(
                    "host function '{name}' panicked: {}",
                    panic_message(&*panic)
                ))
            })?;
        nodes::encode(&result)
            .map_err(|e| format!("host function '{name}' returned an invalid value: {e}"))
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

/// The narrow view host functions link through: the session's registry, nothing else of
/// the store.
struct HostFunctionsView;

impl HasData for HostFunctionsView {
    type Data<'a> = &'a HostFunctions;
}

impl host_functions::Host for &HostFunctions {
    fn names(&mut self) -> Vec<String> {
        self.functions.keys().cloned().collect()
    }

    fn invoke(
        &mut self,
        name: String,
        args: Vec<WireValue>,
        kwargs: Vec<(String, WireValue)>,
    ) -> Result<WireValue, String> {
        HostFunctions::invoke(self, &name, args, kwargs)
    }
}

/// Links the WIT import `host-functions` through `get`: the session's registry in the store's
/// data.
pub(crate) fn add_to_linker<T: Send + 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &HostFunctions,
) -> wasmtime::Result<()> {
    host_functions::add_to_linker::<T, HostFunctionsView>(linker, get)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> HostFunctions {
        let mut fns = HostFunctions::default();
        fns.insert(
            "add".into(),
            Arc::new(|args: Vec<Value>, kwargs: Vec<(String, Value)>| {
                let mut sum = 0i64;
                for v in args.into_iter().chain(kwargs.into_iter().map(|(_, v)| v)) {
                    sum += i64::try_from(v).map_err(|e| e.to_string())?;
                }
                Ok(Value::Int(sum))
            }),
        );
        fns.insert(
            "boom".into(),
            Arc::new(|_: Vec<Value>, _: Vec<(String, Value)>| panic!("kaput")),
        );
        fns
    }

    fn wire(v: impl Into<Value>) -> WireValue {
        nodes::encode(&v.into()).unwrap()
    }

    #[test]
    fn invoke_decodes_calls_and_encodes() {
        let fns = registry();
        let out = fns
            .invoke("add", vec![wire(1), wire(2)], vec![("c".into(), wire(3))])
            .unwrap();
        assert_eq!(nodes::decode(out).unwrap(), Value::Int(6));
        assert_eq!(
            fns.invoke("add", vec![wire("x")], vec![]).unwrap_err(),
            "expected int, found str"
        );
        assert_eq!(
            fns.invoke("nope", vec![], vec![]).unwrap_err(),
            "no host function named 'nope'"
        );
        assert_eq!(
            fns.invoke("boom", vec![], vec![]).unwrap_err(),
            "host function 'boom' panicked: kaput"
        );
        let bad = WireValue { nodes: vec![] };
        assert_eq!(
            fns.invoke("add", vec![bad], vec![]).unwrap_err(),
            "invalid argument for host function 'add': malformed value: no nodes"
        );
    }
}
