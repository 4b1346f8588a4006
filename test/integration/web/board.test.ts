import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, CLI, cli, cliEnv, taskPath } from "../../helpers/cli.js";
import { eventually } from "../../helpers/eventually.js";
import { git } from "../../helpers/git-repo.js";

// `git-backlog board` in a real browser: Chromium (Debian's package; BACKLOG_CHROMIUM names
// another) driven by playwright-core against the built CLI's server on a temp repository.

const CHROMIUM = process.env.BACKLOG_CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(existsSync);
const SHOTS = resolve("test-output", "board");

let repo: { dir: string; cleanup: () => void };
let board: ChildProcess;
let login = "";
let base = "";
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) throw new Error("no Chromium found: install Debian's chromium package (.ci/run does), or set BACKLOG_CHROMIUM");
  repo = backlogRepo();
  await cli(repo.dir, ["add", "Set up CI", "priority:H", "+infra", "project:web"]);
  await cli(repo.dir, ["add", "Write the login page", "depends:1", "project:web", "due:2026-11-10"]);
  await cli(repo.dir, ["add", "Draft the API", "+design", "project:api"]);
  await cli(repo.dir, ["add", "<img src=x onerror=\"window.pwned=1\"> <script>window.pwned=2</script>", "--body", "<script>window.pwned=3</script>"]);
  board = spawn(process.execPath, [CLI, "board", "--no-open"], { cwd: repo.dir, env: cliEnv({ BACKLOG_NOW: undefined }), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  board.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const { value } = await eventually(() => /Board: (\S+)/.exec(out)?.[1], 15_000);
  login = value;
  base = login.slice(0, login.indexOf("?"));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  board?.kill("SIGINT");
  repo?.cleanup();
});

async function openBoard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(login);
  await page.waitForSelector(".card");
  return page;
}

const column = (page: Page, name: string) => page.locator(`.column[data-column="${name}"]`);
const card = (page: Page, id: number) => page.locator(`.card[data-id="${id}"]`);

/** A raw request to the server, with the headers a test chooses. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((done, fail) => {
    const url = new URL(path, base);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers, setHost: !("Host" in headers) }, (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    });
    req.on("error", fail);
    req.end(body);
  });
}

describe("the board in a browser", () => {
  it("shows the tasks in their columns, with their markers", async () => {
    const page = await openBoard();
    expect(await column(page, "pending").locator(".card").count()).toBe(4);
    await expect.poll(() => card(page, 2).locator(".blocked").textContent()).toBe("⧗ blocked");
    expect(await card(page, 1).locator(".pri-H").textContent()).toBe("H");
    await page.screenshot({ path: join(SHOTS, "board.png") });
    await page.close();
  });

  it("runs nothing a task's text holds, and shows it as text", async () => {
    const page = await openBoard();
    // A page-level flag that any of the task's scripts or handlers would have set.
    expect(await page.evaluate("typeof window.pwned")).toBe("undefined");
    expect(await card(page, 4).locator(".title").textContent()).toContain("<img src=x onerror=");
    expect(await page.locator("img").count()).toBe(0);
    await page.close();
  });

  it("drops a card on Done: one commit, the file changed, the card moved", async () => {
    const page = await openBoard();
    const before = Number(git(repo.dir, "rev-list", "--count", "HEAD"));
    await card(page, 3).dragTo(column(page, "done"));
    await column(page, "done").locator('.card[data-id="3"]').waitFor();
    expect(Number(git(repo.dir, "rev-list", "--count", "HEAD"))).toBe(before + 1);
    expect(git(repo.dir, "log", "-1", "--format=%s")).toBe("backlog: done #3 Draft the API");
    expect(readFileSync(join(repo.dir, taskPath(repo.dir, 3)), "utf8")).toMatch(/^status: done$/m);
    await page.close();
  });

  it("shows a refusal on the card and writes nothing (a blocked task cannot start)", async () => {
    const page = await openBoard();
    const head = git(repo.dir, "rev-parse", "HEAD");
    await card(page, 2).dragTo(column(page, "active"));
    await card(page, 2).locator(".refusal").waitFor();
    expect(await card(page, 2).locator(".refusal").textContent()).toMatch(/task 2 is blocked: it depends on #1/);
    expect(await column(page, "pending").locator('.card[data-id="2"]').count()).toBe(1);
    expect(git(repo.dir, "rev-parse", "HEAD")).toBe(head);
    await page.close();
  });

  it("shows a hand edit, and another page's change, without a reload", async () => {
    const first = await openBoard();
    const second = await openBoard();
    const path = join(repo.dir, taskPath(repo.dir, 1));
    writeFileSync(path, readFileSync(path, "utf8").replace("title: Set up CI", "title: Set up CI, edited by hand"));
    await first.locator('.card[data-id="1"] .title', { hasText: "edited by hand" }).waitFor({ timeout: 5000 });
    await card(first, 1).dragTo(column(first, "active"));
    await second.locator('.column[data-column="active"] .card[data-id="1"]').waitFor({ timeout: 5000 });
    await first.close();
    await second.close();
  });

  it("filters with the filter language, and names the token of a bad filter", async () => {
    const page = await openBoard();
    await page.keyboard.press("/");
    await page.keyboard.type("project:api");
    await page.keyboard.press("Enter");
    await page.locator('.card[data-id="1"]').waitFor({ state: "detached" });
    expect(await page.locator(".card").getAttribute("data-id")).toBe("3");
    await page.fill("#filter", "project:web and (");
    await page.keyboard.press("Enter");
    await page.locator("#filter-error").waitFor();
    expect(await page.locator("#filter-error").textContent()).toMatch(/\(/);
    await page.close();
  });

  it("edits a task in its panel: fields and the document in one commit, the notes kept; markdown rendered inert", async () => {
    await cli(repo.dir, ["annotate", "3", "kept through the edit"]);
    const page = await openBoard();
    await card(page, 3).click();
    await page.locator("#task-form").waitFor();
    await page.fill("#field-priority", "M");
    await page.fill("#field-tags", "design review");
    await page.fill('#task-form textarea[name="doc"]', "A plan with [a link](javascript:alert(1)) and <img src=x onerror=\"window.pwned=4\">\n\n- one\n- two\n");
    const before = Number(git(repo.dir, "rev-list", "--count", "HEAD"));
    await page.click('#task-form button[type="submit"]');
    await page.locator("#panel .message", { hasText: "Saved." }).waitFor();
    expect(Number(git(repo.dir, "rev-list", "--count", "HEAD"))).toBe(before + 1);
    expect(git(repo.dir, "log", "-1", "--format=%s")).toBe("backlog: edit #3 Draft the API");
    const text = readFileSync(join(repo.dir, taskPath(repo.dir, 3)), "utf8");
    expect(text).toMatch(/^priority: M$/m);
    expect(text).toMatch(/^tags: \[design, review\]$/m);
    expect(text).toContain("- one\n- two\n");
    expect(text).toContain("kept through the edit");
    expect(await page.locator("#panel .doc li").count()).toBe(2);
    expect(await page.locator('#panel .doc a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator("#panel .doc img").count()).toBe(0);
    expect(await page.evaluate("typeof window.pwned")).toBe("undefined");
    await page.screenshot({ path: join(SHOTS, "panel.png") });
    await page.close();
  });

  it("refuses a save over a file changed on disk since the panel loaded, shows the new version and keeps the user's text", async () => {
    const page = await openBoard();
    await card(page, 3).click();
    await page.locator("#task-form").waitFor();
    const path = join(repo.dir, taskPath(repo.dir, 3));
    writeFileSync(path, readFileSync(path, "utf8").replace("title: Draft the API", "title: Draft the API, renamed by hand"));
    await page.fill("#field-project", "platform");
    await page.click('#task-form button[type="submit"]');
    await page.locator("#panel .message", { hasText: "changed on disk" }).waitFor();
    expect(await page.inputValue("#field-project")).toBe("platform");
    expect(readFileSync(path, "utf8")).toMatch(/^project: api$/m);
    // The panel now edits the new version: saving again keeps the hand edit and applies the user's.
    await page.fill("#field-title", "Draft the API, renamed by hand");
    await page.click('#task-form button[type="submit"]');
    await page.locator("#panel .message", { hasText: "Saved." }).waitFor();
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^project: platform$/m);
    expect(text).toMatch(/^title: Draft the API, renamed by hand$/m);
    await page.close();
  });

  it("adds a note from the panel, and undoes it from the header", async () => {
    const page = await openBoard();
    await card(page, 1).click();
    await page.locator("#task-form").waitFor();
    await page.fill('#panel input[name="note"]', "a note from the board");
    await page.keyboard.press("Enter");
    await page.locator("#panel .note", { hasText: "a note from the board" }).waitFor();
    expect(git(repo.dir, "log", "-1", "--format=%s")).toBe("backlog: annotate #1 Set up CI, edited by hand");
    await page.click("#undo");
    await eventually(() => (git(repo.dir, "log", "-1", "--format=%s").startsWith("backlog: undo") ? true : undefined), 5000);
    expect(readFileSync(join(repo.dir, taskPath(repo.dir, 1)), "utf8")).not.toContain("a note from the board");
    await page.close();
  });

  it("creates a task from a line written as for add, with a template, and opens it", async () => {
    const page = await openBoard();
    await page.keyboard.press("n");
    await page.locator("#new-task-form").waitFor();
    await page.keyboard.type("Fix the flaky login test +bug priority:H");
    await page.selectOption("#new-template", "bug");
    await page.click('#new-task-form button[type="submit"]');
    await page.locator("#task-form").waitFor();
    expect(await page.inputValue("#field-title")).toBe("Fix the flaky login test");
    expect(git(repo.dir, "log", "-1", "--format=%s")).toMatch(/^backlog: add #5 Fix the flaky login test$/);
    const text = readFileSync(join(repo.dir, taskPath(repo.dir, 5)), "utf8");
    expect(text).toMatch(/^priority: H$/m);
    expect(text).toMatch(/^tags: \[.*bug.*\]$/m);
    // A bad change word is refused in the form, nothing created.
    await page.keyboard.press("Escape");
    await page.click("#new-task");
    await page.fill("#new-line", "Another priority:X");
    await page.click('#new-task-form button[type="submit"]');
    await page.locator("#panel .message", { hasText: "priority is H, M or L" }).waitFor();
    expect(git(repo.dir, "log", "-1", "--format=%s")).toMatch(/add #5/);
    await page.close();
  });

  it("draws the dependency graph, cycles marked, and opens a task from its node", async () => {
    writeFileSync(join(repo.dir, "backlog", "8-cycle-a.md"), "---\nid: 8\ntitle: Cycle A\nstatus: pending\ndepends: [9]\n---\n");
    writeFileSync(join(repo.dir, "backlog", "9-cycle-b.md"), "---\nid: 9\ntitle: Cycle B\nstatus: pending\ndepends: [8]\n---\n");
    const page = await openBoard();
    await page.keyboard.press("g");
    await page.locator("#graph svg").waitFor();
    const nodes: string[] = [];
    for (const node of await page.locator("#graph .node").all()) nodes.push((await node.getAttribute("data-id")) ?? "");
    expect(nodes.sort()).toEqual(["1", "2", "8", "9"]);
    expect(await page.locator("#graph .edge").count()).toBe(3);
    expect(await page.locator("#graph .node.in-cycle").count()).toBe(2);
    expect(await page.locator("#graph .edge.in-cycle").count()).toBe(2);
    expect(await page.locator("#board").isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, "graph.png") });
    await page.locator('#graph .node[data-id="2"]').click();
    await page.locator("#task-form").waitFor();
    expect(await page.inputValue("#field-title")).toBe("Write the login page");
    await page.close();
  });

  it("draws a duplicated id as one node marked ⚠dup, with every copy's dependencies", async () => {
    const copy = join(repo.dir, "backlog", "9-copy-of-b.md");
    writeFileSync(copy, "---\nid: 9\ntitle: Copy of B\nstatus: pending\ndepends: [1]\n---\n");
    try {
      const page = await openBoard();
      await page.keyboard.press("g");
      await page.locator('#graph .node[data-id="9"]', { hasText: "⚠dup" }).waitFor();
      expect(await page.locator('#graph .node[data-id="9"]').count()).toBe(1);
      // 2→1, 8→9, 9→8 and the copy's 9→1.
      expect(await page.locator("#graph .edge").count()).toBe(4);
      expect(await page.locator('#graph .node[data-id="8"]', { hasText: "⚠dup" }).count()).toBe(0);
      await page.close();
    } finally {
      rmSync(copy);
    }
  });

  it("draws swimlanes by project, and a Deleted column on request", async () => {
    await cli(repo.dir, ["delete", "4"]);
    const page = await openBoard();
    await page.selectOption("#lanes", "project");
    await page.locator(".lane", { hasText: "web" }).waitFor();
    const lanes: string[] = [];
    for (const lane of await page.locator(".lane").all()) lanes.push((await lane.textContent()) ?? "");
    expect(lanes).toEqual(["platform", "web", "no project"]);
    expect(await page.locator('.column[data-column="deleted"]').count()).toBe(0);
    await page.selectOption("#lanes", "");
    await page.check("#show-deleted");
    await page.locator('.column[data-column="deleted"] .card[data-id="4"]').waitFor();
    await page.close();
  });

  it("offers the views of .backlog and the built-in ones, and a task's neighbourhood as a graph", async () => {
    const page = await openBoard();
    await page.selectOption("#views", { label: "active" });
    await page.locator('.column[data-column="pending"] .card').first().waitFor({ state: "detached" });
    expect(await page.inputValue("#filter")).toBe("status:active");
    await page.fill("#filter", "");
    await page.keyboard.press("Enter");
    await card(page, 2).click();
    await page.locator("#panel h2 button", { hasText: "Graph" }).click();
    await page.locator("#graph svg").waitFor();
    const nodes: string[] = [];
    for (const node of await page.locator("#graph .node").all()) nodes.push((await node.getAttribute("data-id")) ?? "");
    expect(nodes.sort()).toEqual(["1", "2"]);
    await page.close();
  });

  it("fits a phone-width screen: the columns scroll sideways", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(login);
    await page.waitForSelector(".card");
    const overflow = await page.evaluate("document.getElementById('board').scrollWidth > document.getElementById('board').clientWidth");
    expect(overflow).toBe(true);
    await page.screenshot({ path: join(SHOTS, "phone.png") });
    await page.close();
  });

  it("refuses requests without the token, with a foreign Host or a foreign Origin (403), and changes nothing", async () => {
    const token = login.slice(login.indexOf("token=") + 6);
    const cookie = `backlog_board=${token}`;
    const head = git(repo.dir, "rev-parse", "HEAD");
    const move = JSON.stringify({ to: "done" });
    const json = { "Content-Type": "application/json" };
    const origin = base.replace(/\/$/, "");
    expect(await raw("GET", "/api/board", {})).toBe(403);
    expect(await raw("GET", "/api/board", { Cookie: `backlog_board=wrong` })).toBe(403);
    expect(await raw("GET", "/api/board", { Cookie: cookie, Host: "attacker.example" })).toBe(403);
    expect(await raw("POST", "/api/tasks/2/move", { ...json, Origin: origin }, move)).toBe(403);
    expect(await raw("POST", "/api/tasks/2/move", { ...json, Cookie: cookie, Origin: "http://attacker.example" }, move)).toBe(403);
    expect(await raw("POST", "/api/tasks/2/move", { ...json, Cookie: cookie }, move)).toBe(403);
    expect(await raw("POST", "/api/tasks/2/move", { "Content-Type": "text/plain", Cookie: cookie, Origin: origin }, move)).toBe(403);
    expect(git(repo.dir, "rev-parse", "HEAD")).toBe(head);
    // The same request from the board's own page is served.
    expect(await raw("GET", "/api/board", { Cookie: cookie })).toBe(200);
  });

  it("stops cleanly on Ctrl-C: exit 0, its socket for the CLI removed", async () => {
    const exited = new Promise<number | null>((resolve) => board.once("exit", (code) => resolve(code)));
    board.kill("SIGINT");
    expect(await exited).toBe(0);
    const folder = join(repo.dir, ".git", "backlog-live");
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });
});
