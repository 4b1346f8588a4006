import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, CLI, serverEnv, startServerProcess } from "./server.js";

let repo: { dir: string; cleanup: () => void };

beforeAll(() => {
  repo = backlogRepo();
});

afterAll(() => {
  repo.cleanup();
});

const CORE = ["task_list", "task_info", "task_add", "task_modify", "task_start", "task_done", "task_annotate", "task_next"];

async function toolsFor(toolset: string | undefined): Promise<{ names: string[]; bytes: number; tools: { name: string; title?: string; annotations?: Record<string, unknown>; outputSchema?: unknown; inputSchema: { properties?: Record<string, { description?: string }> } }[] }> {
  const mcp = await startServerProcess(repo.dir, { env: { BACKLOG_TOOLS: toolset } });
  try {
    const { tools } = await mcp.client.listTools();
    return { names: tools.map((tool) => tool.name), bytes: JSON.stringify({ tools }).length, tools: tools as never };
  } finally {
    await mcp.close();
  }
}

describe("toolsets", () => {
  it("core is the eight tools docs/reference/mcp.md lists for it, under 5 KB of schemas", async () => {
    const core = await toolsFor("core");
    expect(core.names).toEqual(CORE);
    expect(core.bytes).toBeLessThanOrEqual(5000);
  });

  it("standard is the default and adds the everyday rest", async () => {
    const standard = await toolsFor(undefined);
    expect(standard.names.slice(0, 8)).toEqual(CORE);
    expect(standard.names).toEqual(expect.arrayContaining(["task_count", "task_stop", "task_undo", "task_history", "task_doc_read", "task_doc_write", "task_graph", "task_doctor"]));
    expect(standard.names).toHaveLength(20);
  });

  it("all is every tool docs/reference/mcp.md lists, under 20 KB, each with an output schema and annotations", async () => {
    const all = await toolsFor("all");
    expect(all.names).toHaveLength(32);
    expect(all.bytes).toBeLessThanOrEqual(20_000);
    for (const tool of all.tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations, tool.name).toMatchObject({ openWorldHint: false });
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe("boolean");
      if (tool.annotations?.readOnlyHint === false) {
        expect(typeof tool.annotations.destructiveHint, tool.name).toBe("boolean");
        expect(typeof tool.annotations.idempotentHint, tool.name).toBe("boolean");
      }
    }
    const list = all.tools.find((tool) => tool.name === "task_list");
    expect(list?.inputSchema.properties?.filter?.description).toMatch(/project:web/);
  });

  it("every tool carries a title, and task_view's output schema describes the tasks and columns it returns", async () => {
    const all = await toolsFor("all");
    for (const tool of all.tools) expect(tool.title, tool.name).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
    const view = all.tools.find((tool) => tool.name === "task_view");
    expect(view?.outputSchema).toMatchObject({
      properties: { tasks: { type: "array", items: { type: "object" } }, columns: { type: "object", additionalProperties: { type: "array", items: { type: "object" } } } },
    });
  });

  it("a comma list mixes sets and single tools, with or without the task_ prefix", async () => {
    const mixed = await toolsFor("core, task_purge, tags");
    expect(mixed.names).toEqual([...CORE, "task_purge", "task_tags"]);
  });

  it("an unknown name stops the server at start and lists the valid ones", () => {
    const result = spawnSync(process.execPath, [CLI, "mcp"], { cwd: repo.dir, env: serverEnv({ BACKLOG_TOOLS: "core,task_fly" }), input: "", encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/unknown tool or toolset "task_fly" in BACKLOG_TOOLS \/ toolset; use core, standard, all, or a comma list of: task_list, task_info/);
  });

  it("the config key `toolset` chooses too, and BACKLOG_TOOLS overrides it", async () => {
    const { writeFileSync, rmSync } = await import("node:fs");
    writeFileSync(`${repo.dir}/.backlog`, "toolset: core\n");
    try {
      expect((await toolsFor(undefined)).names).toEqual(CORE);
      expect((await toolsFor("all")).names).toHaveLength(32);
    } finally {
      rmSync(`${repo.dir}/.backlog`);
    }
  });
});
