// The board's browser code (web/): one minified bundle of web/board.ts with esbuild, and the page
// and its stylesheet copied beside it, into dist/web/client/ where the board's server reads them
// (or into the folder given as the argument).
import { copyFileSync, mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

// The plugin's first-start build (plugin-build.mjs) names its own folder.
const out = process.argv[2] ? pathToFileURL(`${process.argv[2]}/`) : new URL("../dist/web/client/", import.meta.url);
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [new URL("../web/board.ts", import.meta.url).pathname],
  outfile: new URL("board.js", out).pathname,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
});
for (const file of ["index.html", "board.css"]) copyFileSync(new URL(`../web/${file}`, import.meta.url), new URL(file, out));
