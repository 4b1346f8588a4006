// The board page (docs/reference/board.md): columns of cards from /api/board, moved by drag and
// drop through /api/tasks/<id>/move, kept current by the server's event stream. Task text is
// untrusted: it only ever goes into the page as text (textContent), never as markup.

interface Card {
  id: number;
  title: string;
  status: string;
  priority?: string;
  project?: string;
  tags: string[];
  due?: string;
  assignee?: string;
  blocked: boolean;
  blocking: boolean;
  overdue: boolean;
  duplicate: boolean;
  progress?: { done: number; total: number };
}

type Column = "pending" | "active" | "done";

interface Board {
  columns: Record<Column, Card[]>;
  more: Record<Column, number>;
  version: number;
}

interface ErrorBody {
  error: string;
  code?: string;
  data?: { token?: string; position?: number };
}

const COLUMNS: readonly { key: Column; title: string }[] = [
  { key: "pending", title: "Pending" },
  { key: "active", title: "Active" },
  { key: "done", title: "Done" },
];

const boardElement = document.getElementById("board") as HTMLElement;
const filterInput = document.getElementById("filter") as HTMLInputElement;
const filterForm = document.getElementById("filter-form") as HTMLFormElement;
const filterError = document.getElementById("filter-error") as HTMLElement;
const statusElement = document.getElementById("status") as HTMLElement;

let filter = new URLSearchParams(location.search).get("filter") ?? "";
/** How many cards each column asks for; "n more" raises it. */
const shown: Record<Column, number> = { pending: 200, active: 200, done: 50 };
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
  const query = new URLSearchParams({ filter, pending: String(shown.pending), active: String(shown.active), done: String(shown.done) });
  const response = await fetch(`/api/board?${query.toString()}`, { headers: { accept: "application/json" } });
  const body = (await response.json()) as Board | ErrorBody;
  if (!response.ok) {
    showFilterError(body as ErrorBody);
    return;
  }
  filterError.hidden = true;
  render(body as Board);
}

function showFilterError(body: ErrorBody): void {
  const position = body.data?.position;
  filterError.textContent = position === undefined ? body.error : `${body.error}\n${filter}\n${" ".repeat(position)}^`;
  filterError.hidden = false;
}

function render(board: Board): void {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.id : undefined;
  const columns = COLUMNS.map(({ key, title }) => {
    const column = element("section", "column");
    column.dataset.column = key;
    column.setAttribute("aria-label", title);
    const cards = board.columns[key];
    const heading = element("h2");
    heading.append(element("span", undefined, title), element("span", undefined, String(cards.length + board.more[key])));
    column.append(heading);
    for (const card of cards) column.append(renderCard(card));
    if (board.more[key] > 0) {
      const more = element("button", "more", `${board.more[key]} more`);
      more.type = "button";
      more.addEventListener("click", () => {
        shown[key] += key === "done" ? 50 : 200;
        void refresh();
      });
      column.append(more);
    }
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
  });
  boardElement.replaceChildren(...columns);
  if (focused) boardElement.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(focused)}"]`)?.focus();
  statusElement.textContent = `${board.columns.pending.length + board.more.pending + board.columns.active.length + board.more.active} open`;
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

/** Keyboard: `/` the filter, `j`/`k` the next and previous card, Escape leaves the filter or the card. */
document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLInputElement;
  if (event.key === "Escape") {
    if (typing) filterInput.blur();
    else (document.activeElement as HTMLElement | null)?.blur();
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "/") {
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
