import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createGitWriter } from "../../src/git/git-writer.js";
import { idFromFileName } from "../../src/domain/task-id.js";

/**
 * A child process of the concurrency tests (run as JavaScript, see compile-for-children.ts):
 * `worker.js <worktree root> <add|mixed> <operations> <tag>`. Each operation allocates under the
 * lock exactly as the service does (the highest id known anywhere in the clone, plus one), or in
 * `mixed` mode every third operation rewrites tasks 1–3 together with one counter value.
 * Prints `lock <ms>` for its first lock wait, then `ok <op> <id> <sha>` after each operation.
 */

const [root = ".", mode = "add", countText = "1", tag = "w"] = process.argv.slice(2);
const count = Number(countText);
const dir = "backlog";
const writer = await createGitWriter({ cwd: root });

function localMax(): number {
  let max = 0;
  for (const name of readdirSync(join(root, dir))) max = Math.max(max, idFromFileName(name) ?? 0);
  return max;
}

function content(id: number, title: string, counter: number): string {
  return `---\nid: ${id}\ntitle: ${title}\nstatus: pending\ncounter: ${counter}\n---\nWritten by ${tag}.\n`;
}

for (let index = 0; index < count; index++) {
  const started = performance.now();
  const line = await writer.withLock(async () => {
    const waited = performance.now() - started;
    const prefix = index === 0 ? `lock ${waited.toFixed(1)}\n` : "";
    if (mode === "mixed" && index % 3 === 2) {
      const current = /counter: (\d+)/.exec(readFileSync(join(root, dir, "1-shared.md"), "utf8"));
      const counter = Number(current?.[1] ?? 0) + 1;
      const changes = [1, 2, 3].map((id) => ({ path: `${dir}/${id}-shared.md`, content: content(id, `Shared ${id}`, counter) }));
      const result = await writer.apply(changes, { op: "modify", subject: "modify 3 tasks", taskIds: [1, 2, 3], agent: tag });
      return `${prefix}ok modify ${counter} ${result.sha}\n`;
    }
    const id = Math.max(await writer.highestKnownId(dir), localMax()) + 1;
    const result = await writer.apply([{ path: `${dir}/${id}-task.md`, content: content(id, `Task ${id} by ${tag}`, 0) }], {
      op: "add",
      subject: `add #${id} Task ${id}`,
      taskIds: [id],
      agent: tag,
    });
    return `${prefix}ok add ${id} ${result.sha}\n`;
  });
  process.stdout.write(line);
}
