/**
 * The shapes of the board's API (docs/reference/board.md, "The API"): what the server
 * (board-api.ts) sends and the page (web/) reads. Types only, with no imports, so the page's
 * bundle and type check take nothing else from the server.
 */

export type TaskStatus = "pending" | "active" | "done" | "deleted";

/** A card: what the board draws of a task. */
export interface Card {
  id: number;
  title: string;
  status: TaskStatus;
  priority?: string;
  project?: string;
  tags: string[];
  due?: string;
  assignee?: string;
  blocked: boolean;
  blocking: boolean;
  overdue: boolean;
  /** Another file has this id too (until `doctor --fix`). */
  duplicate: boolean;
  /** A story's children done and in all (deleted ones aside). */
  progress?: { done: number; total: number };
}

/** `GET /api/board`. */
export interface BoardAnswer {
  /** `deleted` only when asked for. */
  columns: { pending: Card[]; active: Card[]; done: Card[]; deleted?: Card[] };
  /** Tasks of each column beyond the ones shown (the first `limits` of each). */
  more: { pending: number; active: number; done: number; deleted?: number };
  /** The index's version: an event with a higher one means the board is out of date. */
  version: number;
}

/** `GET /api/graph`. */
export interface GraphAnswer {
  /** One node per id; `duplicate` when several files have it (the edges are all of theirs). */
  nodes: { id: number; title: string; status: TaskStatus; blocked: boolean; ready: boolean; duplicate: boolean }[];
  /** `from` depends on `to` (or has it as parent). */
  edges: { from: number; to: number; kind: "depends" | "parent" }[];
  /** Dependency cycles, each a list of ids. */
  cycles: number[][];
}

/** `GET /api/tasks/<id>`: the task panel's form (fields as text, the document, the file it came from), notes and state. */
export interface PanelAnswer {
  id: number;
  status: TaskStatus;
  path: string;
  form: { fields: Record<string, string>; doc: string; original: string };
  notes: { time: string; author: string; text: string }[];
  blockedBy: number[];
  blocks: number[];
  children: number[];
}

/** Any refusal or failure: the message to show, and for a filter error the token and its position. */
export interface ErrorBody {
  error: string;
  code?: string;
  data?: Record<string, unknown> & { token?: string; position?: number };
}
