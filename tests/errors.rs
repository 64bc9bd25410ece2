//! Python errors as typed errors: syntax errors with their line, exceptions with their type,
//! message and traceback, `sys.exit` with its code. Their texts are snapshots.

use crate::{eval, exec_err, session};
use mpsandbox::Error;

#[test]
fn syntax_errors_have_a_line() {
    let mut s = session();
    let cases = [
        ("x = = 1", 1, "SyntaxError"),
        ("a = 1\nb = 2\nc = (3 +\n", 3, "SyntaxError"),
        // MicroPython calls a missing indent a SyntaxError (CPython: IndentationError).
        ("def f():\nreturn 1", 2, "SyntaxError"),
        ("if True:\n    x = 1\n      y = 2", 3, "IndentationError"),
        ("x = 1\n\nfor in range(3): pass", 3, "SyntaxError"),
    ];
    for (code, line, type_name) in cases {
        let e = exec_err(&mut s, code);
        let Error::Syntax(syntax) = &e else {
            panic!("{code:?}: expected a syntax error, got {e}")
        };
        assert_eq!(
            (syntax.line, syntax.type_name.as_str()),
            (line, type_name),
            "{code:?}: {e}"
        );
        assert_eq!(
            syntax.text.as_deref(),
            code.lines().nth(line as usize - 1),
            "{code:?}"
        );
    }
    // Nothing ran: not even the lines before the error.
    let e = exec_err(&mut s, "ran = True\nx = = 1");
    assert!(matches!(e, Error::Syntax(_)));
    assert_eq!(
        eval(&mut s, "'ran' in globals()"),
        mpsandbox::Value::Bool(false)
    );
}

/// The parser skips rules that cannot start with the current token (their FIRST sets,
/// `patches/0110`); it must still reject the same inputs at the same token. Each case fails
/// where a rule is skipped: a missing mandatory part after tokens were eaten, an optional
/// part absent, a list ending after its separator, an `or` with no alternative left. The
/// lines and messages are MicroPython's own, recorded before the change.
#[test]
fn parser_errors_at_their_token() {
    // (code, line) of `SyntaxError: invalid syntax`
    let invalid = [
        ("x = (1,\n     2,\n     ,3)", 3),
        ("def f(a,\n      b\n      c):\n    pass", 3),
        ("def f(a):\n    return a +\n", 2),
        ("class C:\n    def m(self):\n        pass\n    x = = 1", 4),
        (
            "for i in range(3):\n    if i:\n        continue\n    else\n        break",
            4,
        ),
        ("try:\n    pass\nexcept ValueError as:\n    pass", 3),
        (
            "try:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally pass",
            7,
        ),
        ("try:\n    pass\nx = 1", 3),
        ("while True:\n    x = [i for i in\n         range(3) if]", 3),
        ("import os\nfrom os import (path,\n    sep,,\n)", 3),
        ("import a,", 1),
        ("x = {\n  'a': 1,\n  'b' 2,\n}", 3),
        ("x = {\n  **a,\n  **,\n}", 3),
        ("f(\n  a=1,\n  b=,\n)", 3),
        ("s = x[\n  1:\n  2:\n  3:\n]", 4),
        ("@decorator(\n  1,\n)\nclass\nC: pass", 4),
        ("@dec\nx = 1", 2),
        ("if a:\n    pass\nelif b\n    pass", 3),
        ("if 1: pass\nelse if 2: pass", 2),
        ("lambda x,\\\n  y z: 1", 2),
        ("x = (yield\n     from)", 2),
        ("async def f():\n    await\n", 2),
        ("x = [\n  1,\n  2\n  3\n]", 4),
        ("x = not\\\n  not\\\n  ", 2),
        ("x = a is not", 1),
        ("x = 1 if 2", 1),
        ("x.__debug__", 1),
        ("x: = 1", 1),
        ("(x := )", 1),
        ("def f(a, *b, c=, d):\n    pass", 1),
    ];
    // (code, line, message) of IndentationError
    let unindent = "unindent doesn't match any outer indent level";
    let indentation = [
        ("x = 1\ny = 2\n  z = 3", 3, "unexpected indent"),
        ("del a,\n  b,\n  *", 2, "unexpected indent"),
        ("if a:\n        x = 1\n    y = 2", 2, unindent),
        ("def f():\n    '''doc'''\n    return\n  x", 3, unindent),
    ];
    let syntax = invalid
        .iter()
        .map(|&(code, line)| (code, line, "SyntaxError", "invalid syntax"));
    let indent = indentation
        .iter()
        .map(|&(code, line, message)| (code, line, "IndentationError", message));
    let mut s = session();
    for (code, line, type_name, message) in syntax.chain(indent) {
        let e = exec_err(&mut s, code);
        let Error::Syntax(syntax) = &e else {
            panic!("{code:?}: expected a syntax error, got {e}")
        };
        assert_eq!(
            (
                syntax.line,
                syntax.type_name.as_str(),
                syntax.message.as_str()
            ),
            (line, type_name, message),
            "{code:?}: {e}"
        );
    }
}

#[test]
fn syntax_error_texts() {
    let mut s = session();
    let texts: Vec<String> = ["x = = 1", "def f():\nreturn 1", "print('a'\n"]
        .iter()
        .map(|code| exec_err(&mut s, code).to_string())
        .collect();
    insta::assert_snapshot!(texts.join("\n---\n"));
}

#[test]
fn exceptions_have_type_message_and_traceback() {
    let mut s = session();
    let e = exec_err(
        &mut s,
        "def inner(d):\n    return d['missing']\n\ndef outer():\n    return inner({})\n\nouter()",
    );
    let Error::Exception(ex) = &e else {
        panic!("expected an exception, got {e}")
    };
    assert_eq!(ex.type_name, "KeyError");
    // MicroPython's str(KeyError(k)) has no quotes (CPython: "'missing'").
    assert_eq!(ex.message, "missing");
    assert!(
        ex.traceback.trim_end().ends_with("KeyError: missing"),
        "{}",
        ex.traceback
    );
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn exception_texts() {
    let mut s = session();
    let codes = [
        "1 / 0",
        "raise ValueError('bad value', 42)",
        "class AppError(Exception):\n    pass\nraise AppError('custom')",
        "raise RuntimeError",
        "[].pop()",
        "undefined_name",
        "int('x')",
        "assert 1 == 2, 'math'",
        "import nosuchmodule",
        "def f(n):\n    return f(n + 1)\nf(0)",
    ];
    let texts: Vec<String> = codes
        .iter()
        .map(|code| {
            let e = exec_err(&mut s, code);
            assert!(matches!(e, Error::Exception(_)), "{code:?}: {e}");
            format!("# {}\n{e}", code.replace('\n', "\n# "))
        })
        .collect();
    insta::assert_snapshot!(texts.join("\n\n"));
}

#[test]
fn sys_exit_reports_its_code() {
    let mut s = session();
    let cases = [
        ("import sys\nsys.exit(3)", 3),
        ("import sys\nsys.exit()", 0),
        ("import sys\nsys.exit(0)", 0),
        ("raise SystemExit(7)", 7),
        ("exit(5)", 5),
        ("import sys\nsys.exit(True)", 1),
    ];
    for (code, status) in cases {
        match exec_err(&mut s, code) {
            Error::Exit(got) => assert_eq!(got, status, "{code:?}"),
            other => panic!("{code:?}: expected an exit, got {other}"),
        }
    }
    // A message instead of a code: exit status 1, the message on stderr (as Python does).
    let e = s.exec("import sys\nsys.exit('goodbye')").unwrap_err();
    assert!(matches!(e.error, Error::Exit(1)), "{}", e.error);
    assert_eq!(e.run.stderr, "goodbye\n");
    // Catchable like any exception, and the session stays usable.
    assert_eq!(
        eval(
            &mut s,
            "import sys\ntry:\n    sys.exit(2)\nexcept SystemExit as e:\n    r = e.args\nr"
        ),
        mpsandbox::Value::Tuple(vec![2.into()])
    );
}

#[test]
fn lone_surrogates_in_exception_texts_are_escaped() {
    let mut s = session();
    let e = exec_err(&mut s, "raise ValueError('bad ' + chr(0xD800) + ' text')");
    let Error::Exception(ex) = &e else {
        panic!("expected an exception, got {e}")
    };
    assert_eq!(ex.message, "bad \\ud800 text");
    assert!(
        ex.traceback
            .trim_end()
            .ends_with("ValueError: bad \\ud800 text"),
        "{}",
        ex.traceback
    );
    let e = exec_err(&mut s, "raise type('E' + chr(0xDFFF), (Exception,), {})()");
    let Error::Exception(ex) = &e else {
        panic!("expected an exception, got {e}")
    };
    assert_eq!(ex.type_name, "E\\udfff");
    // The session was kept.
    assert_eq!(eval(&mut s, "1 + 1"), mpsandbox::Value::Int(2));
}

#[test]
fn an_unprintable_exception_keeps_its_type_in_the_traceback() {
    let mut s = session();
    let e = exec_err(
        &mut s,
        "class Unprintable(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\nraise Unprintable()",
    );
    let Error::Exception(ex) = &e else {
        panic!("expected an exception, got {e}")
    };
    assert_eq!(ex.type_name, "Unprintable");
    assert_eq!(ex.message, "<exception str() failed>");
    assert!(
        ex.traceback
            .trim_end()
            .ends_with("Unprintable: <exception str() failed>"),
        "{}",
        ex.traceback
    );
}
