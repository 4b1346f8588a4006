import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskProblems } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, eventually, startServer, type Session, type TaskJson } from "./server.js";

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

const file = (name: string): string => join(repo.dir, "backlog", name);
const task = (id: number, title: string, extra = ""): string => `---\nid: ${id}\ntitle: ${title}\nstatus: pending\n${extra}---\nWritten by hand.\n`;

beforeAll(async () => {
  repo = backlogRepo();
  writeFileSync(file("1-first.md"), task(1, "First"));
  writeFileSync(file("2-second.md"), task(2, "Second", "branch: main\n"));
  mcp = await startServer(repo.dir);
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("resources", () => {
  it("lists the task and view templates, the current task, the views and the active tasks", async () => {
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual(["backlog://tasks/{id}", "backlog://views/{name}"]);
    const before = (await mcp.client.listResources()).resources.map((resource) => resource.uri);
    expect(before).toEqual(expect.arrayContaining(["backlog://current", "backlog://views/ready", "backlog://views/board"]));
    expect(before).not.toContain("backlog://tasks/1");
    mcp.notifications.length = 0;
    await mcp.call("task_start", { id: 1 });
    await mcp.waitFor((note) => note.method === "notifications/resources/list_changed");
    const { resources } = await mcp.client.listResources();
    expect(resources.find((resource) => resource.uri === "backlog://tasks/1")).toMatchObject({ title: "#1 First", mimeType: "text/markdown" });
    await mcp.call("task_stop", { id: 1 });
    writeFileSync(file("1-first.md"), task(1, "First"));
    // The next tests read this file through the server: wait until its watcher has the hand edit
    // (a read in the middle of the write could otherwise see a half-written file).
    await eventually(async () => {
      // A read may land in the middle of the write and see a file that does not parse yet: try again.
      const now = await mcp.call<{ task: TaskJson & { modified?: string } }>("task_info", { id: 1 }).then(({ task: read }) => read, () => undefined);
      return now && now.modified === undefined ? true : undefined; // the tool's writes set modified; the hand edit has none
    });
  });

  it("backlog://tasks/{id} is the file, byte for byte; an unknown id is not found", async () => {
    const { contents } = await mcp.client.readResource({ uri: "backlog://tasks/1" });
    expect(contents).toEqual([{ uri: "backlog://tasks/1", mimeType: "text/markdown", text: task(1, "First") }]);
    await expect(mcp.client.readResource({ uri: "backlog://tasks/99" })).rejects.toThrow(/no task 99; task_list finds ids/);
  });

  it("backlog://views/{name} is the view's tasks as JSON", async () => {
    const { contents } = await mcp.client.readResource({ uri: "backlog://views/ready" });
    const view = JSON.parse((contents[0] as { text: string }).text) as { name: string; tasks: TaskJson[] };
    expect(view.name).toBe("ready");
    expect(view.tasks.map((item) => item.id)).toEqual([1, 2]);
    await expect(mcp.client.readResource({ uri: "backlog://views/nope" })).rejects.toThrow(/no view "nope"/);
  });

  it("backlog://current is the task of the checked-out branch, and follows a checkout", async () => {
    const { contents } = await mcp.client.readResource({ uri: "backlog://current" });
    expect(contents).toEqual([{ uri: "backlog://current", mimeType: "text/markdown", text: task(2, "Second", "branch: main\n") }]);
    await mcp.client.subscribeResource({ uri: "backlog://current" });
    mcp.notifications.length = 0;
    // Right after an operation the engine keeps index.lock for a short grace period (git-writer.ts),
    // and git refuses a busy index, as with any concurrent git command: wait it out like a user would.
    await eventually(() => (existsSync(join(repo.dir, ".git", "index.lock")) ? undefined : true));
    git(repo.dir, "checkout", "-q", "-b", "elsewhere");
    try {
      await mcp.waitFor((note) => note.uri === "backlog://current");
      expect((await mcp.client.readResource({ uri: "backlog://current" })).contents).toEqual([]);
    } finally {
      git(repo.dir, "checkout", "-q", "main");
      await mcp.client.unsubscribeResource({ uri: "backlog://current" });
    }
  });

  it("subscribing to something that is not ours is refused", async () => {
    await expect(mcp.client.subscribeResource({ uri: "file:///etc/passwd" })).rejects.toThrow(/backlog:\/\/tasks\/\{id\}/);
  });
});

describe("subscriptions fed by edits on disk", () => {
  it("a hand edit of a subscribed task sends resources/updated for it and for subscribed views", async () => {
    await mcp.client.subscribeResource({ uri: "backlog://tasks/1" });
    await mcp.client.subscribeResource({ uri: "backlog://views/ready" });
    mcp.notifications.length = 0;
    writeFileSync(file("1-first.md"), task(1, "First, edited"));
    await mcp.waitFor((note) => note.uri === "backlog://tasks/1");
    await mcp.waitFor((note) => note.uri === "backlog://views/ready");
    expect(mcp.notifications.some((note) => note.uri === "backlog://tasks/2")).toBe(false);
  });

  it("a new file and a removed file send list_changed", async () => {
    mcp.notifications.length = 0;
    writeFileSync(file("3-third.md"), task(3, "Third"));
    await mcp.waitFor((note) => note.method === "notifications/resources/list_changed");
    mcp.notifications.length = 0;
    rmSync(file("3-third.md"));
    await mcp.waitFor((note) => note.method === "notifications/resources/list_changed");
  });

  it("a write through a tool notifies too", async () => {
    mcp.notifications.length = 0;
    await mcp.call("task_annotate", { id: 1, text: "from the agent" });
    await mcp.waitFor((note) => note.uri === "backlog://tasks/1");
  });

  it("after unsubscribing, edits of that task send nothing for it", async () => {
    await mcp.client.unsubscribeResource({ uri: "backlog://tasks/1" });
    mcp.notifications.length = 0;
    writeFileSync(file("1-first.md"), task(1, "First, once more"));
    await mcp.waitFor((note) => note.uri === "backlog://views/ready");
    expect(mcp.notifications.some((note) => note.uri === "backlog://tasks/1")).toBe(false);
  });
});

describe("notifications follow content", () => {
  it("a subscribed view and backlog://current hear only of changes to what they show", async () => {
    await mcp.client.subscribeResource({ uri: "backlog://views/active" });
    await mcp.client.subscribeResource({ uri: "backlog://current" });
    // The witness, subscribed last: its notification comes after any for the others from the same change.
    await mcp.client.subscribeResource({ uri: "backlog://tasks/1" });
    const quiet = (): string[] => mcp.notifications.flatMap((note) => (note.uri === "backlog://views/active" || note.uri === "backlog://current" ? [note.uri] : []));
    try {
      mcp.notifications.length = 0;
      await mcp.call("task_annotate", { id: 1, text: "neither active nor current" });
      await mcp.waitFor((note) => note.uri === "backlog://tasks/1");
      expect(quiet()).toEqual([]);

      mcp.notifications.length = 0;
      await mcp.call("task_annotate", { id: 2, text: "the current task" });
      await mcp.waitFor((note) => note.uri === "backlog://current");
      expect(quiet()).toEqual(["backlog://current"]);

      mcp.notifications.length = 0;
      await mcp.call("task_start", { id: 1 });
      await mcp.waitFor((note) => note.uri === "backlog://views/active");
      await mcp.call("task_stop", { id: 1 });
    } finally {
      for (const uri of ["backlog://views/active", "backlog://current", "backlog://tasks/1"]) await mcp.client.unsubscribeResource({ uri });
    }
  });
});

describe("the live index", () => {
  // How soon is the benchmark's business (npm run bench: p95 of the time to visible).
  it("every one of 20 hand edits in a row reaches task_list without a restart", async () => {
    for (let round = 0; round < 20; round++) {
      const title = `Edited by hand ${round}`;
      writeFileSync(file("2-second.md"), task(2, title, "branch: main\n"));
      await eventually(async () => {
        const { tasks } = await mcp.call<{ tasks: TaskJson[] }>("task_list", { filter: "2", fields: ["title"] });
        return tasks[0]?.title === title ? true : undefined;
      });
    }
  });

  it("a file that stops parsing shows in task_doctor while the other tasks keep working", async () => {
    const original = readFileSync(file("1-first.md"), "utf8");
    writeFileSync(file("1-first.md"), "---\nid: 1\ntitle: [unclosed\n---\n");
    try {
      const { value: problems } = await eventually(async () => {
        const { problems } = await mcp.call<{ problems: { file: string; line?: number; code: string; message: string }[] }>("task_doctor");
        return taskProblems(problems).length > 0 ? taskProblems(problems) : undefined;
      });
      expect(problems).toEqual([expect.objectContaining({ file: "backlog/1-first.md", code: "yaml-syntax" })]);
      expect(await mcp.call("task_count")).toEqual({ count: 1 });
      expect((await mcp.call<{ note?: string }>("task_list")).note).toBe("1 task file could not be read and is left out (backlog/1-first.md); task_doctor says why.");
      expect((await mcp.call<{ task: TaskJson }>("task_info", { id: 2 })).task.id).toBe(2);
      expect(await mcp.call("task_add", { title: "Still works" })).toMatchObject({ task: { title: "Still works", status: "pending" } });
    } finally {
      writeFileSync(file("1-first.md"), original);
    }
    await eventually(async () => (taskProblems((await mcp.call<{ problems: { code: string }[] }>("task_doctor")).problems).length === 0 ? true : undefined));
  });
});
