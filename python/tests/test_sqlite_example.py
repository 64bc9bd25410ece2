"""A realistic use: user code computing over a SQLite database through a read-only `sql()`
host function."""

import sqlite3

import pytest

import mpsandbox


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "shop.db"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount REAL);
        INSERT INTO orders (customer, amount) VALUES
            ('ann', 12.5), ('bob', 7.25), ('ann', 30.0), ('cid', 3.0), ('bob', 1.75);
        """
    )
    db.commit()
    db.close()
    return path


def read_only_sql(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def sql(query, *params):
        """Runs a read-only query; returns a list of row dicts."""
        cursor = db.execute(query, params)
        names = [c[0] for c in cursor.description or ()]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    return sql


USER_CODE = """
totals = {}
for row in sql("SELECT customer, amount FROM orders"):
    totals[row["customer"]] = totals.get(row["customer"], 0) + row["amount"]
best = max(totals, key=lambda c: totals[c])
print("best customer:", best)
{"best": best, "total": totals[best], "customers": len(totals)}
"""


def test_user_code_over_sqlite(database):
    with mpsandbox.Session(host_functions={"sql": read_only_sql(database)}, timeout=2, memory="32MiB") as s:
        out = s.exec(USER_CODE)
    assert out.value == {"best": "ann", "total": 42.5, "customers": 3}
    assert out.stdout == "best customer: ann\n"


def test_writes_are_refused(database):
    with mpsandbox.Session(host_functions={"sql": read_only_sql(database)}) as s:
        with pytest.raises(mpsandbox.SandboxException) as error:
            s.exec("sql('DELETE FROM orders')")
        assert "readonly" in error.value.message
        assert s.exec("len(sql('SELECT * FROM orders WHERE amount > ?', 5))").value == 3
