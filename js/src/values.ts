/**
 * Python values on the JavaScript side, and their conversion to and from the component's
 * flat value tree (`mpsandbox:sandbox/types.value`).
 *
 * | Python | JavaScript (out of Python) | JavaScript accepted (into Python) |
 * |---|---|---|
 * | `None` | `null` | `null`, `undefined` |
 * | `bool` | `boolean` | `boolean` |
 * | `int` | `number` when it is a safe integer (abs < 2^53), else `bigint` | `bigint`; a `number` that is an integer |
 * | `float` | `number` | a `number` that is not an integer (NaN, Infinity too); `new Float(x)` for any number |
 * | `str` | `string` | `string` |
 * | `bytes` | `Uint8Array` | `Uint8Array`, `ArrayBuffer`, other typed arrays (their bytes) |
 * | `list` | `Array` | `Array` |
 * | `tuple` | `Tuple` (an `Array` subclass) | `Tuple` (`Tuple.of(1, 2)`) |
 * | `dict` | `Map` (keys are values: numbers, strings, tuples...) | `Map`, or a plain object (string keys) |
 *
 * Anything else (a function, a class instance, a symbol) is refused with an
 * {@link InvalidValueError} naming its type.
 * @module
 */

import { InvalidValueError } from "./errors.js";
import type { Value as WireValue, ValueNode } from "./gen/interfaces/mpsandbox-sandbox-types.js";

export type { WireValue };

/** A Python tuple: an `Array` whose class tells it apart from a list. */
export class Tuple<T = PyValue> extends Array<T> {
  /** Makes a tuple of the given items (`Tuple.of(1, "a")`). */
  static override of<T>(...items: T[]): Tuple<T> {
    const tuple = new Tuple<T>();
    tuple.push(...items);
    return tuple;
  }
}

/** A number that must cross as a Python `float` even when it is an integer (`Float(2)` is `2.0`). */
export class Float {
  /** @param value the number. */
  constructor(readonly value: number) {}
}

/** A Python value in JavaScript form (see the table in this module's documentation). */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | Tuple
  | Map<PyValue, PyValue>;

/** What JavaScript may pass into Python: a {@link PyValue} and the friendlier forms beside it. */
export type PyInput =
  | PyValue
  | undefined
  | Float
  | ArrayBuffer
  | ArrayBufferView
  | PyInput[]
  | Map<PyInput, PyInput>
  | { [key: string]: PyInput };

/** Deepest nesting accepted in either direction (the guest refuses deeper trees too). */
export const MAX_DEPTH = 1000;

/** Converts a JavaScript value to the component's value tree. */
export function toWire(input: PyInput): WireValue {
  const nodes: ValueNode[] = [];
  const seen = new Set<object>();
  const add = (value: PyInput, depth: number): number => {
    const index = nodes.length;
    if (depth > MAX_DEPTH) {
      throw new InvalidValueError(`value nested deeper than ${MAX_DEPTH} levels`);
    }
    if (value === null || value === undefined) {
      nodes.push({ tag: "none" });
      return index;
    }
    switch (typeof value) {
      case "boolean":
        nodes.push({ tag: "boolean", val: value });
        return index;
      case "number":
        nodes.push(numberNode(value));
        return index;
      case "bigint":
        nodes.push(intNode(value));
        return index;
      case "string":
        nodes.push({ tag: "str", val: value });
        return index;
      case "object":
        break;
      default:
        throw new InvalidValueError(`a JavaScript ${typeof value} has no Python form`);
    }
    if (value instanceof Float) {
      nodes.push({ tag: "float", val: value.value });
      return index;
    }
    if (value instanceof Uint8Array) {
      nodes.push({ tag: "bytes", val: new Uint8Array(value) });
      return index;
    }
    if (value instanceof ArrayBuffer) {
      nodes.push({ tag: "bytes", val: new Uint8Array(value.slice(0)) });
      return index;
    }
    if (ArrayBuffer.isView(value)) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      nodes.push({ tag: "bytes", val: new Uint8Array(bytes) });
      return index;
    }
    if (seen.has(value)) {
      throw new InvalidValueError("a cyclic value has no Python form");
    }
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        const node: ValueNode =
          value instanceof Tuple
            ? { tag: "tuple", val: new Uint32Array(value.length) }
            : { tag: "list", val: new Uint32Array(value.length) };
        nodes.push(node);
        value.forEach((item, i) => {
          node.val[i] = add(item, depth + 1);
        });
        return index;
      }
      const entries: Array<[PyInput, PyInput]> =
        value instanceof Map
          ? [...value.entries()]
          : isPlainObject(value)
            ? Object.entries(value)
            : refuse(value);
      const pairs: Array<[number, number]> = [];
      nodes.push({ tag: "dict", val: pairs });
      for (const [key, item] of entries) {
        pairs.push([add(key, depth + 1), add(item, depth + 1)]);
      }
      return index;
    } finally {
      seen.delete(value);
    }
  };
  add(input, 0);
  return { nodes };
}

function numberNode(value: number): ValueNode {
  if (Number.isInteger(value)) {
    return Number.isSafeInteger(value) ? { tag: "int", val: BigInt(value) } : intNode(BigInt(value));
  }
  return { tag: "float", val: value };
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

function intNode(value: bigint): ValueNode {
  return value >= I64_MIN && value <= I64_MAX
    ? { tag: "int", val: value }
    : { tag: "big-int", val: value.toString() };
}

function isPlainObject(value: object): value is { [key: string]: PyInput } {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function refuse(value: object): never {
  const name = value.constructor?.name ?? "object";
  throw new InvalidValueError(`a JavaScript ${name} has no Python form`);
}

/** Converts the component's value tree to JavaScript. */
export function fromWire(wire: WireValue): PyValue {
  const { nodes } = wire;
  const get = (index: number, parent: number, depth: number): PyValue => {
    if (index <= parent || index >= nodes.length) {
      throw new InvalidValueError(`value node ${index} is out of order (parent ${parent})`);
    }
    if (depth > MAX_DEPTH) {
      throw new InvalidValueError(`value nested deeper than ${MAX_DEPTH} levels`);
    }
    const node = nodes[index]!;
    switch (node.tag) {
      case "none":
        return null;
      case "boolean":
      case "float":
      case "str":
        return node.val;
      case "bytes":
        return node.val;
      case "int":
        return narrow(node.val);
      case "big-int":
        return narrow(parseBigInt(node.val));
      case "list":
        return Array.from(node.val, (child) => get(child, index, depth + 1));
      case "tuple":
        return Tuple.of(...Array.from(node.val, (child) => get(child, index, depth + 1)));
      case "dict": {
        const map = new Map<PyValue, PyValue>();
        for (const [key, item] of node.val) {
          map.set(get(key, index, depth + 1), get(item, index, depth + 1));
        }
        return map;
      }
    }
  };
  if (nodes.length === 0) {
    throw new InvalidValueError("empty value tree");
  }
  return get(0, -1, 0);
}

function parseBigInt(text: string): bigint {
  if (!/^-?[0-9]+$/.test(text)) {
    throw new InvalidValueError(`malformed big integer ${JSON.stringify(text.slice(0, 40))}`);
  }
  return BigInt(text);
}

function narrow(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}
