"""Per-call overhead of `mpsandbox mcp` over stdio: the median round trip of run_python with
print(1), in microseconds, measured by the official Python SDK's client.

Usage: python bench_stdio.py MPSANDBOX_BINARY CALLS
"""

import asyncio
import os
import statistics
import sys
import time

from mcp import Client
from mcp.client.stdio import StdioServerParameters


async def main(binary, calls):
    params = StdioServerParameters(command=binary, args=["mcp"], env=dict(os.environ))
    async with Client(params) as client:
        for _ in range(10):  # warm up: the session exists, the code paths are hot
            await client.call_tool("run_python", {"code": "print(1)"})
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            result = await client.call_tool("run_python", {"code": "print(1)"})
            times.append(time.perf_counter() - start)
            assert result.structured_content["stdout"] == "1\n", result
    print(f"{statistics.median(times) * 1e6:.1f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
