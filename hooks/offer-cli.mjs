// The plugin's own `git-backlog` (libexec/) on the Bash tool's PATH, so the skills' fallback,
// `git backlog <command>`, works without a separate install. Claude Code sources the file that
// CLAUDE_ENV_FILE names before each Bash command, so one line there does it. The folder goes
// last on PATH: a git-backlog the user installed wins. The line is written once, however many
// times the session starts again (resume, clear, compact). Any failure leaves the PATH as it is.
import { appendFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const libexec = join(dirname(fileURLToPath(import.meta.url)), "..", "libexec");

export function offerCli() {
  const file = process.env.CLAUDE_ENV_FILE;
  if (!file) return;
  try {
    const line = `export PATH="$PATH":'${libexec.replaceAll("'", "'\\''")}'\n`;
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      // not written yet
    }
    if (!current.includes(line)) appendFileSync(file, line);
  } catch {
    // never break the session
  }
}
