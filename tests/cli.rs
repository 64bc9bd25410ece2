//! The `mpsandbox` command end to end: exit statuses, output, `--json`, files, stdin scripts.

use crate::{cli, redact_usage};

#[test]
fn snippets_run_in_one_session() {
    let run = cli(&["-c", "x = 41", "-c", "x += 1", "-c", "print(x)"], "");
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "42\n", "")
    );
}

#[test]
fn output_goes_to_the_right_stream() {
    let run = cli(
        &[
            "-c",
            "import sys\nprint('out')\nprint('err', file=sys.stderr)\n'not printed'",
        ],
        "",
    );
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "out\n", "err\n")
    );
}

#[test]
fn an_exception_prints_its_traceback_and_exits_1() {
    let run = cli(
        &[
            "-c",
            "print('before')",
            "-c",
            "def f():\n    1 / 0\nf()",
            "-c",
            "print('never')",
        ],
        "",
    );
    assert_eq!(run.status, Some(1));
    assert_eq!(run.stdout, "before\n");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_syntax_error_exits_1() {
    let run = cli(&["-c", "x = (1,\ny = 2"], "");
    assert_eq!(run.status, Some(1));
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn sys_exit_sets_the_status_and_ends_the_run() {
    let run = cli(
        &[
            "-c",
            "print('a')",
            "-c",
            "import sys; sys.exit(3)",
            "-c",
            "print('b')",
        ],
        "",
    );
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(3), "a\n", "")
    );
    let run = cli(&["-c", "raise SystemExit(0)", "-c", "print('b')"], "");
    assert_eq!((run.status, run.stdout.as_str()), (Some(0), ""));
    let run = cli(
        &[
            "--keep-going",
            "-c",
            "1/0",
            "-c",
            "import sys; sys.exit(5)",
            "-c",
            "print('b')",
        ],
        "",
    );
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (Some(1), ""),
        "the first failure decides; exit ends the run"
    );
}

#[test]
fn keep_going_runs_every_snippet() {
    let run = cli(
        &[
            "--keep-going",
            "-c",
            "x = 1",
            "-c",
            "x = = 2",
            "-c",
            "print(x)",
            "-c",
            "1/0",
            "-c",
            "print('end')",
        ],
        "",
    );
    assert_eq!(run.status, Some(1));
    assert_eq!(run.stdout, "1\nend\n");
    assert!(
        run.stderr.contains("SyntaxError") && run.stderr.contains("ZeroDivisionError"),
        "{}",
        run.stderr
    );
    // Without it, the run stops at the first failure.
    let run = cli(&["-c", "x = = 2", "-c", "print('not run')"], "");
    assert_eq!((run.status, run.stdout.as_str()), (Some(1), ""));
}

#[test]
fn files_run() {
    let dir = std::env::temp_dir().join(format!("mpsandbox-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("script.py");
    std::fs::write(
        &file,
        "def greet(n):\n    return 'hello ' + n\n\nprint(greet('file'))\n",
    )
    .unwrap();
    let run = cli(&[file.to_str().unwrap()], "");
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "hello file\n", "")
    );
    std::fs::write(&file, "import sys\nprint('partial')\nsys.exit(7)\n").unwrap();
    let run = cli(&[file.to_str().unwrap()], "");
    assert_eq!((run.status, run.stdout.as_str()), (Some(7), "partial\n"));
    std::fs::write(&file, b"\xff\xfe not utf-8").unwrap();
    let run = cli(&[file.to_str().unwrap()], "");
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    let run = cli(&[dir.join("missing.py").to_str().unwrap()], "");
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("missing.py"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_script_on_stdin_runs() {
    let run = cli(
        &[],
        "total = 0\nfor i in range(5):\n    total += i\n\nprint(total)\nimport sys\nsys.exit(total)\n",
    );
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(10), "10\n", "")
    );
    let run = cli(&["-"], "print('dash')");
    assert_eq!((run.status, run.stdout.as_str()), (Some(0), "dash\n"));
    let run = cli(&[], "raise ValueError('from stdin')\n");
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.ends_with("ValueError: from stdin\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_reports_each_snippet() {
    let run = cli(
        &[
            "--json",
            "--keep-going",
            "-c",
            "x = [1, 2**70, 'é', None, (True, 1.5), {'k': b'\\x01'}]",
            "-c",
            "import sys\nprint('out')\nprint('err', file=sys.stderr)\nx",
            "-c",
            "len",
            "-c",
            "x = (",
            "-c",
            "print('partial')\n{}['k']",
            "-c",
            "import sys\nsys.exit(4)",
        ],
        "",
    );
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr, "", "with --json, everything is in the JSON");
    assert_eq!(run.stdout.lines().count(), 6, "{}", run.stdout);
    insta::assert_snapshot!(redact_usage(&run.stdout));
}

#[test]
fn json_errors_keep_their_status() {
    let run = cli(&["--json", "-c", "import sys; sys.exit(9)"], "");
    assert_eq!(run.status, Some(9));
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(
        line["error"],
        serde_json::json!({"kind": "exit", "code": 9})
    );
}

#[test]
fn a_script_with_blocks_runs_from_stdin() {
    // Read whole and run as one snippet, like a file.
    let run = cli(
        &[],
        "def sq(n):\n    return n * n\n\nvalues = [sq(i) for i in range(4)]\nprint(values)\n",
    );
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "[0, 1, 4, 9]\n", "")
    );
}

#[test]
fn precompile_fills_the_cache() {
    let dir = std::env::temp_dir().join(format!("mpsandbox-cache-test-{}", std::process::id()));
    let run = |dir: &std::path::Path| {
        std::process::Command::new(crate::cli_path())
            .arg("--precompile")
            .env("MPSANDBOX_CACHE_DIR", dir)
            .env("RUST_LIB_BACKTRACE", "0")
            .output()
            .unwrap()
    };
    let first = run(&dir);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).starts_with("compiled component cached: "));
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].to_string_lossy().ends_with(".cwasm"));
    let second = run(&dir);
    assert_eq!(second.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&second.stdout).starts_with("compiled component already cached: ")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_timeout_exits_3_naming_the_limit_and_keep_going_keeps_the_state() {
    let run = cli(
        &[
            "--timeout",
            "200ms",
            "--keep-going",
            "-c",
            "x = 1",
            "-c",
            "x = 2\nwhile True:\n    x += 1",
            "-c",
            "print(x > 2)",
        ],
        "",
    );
    assert_eq!(run.status, Some(3), "{}", run.stderr);
    assert_eq!(run.stdout, "True\n");
    assert!(
        run.stderr
            .contains("mpsandbox: time limit of 200 ms exceeded"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_memory_cap_exits_3_naming_the_limit() {
    let run = cli(&["--memory", "16MiB", "-c", "b = bytearray(10**9)"], "");
    assert_eq!(run.status, Some(3), "{}", run.stderr);
    assert!(run.stderr.contains("MemoryError"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("mpsandbox: memory limit of 16 MiB exceeded"),
        "{}",
        run.stderr
    );
    // Under the cap, the same session goes on.
    let run = cli(
        &[
            "--memory",
            "16MiB",
            "--keep-going",
            "-c",
            "b = bytearray(10**9)",
            "-c",
            "print('alive')",
        ],
        "",
    );
    assert_eq!((run.status, run.stdout.as_str()), (Some(3), "alive\n"));
}

#[test]
fn fuel_and_output_limits_and_json_usage() {
    let run = cli(
        &[
            "--json",
            "--fuel",
            "2000000",
            "--keep-going",
            "-c",
            "x = 5",
            "-c",
            "while True:\n    pass",
        ],
        "",
    );
    assert_eq!(run.status, Some(3), "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines[0]["usage"]["fuel"].as_u64().unwrap() > 0,
        "{}",
        run.stdout
    );
    assert!(lines[0]["usage"]["memory_bytes"].as_u64().unwrap() > 0);
    assert!(lines[0]["usage"]["wall_ms"].as_f64().is_some());
    let error = &lines[1]["error"];
    assert_eq!(error["kind"], "limit");
    assert_eq!(error["limit"], "fuel");
    assert_eq!(error["value"], 2000000);
    assert_eq!(error["exception"]["type"], "KeyboardInterrupt");

    let run = cli(&["--max-output", "1KiB", "-c", "print('x' * 5000)"], "");
    assert_eq!(run.status, Some(0));
    assert_eq!(run.stdout.len(), 1024);
    assert!(
        run.stderr.contains("cut at the output limit (1 KiB)"),
        "{}",
        run.stderr
    );

    // A lost session in JSON names the limit.
    let run = cli(
        &["--json", "--timeout", "50ms", "-c", "x = 7 ** (10**7)"],
        "",
    );
    assert_eq!(run.status, Some(3), "{}", run.stderr);
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(line["error"]["kind"], "session_lost");
    assert_eq!(line["error"]["limit"], "time");
    assert_eq!(line["error"]["value"], 50);
}

#[test]
fn bad_limit_values_are_usage_errors() {
    for args in [
        &["--timeout", "soon", "-c", "1"][..],
        &["--memory", "12 parsecs", "-c", "1"],
        &["--fuel", "-5", "-c", "1"],
        // Below what the interpreter needs to start: a usage error, not an internal one.
        &["--memory", "1MiB", "-c", "1"],
        &["--memory", "0", "-c", "1"],
    ] {
        let run = cli(args, "");
        assert_eq!(run.status, Some(2), "{args:?}: {}", run.stderr);
    }
    assert_eq!(cli(&["--memory", "4MiB", "-c", "1"], "").status, Some(0));
}

#[test]
fn a_seed_makes_runs_reproducible() {
    let code = "import random, time\nprint(random.random(), random.getrandbits(32), time.time())";
    let a = cli(&["--seed", "11", "-c", code], "");
    let b = cli(&["--seed", "11", "-c", code], "");
    let c = cli(&["--seed", "12", "-c", code], "");
    assert_eq!((a.status, a.stderr.as_str()), (Some(0), ""));
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    assert!(
        a.stdout.trim_end().ends_with(" 1704067200.0"),
        "{}",
        a.stdout
    );
    let run = cli(&["--seed", "x", "-c", "1"], "");
    assert_eq!(run.status, Some(2));
}

#[test]
fn the_host_environment_and_arguments_are_not_visible() {
    let out = std::process::Command::new(crate::cli_path())
        .args([
            "-c",
            "import sys\nprint(sys.argv, sys.path, sys.implementation)",
        ])
        .env("RUST_LIB_BACKTRACE", "0")
        .env("MPSANDBOX_TEST_SECRET", "hunter2")
        .output()
        .expect("the CLI runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.starts_with("[] "), "{stdout}");
    assert!(
        !stdout.contains("hunter2") && !stdout.contains("-c"),
        "{stdout}"
    );
}

/// A `--host-fn` command in Python: `BODY` sees the call as `d` and prints the result.
fn python_fn(name: &str, body: &str) -> String {
    format!(
        "{name}=python3 -c {}",
        shell_quote(&format!(
            "import json, sys\nd = json.load(sys.stdin)\n{body}"
        ))
    )
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[test]
fn host_fn_commands_get_json_and_return_json() {
    let echo = python_fn("echo", "print(json.dumps(d))");
    let add = python_fn(
        "add",
        "print(json.dumps(sum(d['args']) + sum(d['kwargs'].values())))",
    );
    let run = cli(
        &[
            "--host-fn",
            &echo,
            "--host-fn",
            &add,
            "--host-fn",
            "nothing=true",
            "-c",
            "import host\n\
             print(host.echo(1, 'two', [3.5, None], x={'k': True}))\n\
             print(host.echo())\n\
             print(host.add(1, 2, c=39))\n\
             print(host.nothing(1))\n\
             print(sorted(host.names()))",
        ],
        "",
    );
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "{'args': [1, 'two', [3.5, None]], 'kwargs': {'x': {'k': True}}}\n\
         {'args': [], 'kwargs': {}}\n\
         42\n\
         None\n\
         ['add', 'echo', 'nothing']\n"
    );
    assert_eq!(run.status, Some(0));
}

#[test]
fn a_failing_host_fn_command_raises_host_error_with_its_stderr() {
    let run = cli(
        &[
            "--host-fn",
            "fail=sh -c 'echo \"no such user\" >&2; exit 3'",
            "--host-fn",
            "garbage=echo not json",
            "--host-fn",
            "missing=/nonexistent/program",
            "-c",
            "import host\n\
             for f in (host.fail, host.garbage, host.missing):\n    \
                 try:\n        f(1)\n    except host.HostError as e:\n        print(str(e)[:40])",
            "-c",
            "host.fail()",
        ],
        "",
    );
    assert_eq!(run.status, Some(1));
    assert_eq!(
        run.stdout,
        "no such user\n\
         \"echo\" wrote output that is not JSON: ex\n\
         cannot run \"/nonexistent/program\": No su\n"
    );
    assert!(
        run.stderr.ends_with("HostError: no such user\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_host_fn_options_are_usage_errors() {
    for spec in ["noequals", "1bad=cat", "f=", "f=echo 'open"] {
        let run = cli(&["--host-fn", spec, "-c", "1"], "");
        assert_eq!(run.status, Some(2), "{spec}: {}", run.stderr);
        assert!(run.stderr.contains("--host-fn"), "{}", run.stderr);
    }
    // `names` and `HostError` are the host module's own: a function of that name could
    // never be called.
    for spec in ["names=cat", "HostError=cat"] {
        let run = cli(&["--host-fn", spec, "-c", "1"], "");
        assert_eq!(run.status, Some(2), "{spec}: {}", run.stderr);
        assert!(
            run.stderr.contains("invalid host function name"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn help_describes_the_exit_statuses() {
    let out = cli(&["--help"], "");
    assert_eq!(out.status, Some(0));
    let help = out.stdout.clone();
    assert!(help.contains("-c <CODE>"), "{help}");
    assert!(help.contains("--keep-going"), "{help}");
    assert!(help.contains("4 internal error"), "{help}");
    assert!(!help.contains("precompile"), "the flag is hidden: {help}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["-c", "1", "file.py"][..], &["--no-such-flag"], &["-c"]] {
        let out = cli(args, "");
        assert_eq!(out.status, Some(2), "{args:?}");
        assert!(out.stderr.starts_with("error: "), "{args:?}");
    }
}
