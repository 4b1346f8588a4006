// The steps after tsc that both builds share: the CLI entry made executable, the man page, and
// the board's browser bundle.
import { chmodSync } from "node:fs";

chmodSync(new URL("../dist/cli/main.js", import.meta.url), 0o755);
await import("./build-man.mjs");
await import("./build-web.mjs");
