//! Values across the boundary, in both directions: `call` arguments and results, `exec` values,
//! serde types, refusals, and host functions.

use crate::{call, engine, eval, exec, exec_err, session};
use mpsandbox::{Bytes, Error, Value, from_value, to_value};
use num_bigint::BigInt;

/// Every kind of value, nested.
fn every_kind() -> Vec<Value> {
    vec![
        Value::None,
        Value::Bool(true),
        Value::Bool(false),
        Value::Int(0),
        Value::Int(-7),
        Value::Int(i64::MAX),
        Value::Int(i64::MIN),
        Value::int(BigInt::from(i64::MAX) + 1),
        Value::int(BigInt::from(i64::MIN) - 1),
        Value::int(BigInt::from(-3) * BigInt::from(10).pow(40)),
        Value::Float(1.5),
        Value::Float(-0.0),
        Value::Float(1e300),
        Value::Float(f64::INFINITY),
        Value::from(""),
        Value::from("héllo €\u{1F600}\n\0"),
        Value::Bytes(vec![]),
        Value::Bytes((0..=255).collect()),
        Value::List(vec![]),
        Value::Tuple(vec![]),
        Value::Tuple(vec![Value::Int(1)]),
        Value::Dict(vec![]),
        Value::List(vec![Value::List(vec![Value::Tuple(vec![
            Value::None,
            Value::from("deep"),
        ])])]),
        Value::Dict(vec![
            (Value::from("k"), Value::List(vec![1.into(), 2.into()])),
            (Value::Int(1), Value::from("int key")),
            (
                Value::Tuple(vec![1.into(), "t".into()]),
                Value::Dict(vec![(Value::None, Value::Bool(true))]),
            ),
            (Value::Float(2.5), Value::Bytes(b"f".to_vec())),
            (Value::Bool(false), Value::Float(0.25)),
            (Value::int(BigInt::from(2).pow(80)), Value::None),
        ]),
    ]
}

#[test]
fn every_kind_round_trips_through_call() {
    let mut s = session();
    exec(
        &mut s,
        "def echo(*args, **kwargs):\n    return [args, kwargs]\ndef types(*args):\n    return [type(a).__name__ for a in args]",
    );
    let values = every_kind();
    for v in &values {
        let out = call(
            &mut s,
            "echo",
            std::slice::from_ref(v),
            &[("kw", v.clone())],
        );
        let expected = Value::List(vec![
            Value::Tuple(vec![v.clone()]),
            Value::Dict(vec![("kw".into(), v.clone())]),
        ]);
        assert_eq!(out.value, expected, "{v}");
    }
    // All at once, and as Python sees them.
    let out = call(&mut s, "echo", &values, &[]);
    assert_eq!(
        out.value.as_slice().unwrap()[0],
        Value::Tuple(values.clone())
    );
    let names = call(&mut s, "types", &values, &[]).value;
    let names: Vec<String> = names.try_into().unwrap();
    assert_eq!(
        names.join(" "),
        "NoneType bool bool int int int int int int int float float float float str str bytes bytes \
         list tuple tuple dict list dict"
    );
}

#[test]
fn python_values_arrive_typed() {
    let mut s = session();
    let v = eval(
        &mut s,
        "[None, True, 3, 2**64, -2**100, 0.5, 'é', b'\\x00', (1,), {'a': [1]}, {(1, 2): None}]",
    );
    assert_eq!(
        v,
        Value::List(vec![
            Value::None,
            Value::Bool(true),
            Value::Int(3),
            Value::from(u128::from(u64::MAX) + 1),
            Value::int(-BigInt::from(2).pow(100)),
            Value::Float(0.5),
            Value::from("é"),
            Value::Bytes(vec![0]),
            Value::Tuple(vec![1.into()]),
            Value::Dict(vec![("a".into(), Value::List(vec![1.into()]))]),
            Value::Dict(vec![(Value::Tuple(vec![1.into(), 2.into()]), Value::None)]),
        ])
    );
    // Integers are normalised: small ones are Int whatever Python did to compute them.
    assert!(matches!(eval(&mut s, "2**70 // 2**60"), Value::Int(1024)));
    assert!(matches!(eval(&mut s, "2**63"), Value::BigInt(_)));
    assert!(matches!(eval(&mut s, "-2**63"), Value::Int(i64::MIN)));
    // A dict arrives in its iteration order (hash order in MicroPython; equality ignores
    // order); an OrderedDict keeps its insertion order; a namedtuple converts as a tuple.
    assert_eq!(
        eval(&mut s, "d = {}\nd['z'] = 1\nd['a'] = 2\nd"),
        Value::from_iter([("z", 1), ("a", 2)])
    );
    assert_eq!(
        eval(
            &mut s,
            "from collections import OrderedDict, namedtuple\nOrderedDict([('b', 1)]), namedtuple('P', 'x y')(1, 2)"
        ),
        Value::Tuple(vec![
            Value::from_iter([("b", 1)]),
            Value::Tuple(vec![1.into(), 2.into()])
        ])
    );
    let ordered = eval(&mut s, "OrderedDict([(k, 1) for k in 'zyxabc'])");
    let keys: Vec<&str> = ordered
        .as_dict()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str().unwrap())
        .collect();
    assert_eq!(keys.concat(), "zyxabc");
    // Floats cross exactly, whatever their repr.
    assert_eq!(eval(&mut s, "0.1 + 0.2"), Value::Float(0.1 + 0.2));
    assert_eq!(eval(&mut s, "2.0 ** 0.5"), Value::Float(2f64.sqrt()));
    let nan = eval(&mut s, "float('nan')");
    assert!(matches!(nan, Value::Float(f) if f.is_nan()));
}

#[test]
fn kwargs_and_defaults() {
    let mut s = session();
    exec(
        &mut s,
        "def area(w, h=1, *, unit='m'):\n    return f'{w * h} {unit}2'",
    );
    assert_eq!(
        call(&mut s, "area", &[3.into()], &[]).value,
        Value::from("3 m2")
    );
    assert_eq!(
        call(
            &mut s,
            "area",
            &[3.into()],
            &[("h", 5.into()), ("unit", "cm".into())]
        )
        .value,
        Value::from("15 cm2")
    );
    let e = s.call("area", &[], &[("h", 5.into())]).unwrap_err();
    assert!(
        matches!(&e.error, Error::Exception(ex) if ex.type_name == "TypeError"),
        "{e}"
    );
    // Builtins are callable by name too.
    assert_eq!(
        call(&mut s, "len", &[Value::from("abcd")], &[]).value,
        Value::Int(4)
    );
    assert_eq!(
        call(
            &mut s,
            "sorted",
            &[Value::from(vec![3, 1, 2])],
            &[("reverse", true.into())]
        )
        .value,
        Value::from(vec![3, 2, 1])
    );
}

#[test]
fn call_errors_are_typed() {
    let mut s = session();
    let e = s.call("missing", &[], &[]).unwrap_err();
    assert!(
        matches!(&e.error, Error::Exception(ex) if ex.type_name == "NameError"),
        "{e}"
    );
    exec(
        &mut s,
        "x = 5\ndef fail():\n    print('partial')\n    raise KeyError('k')",
    );
    let e = s.call("x", &[], &[]).unwrap_err();
    assert!(
        matches!(&e.error, Error::Exception(ex) if ex.type_name == "TypeError"),
        "{e}"
    );
    let e = s.call("fail", &[], &[]).unwrap_err();
    assert_eq!(e.run.stdout, "partial\n");
    let Error::Exception(ex) = &e.error else {
        panic!("{e}")
    };
    assert_eq!(
        (ex.type_name.as_str(), ex.message.as_str()),
        ("KeyError", "k")
    );
    assert!(ex.traceback.contains("in fail"), "{}", ex.traceback);
}

#[test]
fn unconvertible_values_are_refused_with_a_type_error() {
    let mut s = session();
    exec(
        &mut s,
        "class Point:\n    pass\ndef give(kind):\n    return {'object': Point(), 'function': give, 'set': {1}, 'nested': [1, {'k': Point()}], 'complex': 1j}[kind]",
    );
    for (kind, type_name) in [
        ("object", "Point"),
        ("function", "function"),
        ("set", "set"),
        ("nested", "Point"),
        ("complex", "complex"),
    ] {
        let e = s.call("give", &[kind.into()], &[]).unwrap_err();
        let Error::Exception(ex) = &e.error else {
            panic!("{kind}: {e}")
        };
        assert_eq!(ex.type_name, "TypeError", "{kind}");
        assert!(
            ex.message.contains(&format!("'{type_name}'")),
            "{kind}: the message names the type: {}",
            ex.message
        );
    }
    // As the last expression of an exec, an unconvertible value is no error: it has a repr.
    let out = exec(&mut s, "Point()");
    assert_eq!(out.value, None);
    assert!(out.repr.unwrap().contains("Point object"));
    // A cycle and an excessive depth are refused too.
    exec(
        &mut s,
        "cyclic = [1]\ncyclic.append(cyclic)\ndeep = []\nfor _ in range(600):\n    deep = [deep]",
    );
    for name in ["cyclic", "deep"] {
        exec(&mut s, &format!("def get_{name}(): return {name}"));
        let e = s.call(&format!("get_{name}"), &[], &[]).unwrap_err();
        assert!(
            matches!(&e.error, Error::Exception(ex) if ex.type_name == "ValueError"),
            "{name}: {e}"
        );
    }
}

#[test]
fn invalid_arguments_are_refused_before_the_guest_runs() {
    let mut s = session();
    exec(
        &mut s,
        "calls = 0\ndef f(*a):\n    global calls\n    calls += 1",
    );
    let mut deep = Value::None;
    for _ in 0..mpsandbox::MAX_DEPTH + 1 {
        deep = Value::List(vec![deep]);
    }
    let e = s.call("f", &[deep], &[]).unwrap_err();
    assert!(
        matches!(e.error, Error::InvalidValue(mpsandbox::ValueError::TooDeep)),
        "{}",
        e.error
    );
    // A dict key that Python cannot hash is Python's TypeError.
    let bad_key = Value::Dict(vec![(Value::List(vec![]), Value::None)]);
    let e = s.call("f", &[bad_key], &[]).unwrap_err();
    assert!(
        matches!(&e.error, Error::Exception(ex) if ex.type_name == "TypeError"),
        "{}",
        e.error
    );
    assert_eq!(eval(&mut s, "calls"), Value::Int(0));
    // The deepest value allowed crosses.
    let mut ok = Value::None;
    for _ in 0..mpsandbox::MAX_DEPTH - 1 {
        ok = Value::List(vec![ok]);
    }
    call(&mut s, "f", &[ok], &[]);
    assert_eq!(eval(&mut s, "calls"), Value::Int(1));
}

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Order {
    id: u64,
    customer: String,
    lines: Vec<Line>,
    note: Option<String>,
    signature: Bytes,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
    price: f64,
}

#[test]
fn serde_types_cross_through_python() {
    let mut s = session();
    exec(
        &mut s,
        "def total(order, discount=0):\n    order['total'] = sum(l['qty'] * l['price'] for l in order['lines']) - discount\n    \
         order['lines'].append({'sku': 'gift', 'qty': 1, 'price': 0.0})\n    return order",
    );
    let order = Order {
        id: u64::MAX,
        customer: "Zoë".into(),
        lines: vec![Line {
            sku: "a".into(),
            qty: 2,
            price: 1.25,
        }],
        note: None,
        signature: Bytes(vec![1, 2, 3]),
    };
    let out = call(
        &mut s,
        "total",
        &[to_value(&order).unwrap()],
        &[("discount", 0.5.into())],
    );
    assert_eq!(out.value.get("total"), Some(&Value::Float(2.0)));
    let back: Order = from_value(out.value).unwrap();
    assert_eq!(back.id, u64::MAX);
    assert_eq!(back.lines.len(), 2);
    assert_eq!(
        back.lines[1],
        Line {
            sku: "gift".into(),
            qty: 1,
            price: 0.0
        }
    );
    assert_eq!(
        (back.customer, back.note, back.signature),
        (order.customer, None, order.signature)
    );
}

#[test]
fn host_functions_are_callable_from_python() {
    let mut s = engine()
        .session_builder()
        .host_fn("add", |args, kwargs| {
            let mut total = BigInt::from(0);
            for v in args.into_iter().chain(kwargs.into_iter().map(|(_, v)| v)) {
                total += BigInt::try_from(v).map_err(|e| format!("add: {e}"))?;
            }
            Ok(Value::int(total))
        })
        .host_fn("describe", |args, kwargs| {
            Ok(Value::from(format!(
                "{} args, kwargs {:?}",
                args.len(),
                kwargs.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>()
            )))
        })
        .host_fn("echo", |args, _| Ok(Value::List(args)))
        .build()
        .unwrap();
    exec(&mut s, "import host");
    assert_eq!(
        eval(&mut s, "host.names()"),
        Value::from(vec!["add", "describe", "echo"])
    );
    assert_eq!(
        eval(&mut s, "host.add(1, 2, c=2**70)"),
        Value::int(BigInt::from(2).pow(70) + 3)
    );
    assert_eq!(
        eval(&mut s, "host.describe(1, x=2, y=3)"),
        Value::from("1 args, kwargs [\"x\", \"y\"]")
    );
    assert_eq!(
        eval(&mut s, "host.echo(b'\\x00', (1, [2]), {'k': None})"),
        eval(&mut s, "[b'\\x00', (1, [2]), {'k': None}]")
    );
    // Errors are host.HostError, catchable, with the host's message.
    assert_eq!(
        eval(
            &mut s,
            "try:\n    host.add('x')\nexcept host.HostError as e:\n    r = str(e)\nr"
        ),
        Value::from("add: expected int, found str")
    );
    assert_eq!(
        eval(
            &mut s,
            "try:\n    host.nope()\nexcept host.HostError as e:\n    r = str(e)\nr"
        ),
        Value::from("no host function named 'nope'")
    );
    let e = exec_err(&mut s, "host.add(object())");
    assert!(
        matches!(&e, Error::Exception(ex) if ex.type_name == "TypeError"),
        "{e}"
    );
    // Uncaught, it is an exception like any other.
    let e = exec_err(&mut s, "host.add(None)");
    assert!(
        matches!(&e, Error::Exception(ex) if ex.type_name == "HostError"),
        "{e}"
    );
}

#[test]
fn a_session_without_host_functions_has_none() {
    let mut s = session();
    assert_eq!(
        eval(&mut s, "import host\nhost.names()"),
        Value::List(vec![])
    );
    assert_eq!(
        eval(
            &mut s,
            "try:\n    host.anything(1)\nexcept host.HostError as e:\n    r = str(e)\nr"
        ),
        Value::from("no host function named 'anything'")
    );
}

#[test]
fn host_function_errors_are_typed_and_catchable() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(serde::Deserialize)]
    struct Point {
        x: i64,
        y: i64,
    }
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let mut s = engine()
        .session_builder()
        // Typed arguments: a struct from a dict, through serde.
        .host_fn("norm1", |args, _| {
            let [arg] = <[Value; 1]>::try_from(args)
                .map_err(|args| format!("norm1 takes 1 argument, got {}", args.len()))?;
            let p: Point = mpsandbox::from_value(arg).map_err(|e| format!("norm1: {e}"))?;
            Ok(Value::Int(p.x.abs() + p.y.abs()))
        })
        .host_fn("count", move |_, _| {
            Ok(Value::from(
                counted.fetch_add(1, Ordering::SeqCst) as i64 + 1,
            ))
        })
        .host_fn("boom", |_, _| panic!("kaput"))
        .host_fn("too_deep", |_, _| {
            let mut v = Value::None;
            for _ in 0..=mpsandbox::MAX_DEPTH {
                v = Value::List(vec![v]);
            }
            Ok(v)
        })
        .build()
        .unwrap();
    exec(&mut s, "import host");
    assert_eq!(eval(&mut s, "host.norm1({'x': -3, 'y': 4})"), Value::Int(7));
    let caught = |s: &mut mpsandbox::Session, call: &str| {
        eval(
            s,
            &format!(
                "try:\n    {call}\n    r = 'no error'\nexcept Exception as e:\n    r = type(e).__name__ + ': ' + str(e)\nr"
            ),
        )
    };
    // Wrong argument types and counts: HostError with the host's message.
    let Value::Str(text) = caught(&mut s, "host.norm1({'x': 'a', 'y': 4})") else {
        panic!()
    };
    assert!(text.starts_with("HostError: norm1: "), "{text}");
    assert_eq!(
        caught(&mut s, "host.norm1(1, 2)"),
        Value::from("HostError: norm1 takes 1 argument, got 2")
    );
    // A panic and an invalid result are HostErrors too; the session lives on.
    assert_eq!(
        caught(&mut s, "host.boom()"),
        Value::from("HostError: host function 'boom' panicked: kaput")
    );
    let Value::Str(text) = caught(&mut s, "host.too_deep()") else {
        panic!()
    };
    assert!(
        text.starts_with("HostError: host function 'too_deep' returned an invalid value"),
        "{text}"
    );
    assert_eq!(
        eval(&mut s, "issubclass(host.HostError, Exception)"),
        Value::Bool(true)
    );
    // Values without a value form are a TypeError, raised before the host is called.
    for call in [
        "host.count(object())",
        "host.count([1, {2: lambda: 3}])",
        "host.count(k=print)",
        "host.count({1, 2})",
    ] {
        let Value::Str(text) = caught(&mut s, call) else {
            panic!()
        };
        assert!(text.starts_with("TypeError: "), "{call}: {text}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(eval(&mut s, "host.count()"), Value::Int(1));
}
