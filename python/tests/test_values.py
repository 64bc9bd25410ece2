"""Values cross the boundary as native Python values, both ways."""

import math

import pytest

import mpsandbox

SAMPLES = [
    None,
    True,
    False,
    0,
    -7,
    2**63 - 1,
    -(2**63),
    2**64,
    -(3**200),
    1.5,
    -0.0,
    float("inf"),
    "",
    "héllo ✓",
    b"",
    b"\x00\xffbytes",
    [],
    [1, [2, [3, []]]],
    (),
    (1, "two", (3.0,)),
    {},
    {"a": 1, 2: [3], (4, 5): {"x": None}},
]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_values_round_trip_through_call(session, value):
    session.exec("def echo(x):\n    return x")
    out = session.call("echo", value).value
    assert out == value
    assert type(out) is type(value)


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_values_come_back_from_exec(session, value):
    result = session.exec(repr(value) if not isinstance(value, float) or math.isfinite(value) else "float('inf')")
    assert result.value == value
    assert type(result.value) is type(value)


def test_nan_crosses(session):
    assert math.isnan(session.exec("float('nan')").value)


def test_big_ints_compute_inside(session):
    assert session.exec("2**200 + 1").value == 2**200 + 1
    session.exec("def square(n):\n    return n * n")
    assert session.call("square", 10**40).value == 10**80


def test_bytearray_enters_as_bytes(session):
    session.exec("def kind(x):\n    return type(x).__name__")
    assert session.call("kind", bytearray(b"ab")).value == "bytes"


def test_keyword_arguments(session):
    session.exec("def f(a, b=2, *, c=3):\n    return [a, b, c]")
    assert session.call("f", 1, c=30).value == [1, 2, 30]
    assert session.call("f", a=5, b=6).value == [5, 6, 3]


def test_unconvertible_argument_is_a_type_error(session):
    session.exec("def f(x):\n    return x")
    with pytest.raises(TypeError, match="function"):
        session.call("f", lambda: 1)
    with pytest.raises(TypeError, match="set"):
        session.call("f", {1, 2})
    assert session.call("f", 1).value == 1


def test_self_containing_value_is_refused(session):
    session.exec("def f(x):\n    return x")
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="deep"):
        session.call("f", loop)


def test_unconvertible_result(session):
    result = session.exec("len")
    assert result.value is None
    assert "function" in result.repr
    session.exec("def f():\n    return object()")
    with pytest.raises(mpsandbox.SandboxException) as error:
        session.call("f")
    assert error.value.type_name == "TypeError"


def test_statement_has_no_value(session):
    result = session.exec("x = 1")
    assert result.value is None and result.repr is None
    result = session.exec("None")
    assert result.value is None and result.repr == "None"


def test_state_persists(session):
    session.exec("x = 41")
    session.exec("x += 1")
    assert session.exec("x").value == 42
    other = session.sandbox.session()
    with pytest.raises(mpsandbox.SandboxException, match="NameError"):
        other.exec("x")
