import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseChangeArgs } from "../../src/domain/changes.js";
import { openBacklog } from "../../src/service/backlog.js";
import { addTask } from "../../src/service/operations/add.js";
import { modifyTasks } from "../../src/service/operations/modify.js";

/**
 * A child process of the concurrency tests (run as JavaScript, see compile-for-children.ts):
 * `worker.js <worktree root> <add|mixed> <operations> <tag>`. Each operation is the service's own
 * (`addTask`, with the real id allocation), or in `mixed` mode every third operation sets one
 * counter value on tasks 1–3 in one `modifyTasks`. Prints `lock <ms>` for its first wait for the
 * clone-wide lock, then `ok <op> <id|counter> <sha>` after each operation.
 */

const [root = ".", mode = "add", countText = "1", tag = "w"] = process.argv.slice(2);
const count = Number(countText);
const backlog = await openBacklog({ cwd: root, env: { ...process.env, BACKLOG_AGENT: tag } });

for (let index = 0; index < count; index++) {
  const started = performance.now();
  // The service's operation runs inside: the writer's lock is re-entrant within one call chain.
  const line = await backlog.writer.withLock(async () => {
    const waited = performance.now() - started;
    const prefix = index === 0 ? `lock ${waited.toFixed(1)}\n` : "";
    if (mode === "mixed" && index % 3 === 2) {
      const current = /counter: (\d+)/.exec(readFileSync(join(root, "backlog", "1-shared.md"), "utf8"));
      const counter = Number(current?.[1] ?? 0) + 1;
      const result = await modifyTasks(backlog, "1,2,3", parseChangeArgs([`counter:${counter}`], backlog.now()).changes);
      return `${prefix}ok modify ${counter} ${result.sha}\n`;
    }
    const { task, sha } = await addTask(backlog, { title: "Task" });
    return `${prefix}ok add ${task.id} ${sha}\n`;
  });
  process.stdout.write(line);
}
await backlog.writer.close();
