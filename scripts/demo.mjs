// A short scripted session in a throwaway repository: tasks with dependencies, the ready list,
// the graph and the board. Run with `npm run demo` (it builds first).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const repo = mkdtempSync(join(tmpdir(), "git-backlog-demo-"));
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "Demo",
  GIT_AUTHOR_EMAIL: "demo@example.com",
  GIT_COMMITTER_NAME: "Demo",
  GIT_COMMITTER_EMAIL: "demo@example.com",
  BACKLOG_AGENT: "demo",
};

function git(...args) {
  execFileSync("git", args, { cwd: repo, env, stdio: "ignore" });
}

function step(...args) {
  console.log(`\n$ git-backlog ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  try {
    process.stdout.write(execFileSync(process.execPath, [cli, ...args], { cwd: repo, env: { ...env, COLUMNS: "100" }, encoding: "utf8" }));
  } catch (error) {
    process.stdout.write(error.stdout ?? "");
    process.stdout.write(error.stderr ?? "");
  }
}

try {
  git("init", "-q", "-b", "main");
  git("config", "user.name", "Demo");
  git("config", "user.email", "demo@example.com");
  git("commit", "-q", "--allow-empty", "-m", "initial");
  console.log(`A throwaway repository: ${repo}`);
  step("init");
  console.log('\n$ git add .gitattributes && git commit -m "Set up git-backlog"');
  git("add", ".gitattributes");
  git("commit", "-q", "-m", "Set up git-backlog");
  step("add", "Design the session store", "project:backend", "priority:H", "+design");
  step("add", "Implement user authentication", "project:backend", "priority:H", "depends:1", "due:2026-12-01", "+auth");
  step("add", "Login page", "project:web", "depends:2", "+auth", "+ui");
  step("add", "Write the deployment guide", "project:docs", "priority:L");
  step("list");
  step("list", "+READY");
  step("next");
  step("start", "1");
  step("annotate", "1", "Redis, with a 24h TTL");
  step("done", "1");
  step("list", "+READY");
  step("graph");
  step("graph", "--format", "mermaid");
  step("view", "board");
  step("modify", "project:backend or project:web", "+mvp");
  step("doctor");
  console.log("\n$ git log --oneline");
  process.stdout.write(execFileSync("git", ["log", "--oneline"], { cwd: repo, env, encoding: "utf8" }));
} finally {
  rmSync(repo, { recursive: true, force: true });
}
