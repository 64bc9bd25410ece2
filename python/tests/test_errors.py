"""Each error class, with what it carries; the session survives Python errors."""

import pytest

import mpsandbox


def test_syntax_error(session):
    with pytest.raises(mpsandbox.SandboxSyntaxError) as error:
        session.exec("x = 1\ny = (")
    e = error.value
    assert e.type_name == "SyntaxError"
    assert e.line == 2
    assert isinstance(e, mpsandbox.SandboxError)
    assert session.exec("1 + 1").value == 2


def test_exception_carries_type_message_traceback_and_output(session):
    session.exec("def boom():\n    raise ValueError('bad thing')")
    with pytest.raises(mpsandbox.SandboxException) as error:
        session.exec("print('before')\nboom()")
    e = error.value
    assert e.type_name == "ValueError"
    assert e.message == "bad thing"
    assert "Traceback" in e.traceback and "boom" in e.traceback
    assert e.stdout == "before\n"
    assert "ValueError: bad thing" in str(e)
    assert session.exec("2").value == 2


def test_exception_from_call(session):
    session.exec("def div(a, b):\n    return a / b")
    with pytest.raises(mpsandbox.SandboxException) as error:
        session.call("div", 1, 0)
    assert error.value.type_name == "ZeroDivisionError"


def test_call_of_missing_name(session):
    with pytest.raises(mpsandbox.SandboxException) as error:
        session.call("nothing_here")
    assert error.value.type_name == "NameError"


def test_system_exit(session):
    with pytest.raises(mpsandbox.SystemExitError) as error:
        session.exec("import sys\nprint('bye')\nsys.exit(3)")
    assert error.value.code == 3
    assert error.value.stdout == "bye\n"
    assert session.exec("5").value == 5


def test_errors_are_sandbox_errors():
    for cls in (
        mpsandbox.SandboxSyntaxError,
        mpsandbox.SandboxException,
        mpsandbox.SystemExitError,
        mpsandbox.LimitExceeded,
        mpsandbox.SessionLost,
        mpsandbox.SandboxValueError,
        mpsandbox.SandboxConfigError,
        mpsandbox.SessionBusyError,
        mpsandbox.SessionClosedError,
    ):
        assert issubclass(cls, mpsandbox.SandboxError)


def test_closed_session(sandbox):
    session = sandbox.session()
    session.close()
    session.close()
    assert session.closed
    with pytest.raises(mpsandbox.SessionClosedError):
        session.exec("1")


def test_context_manager_closes(sandbox):
    with sandbox.session() as session:
        assert session.exec("1").value == 1
    assert session.closed


def test_bad_options():
    with pytest.raises(TypeError, match="unexpected session option"):
        mpsandbox.Session(memroy="1MiB")
    with pytest.raises(ValueError, match="unknown size unit"):
        mpsandbox.Session(memory="12 parsecs")
    with pytest.raises(ValueError, match="timeout"):
        mpsandbox.Session(timeout=-1)
    with pytest.raises(ValueError, match="fuel"):
        mpsandbox.Sandbox(pool_size=0).session(fuel=100)
    with pytest.raises(mpsandbox.SandboxConfigError):
        mpsandbox.Session(allow_http=["http://example.com/path"])
    with pytest.raises(mpsandbox.SandboxConfigError):
        mpsandbox.Session(root_certificates="not a certificate")
    with pytest.raises(mpsandbox.SandboxConfigError):
        mpsandbox.Session(dirs=[("/nonexistent/dir/for/sure", "/data")])
    with pytest.raises(ValueError, match="identifier"):
        mpsandbox.Session(host_functions={"not a name": print})
