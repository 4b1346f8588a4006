import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session } from "./server.js";

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mkdirSync(join(repo.dir, "backlog", "prompts"));
  writeFileSync(
    join(repo.dir, "backlog", "prompts", "standup.md"),
    "---\ndescription: Our own standup.\narguments:\n  - name: team\n    description: Which team.\n    required: true\n---\nStandup for {{team}}; {{unknown}} stays.\n",
  );
  writeFileSync(join(repo.dir, "backlog", "prompts", "triage.md"), "---\ndescription: Triage new bugs.\n---\nTriage every task with +bug and no priority.\n");
  writeFileSync(join(repo.dir, "backlog", "prompts", "broken.md"), "---\ndescription: [unclosed\n---\nbody\n");
  mcp = await startServer(repo.dir);
  await mcp.call("task_add", { title: "Vague idea" }); // 1
  await mcp.call("task_add", { title: "Another idea" }); // 2
  for (let n = 3; n <= 12; n++) await mcp.call("task_add", { title: `Idea ${n}` });
  await mcp.call("task_done", { id: 11 });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("prompts", () => {
  it("lists the built-in prompts and the repository's own, with their arguments", async () => {
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(["handoff", "implement", "plan", "refine", "spec", "standup", "triage"]);
    expect(prompts.find((prompt) => prompt.name === "plan")).toMatchObject({
      description: "Break a goal down into backlog tasks with dependencies.",
      arguments: [
        { name: "goal", required: true },
        { name: "project", required: false },
      ],
    });
    expect(mcp.stderr()).toMatch(/prompt "broken" is left out: prompt template broken: its frontmatter is not YAML/);
  });

  it("fills the arguments into the body", async () => {
    const { messages } = await mcp.client.getPrompt({ name: "refine", arguments: { id: "12" } });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe("user");
    const text = (messages[0]?.content as { text: string }).text;
    expect(text).toMatch(/^Refine task 12 of this repository's backlog/);
    expect(text).toContain("task_doc_write");
    expect(text).not.toContain("{{");
  });

  it("an id that is no task is an error, not a prompt about nothing", async () => {
    await expect(mcp.client.getPrompt({ name: "refine", arguments: { id: "999" } })).rejects.toThrow(/no task 999; task_list finds ids/);
    await expect(mcp.client.getPrompt({ name: "refine", arguments: { id: "twelve" } })).rejects.toThrow(/"twelve" is not a task id/);
  });

  it("offers the open tasks' ids as completions for id", async () => {
    const ref = { type: "ref/prompt" as const, name: "refine" };
    const all = await mcp.client.complete({ ref, argument: { name: "id", value: "" } });
    expect(all.completion.values).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12"]);
    const ones = await mcp.client.complete({ ref, argument: { name: "id", value: "1" } });
    expect(ones.completion.values).toEqual(["1", "10", "12"]);
  });

  it("a missing optional argument becomes empty text", async () => {
    const { messages } = await mcp.client.getPrompt({ name: "plan", arguments: { goal: "Ship dark mode" } });
    const text = (messages[0]?.content as { text: string }).text;
    expect(text).toContain("Ship dark mode");
    expect(text).toContain("pick the best existing one or none): \n");
  });

  it("a required argument is required", async () => {
    await expect(mcp.client.getPrompt({ name: "refine", arguments: {} })).rejects.toThrow(/id/);
  });

  it("backlog/prompts/<name>.md overrides a built-in prompt and adds new ones", async () => {
    const { messages } = await mcp.client.getPrompt({ name: "standup", arguments: { team: "web" } });
    expect((messages[0]?.content as { text: string }).text).toBe("Standup for web; {{unknown}} stays.");
    const triage = await mcp.client.getPrompt({ name: "triage" });
    expect((triage.messages[0]?.content as { text: string }).text).toBe("Triage every task with +bug and no priority.");
  });
});
