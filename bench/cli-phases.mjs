// One cold `git-backlog list +READY`, split into phases by calling, in order, the same functions
// the list command calls (openBacklog, listTasks, graphOf, listText): no copy of their insides to
// keep in step. Run by `run.mjs --phases` in a fresh process per sample (cwd: a generated
// repository); prints one JSON object of phase → ms on stderr.
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
await findCommand("list").load(); // commands load lazily, as run() does
const { listText } = await import(`${dist}cli/commands/list.js`);
mark("import CLI + list command");
const { openBacklog } = await import(`${dist}service/backlog.js`);
mark("import service, store, config (yaml, zod)");
const { listTasks } = await import(`${dist}service/query.js`);
const { graphOf } = await import(`${dist}service/derived.js`);
mark("import the rest");

const backlog = await openBacklog({ cwd: process.cwd(), env: process.env });
mark("open: find repo, config, stat cache, read folder, index");
const tasks = await listTasks(backlog, ["+READY"]);
mark("filter, graph, urgency, sort");
const { facts } = graphOf(backlog);
const text = await listText(tasks, facts, { io: { isTTY: false }, paint: (_style, text) => text });
mark("render the table");
process.stdout.write(text);
mark("write stdout");
phases["total"] = performance.now();
process.stderr.write(`${JSON.stringify(phases)}\n`);
