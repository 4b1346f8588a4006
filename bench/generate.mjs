// A seeded generator of realistic backlogs for the benchmark: the same seed and count give the
// same files, byte for byte, so runs on different days compare. Usable on its own:
//   node bench/generate.mjs <folder> [count] [seed]     (creates a committed git repo there)
import { execFileSync } from "node:child_process";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { taskFileName } from "../dist/domain/slug.js";

/** The fixed clock of every benchmark run; dates in the files spread around it. */
export const BENCH_NOW = "2026-11-21T10:00:00Z";

export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Bench User",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench User",
  GIT_COMMITTER_EMAIL: "bench@example.com",
};

const DAY = 86_400_000;

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROJECTS = [
  ["web", 14], ["web.frontend", 8], ["web.admin", 4], ["api", 14], ["api.auth", 6], ["api.billing", 5],
  ["mobile", 8], ["mobile.ios", 4], ["mobile.android", 4], ["infra", 8], ["infra.ci", 4], ["data", 6],
  ["docs", 5], ["webapp", 3], [undefined, 7],
];
const TAGS = [
  ["bug", 14], ["feature", 10], ["urgent", 4], ["ui", 8], ["backend", 8], ["security", 4], ["perf", 5],
  ["tech-debt", 6], ["refactor", 5], ["test", 6], ["ux", 4], ["a11y", 2], ["i18n", 2], ["design", 3],
  ["flaky", 2], ["customer", 3], ["mvp", 4], ["spike", 2],
];
const ASSIGNEES = [["claude", 6], ["codex", 3], ["alice", 5], ["bob", 4], ["carol", 3], ["dave", 2], [undefined, 12]];
const TYPES = [["task", 10], ["bug", 6], ["feature", 6], ["chore", 3], ["spec", 1], ["story", 1], [undefined, 8]];
const STATUSES = [["pending", 60], ["active", 10], ["done", 25], ["deleted", 5]];
const PRIORITIES = [["H", 15], ["M", 30], ["L", 20], [undefined, 35]];

const VERBS = ["Implement", "Fix", "Add", "Refactor", "Remove", "Document", "Migrate", "Investigate", "Speed up", "Test", "Design", "Clean up", "Upgrade", "Split", "Validate", "Cache", "Log", "Expose", "Harden", "Review"];
const OBJECTS = ["user authentication", "the session store", "login form", "password reset flow", "billing webhook", "invoice export", "search index", "rate limiter", "dark mode", "settings page", "audit log", "CSV import", "push notifications", "onboarding wizard", "the deploy pipeline", "database migrations", "API pagination", "error reporting", "image uploads", "the dashboard charts", "feature flags", "SSO with Okta", "the cache layer", "background jobs", "email templates", "the admin table", "access tokens", "offline mode", "the metrics exporter", "dependency updates"];
const QUALIFIERS = ["", "", "", " for mobile", " on Safari", " behind a flag", " in staging", " for large accounts", " (v2)", " after the redesign", " with retries", " per tenant"];
const WORDS = "the a service request response user token cache queue worker handler endpoint schema migration index query latency timeout retry backoff payload header cookie session browser client server cluster node pod deploy rollout config secret key value field column table row record event stream batch job cron schedule window modal button form input validation error warning log metric trace span alert dashboard page route component state store reducer hook effect test fixture mock stub snapshot coverage build bundle chunk asset image font style theme layout grid flex redis postgres kafka nginx docker terraform github action workflow branch review merge release version changelog".split(" ");
const NOTE_TEXTS = ["picked this up, reading the code first", "blocked on review from the platform team", "the root cause is a race in the cache refresh", "pushed a draft PR", "repro steps added to the description", "needs a decision on the API shape", "tests are green locally, CI is flaky", "split the follow-up into its own task", "paired with alice on the approach", "measured: p95 went from 480 ms to 120 ms"];
const CODE_LANGS = ["ts", "sh", "json", "yaml", "sql"];

function pickWeighted(random, table) {
  let total = 0;
  for (const [, weight] of table) total += weight;
  let roll = random() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return table[table.length - 1][0];
}

const pick = (random, list) => list[Math.floor(random() * list.length)];
const int = (random, min, max) => min + Math.floor(random() * (max - min + 1));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const isoDay = (ms) => iso(ms).slice(0, 10);

function sentence(random, min = 6, max = 18) {
  const words = Array.from({ length: int(random, min, max) }, () => pick(random, WORDS));
  const text = words.join(" ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random) {
  return Array.from({ length: int(random, 2, 5) }, () => sentence(random)).join(" ");
}

function codeBlock(random) {
  const lang = pick(random, CODE_LANGS);
  const lines = Array.from({ length: int(random, 2, 8) }, () => {
    const a = pick(random, WORDS);
    const b = pick(random, WORDS);
    if (lang === "sh") return `git-backlog list project:${a} +${b}`;
    if (lang === "json") return `  "${a}": "${b}",`;
    if (lang === "yaml") return `${a}: ${b}`;
    if (lang === "sql") return `SELECT ${a}, ${b} FROM ${pick(random, WORDS)}s WHERE id = ${int(random, 1, 999)};`;
    return `const ${a} = await ${b}(${pick(random, WORDS)});`;
  });
  return `\`\`\`${lang}\n${lines.join("\n")}\n\`\`\``;
}

/** 0.5 to 5 KB of markdown: a summary, sections with paragraphs, lists, checkboxes, code. */
function body(random, target) {
  const parts = [paragraph(random)];
  const sections = ["## Context", "## Acceptance criteria", "## Design", "## Steps to reproduce", "## Open questions", "## Plan"];
  let size = parts[0].length;
  while (size < target) {
    const roll = random();
    let part;
    if (roll < 0.25) part = `${pick(random, sections)}\n\n${paragraph(random)}`;
    else if (roll < 0.5) part = paragraph(random);
    else if (roll < 0.7) part = Array.from({ length: int(random, 2, 6) }, () => `- ${sentence(random, 4, 10)}`).join("\n");
    else if (roll < 0.82) part = Array.from({ length: int(random, 2, 5) }, () => `- [${random() < 0.4 ? "x" : " "}] ${sentence(random, 3, 8)}`).join("\n");
    else if (roll < 0.95) part = codeBlock(random);
    else part = `> ${sentence(random)}`;
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join("\n\n");
}

/** Returns `{ name, text, status }` for task `id` given the statuses of earlier tasks. */
function makeTask(random, id, nowMs, earlier) {
  const status = pickWeighted(random, STATUSES);
  const title = `${pick(random, VERBS)} ${pick(random, OBJECTS)}${pick(random, QUALIFIERS)}`;
  const lines = ["---", `id: ${id}`, `title: ${/[:#]/.test(title) ? JSON.stringify(title) : title}`, `status: ${status}`];
  const priority = pickWeighted(random, PRIORITIES);
  if (priority) lines.push(`priority: ${priority}`);
  const type = pickWeighted(random, TYPES);
  if (type) lines.push(`type: ${type}`);
  const project = pickWeighted(random, PROJECTS);
  if (project) lines.push(`project: ${project}`);
  const tagCount = pickWeighted(random, [[0, 25], [1, 35], [2, 25], [3, 15]]);
  const tags = new Set();
  while (tags.size < tagCount) tags.add(pickWeighted(random, TAGS));
  if (tags.size > 0) lines.push(`tags: [${[...tags].join(", ")}]`);
  // ~30% depend on 1-3 lower ids, mostly recent ones (acyclic by construction).
  if (id > 1 && random() < 0.3) {
    const deps = new Set();
    const count = int(random, 1, Math.min(3, id - 1));
    while (deps.size < count) deps.add(Math.max(1, id - 1 - Math.floor(random() ** 2 * Math.min(id - 1, 400))));
    lines.push(`depends: [${[...deps].sort((a, b) => a - b).join(", ")}]`);
  }
  // ~8% have a parent: a lower open task, so no done parent ever has an open child.
  if (id > 1 && random() < 0.08 && status !== "done" && status !== "deleted") {
    for (let tries = 0; tries < 5; tries++) {
      const parent = Math.max(1, id - 1 - Math.floor(random() * Math.min(id - 1, 200)));
      const parentStatus = earlier[parent - 1];
      if (parentStatus === "pending" || parentStatus === "active") {
        lines.push(`parent: ${parent}`);
        break;
      }
    }
  }
  const assignee = status === "active" ? pickWeighted(random, ASSIGNEES.slice(0, -1)) : random() < 0.3 ? pickWeighted(random, ASSIGNEES) : undefined;
  if (assignee) lines.push(`assignee: ${assignee}`);
  const open = status === "pending" || status === "active";
  if (random() < (open ? 0.35 : 0.15)) lines.push(`due: ${isoDay(nowMs + int(random, -20, 60) * DAY)}`);
  if (open && random() < 0.1) lines.push(`scheduled: ${isoDay(nowMs + int(random, -10, 20) * DAY)}`);
  if (status === "pending" && random() < 0.05) lines.push(`wait: ${iso(nowMs + int(random, -5, 30) * DAY)}`);
  if (random() < 0.03) lines.push(`recur: ${pick(random, ["weekly", "monthly", "2w"])}`);
  if (random() < 0.1) lines.push(`estimate: ${int(random, 1, 13)}`);
  if (random() < 0.05) lines.push(`customer: ${pick(random, ["acme", "globex", "initech", "umbrella"])}`);
  const created = nowMs - int(random, 1, 400) * DAY - int(random, 0, DAY);
  const modified = Math.min(nowMs - 60_000, created + int(random, 0, 60) * DAY);
  lines.push(`created: ${iso(created)}`, `modified: ${iso(modified)}`);
  if (status !== "pending") lines.push(`started: ${iso(created + (modified - created) / 3)}`);
  if (status === "done" || status === "deleted") lines.push(`ended: ${iso(modified)}`);
  lines.push("---");

  let text = `${lines.join("\n")}\n${body(random, int(random, 500, 5000))}\n`;
  if (random() < 0.3) {
    const notes = Array.from({ length: int(random, 1, 4) }, (_, index) => {
      const at = created + ((modified - created) * (index + 1)) / 5;
      return `- ${iso(at)} ${pickWeighted(random, ASSIGNEES.slice(0, -1))}: ${pick(random, NOTE_TEXTS)}`;
    });
    text += `\n## Notes\n${notes.join("\n")}\n`;
  }
  return { name: taskFileName(id, title), text, status };
}

/** Writes `count` task files into `<dir>/backlog`; returns the byte total. Files get an mtime a day old, like a checkout. */
export function writeBacklog(dir, { count, seed = 42, now = BENCH_NOW } = {}) {
  const random = seededRandom(seed);
  const nowMs = Date.parse(now);
  const folder = join(dir, "backlog");
  mkdirSync(folder, { recursive: true });
  const statuses = [];
  const old = new Date(Date.now() - DAY);
  let bytes = 0;
  for (let id = 1; id <= count; id++) {
    const { name, text, status } = makeTask(random, id, nowMs, statuses);
    statuses.push(status);
    const path = join(folder, name);
    writeFileSync(path, text);
    utimesSync(path, old, old);
    bytes += Buffer.byteLength(text);
  }
  return { bytes, statuses };
}

function git(cwd, ...args) {
  return execFileSync("git", args, { cwd, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

/** A git repository at `dir` holding a generated backlog, committed as a real user would have it. */
export function generateRepo(dir, { count, seed = 42 } = {}) {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  for (const [key, value] of [["user.name", "Bench User"], ["user.email", "bench@example.com"], ["commit.gpgsign", "false"], ["gc.auto", "0"], ["maintenance.auto", "false"]]) {
    git(dir, "config", key, value);
  }
  writeFileSync(join(dir, ".gitattributes"), "backlog/*.md merge=backlog\n");
  const { bytes, statuses } = writeBacklog(dir, { count, seed });
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", `bench: ${count} generated tasks`);
  const counts = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return { dir, count, bytes, statuses: counts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, count = "1000", seed = "42"] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/generate.mjs <folder> [count] [seed]");
    process.exit(2);
  }
  const info = generateRepo(dir, { count: Number(count), seed: Number(seed) });
  console.log(JSON.stringify(info));
}
