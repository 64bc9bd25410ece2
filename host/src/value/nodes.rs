//! The wire form of a value: the WIT `value` record, a flat list of nodes.
//!
//! `nodes[0]` is the root; containers hold the indices of their children, and every child's
//! index is greater than its parent's. Both directions work without recursion, so neither a
//! deep value nor a hostile node list can exhaust the host's stack:
//!
//! - [`encode`] lays a [`Value`] out breadth-first and refuses values nested deeper than
//!   [`MAX_DEPTH`] containers;
//! - [`decode`] validates everything the guest sends (indices in range and increasing, each
//!   node used exactly once, nesting at most [`MAX_DEPTH`], big integers well-formed) and
//!   builds the tree from the last node to the first.

use std::collections::VecDeque;

use num_bigint::BigInt;

use super::{MAX_DEPTH, Value, ValueError};
use crate::bindings::mpsandbox::sandbox::types::{Value as WireValue, ValueNode};

/// Encodes `value` as a node list.
pub(crate) fn encode(value: &Value) -> Result<WireValue, ValueError> {
    // A scalar (most arguments and results) is one node: no queue to allocate.
    if let Some(node) = scalar_node(value) {
        return Ok(WireValue { nodes: vec![node] });
    }
    let mut nodes = vec![ValueNode::None];
    // (value, its node index, the number of containers above it)
    let mut queue = VecDeque::from([(value, 0usize, 0usize)]);
    while let Some((value, index, depth)) = queue.pop_front() {
        let node = match value {
            Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::Bytes(_) => scalar_node(value).expect("a scalar"),
            Value::List(items) | Value::Tuple(items) => {
                check_depth(depth)?;
                let mut children = Vec::with_capacity(items.len());
                for item in items {
                    let child = add_node(&mut nodes)?;
                    children.push(child);
                    queue.push_back((item, child as usize, depth + 1));
                }
                if matches!(value, Value::List(_)) {
                    ValueNode::List(children)
                } else {
                    ValueNode::Tuple(children)
                }
            }
            Value::Dict(pairs) => {
                check_depth(depth)?;
                let mut children = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let key = add_node(&mut nodes)?;
                    let val = add_node(&mut nodes)?;
                    children.push((key, val));
                    queue.push_back((k, key as usize, depth + 1));
                    queue.push_back((v, val as usize, depth + 1));
                }
                ValueNode::Dict(children)
            }
        };
        nodes[index] = node;
    }
    Ok(WireValue { nodes })
}

/// The node of a value that is not a container.
fn scalar_node(value: &Value) -> Option<ValueNode> {
    Some(match value {
        Value::None => ValueNode::None,
        Value::Bool(b) => ValueNode::Boolean(*b),
        Value::Int(i) => ValueNode::Int(*i),
        Value::BigInt(big) => match i64::try_from(big) {
            Ok(small) => ValueNode::Int(small),
            Err(_) => ValueNode::BigInt(big.to_string()),
        },
        Value::Float(f) => ValueNode::Float(*f),
        Value::Str(s) => ValueNode::Str(s.clone()),
        Value::Bytes(b) => ValueNode::Bytes(b.clone()),
        Value::List(_) | Value::Tuple(_) | Value::Dict(_) => return None,
    })
}

/// The value of a node that is not a container, or the node back.
fn scalar_value(node: ValueNode) -> Result<Result<Value, ValueNode>, ValueError> {
    Ok(Ok(match node {
        ValueNode::None => Value::None,
        ValueNode::Boolean(b) => Value::Bool(b),
        ValueNode::Int(i) => Value::Int(i),
        ValueNode::BigInt(text) => Value::int(parse_big_int(&text)?),
        ValueNode::Float(f) => Value::Float(f),
        ValueNode::Str(s) => Value::Str(s),
        ValueNode::Bytes(b) => Value::Bytes(b),
        container @ (ValueNode::List(_) | ValueNode::Tuple(_) | ValueNode::Dict(_)) => {
            return Ok(Err(container));
        }
    }))
}

fn check_depth(containers_above: usize) -> Result<(), ValueError> {
    if containers_above >= MAX_DEPTH {
        Err(ValueError::TooDeep)
    } else {
        Ok(())
    }
}

fn add_node(nodes: &mut Vec<ValueNode>) -> Result<u32, ValueError> {
    let index = u32::try_from(nodes.len())
        .map_err(|_| ValueError::Malformed("a value has at most 2^32 nodes".into()))?;
    nodes.push(ValueNode::None);
    Ok(index)
}

/// Decodes and validates a node list received from the guest.
pub(crate) fn decode(mut wire: WireValue) -> Result<Value, ValueError> {
    let count = wire.nodes.len();
    if count == 0 {
        return Err(ValueError::Malformed("no nodes".into()));
    }
    // A scalar (most arguments and results) needs no slots.
    if count == 1 {
        let node = wire.nodes.pop().expect("one node");
        match scalar_value(node)? {
            Ok(value) => return Ok(value),
            Err(container) => wire.nodes.push(container),
        }
    }
    let mut built = Decoder {
        slots: Vec::with_capacity(count),
        depth: vec![0; count],
    };
    built.slots.resize_with(count, || None);
    for (index, node) in wire.nodes.into_iter().enumerate().rev() {
        let value = built.node(index, node)?;
        built.slots[index] = Some(value);
    }
    if let Some(unused) = built.slots.iter().skip(1).position(Option::is_some) {
        return Err(ValueError::Malformed(format!(
            "node {} is not part of the value",
            unused + 1
        )));
    }
    Ok(built.slots[0].take().expect("the root was just built"))
}

/// The nodes built so far: `slots[i]` holds node `i`'s value until its parent takes it.
struct Decoder {
    slots: Vec<Option<Value>>,
    /// For each built node, the containers on its deepest path down: 0 for a scalar.
    depth: Vec<u16>,
}

impl Decoder {
    fn node(&mut self, index: usize, node: ValueNode) -> Result<Value, ValueError> {
        Ok(match scalar_value(node)? {
            Ok(value) => value,
            Err(ValueNode::List(children)) => Value::List(self.children(index, &children)?),
            Err(ValueNode::Tuple(children)) => Value::Tuple(self.children(index, &children)?),
            Err(ValueNode::Dict(pairs)) => {
                let mut items = Vec::with_capacity(pairs.len());
                for (key, value) in pairs {
                    let key = self.take(index, key)?;
                    let value = self.take(index, value)?;
                    items.push((key, value));
                }
                self.close(index)?;
                Value::Dict(items)
            }
            Err(_) => {
                return Err(ValueError::Malformed(
                    "a scalar taken for a container".into(),
                ));
            }
        })
    }

    fn children(&mut self, index: usize, children: &[u32]) -> Result<Vec<Value>, ValueError> {
        let items = children
            .iter()
            .map(|&child| self.take(index, child))
            .collect::<Result<_, _>>()?;
        self.close(index)?;
        Ok(items)
    }

    /// Takes child node `child` of container node `parent`.
    fn take(&mut self, parent: usize, child: u32) -> Result<Value, ValueError> {
        let c = child as usize;
        if c <= parent || c >= self.slots.len() {
            return Err(ValueError::Malformed(format!(
                "node {parent} refers to node {child}"
            )));
        }
        let value = self.slots[c].take().ok_or_else(|| {
            ValueError::Malformed(format!("node {child} is referred to more than once"))
        })?;
        self.depth[parent] = self.depth[parent].max(self.depth[c]);
        Ok(value)
    }

    /// Counts container `index` itself on top of its deepest child.
    fn close(&mut self, index: usize) -> Result<(), ValueError> {
        let depth = self.depth[index] + 1;
        if usize::from(depth) > MAX_DEPTH {
            return Err(ValueError::TooDeep);
        }
        self.depth[index] = depth;
        Ok(())
    }
}

/// Parses the decimal text of a big-int node: an optional `-` and ASCII digits.
fn parse_big_int(text: &str) -> Result<BigInt, ValueError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        let shown: String = text.chars().take(40).collect();
        return Err(ValueError::Malformed(format!(
            "big-int node holds {shown:?}"
        )));
    }
    BigInt::parse_bytes(text.as_bytes(), 10)
        .ok_or_else(|| ValueError::Malformed("big-int node does not parse".into()))
}

/// About how many bytes `value` takes in the guest's memory once lowered (the canonical ABI's
/// 16-byte nodes, their strings, bytes and indices), rounded up: what the host checks against
/// the room under the memory cap before handing the guest a value.
pub(crate) fn lowered_size(value: &WireValue) -> usize {
    use crate::bindings::mpsandbox::sandbox::types::ValueNode as N;
    value
        .nodes
        .iter()
        .map(|node| {
            16 + match node {
                N::BigInt(text) | N::Str(text) => text.len(),
                N::Bytes(bytes) => bytes.len(),
                N::List(items) | N::Tuple(items) => items.len() * 4,
                N::Dict(pairs) => pairs.len() * 8,
                _ => 0,
            }
        })
        .fold(16usize, usize::saturating_add)
}

/// Decodes a node list made from arbitrary bytes, as the guest could send it: an entry point
/// for `cargo xtask fuzz` (tests/fuzz), never for applications. Every byte string must give a
/// value or a [`ValueError`], never a panic.
#[doc(hidden)]
pub fn fuzz_decode(data: &[u8]) -> Result<Value, ValueError> {
    let mut bytes = data.iter().copied();
    let mut next = move || bytes.next().unwrap_or(0);
    let count = usize::from(next()) % 64;
    let mut nodes = Vec::with_capacity(count);
    for _ in 0..count {
        let small = |n: u8| u32::from(n) % 80;
        nodes.push(match next() % 11 {
            0 => ValueNode::None,
            1 => ValueNode::Boolean(next() & 1 == 1),
            2 => ValueNode::Int(i64::from_le_bytes(std::array::from_fn(|_| next()))),
            3 => ValueNode::BigInt(
                (0..next() % 40)
                    .map(|_| char::from(b'-' + next() % 14))
                    .collect(),
            ),
            4 => ValueNode::Float(f64::from_bits(u64::from_le_bytes(std::array::from_fn(
                |_| next(),
            )))),
            5 => ValueNode::Str(
                String::from_utf8_lossy(&(0..next() % 16).map(|_| next()).collect::<Vec<_>>())
                    .into_owned(),
            ),
            6 => ValueNode::Bytes((0..next() % 16).map(|_| next()).collect()),
            7 => ValueNode::List((0..next() % 6).map(|_| small(next())).collect()),
            8 => ValueNode::Tuple((0..next() % 6).map(|_| small(next())).collect()),
            9 => ValueNode::Dict(
                (0..next() % 4)
                    .map(|_| (small(next()), small(next())))
                    .collect(),
            ),
            _ => ValueNode::List(vec![small(next()), small(next())]),
        });
    }
    decode(WireValue { nodes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(nodes: Vec<ValueNode>) -> WireValue {
        WireValue { nodes }
    }

    fn sample() -> Value {
        Value::Dict(vec![
            (
                Value::from("a"),
                Value::List(vec![Value::Int(1), Value::from(u128::MAX), Value::None]),
            ),
            (
                Value::Tuple(vec![Value::Bool(true), Value::Float(1.5)]),
                Value::Bytes(b"\x00\xff".to_vec()),
            ),
            (Value::Int(-1), Value::Dict(vec![])),
            (Value::from("é"), Value::Tuple(vec![])),
        ])
    }

    #[test]
    fn round_trip() {
        let v = sample();
        let w = encode(&v).unwrap();
        assert!(matches!(w.nodes[0], ValueNode::Dict(_)));
        assert_eq!(decode(w).unwrap(), v);
        // One node each: scalars, and empty containers.
        for single in [
            Value::None,
            Value::Int(0),
            Value::from(""),
            Value::from(i128::MIN),
            Value::List(vec![]),
            Value::Tuple(vec![]),
            Value::Dict(vec![]),
        ] {
            let w = encode(&single).unwrap();
            assert_eq!(w.nodes.len(), 1);
            assert_eq!(decode(w).unwrap(), single);
        }
    }

    #[test]
    fn encode_orders_children_after_parents() {
        let w = encode(&sample()).unwrap();
        for (i, node) in w.nodes.iter().enumerate() {
            let children: Vec<u32> = match node {
                ValueNode::List(c) | ValueNode::Tuple(c) => c.clone(),
                ValueNode::Dict(p) => p.iter().flat_map(|&(k, v)| [k, v]).collect(),
                _ => vec![],
            };
            assert!(children.iter().all(|&c| c as usize > i));
        }
    }

    #[test]
    fn small_big_ints_are_normalised_both_ways() {
        let w = encode(&Value::BigInt(BigInt::from(3))).unwrap();
        assert!(matches!(w.nodes[0], ValueNode::Int(3)));
        let v = decode(wire(vec![ValueNode::BigInt("-42".into())])).unwrap();
        assert!(matches!(v, Value::Int(-42)));
        let v = decode(wire(vec![ValueNode::BigInt("-9223372036854775809".into())])).unwrap();
        assert!(matches!(v, Value::BigInt(_)));
        assert_eq!(v.to_string(), "-9223372036854775809");
    }

    fn malformed(nodes: Vec<ValueNode>) -> String {
        match decode(wire(nodes)) {
            Err(ValueError::Malformed(m)) => m,
            other => panic!("expected a malformed-value error, got {other:?}"),
        }
    }

    #[test]
    fn malformed_lists_are_refused() {
        assert_eq!(malformed(vec![]), "no nodes");
        assert_eq!(
            malformed(vec![ValueNode::List(vec![1])]),
            "node 0 refers to node 1"
        );
        assert_eq!(
            malformed(vec![ValueNode::List(vec![0])]),
            "node 0 refers to node 0"
        );
        assert_eq!(
            malformed(vec![ValueNode::None, ValueNode::List(vec![0])]),
            "node 1 refers to node 0"
        );
        assert_eq!(
            malformed(vec![ValueNode::List(vec![1, 1]), ValueNode::None]),
            "node 1 is referred to more than once"
        );
        assert_eq!(
            malformed(vec![ValueNode::Dict(vec![(1, u32::MAX)]), ValueNode::None]),
            "node 0 refers to node 4294967295"
        );
        assert_eq!(
            malformed(vec![ValueNode::List(vec![]), ValueNode::None]),
            "node 1 is not part of the value"
        );
        for text in ["", "-", "+1", "1_000", "12a", " 1"] {
            assert!(malformed(vec![ValueNode::BigInt(text.into())]).starts_with("big-int node"));
        }
    }

    /// A chain of `depth` single-item lists around `None`.
    fn chain(depth: usize) -> Vec<ValueNode> {
        let mut nodes: Vec<ValueNode> = (0..depth)
            .map(|i| ValueNode::List(vec![i as u32 + 1]))
            .collect();
        nodes.push(ValueNode::None);
        nodes
    }

    #[test]
    fn depth_is_limited_both_ways() {
        let ok = decode(wire(chain(MAX_DEPTH))).unwrap();
        assert_eq!(encode(&ok).unwrap().nodes.len(), MAX_DEPTH + 1);
        assert_eq!(decode(wire(chain(MAX_DEPTH + 1))), Err(ValueError::TooDeep));
        // A deep hostile list is refused without recursion (and without overflowing).
        assert_eq!(decode(wire(chain(1_000_000))), Err(ValueError::TooDeep));

        let mut deep = Value::None;
        for _ in 0..MAX_DEPTH + 1 {
            deep = Value::List(vec![deep]);
        }
        assert_eq!(encode(&deep).map(|_| ()), Err(ValueError::TooDeep));
        // Unwrap iteratively so that dropping `deep` is not what this test measures.
        while let Value::List(mut items) = deep {
            deep = items.pop().unwrap();
        }
    }

    #[test]
    fn a_dict_key_counts_for_depth() {
        // {(((...),),): None} with the key holding MAX_DEPTH - 1 tuples: 512 levels, fine;
        // one more is too deep.
        let build = |key_depth: usize| {
            // Node 0 is the dict, node 1 the key's outermost tuple, node 2 the value; the
            // key's other tuples follow from node 3, then the innermost None.
            let positions: Vec<u32> = std::iter::once(1).chain(3..key_depth as u32 + 2).collect();
            let leaf = key_depth as u32 + 2;
            let mut nodes: Vec<ValueNode> = (0..=leaf).map(|_| ValueNode::None).collect();
            nodes[0] = ValueNode::Dict(vec![(1, 2)]);
            for (j, &p) in positions.iter().enumerate() {
                let child = positions.get(j + 1).copied().unwrap_or(leaf);
                nodes[p as usize] = ValueNode::Tuple(vec![child]);
            }
            wire(nodes)
        };
        assert!(decode(build(MAX_DEPTH - 1)).is_ok());
        assert_eq!(decode(build(MAX_DEPTH)), Err(ValueError::TooDeep));
    }
}
