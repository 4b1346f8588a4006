// The web board at scale (issue 13): first paint of the board (from the page's request to every
// column drawn) at 1,000 and 10,000 tasks in Chromium, the page's script size (raw and gzipped),
// and the server's RSS once the board is up. Needs the built CLI and a Chromium
// (BACKLOG_CHROMIUM, else /usr/bin/chromium).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { BENCH_NOW, GIT_ENV, generateRepo } from "./generate.mjs";

const cli = new URL("../dist/cli/main.js", import.meta.url).pathname;
const bundle = new URL("../dist/web/client/board.js", import.meta.url).pathname;
const CHROMIUM = process.env.BACKLOG_CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return undefined;
  }
}

async function startBoard(dir) {
  const child = spawn(process.execPath, [cli, "board", "--no-open"], { cwd: dir, env: { ...GIT_ENV, BACKLOG_NOW: BENCH_NOW }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const started = performance.now();
  while (!/Board: (\S+)/.test(out)) {
    if (performance.now() - started > 60_000) throw new Error("the board did not start within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, login: /Board: (\S+)/.exec(out)[1] };
}

export async function benchBoard({ sizes = [1000, 10000], runs = 3, print = console.log } = {}) {
  if (!CHROMIUM) {
    print("\nboard bench skipped: no Chromium (set BACKLOG_CHROMIUM)");
    return { skipped: "no Chromium" };
  }
  const script = readFileSync(bundle);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const rows = [];
  try {
    for (const size of sizes) {
      const root = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-board-")));
      try {
        const dir = join(root, "repo");
        generateRepo(dir, { count: size });
        const { child, login } = await startBoard(dir);
        try {
          const paints = [];
          for (let run = 0; run <= runs; run++) {
            const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
            const start = performance.now();
            await page.goto(login);
            await page.waitForSelector('.column[data-column="done"]');
            const ms = performance.now() - start;
            const cards = await page.locator(".card").count();
            if (run > 0) paints.push(ms); // the first warms the server's index and the browser
            rows.at(-1)?.size === size ? (rows.at(-1).cards = cards) : rows.push({ size, cards });
            await page.close();
          }
          // A hand edit of a task on screen, until the open page shows it (the watcher, the event stream, a re-read).
          const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
          await page.goto(login);
          const first = page.locator(".card").first();
          await first.waitFor();
          const id = await first.getAttribute("data-id");
          const name = readdirSync(join(dir, "backlog")).find((file) => file.startsWith(`${id}-`));
          const live = [];
          for (let run = 0; run < runs + 2; run++) {
            const path = join(dir, "backlog", name);
            const marker = `edited by hand ${run}`;
            const text = readFileSync(path, "utf8").replace(/^title: (.*?)( edited by hand \d+)?$/m, `title: $1 ${marker}`);
            const start = performance.now();
            writeFileSync(path, text);
            await page.locator(`.card[data-id="${id}"] .title`, { hasText: marker }).waitFor({ timeout: 10_000 });
            live.push(performance.now() - start);
          }
          await page.close();
          Object.assign(rows.at(-1), { firstPaintMs: median(paints), liveMs: median(live), liveMaxMs: Math.max(...live), rssMb: rssMb(child.pid) });
        } finally {
          child.kill("SIGINT");
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  const gz = gzipSync(script, { level: 9 }).length;
  print(`\nThe board in Chromium (median of ${runs} loads after a first; the page's script ${(script.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped; target ≤ 150 KB gzipped)`);
  print("tasks    cards drawn  first paint   target          hand edit on screen (median, max; ≤ 1 s)   server RSS");
  for (const row of rows) {
    const target = row.size >= 10000 ? 2500 : 1000;
    const live = `${row.liveMs.toFixed(0)} ms, ${row.liveMaxMs.toFixed(0)} ms ${row.liveMaxMs <= 1000 ? "ok" : "MISSED"}`;
    print(`${String(row.size).padEnd(8)} ${String(row.cards).padStart(11)}  ${`${row.firstPaintMs.toFixed(0)} ms`.padStart(11)}   ≤ ${target / 1000} s ${row.firstPaintMs <= target ? "ok    " : "MISSED"}  ${live.padEnd(40)} ${row.rssMb?.toFixed(0) ?? "?"} MB`);
  }
  return { scriptBytes: script.length, scriptGzip: gz, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchBoard({ runs: process.argv.includes("--quick") ? 2 : 3 });
}
