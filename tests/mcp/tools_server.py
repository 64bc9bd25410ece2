"""A small MCP server for the `--mcp-tools` tests: tools with arguments, structured results
and an error. Run as `python tools_server.py` (MCP over stdio)."""

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

server = MCPServer("test-tools")

FILES = {"a.txt": "alpha " * 40, "b.txt": "beta", "notes.md": "# notes"}


@server.tool()
def list_files(suffix: str = "") -> list[str]:
    """List the files (optionally those ending with a suffix)."""
    return sorted(name for name in FILES if name.endswith(suffix))


@server.tool()
def read_file(name: str) -> str:
    """Read one file's text."""
    if name not in FILES:
        raise ToolError(f"no such file: {name}")
    return FILES[name]


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def stats(numbers: list[float]) -> dict[str, float]:
    """Count, sum and mean of some numbers."""
    return {"count": len(numbers), "sum": sum(numbers), "mean": sum(numbers) / len(numbers)}


@server.tool(name="shout-text")
def shout(text: str, times: int = 1) -> str:
    """Upper-case text, repeated."""
    return " ".join([text.upper()] * times)


@server.tool()
async def wait(seconds: float) -> str:
    """Answer after some seconds."""
    await anyio.sleep(seconds)
    return "done"


if __name__ == "__main__":
    server.run()
