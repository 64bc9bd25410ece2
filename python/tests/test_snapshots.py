"""Snapshots: save, restore, fork, the byte form (shared with the CLI), pickling, bad data."""

import pickle
import subprocess

import pytest

import mpsandbox

SETUP = """
import random
random.seed(7)
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
tick = counter(); tick()
g = (i * i for i in range(10)); next(g)
class Box:
    def __init__(self, v): self.v = v
box = Box([1, {'a': (2, 3)}])
"""

CHECK = "(tick(), next(g), box.v, random.randint(0, 10**6))"


def test_restore_and_fork_behave_as_the_original(session):
    session.exec(SETUP)
    snapshot = session.snapshot()
    fork = session.fork()
    expected = session.exec(CHECK).value
    assert expected[:3] == (2, 1, [1, {"a": (2, 3)}])
    restored = mpsandbox.Session(snapshot=snapshot)
    assert restored.exec(CHECK).value == expected
    assert fork.exec(CHECK).value == expected
    # They go their own ways.
    fork.exec("box.v = None")
    assert session.exec("box.v").value == [1, {"a": (2, 3)}]


def test_restore_goes_back(session):
    session.exec("x = 1")
    before = session.snapshot()
    session.exec("x = 2; y = 3")
    session.restore(before)
    assert session.exec("x").value == 1
    with pytest.raises(mpsandbox.SandboxException):
        session.exec("y")


def test_byte_form_and_pickle_round_trip(session):
    session.exec("data = {'k': list(range(100))}")
    snapshot = session.snapshot()
    for copy in (mpsandbox.Snapshot.from_bytes(snapshot.to_bytes()), pickle.loads(pickle.dumps(snapshot))):
        assert copy.component_id == snapshot.component_id
        assert mpsandbox.Session(snapshot=copy).exec("sum(data['k'])").value == 4950
    assert snapshot.state_bytes > 0 and snapshot.memory_size >= snapshot.state_bytes


def test_bad_data_is_a_snapshot_error(session):
    good = session.snapshot().to_bytes()
    tampered = bytearray(good)
    tampered[len(good) // 2] ^= 1
    for data in (b"", b"not a snapshot", good[:-5], bytes(tampered)):
        with pytest.raises(mpsandbox.SnapshotError):
            mpsandbox.Snapshot.from_bytes(data)


def test_options_come_from_the_restoring_session(session, tmp_path):
    (tmp_path / "f.txt").write_text("granted")
    session.exec("x = 5")
    snapshot = session.snapshot()
    restored = mpsandbox.Session(
        snapshot=snapshot,
        dirs=[(str(tmp_path), "/data")],
        host_functions={"double": lambda n: 2 * n},
    )
    assert restored.exec("double(x), open('/data/f.txt').read()").value == (10, "granted")
    with pytest.raises(mpsandbox.LimitExceeded):
        session.exec("big = bytearray(8 * 1024 * 1024)")
        mpsandbox.Session(snapshot=session.snapshot(), memory="4MiB")


def test_open_files_cannot_be_saved(tmp_path):
    with mpsandbox.Session(dirs=[(str(tmp_path), "/out", "rw")]) as s:
        s.exec("f = open('/out/x.txt', 'w')")
        with pytest.raises(mpsandbox.SnapshotError, match="open"):
            s.snapshot()
        s.exec("f.close()")
        s.snapshot()


def test_files_of_the_cli_load_here(tmp_path, session):
    import os
    import shutil

    cli = os.environ.get("MPSANDBOX_CLI") or shutil.which("mpsandbox")
    if cli is None:
        pytest.skip("no mpsandbox CLI binary (MPSANDBOX_CLI)")
    path = tmp_path / "s.snap"
    subprocess.run([cli, "--save", str(path), "-c", "n = 41"], check=True)
    snapshot = mpsandbox.Snapshot.from_bytes(path.read_bytes())
    restored = mpsandbox.Session(snapshot=snapshot)
    assert restored.exec("n + 1").value == 42
    restored.exec("n = 100")
    path.write_bytes(restored.snapshot().to_bytes())
    out = subprocess.run([cli, "--load", str(path), "-c", "print(n)"], check=True, capture_output=True, text=True)
    assert out.stdout == "100\n"
