// One cold `git-backlog list +READY`, replayed step by step with the modules the CLI uses, so a
// slow figure can be split into its phases. Run by `run.mjs --phases` in a fresh process per
// sample (cwd: a generated repository); prints one JSON object of phase → ms on stderr.
// It mirrors openBacklog and the list command; keep it in step when they change.
const phases = {};
let last = performance.now();
phases["node start, ESM loader"] = last;
const mark = (name) => {
  const now = performance.now();
  phases[name] = now - last;
  last = now;
};

const dist = new URL("../dist/", import.meta.url).href;
await import(`${dist}cli/run.js`);
const { findCommand } = await import(`${dist}cli/commands/index.js`);
await findCommand("list")?.load?.(); // commands load lazily; an older build imported them all with run.js
mark("import CLI + list command");
await import(`${dist}service/backlog.js`);
mark("import store + config (yaml, zod)");
const { findRepoPaths } = await import(`${dist}git/repo-paths.js`);
const { loadConfig } = await import(`${dist}store/load-config.js`);
const { openStatCache } = await import(`${dist}store/stat-cache.js`);
const { loadFolder } = await import(`${dist}store/load-folder.js`);
const { createTaskIndex } = await import(`${dist}store/task-index.js`);
const { buildGraph } = await import(`${dist}domain/graph.js`);
const { compileFilter, parseFilter } = await import(`${dist}domain/filter/index.js`);
const { renderTaskTable } = await import(`${dist}cli/output/task-table.js`);
mark("import (the rest)");

const cwd = process.cwd();
const repo = findRepoPaths(cwd);
const config = await loadConfig(repo.root, process.env);
mark("find repo, load config");
const cache = openStatCache(`${repo.gitDir}/backlog-stat-cache.json`, config.dir);
mark("read + JSON.parse stat cache");
const files = await loadFolder({ root: repo.root, dir: config.dir, bodies: false, cache });
mark("readdir + stat each file + cache lookups");
const index = createTaskIndex();
index.reset(files);
mark("index build");
const now = new Date(process.env.BACKLOG_NOW ?? Date.now());
const graph = buildGraph(index.tasks(), now, config.urgency);
mark("graph, facts, urgency");
const match = compileFilter(parseFilter(["+READY"]), now);
const tasks = index.tasks().filter((task) => match(task, graph.facts.get(task.id)));
mark("parse + run the filter");
const table = await renderTaskTable(tasks, graph.facts, { width: Number.POSITIVE_INFINITY, paint: (_style, text) => text });
mark("render the table");
process.stdout.write(table);
mark("write stdout");
phases["total"] = performance.now();
process.stderr.write(`${JSON.stringify(phases)}\n`);
