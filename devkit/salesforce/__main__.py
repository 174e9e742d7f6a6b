"""``python -m devkit.salesforce --port P [--org demo|empty|PATH] [--data FILE]``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from devkit.salesforce.emulator import start_emulator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devkit.salesforce", description="A local Salesforce org over HTTPS."
    )
    parser.add_argument("--port", type=int, default=8443, help="port to listen on (0: any)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--org", default="demo", help="demo, empty, or a folder of describe JSON files"
    )
    parser.add_argument("--data", default=None, help="SQLite file that keeps the org's records")
    parser.add_argument("--cert-dir", default=None, help="where to write ca.pem (default: temp)")
    parser.add_argument(
        "--token-ttl", type=float, default=7200, help="access token lifetime in seconds"
    )
    args = parser.parse_args(argv)
    try:
        emu = start_emulator(
            args.org,
            args.port,
            args.data,
            host=args.host,
            access_token_ttl=args.token_ttl,
            cert_dir=args.cert_dir,
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"devkit Salesforce ({args.org}) at {emu.base_url}", flush=True)
    print(f"CA file: {emu.ca_file}", flush=True)
    print(
        f"export REQUESTS_CA_BUNDLE={emu.ca_file} SALESFORCE_LOGIN_URL={emu.base_url}", flush=True
    )
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
