"""`familiar mcp serve` and `familiar mcp token`: familiar as an MCP server for other clients."""

from __future__ import annotations

import anyio
import typer

from familiar.app import build_app
from familiar.cli.console import console, err_console, new_app
from familiar.config import default_paths

app = new_app("familiar as a Model Context Protocol server for other MCP clients.")


@app.command()
def serve(
    http: bool = typer.Option(False, "--http", help="streamable HTTP on 127.0.0.1, not stdio"),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="the HTTP port"),
) -> None:
    """Serve the tools listed in the mcp_serve setting (stdio unless --http)."""
    from familiar.mcp.server import (
        Gateway,
        build_server,
        ensure_token,
        serve_http,
        serve_stdio,
        served_tools,
        token_path,
    )

    fam = build_app()  # no terminal confirmer: what would ask is refused
    gateway: Gateway | None = None
    try:
        gateway = Gateway(fam, served_tools(fam.tools, fam.settings.mcp_serve))
        server = build_server(gateway)
        names = ", ".join(t.name for t in gateway.tools) or "none"
        # stdout is the protocol under stdio: everything for people goes to stderr.
        err_console.print(
            f"familiar MCP server: serving {names} "
            "(change with `familiar config set mcp_serve TOOL,...`)"
        )
        if http:
            token = ensure_token(fam.paths)
            err_console.print(
                f"listening on http://127.0.0.1:{port}/mcp; clients must send "
                f"'Authorization: Bearer <token>', the token is in {token_path(fam.paths)} "
                "(`familiar mcp token` prints it)"
            )
            anyio.run(serve_http, server, port, token)
        else:
            anyio.run(serve_stdio, server)
    finally:
        if gateway is not None:
            gateway.close()
        fam.close()


@app.command()
def token() -> None:
    """Print the bearer token HTTP clients of `familiar mcp serve --http` must send."""
    from familiar.mcp.server import ensure_token

    console.print(ensure_token(default_paths()))
