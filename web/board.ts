import DOMPurify from "dompurify";
import { marked } from "marked";
import type { BoardAnswer, Card, ErrorBody, GraphAnswer, PanelAnswer, TaskStatus } from "../src/web/board-wire.js";
import { drawGraph } from "./graph.js";

// The board page (docs/reference/board.md): columns of cards from /api/board, moved by drag and
// drop through /api/tasks/<id>/move, kept current by the server's event stream. Task text is
// untrusted: it only ever goes into the page as text (textContent), never as markup.


type Column = TaskStatus;

const COLUMNS: readonly { key: Column; title: string }[] = [
  { key: "pending", title: "Pending" },
  { key: "active", title: "Active" },
  { key: "done", title: "Done" },
  { key: "deleted", title: "Deleted" },
];

const boardElement = document.getElementById("board") as HTMLElement;
const filterInput = document.getElementById("filter") as HTMLInputElement;
const filterForm = document.getElementById("filter-form") as HTMLFormElement;
const filterError = document.getElementById("filter-error") as HTMLElement;
const statusElement = document.getElementById("status") as HTMLElement;
const panelElement = document.getElementById("panel") as HTMLElement;

let filter = new URLSearchParams(location.search).get("filter") ?? "";
/** How many cards each column asks for; "n more" raises it. */
const shown: Record<Column, number> = { pending: 200, active: 200, done: 50, deleted: 50 };
const lanesSelect = document.getElementById("lanes") as HTMLSelectElement;
const deletedBox = document.getElementById("show-deleted") as HTMLInputElement;
let selected: number | undefined;
/** Refusals to show on a card until the next move of it: id → message. */
const refusals = new Map<number, string>();
let loading: Promise<void> | undefined;
let again = false;

filterInput.value = filter;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Reads the board again; calls that come while one runs fold into one more read after it. */
function refresh(): Promise<void> {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      await load();
    } while (again);
  })().finally(() => (loading = undefined));
  return loading;
}

async function load(): Promise<void> {
  const query = new URLSearchParams({ filter, pending: String(shown.pending), active: String(shown.active), done: String(shown.done), deleted: String(shown.deleted) });
  if (deletedBox.checked) query.set("deleted", "1");
  const response = await fetch(`/api/board?${query.toString()}`, { headers: { accept: "application/json" } });
  const body = (await response.json()) as BoardAnswer | ErrorBody;
  if (!response.ok) {
    showFilterError(body as ErrorBody);
    return;
  }
  filterError.hidden = true;
  render(body as BoardAnswer);
  if (graphOn) await showGraph(true);
}

function showFilterError(body: ErrorBody): void {
  const position = body.data?.position;
  filterError.textContent = position === undefined ? body.error : `${body.error}\n${filter}\n${" ".repeat(position)}^`;
  filterError.hidden = false;
}

function render(board: BoardAnswer): void {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.id : undefined;
  const columns = COLUMNS.filter(({ key }) => board.columns[key] !== undefined);
  const lane = lanesSelect.value as "" | "project" | "assignee";
  const lanes = lane === "" ? [undefined] : laneNames(board, lane);
  const parts: HTMLElement[] = [];
  for (const name of lanes) {
    if (lane !== "") parts.push(element("h3", "lane", name === "" ? `no ${lane}` : name));
    for (const { key, title } of columns) {
      const cards = (board.columns[key] ?? []).filter((card) => name === undefined || (card[lane as "project" | "assignee"] ?? "") === name);
      parts.push(renderColumn(key, title, cards, lane === "" ? (board.more[key] ?? 0) : 0));
    }
  }
  boardElement.classList.toggle("with-deleted", columns.length === 4);
  boardElement.replaceChildren(...parts);
  if (focused) boardElement.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(focused)}"]`)?.focus();
  statusElement.textContent = `${(board.columns.pending?.length ?? 0) + (board.more.pending ?? 0) + (board.columns.active?.length ?? 0) + (board.more.active ?? 0)} open`;
}

/** The lanes' names, in order, the lane of cards without one (`""`) last. */
function laneNames(board: BoardAnswer, lane: "project" | "assignee"): string[] {
  const names = new Set<string>();
  for (const cards of Object.values(board.columns)) for (const card of cards ?? []) names.add(card[lane] ?? "");
  return [...names].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
}

function renderColumn(key: Column, title: string, cards: readonly Card[], more: number): HTMLElement {
  const column = element("section", "column");
  column.dataset.column = key;
  column.setAttribute("aria-label", title);
  const heading = element("h2");
  heading.append(element("span", undefined, title), element("span", undefined, String(cards.length + more)));
  column.append(heading);
  for (const card of cards) column.append(renderCard(card));
  if (more > 0) {
    const button = element("button", "more", `${more} more`);
    button.type = "button";
    button.addEventListener("click", () => {
      shown[key] += key === "pending" || key === "active" ? 200 : 50;
      void refresh();
    });
    column.append(button);
  }
  if (key === "deleted") return column; // nothing is dropped on Deleted: delete is the CLI's
  column.addEventListener("dragover", (event) => {
    event.preventDefault();
    column.classList.add("drop");
  });
  column.addEventListener("dragleave", () => column.classList.remove("drop"));
  column.addEventListener("drop", (event) => {
    event.preventDefault();
    column.classList.remove("drop");
    const id = Number(event.dataTransfer?.getData("text/plain"));
    if (Number.isInteger(id) && id > 0) void move(id, key);
  });
  return column;
}

function renderCard(card: Card): HTMLElement {
  const node = element("article", "card");
  node.dataset.id = String(card.id);
  node.tabIndex = 0;
  node.draggable = true;
  if (card.id === selected) node.classList.add("selected");
  const title = element("div", "title");
  title.append(element("span", "id", `#${card.id}`), document.createTextNode(card.title));
  if (card.duplicate) title.append(document.createTextNode(" "), element("span", "dup", "⚠dup"));
  node.append(title);
  const meta = element("div", "meta");
  const add = (className: string, text: string): void => void meta.append(element("span", className, text));
  if (card.priority) add(`pri-${card.priority}`, card.priority);
  if (card.project) add("project", card.project);
  for (const tag of card.tags) add("tag", `+${tag}`);
  if (card.due) add(card.overdue ? "overdue" : "due", `${card.overdue ? "overdue " : "due "}${card.due.slice(0, 10)}`);
  if (card.assignee) add("assignee", `@${card.assignee}`);
  if (card.blocked) add("blocked", "⧗ blocked");
  if (card.blocking) add("blocking", "blocking");
  if (card.progress) add("progress", `${card.progress.done}/${card.progress.total}`);
  if (meta.childElementCount > 0) node.append(meta);
  const refusal = refusals.get(card.id);
  if (refusal) node.append(element("div", "refusal", refusal));
  return node;
}

// One listener each for every card, on the board: hundreds of cards, no handlers of their own.
boardElement.addEventListener("dragstart", (event) => {
  const id = (event.target as HTMLElement).closest<HTMLElement>(".card")?.dataset.id;
  if (!id || !event.dataTransfer) return;
  event.dataTransfer.setData("text/plain", id);
  event.dataTransfer.effectAllowed = "move";
});
boardElement.addEventListener("focusin", (event) => {
  const id = (event.target as HTMLElement).closest<HTMLElement>(".card")?.dataset.id;
  if (id) selected = Number(id);
});

async function move(id: number, to: Column): Promise<void> {
  refusals.delete(id);
  const response = await fetch(`/api/tasks/${id}/move`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ to }),
  });
  if (!response.ok) refusals.set(id, ((await response.json()) as ErrorBody).error);
  await refresh();
}

filterForm.addEventListener("submit", (event) => {
  event.preventDefault();
  filter = filterInput.value.trim();
  const url = new URL(location.href);
  if (filter) url.searchParams.set("filter", filter);
  else url.searchParams.delete("filter");
  history.replaceState(null, "", url);
  void refresh();
});

/** Keyboard: `/` the filter, `n` a new task, `j`/`k` the next and previous card, Enter its panel, Escape closes. */
document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement;
  if (event.key === "Escape") {
    if (typing) (event.target as HTMLElement).blur();
    else if (!panelElement.hidden) closePanel();
    else (document.activeElement as HTMLElement | null)?.blur();
    return;
  }
  if (event.key === "Enter" && !typing && document.activeElement instanceof HTMLElement && document.activeElement.classList.contains("card")) {
    void openPanel(Number(document.activeElement.dataset.id));
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "g") {
    void showGraph(!graphOn, null);
  } else if (event.key === "n") {
    event.preventDefault();
    void openNewTask();
  } else if (event.key === "/") {
    event.preventDefault();
    filterInput.focus();
    filterInput.select();
  } else if (event.key === "j" || event.key === "k") {
    const cards = [...boardElement.querySelectorAll<HTMLElement>(".card")];
    if (cards.length === 0) return;
    const at = cards.findIndex((card) => card === document.activeElement);
    const next = at < 0 ? 0 : Math.min(cards.length - 1, Math.max(0, at + (event.key === "j" ? 1 : -1)));
    cards[next]?.focus();
  }
});


interface HistoryEntry {
  sha: string;
  time: string;
  message: string;
  patch: string;
}

const FIELD_LABELS: readonly [string, string][] = [
  ["title", "Title"],
  ["priority", "Priority"],
  ["type", "Type"],
  ["project", "Project"],
  ["tags", "Tags"],
  ["depends", "Depends on"],
  ["related", "Related"],
  ["parent", "Parent"],
  ["assignee", "Assignee"],
  ["due", "Due"],
  ["scheduled", "Scheduled"],
  ["wait", "Wait until"],
];

/** The panel open now: its task, and the file text its form edits. */
let open: { id: number; original: string } | undefined;

async function api<T>(path: string, body?: unknown): Promise<{ ok: boolean; status: number; value: T & Partial<ErrorBody> }> {
  const response = await fetch(path, body === undefined ? { headers: { accept: "application/json" } } : { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  return { ok: response.ok, status: response.status, value: (await response.json()) as T & Partial<ErrorBody> };
}

/** Markdown from a task, rendered and then sanitised: no script, no handler, links only http(s) and mailto, opened apart. */
function renderMarkdown(text: string): DocumentFragment {
  const html = marked.parse(text, { async: false, gfm: true });
  const clean = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i, FORBID_TAGS: ["style", "form", "input", "button", "img"] });
  for (const link of clean.querySelectorAll("a")) {
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
  return clean;
}

async function openPanel(id: number, kept?: { fields: Record<string, string>; doc: string; message: string }): Promise<void> {
  const { ok, value } = await api<PanelAnswer>(`/api/tasks/${id}`);
  if (!ok) return;
  open = { id, original: value.form.original };
  const heading = element("h2");
  const close = element("button", undefined, "Close");
  close.type = "button";
  close.addEventListener("click", closePanel);
  const around = element("button", undefined, "Graph");
  around.type = "button";
  around.title = "What this task depends on and what depends on it";
  around.addEventListener("click", () => void showGraph(true, id));
  const buttons = element("span");
  buttons.append(around, close);
  heading.append(element("span", undefined, `#${id} · ${value.status}`), buttons);
  const form = element("form");
  form.id = "task-form";
  for (const [name, label] of FIELD_LABELS) {
    const input = element("input");
    input.name = name;
    input.id = `field-${name}`;
    input.value = kept?.fields[name] ?? value.form.fields[name] ?? "";
    const tag = element("label", undefined, label);
    tag.htmlFor = input.id;
    form.append(tag, input);
  }
  const doc = element("textarea");
  doc.name = "doc";
  doc.setAttribute("aria-label", "Document (markdown)");
  doc.value = kept?.doc ?? value.form.doc;
  const actions = element("div", "actions");
  const save = element("button", undefined, "Save");
  save.type = "submit";
  const message = element("span", "message", kept?.message ?? "");
  actions.append(save, message);
  form.append(doc, actions);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void saveForm(form, message);
  });
  const rendered = element("div", "doc");
  rendered.append(renderMarkdown(value.form.doc));
  const notes = element("section");
  notes.append(element("h3", undefined, "Notes"));
  for (const note of value.notes) {
    const item = element("div", "note");
    item.append(element("div", "who", `${note.author}, ${note.time}`), element("div", undefined, note.text));
    notes.append(item);
  }
  const add = element("form");
  const text = element("input");
  text.name = "note";
  text.placeholder = "Add a note";
  add.append(text);
  add.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!text.value.trim()) return;
    void api(`/api/tasks/${id}/notes`, { text: text.value }).then(() => openPanel(id));
  });
  notes.append(add);
  const history = element("section", "history");
  history.append(element("h3", undefined, "History"));
  const log = await api<{ entries: HistoryEntry[] }>(`/api/tasks/${id}/history`);
  for (const entry of log.ok ? log.value.entries : []) {
    const step = element("details");
    step.append(element("summary", undefined, `${entry.time.replace("T", " ").replace("Z", "")} ${entry.message}`), element("pre", undefined, entry.patch));
    history.append(step);
  }
  panelElement.replaceChildren(heading, element("div", "path", value.path), form, rendered, notes, history);
  panelElement.hidden = false;
}

async function saveForm(form: HTMLFormElement, message: HTMLElement): Promise<void> {
  if (!open) return;
  const data = new FormData(form);
  const text = (name: string): string => {
    const value = data.get(name);
    return typeof value === "string" ? value : "";
  };
  const fields = Object.fromEntries(FIELD_LABELS.map(([name]) => [name, text(name)]));
  const doc = text("doc");
  const { id, original } = open;
  const saved = await api<{ saved: boolean }>(`/api/tasks/${id}/save`, { original, fields, doc });
  if (saved.ok) {
    await openPanel(id, { fields, doc, message: saved.value.saved ? "Saved." : "Nothing changed." });
    panelElement.querySelector(".message")?.classList.add("ok");
    return;
  }
  if (saved.status === 409 && saved.value.data && "current" in saved.value.data) {
    // Changed on disk since the panel loaded: show the new version, keep what the user typed.
    await openPanel(id, { fields, doc, message: `${saved.value.error ?? ""}` });
    return;
  }
  message.classList.remove("ok");
  message.textContent = saved.value.error ?? "not saved";
}

function closePanel(): void {
  open = undefined;
  panelElement.hidden = true;
  panelElement.replaceChildren();
}

/** The new-task form: one line as for `add` (title words, then changes such as +bug priority:H), and a template. */
async function openNewTask(): Promise<void> {
  const templates = await api<{ templates: string[] }>("/api/templates");
  open = undefined;
  const heading = element("h2");
  const close = element("button", undefined, "Close");
  close.type = "button";
  close.addEventListener("click", closePanel);
  heading.append(element("span", undefined, "New task"), close);
  const form = element("form");
  form.id = "new-task-form";
  const line = element("input");
  line.name = "line";
  line.id = "new-line";
  line.placeholder = "Fix the login page +bug priority:H due:friday";
  const lineLabel = element("label", undefined, "Title and changes");
  lineLabel.htmlFor = line.id;
  const template = element("select");
  template.name = "template";
  template.id = "new-template";
  template.append(element("option", undefined, ""));
  for (const name of templates.ok ? templates.value.templates : []) template.append(element("option", undefined, name));
  const templateLabel = element("label", undefined, "Template");
  templateLabel.htmlFor = template.id;
  const actions = element("div", "actions");
  const create = element("button", undefined, "Create");
  create.type = "submit";
  const message = element("span", "message");
  actions.append(create, message);
  form.append(lineLabel, line, templateLabel, template, actions);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void api<{ id: number }>("/api/tasks", { line: line.value, ...(template.value && { template: template.value }) }).then(async (created) => {
      if (!created.ok) {
        message.textContent = created.value.error ?? "not created";
        return;
      }
      await refresh();
      await openPanel(created.value.id);
    });
  });
  panelElement.replaceChildren(heading, form);
  panelElement.hidden = false;
  line.focus();
}

document.getElementById("new-task")?.addEventListener("click", () => void openNewTask());
lanesSelect.addEventListener("change", () => void refresh());

/** The views of `.backlog` and the built-in ones: choosing one puts its filter in the filter bar. */
const viewsSelect = document.getElementById("views") as HTMLSelectElement;
void api<{ views: { name: string; filter: string; description?: string }[] }>("/api/views").then((views) => {
  for (const view of views.ok ? views.value.views : []) {
    const option = element("option", undefined, view.name);
    option.value = view.filter;
    if (view.description) option.title = view.description;
    viewsSelect.append(option);
  }
});
viewsSelect.addEventListener("change", () => {
  filterInput.value = viewsSelect.value;
  filterForm.requestSubmit();
});
deletedBox.addEventListener("change", () => void refresh());

const graphElement = document.getElementById("graph") as HTMLElement;
const graphButton = document.getElementById("show-graph") as HTMLButtonElement;

/** The graph view instead of the columns: the filter's tasks that take part in a dependency, laid out by dagre. */
let graphOn = false;

/** The task whose neighbourhood the graph shows, or none for the whole filter. */
let graphAround: number | undefined;

/** `around`: a task's neighbourhood, `null` the whole filter, undefined (a redraw) as before. */
async function showGraph(on: boolean, around?: number | null): Promise<void> {
  graphOn = on;
  if (around !== undefined) graphAround = around ?? undefined;
  graphButton.setAttribute("aria-pressed", String(on));
  boardElement.hidden = on;
  graphElement.hidden = !on;
  if (!on) return;
  const query = new URLSearchParams({ filter });
  if (graphAround !== undefined) query.set("id", String(graphAround));
  const graph = await api<GraphAnswer>(`/api/graph?${query.toString()}`);
  if (!graph.ok) {
    showFilterError(graph.value as ErrorBody);
    return;
  }
  graphElement.replaceChildren(...drawGraph(graph.value, (id) => void openPanel(id)));
}

graphButton.addEventListener("click", () => void showGraph(!graphOn, null));

boardElement.addEventListener("click", (event) => {
  const id = (event.target as HTMLElement).closest<HTMLElement>(".card")?.dataset.id;
  if (id) void openPanel(Number(id));
});

for (const [button, path] of [["undo", "/api/undo"], ["redo", "/api/redo"]] as const) {
  document.getElementById(button)?.addEventListener("click", () => {
    void api<{ reverted?: unknown[] }>(path, {}).then((result) => {
      statusElement.textContent = result.ok ? `${button === "undo" ? "undone" : "redone"}` : (result.value.error ?? "");
      return refresh();
    });
  });
}

/** Live: every change on disk, anyone's, reaches the page as an event; a dropped stream reconnects and reads the board again. */
function listen(): void {
  const events = new EventSource("/api/events");
  events.addEventListener("hello", () => {
    statusElement.classList.remove("offline");
    void refresh();
  });
  events.addEventListener("changed", () => void refresh());
  events.addEventListener("error", () => {
    statusElement.classList.add("offline");
    statusElement.textContent = "reconnecting…";
  });
}

listen();
void refresh();
