//! Command-line usage that needs no component. (This integration test also makes `cargo test`
//! build the `mpsandbox` binary, which the workspace's end-to-end tests in `tests/` run.)

use std::process::Command;

fn mpsandbox(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mpsandbox"))
        .args(args)
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .expect("the mpsandbox binary runs")
}

#[test]
fn help_describes_the_exit_statuses() {
    let out = mpsandbox(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("-c <CODE>"), "{help}");
    assert!(help.contains("--keep-going"), "{help}");
    assert!(help.contains("4 internal error"), "{help}");
    assert!(!help.contains("precompile"), "the flag is hidden: {help}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["-c", "1", "file.py"][..], &["--no-such-flag"], &["-c"]] {
        let out = mpsandbox(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
}
