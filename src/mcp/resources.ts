import { ResourceTemplate, type McpServer, type ReadResourceResult } from "@modelcontextprotocol/server";
import { BacklogError } from "../domain/errors.js";
import { notATaskId, readTaskId } from "../domain/task-id.js";
import { currentTask } from "../service/current.js";
import type { BacklogChange } from "../service/live-backlog.js";
import { viewDefinitions } from "../service/operations/overview.js";
import { readTaskText, requireTask } from "../service/task-file.js";
import { resourceError } from "./errors.js";
import { viewJson } from "./task-json.js";
import type { ToolContext } from "./tool.js";

const TASK = /^backlog:\/\/tasks\/(\d+)$/;
const VIEW = /^backlog:\/\/views\/([^/]+)$/;
const CURRENT = "backlog://current";

/**
 * The resources (docs/reference/mcp.md, "Resources and notifications"), with subscriptions: `backlog://tasks/{id}` (the file),
 * `backlog://views/{name}` (a view's tasks as JSON) and `backlog://current` (the task of the
 * checked-out branch). `notify` turns a backlog change into `notifications/resources/updated`
 * for the subscribed URIs whose content it changed, and `list_changed` when tasks came or went.
 */
export function registerResources(server: McpServer, { backlog }: ToolContext): { notify(change: BacklogChange): void } {
  const read = async (uri: URL, make: () => Promise<ReadResourceResult> | ReadResourceResult): Promise<ReadResourceResult> => {
    try {
      return await make();
    } catch (error) {
      throw resourceError(error, uri.href);
    }
  };
  const taskFile = (uri: URL, id: number): ReadResourceResult => ({
    contents: [{ uri: uri.href, mimeType: "text/markdown", text: readTaskText(backlog, requireTask(backlog, id)) }],
  });

  // Listed: the active tasks (a list of every open task is megabytes at 10,000); any id can be read.
  // A plain loop: it runs after every change, and flatMap's array per task costs ms at 10,000 tasks.
  const active = (): number[] => {
    const ids: number[] = [];
    for (const task of backlog.index.tasks()) if (task.status === "active") ids.push(task.id);
    return ids;
  };
  const tasks = new ResourceTemplate("backlog://tasks/{id}", {
    list: () => ({
      resources: active().map((id) => ({ uri: `backlog://tasks/${id}`, name: `task-${id}`, title: `#${id} ${backlog.index.get(id)?.title ?? ""}` })),
    }),
  });
  server.registerResource("task", tasks, { description: "A task file by id; the active ones are listed.", mimeType: "text/markdown" }, (uri, variables) =>
    read(uri, () => taskFile(uri, idOf(variables.id))),
  );

  const views = new ResourceTemplate("backlog://views/{name}", {
    list: () => ({ resources: Object.keys(viewDefinitions(backlog)).map((name) => ({ uri: `backlog://views/${name}`, name: `view-${name}`, mimeType: "application/json" })) }),
  });
  server.registerResource("view", views, { description: "A named view's tasks as JSON.", mimeType: "application/json" }, (uri, variables) =>
    read(uri, async () => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(await viewJson(backlog, String(variables.name))) }] })),
  );

  server.registerResource("current", CURRENT, { description: "The task whose branch is checked out here; empty when none is.", mimeType: "text/markdown" }, (uri) =>
    read(uri, () => {
      const { task } = currentTask(backlog);
      return task ? taskFile(uri, task.id) : { contents: [] };
    }),
  );

  // Subscribed URIs with the content last seen of each: a notification goes only where it changed.
  const subscribed = new Map<string, string>();
  const contentOf = async (uri: string): Promise<string> => {
    try {
      const task = TASK.exec(uri);
      if (task) return readTaskText(backlog, requireTask(backlog, Number(task[1])));
      const view = VIEW.exec(uri);
      if (view) return JSON.stringify(await viewJson(backlog, view[1] ?? ""));
      const { task: current } = currentTask(backlog);
      return current ? readTaskText(backlog, current) : "";
    } catch (error) {
      // A task or view that is gone (or broken) is content too: coming back changes it.
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  server.server.setRequestHandler("resources/subscribe", async (request) => {
    const { uri } = request.params;
    if (!TASK.test(uri) && !VIEW.test(uri) && uri !== CURRENT) throw resourceError(new BacklogError("not-found", `no resource ${uri}; backlog://tasks/{id}, backlog://views/{name} and backlog://current can be subscribed to.`), uri);
    subscribed.set(uri, await contentOf(uri));
    return {};
  });
  server.server.setRequestHandler("resources/unsubscribe", (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  const send = (promise: Promise<void>): void => void promise.catch(() => undefined); // a client gone mid-notification is not an error
  // The active ids listed, kept up to date from the ids each change names (a look at all 10,000
  // tasks on every change cost each server of a busy clone more than its own writes).
  const listed = new Set(active());
  const activeMoved = (ids: readonly number[]): boolean => {
    let moved = false;
    for (const id of ids) {
      const now = backlog.index.copies(id).some((task) => task.status === "active");
      if (now === listed.has(id)) continue;
      moved = true;
      if (now) listed.add(id);
      else listed.delete(id);
    }
    return moved;
  };
  // One change at a time, so the content last seen is the one the client was last told about.
  let checking = Promise.resolve();
  return {
    notify(change) {
      // The list changes when tasks come or go (any id is addressable) or the active ones change.
      if (activeMoved(change.ids) || change.listChanged) send(server.server.sendResourceListChanged());
      const changed = new Set(change.ids);
      checking = checking.then(async () => {
        for (const [uri, before] of [...subscribed]) {
          const task = TASK.exec(uri);
          const touched = task ? changed.has(Number(task[1])) : changed.size > 0 || change.head;
          if (!touched) continue;
          const after = await contentOf(uri);
          if (after === before || !subscribed.has(uri)) continue;
          subscribed.set(uri, after);
          send(server.server.sendResourceUpdated({ uri }));
        }
      });
    },
  };
}

function idOf(value: string | string[] | undefined): number {
  const text = Array.isArray(value) ? value[0] : value;
  const id = text === undefined ? undefined : readTaskId(text);
  if (id === undefined) throw new BacklogError("not-found", `${notATaskId(text ?? "")}; task URIs look like backlog://tasks/12.`);
  return id;
}
