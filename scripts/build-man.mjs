// Writes man/git-backlog.1 (what `git backlog --help` opens) from the built CLI's own help: the
// command definitions and the help topics. Run after tsc by scripts/finish-build.mjs; the page is not
// committed, it is made from the code it describes.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const { manPage } = await import(new URL("dist/cli/help/man-page.js", root).href);
const { version } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
mkdirSync(new URL("man/", root), { recursive: true });
const page = new URL("man/git-backlog.1", root);
writeFileSync(page, await manPage(version));
console.log(`wrote ${fileURLToPath(page)}`);
