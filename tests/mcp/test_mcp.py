"""`mpsandbox mcp` driven by a real MCP client: the official Python SDK.

`cargo xtask test` runs this with MPSANDBOX_BIN naming the built CLI.
"""

import asyncio
import json
import os
import re
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

BIN = os.environ.get("MPSANDBOX_BIN", "mpsandbox")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOOLS_SERVER = f"{sys.executable} {HERE / 'tools_server.py'}"


def stdio(*args):
    return Client(StdioServerParameters(command=BIN, args=["mcp", *args], env=dict(os.environ)))


def run(coroutine):
    return asyncio.run(coroutine)


async def py(client, code, session=None):
    arguments = {"code": code}
    if session is not None:
        arguments["session"] = session
    result = await client.call_tool("run_python", arguments)
    return result, result.structured_content


def text_of(result):
    return "\n".join(block.text for block in result.content if block.type == "text")


# --- tools and their descriptions -------------------------------------------------------


def test_lists_the_tools_with_descriptions():
    async def go():
        async with stdio("--timeout", "5s", "--memory", "32MiB", "--host-fn", "lookup=cat") as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert set(tools) == {"run_python", "reset_session"}
            description = tools["run_python"].description
            assert "MicroPython" in description
            assert re.search(r"Modules: .*\bjson\b", description)
            assert "5s of wall-clock time" in description
            assert "memory 32 MiB" in description
            assert "lookup(" in description
            assert "Network: none" in description
            schema = tools["run_python"].input_schema
            assert schema["required"] == ["code"]
            assert set(schema["properties"]) == {"code", "session"}
            assert tools["run_python"].output_schema["type"] == "object"

    run(go())


# --- running code -----------------------------------------------------------------------


def test_runs_code_and_returns_output_and_repr():
    async def go():
        async with stdio() as client:
            result, data = await py(client, "print('hi')\n6 * 7")
            assert not result.is_error
            assert data["stdout"] == "hi\n"
            assert data["repr"] == "42"
            assert data["error"] is None
            assert data["session"] == "default"
            assert data["fresh"] is True
            assert data["usage"]["memory_bytes"] > 0
            text = text_of(result)
            assert "hi" in text and "Out: 42" in text
            # A final expression whose value is None shows nothing.
            result, data = await py(client, "None")
            assert data["repr"] is None and data["fresh"] is False

    run(go())


def test_state_persists_across_calls():
    async def go():
        async with stdio() as client:
            await py(client, "x = 41\ndef inc(v):\n    return v + 1\nimport json")
            result, data = await py(client, "json.dumps({'x': inc(x)})")
            assert data["repr"] == "'{\"x\": 42}'"
            assert data["fresh"] is False

    run(go())


def test_named_sessions_are_separate():
    async def go():
        async with stdio() as client:
            await py(client, "x = 'a'", session="a")
            result, data = await py(client, "x", session="b")
            assert result.is_error
            assert data["error"]["type"] == "NameError"
            _, data = await py(client, "x", session="a")
            assert data["repr"] == "'a'"

    run(go())


def test_reset_session_discards_state():
    async def go():
        async with stdio() as client:
            await py(client, "x = 1", session="work")
            reset = await client.call_tool("reset_session", {"session": "work"})
            assert reset.structured_content == {"session": "work", "existed": True}
            result, data = await py(client, "x", session="work")
            assert data["fresh"] is True
            assert data["error"]["type"] == "NameError"
            again = await client.call_tool("reset_session", {"session": "nothing-here"})
            assert again.structured_content["existed"] is False

    run(go())


def test_python_errors_carry_the_traceback_and_keep_the_session():
    async def go():
        async with stdio() as client:
            await py(client, "y = 3")
            result, data = await py(client, "print('before')\ndef f():\n    return 1 / 0\nf()")
            assert result.is_error
            error = data["error"]
            assert error["kind"] == "exception"
            assert error["type"] == "ZeroDivisionError"
            assert "line 3" in error["traceback"]
            assert data["stdout"] == "before\n"
            assert "ZeroDivisionError" in text_of(result)
            result, data = await py(client, "def g(:\n    pass")
            assert data["error"]["kind"] == "syntax"
            _, data = await py(client, "y")
            assert data["repr"] == "3"

    run(go())


def test_output_past_the_limit_is_cut_and_flagged():
    async def go():
        async with stdio("--max-output", "1KiB") as client:
            result, data = await py(client, "print('x' * 5000)")
            assert data["stdout_truncated"] is True
            assert len(data["stdout"]) <= 1024
            assert "cut at the output limit" in text_of(result)

    run(go())


# --- limits -----------------------------------------------------------------------------


def test_timeout_stops_the_code_and_keeps_the_session():
    async def go():
        async with stdio("--timeout", "300ms") as client:
            await py(client, "x = 5")
            result, data = await py(client, "while True:\n    x += 0")
            assert result.is_error
            assert data["error"]["kind"] == "limit"
            assert data["error"]["limit"] == "time"
            _, data = await py(client, "x")
            assert data["repr"] == "5"
            assert data["fresh"] is False

    run(go())


def test_hard_stop_loses_the_session_and_replaces_it():
    # Swallows every KeyboardInterrupt, even one raised in its handler.
    swallow = (
        "def swallow():\n    try:\n        while True:\n            try:\n                while True:\n"
        "                    pass\n            except BaseException:\n                pass\n"
        "    except BaseException:\n        swallow()\nswallow()"
    )

    async def go():
        async with stdio("--timeout", "300ms") as client:
            await py(client, "x = 5")
            result, data = await py(client, swallow)
            assert result.is_error
            assert data["error"]["kind"] == "session_lost"
            assert data["error"]["limit"] == "time"
            assert "lost" in data["notice"]
            result, data = await py(client, "x")
            assert data["fresh"] is True
            assert "had been lost" in data["notice"]
            assert data["error"]["type"] == "NameError"
            _, data = await py(client, "x = 1\nx + 1")
            assert data["repr"] == "2"

    run(go())


def test_memory_limit_is_a_memory_error():
    async def go():
        async with stdio("--memory", "16MiB") as client:
            result, data = await py(client, "b = bytearray(64 * 1024 * 1024)")
            assert result.is_error
            assert data["error"]["kind"] == "limit"
            assert data["error"]["limit"] == "memory"
            _, data = await py(client, "1 + 1")
            assert data["repr"] == "2"

    run(go())


def test_session_cap():
    async def go():
        async with stdio("--max-sessions", "2") as client:
            await py(client, "x = 1", session="a")
            await py(client, "x = 2", session="b")
            result, _ = await py(client, "x = 3", session="c")
            assert result.is_error
            assert "too many live sessions" in text_of(result)
            assert "yours: a, b" in text_of(result)
            await client.call_tool("reset_session", {"session": "a"})
            result, data = await py(client, "x = 3", session="c")
            assert not result.is_error
            _, data = await py(client, "x", session="b")
            assert data["repr"] == "2"

    run(go())


def test_idle_sessions_are_closed():
    async def go():
        async with stdio("--idle-timeout", "400ms") as client:
            await py(client, "x = 1", session="c")
            await asyncio.sleep(1.5)
            result, data = await py(client, "x", session="c")
            assert data["fresh"] is True
            assert "idle" in data["notice"]
            assert data["error"]["type"] == "NameError"

    run(go())


# --- bad requests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "tool, arguments, message",
    [
        ("run_python", {}, "`code` is required"),
        ("run_python", {"code": 5}, "`code` must be a string"),
        ("run_python", {"code": "1", "session": "no spaces"}, "invalid session name"),
        ("run_python", {"code": "1", "session": "x" * 65}, "invalid session name"),
        ("run_python", {"code": "1", "session": 3}, "`session` must be a string"),
        ("run_python", {"code": "1", "extra": True}, "unknown argument"),
        ("reset_session", {"code": "1"}, "unknown argument"),
        ("no_such_tool", {}, "unknown tool"),
    ],
)
def test_bad_arguments_are_mcp_errors(tool, arguments, message):
    async def go():
        async with stdio() as client:
            with pytest.raises(MCPError, match=re.escape(message)):
                await client.session.call_tool(tool, arguments)
            # The server is still there.
            _, data = await py(client, "1 + 1")
            assert data["repr"] == "2"

    run(go())


# --- concurrency ------------------------------------------------------------------------


def test_a_runaway_session_does_not_block_others():
    async def go():
        async with stdio("--timeout", "8s") as client:
            slow = asyncio.create_task(py(client, "while True:\n    pass", session="slow"))
            await asyncio.sleep(0.3)
            for i in range(3):
                _, data = await py(client, f"{i} * 2", session=f"fast{i}")
                assert data["repr"] == str(i * 2)
                tools = await client.list_tools()
                assert tools.tools
            assert not slow.done(), "the runaway call should still be running"
            result, data = await slow
            assert data["error"]["limit"] == "time"

    run(go())


def test_concurrent_calls_in_many_sessions():
    async def go():
        async with stdio() as client:
            async def worker(n):
                name = f"s{n}"
                await py(client, f"total = {n}", session=name)
                for _ in range(5):
                    await py(client, "total += 1", session=name)
                _, data = await py(client, "total", session=name)
                return data["repr"]

            results = await asyncio.gather(*(worker(n) for n in range(6)))
            assert results == [str(n + 5) for n in range(6)]

    run(go())


# --- host functions ---------------------------------------------------------------------


def test_host_fn_commands_work():
    command = f"""{sys.executable} -c "import json,sys; d=json.load(sys.stdin); print(json.dumps(sum(d['args'])))" """
    async def go():
        async with stdio("--host-fn", f"add={command}") as client:
            _, data = await py(client, "import host\nhost.add(1, 2, 39)")
            assert data["repr"] == "42"

    run(go())


def test_mcp_tools_become_host_functions():
    async def go():
        async with stdio("--mcp-tools", TOOLS_SERVER) as client:
            description = (await client.list_tools()).tools[0].description
            assert "read_file(name: string)" in description
            assert "add(a: integer, b: integer)" in description
            assert "shout_text(" in description
            code = (
                "import host\n"
                "summary = {}\n"
                "for f in host.list_files():\n"
                "    summary[f] = host.read_file(name=f)[:5]\n"
                "summary['a.txt'], len(summary), host.list_files(suffix='.md')"
            )
            result, data = await py(client, code)
            assert data["error"] is None, text_of(result)
            assert data["repr"] == "('alpha', 3, ['notes.md'])"
            _, data = await py(client, "host.add(2, 3), host.add(a=2, b=40)")
            assert data["repr"] == "(5, 42)"
            result, data = await py(client, "s = host.stats(numbers=[1, 2, 3])\ns['count'], s['sum'], s['mean']")
            assert data["repr"] == "(3.0, 6.0, 2.0)", text_of(result)
            _, data = await py(client, "host.shout_text(text='hi', times=2)")
            assert data["repr"] == "'HI HI'"
            code = (
                "try:\n"
                "    host.read_file(name='missing')\n"
                "except host.HostError as e:\n"
                "    err = str(e)\n"
                "err"
            )
            result, data = await py(client, code)
            assert "no such file: missing" in data["repr"], data
            result, data = await py(client, "host.add(1, 2, 3)")
            assert data["error"]["type"] == "HostError"
            assert "positional" in data["error"]["message"]

    run(go())


def test_a_tool_call_past_the_time_limit_raises():
    async def go():
        async with stdio("--timeout", "1s", "--mcp-tools", TOOLS_SERVER) as client:
            code = "try:\n    host.wait(seconds=10)\nexcept host.HostError as e:\n    err = str(e)\nerr"
            _, data = await py(client, "import host\n" + code)
            assert "did not answer within" in data["repr"], data
            _, data = await py(client, "host.wait(seconds=0)")
            assert data["repr"] == "'done'"

    run(go())


def test_a_failing_mcp_tools_command_is_a_usage_error():
    done = subprocess.run(
        [BIN, "mcp", "--mcp-tools", "/nonexistent/server"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "--mcp-tools" in done.stderr


# --- HTTP -------------------------------------------------------------------------------


@asynccontextmanager
async def http_server(*args):
    process = subprocess.Popen(
        [BIN, "mcp", "--http", "127.0.0.1:0", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = await asyncio.to_thread(process.stderr.readline)
        match = re.search(r"(http://\S+/mcp) \(loopback only", line)
        assert match, line
        yield match.group(1)
    finally:
        process.kill()
        process.wait()


def test_streamable_http_transport():
    async def go():
        async with http_server("--timeout", "2s") as url:
            async with Client(url) as client:
                tools = await client.list_tools()
                assert {t.name for t in tools.tools} == {"run_python", "reset_session"}
                await py(client, "x = 20", session="h")
                _, data = await py(client, "x * 2 + 2", session="h")
                assert data["repr"] == "42"
            # Clients with a connection of their own (the initialize handshake) each have
            # their own sessions.
            async with Client(url, mode="legacy") as one, Client(url, mode="legacy") as two:
                await py(one, "mine = 1")
                result, data = await py(two, "mine")
                assert data["error"]["type"] == "NameError"
                _, data = await py(one, "mine")
                assert data["repr"] == "1"
                with pytest.raises(MCPError, match="`code` is required"):
                    await one.session.call_tool("run_python", {})

    run(go())


def test_http_refuses_a_public_address_unless_told():
    done = subprocess.run(
        [BIN, "mcp", "--http", "0.0.0.0:0"], capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "not a loopback address" in done.stderr


# --- the README's configuration ---------------------------------------------------------


def test_readme_client_configuration_works_as_shown():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- mcp-config -->\s*```json\n(.*?)```", readme, re.S)
    assert block, "the README has a marked MCP configuration snippet"
    config = json.loads(block.group(1))["mcpServers"]["mpsandbox"]
    assert config["command"] == "mpsandbox"
    env = dict(os.environ)
    env["PATH"] = f"{Path(BIN).resolve().parent}{os.pathsep}{env.get('PATH', '')}"

    async def go():
        params = StdioServerParameters(command=config["command"], args=config["args"], env=env)
        async with Client(params) as client:
            _, data = await py(client, "sum(range(10))")
            assert data["repr"] == "45"

    run(go())
