/**
 * The help topics (`git-backlog help filter|changes|fields|dates`), printed by `help` and set in
 * the man page. The tables are typed by the model (every field, every virtual tag), so a field
 * or a virtual tag added without its line does not compile; test/integration/cli/help-topics.test.ts
 * checks the rest against the code (modifiers, date forms, units).
 */
import type { VirtualTag } from "../../domain/filter/ast.js";
import type { KnownField } from "../../domain/task.js";
import { columns, type Row } from "./command-help.js";

export interface HelpTopic {
  name: string;
  aliases: readonly string[];
  summary: string;
  text: string;
}

/** A field's type and meaning, for `help fields`. */
export const FIELD_HELP: Readonly<Record<KnownField, Row>> = {
  id: ["number", "fixed once given, from 1 up; doctor --fix renumbers a duplicate"],
  title: ["text", "one line of at most 500 characters (Taskwarrior: description)"],
  status: ["word", "pending, active, done or deleted; start, stop, done, delete and restore move it"],
  priority: ["H|M|L", "high, medium or low; urgency counts it"],
  type: ["word", "task, bug, feature, chore, spec or story: a label"],
  project: ["word", "dots make sub-projects: web.api is part of web"],
  tags: ["list", "words without spaces or colons: [auth, security]"],
  depends: ["ids", "tasks to finish first: an open one makes this task BLOCKED"],
  related: ["ids", "linked tasks; a link never blocks"],
  parent: ["id", "the story or epic this task is part of"],
  assignee: ["word", "who holds it or owns it; start sets it (Taskwarrior: agent)"],
  due: ["date", "when it is due; OVERDUE from then on"],
  scheduled: ["date", "not READY before it"],
  wait: ["date", "WAITING, out of the default list, until then"],
  until: ["date", "a recurring task makes no occurrence due after it"],
  recur: ["period", "daily, weekly, 2w, …: done makes the next occurrence"],
  branch: ["word", "the task's branch, set by start --worktree"],
  worktree: ["path", "the task's worktree folder, set by start --worktree"],
  created: ["date", "stamped when the task is added (Taskwarrior: entry)"],
  modified: ["date", "stamped by every change"],
  started: ["date", "set by start (Taskwarrior: start)"],
  ended: ["date", "set by done and delete (Taskwarrior: end)"],
};

/** When a task has each virtual tag, for `help filter`. */
export const VIRTUAL_TAG_HELP: Readonly<Record<VirtualTag, string>> = {
  READY: "pending, not BLOCKED, not WAITING, not scheduled later, no open children",
  BLOCKED: "open, and depends on an open task",
  UNBLOCKED: "not BLOCKED",
  BLOCKING: "open, and an open task depends on it",
  ACTIVE: "status active",
  OVERDUE: "open, and due before now",
  WAITING: "pending, and its wait is in the future",
  TODAY: "open, and due today",
  TOMORROW: "due tomorrow",
  YESTERDAY: "due yesterday",
  WEEK: "due this week (Monday to Sunday)",
  MONTH: "due this month",
  QUARTER: "due this quarter",
  YEAR: "due this year",
  TAGGED: "has a tag",
  ANNOTATED: "has a note",
  PARENT: "another task names it as parent",
  CHILD: "has a parent",
  PENDING: "status pending",
  COMPLETED: "status done",
  DELETED: "status deleted",
  PROJECT: "has a project",
  PRIORITY: "has a priority",
  DUE: "open, and due between the start of today and 7 days from now",
  SCHEDULED: "has a scheduled date",
  RECURRING: "has recur",
};

/** The modifiers, each with its other names, for `help filter`. */
export const MODIFIER_HELP: readonly Row[] = [
  ["is, equals", "exactly the value (project.is:web is not web.api)"],
  ["not / isnt", "the opposite of the plain match / of is; tasks without the attribute too"],
  ["has, contains / hasnt", "holds the text; for tags and depends, every listed item / the opposite"],
  ["startswith, left", "starts with the text"],
  ["endswith, right", "ends with the text"],
  ["before, below, under", "less: an earlier date, a lower number or priority"],
  ["after, above, over", "greater"],
  ["by", "less or equal: a date at or before"],
  ["none / any", "has no value / has one: due.none:, due.any:"],
];

/** The date forms of `help dates`: examples a date field takes, and what they mean. */
export const DATE_FORMS: readonly Row[] = [
  ["2026-12-01", "that day, from 00:00 UTC (a filter matches the whole day)"],
  ["2026-12-01T17:00Z", "that moment; a time without a zone is UTC"],
  ["now today yesterday tomorrow", "now is a moment; the others are days"],
  ["later someday", "9999-12-30: some day, not soon"],
  ["monday tue friday", "the next such day, strictly after today"],
  ["sod sow som soq soy", "the start of this day, week (Monday), month, quarter, year"],
  ["eod eow eom eoq eoy", "its last second, 23:59:59"],
  ["sopw sonm eonq eopy", "p: the previous one, n: the next one (sonw is next Monday)"],
  ["now+2h +3d -1w 3d", "a moment moved by an offset; the base is now when none is given"],
  ["friday+2d today+1d-2h 2026-12-01+1w", "any base, and several offsets"],
];

/** The offset units of `help dates`, each with its other names. */
export const DATE_UNITS: readonly (readonly string[])[] = [
  ["s", "sec", "seconds"],
  ["min", "mins", "minutes"],
  ["h", "hr", "hours"],
  ["d", "day", "days"],
  ["w", "wk", "weeks"],
  ["mo", "mth", "months"],
  ["q", "qtr", "quarters"],
  ["y", "yr", "years"],
];

/** The recurrence periods of `help dates`: by name, and as a count and a unit. */
export const RECUR_NAMES: readonly string[] = ["hourly", "daily", "weekly", "biweekly", "fortnightly", "monthly", "quarterly", "yearly", "annual"];
export const RECUR_COUNTS: readonly string[] = ["12h", "3d", "2w", "1mo", "1y", "2 weeks"];

/** Names in groups of `per`, a line each, indented by two spaces. */
function lines(groups: readonly string[], per: number, separator: string): string {
  const out: string[] = [];
  for (let i = 0; i < groups.length; i += per) out.push(`  ${groups.slice(i, i + per).join(separator)}`.trimEnd());
  return out.join("\n");
}

const FILTER = `A filter selects tasks, in the language of Taskwarrior: list, count, next, modify, export,
archive, watch, views in .backlog and the MCP tools all read it. Terms next to each other
must all hold.

  12  12,15  3-5          ids; ids next to each other are or-ed: 1 2 +bug is (1 or 2) and +bug
  +bug  -wip              has the tag, has it not (-wip matches untagged tasks too)
  +READY  -BLOCKED        a virtual tag: a computed state, written in capitals (below)
  project:web             an attribute and its value; project: with no value: has none
  due.before:friday       an attribute, a modifier and a value
  login  "fix login"      text in the title, the document or the notes
  and or xor not ! ( )    not binds tightest, then and, xor, or; quoted, they are words

Attributes: id, parent, depends, related, tags, status, priority, type, project, title, body,
assignee, recur, branch, worktree, due, scheduled, wait, until, created, modified, started,
ended, urgency, and your own fields by name. Names ignore case; Taskwarrior's names work
(description, entry, start, end, agent), and so does a prefix of two letters or more that
names one attribute (pri:H, proj:web). A prefix of several, or a near miss that no task
carries as a field of its own, is an error that says which was meant.

Modifiers:
${columns(MODIFIER_HELP).join("\n")}

Values ignore case. project:web matches web and web.api, not webapp; priority orders
H > M > L; status is pending, active, done, deleted, completed (done) or waiting. User fields
compare as numbers when both sides are numbers, as dates when both are dates, else as text.
Dates: git-backlog help dates.

A filter that names no status and no id covers open tasks (pending and active); an empty one,
open tasks that are not WAITING. A status term, +COMPLETED, +DELETED or ids reach done and
deleted tasks too. export, archive and views apply their filter to every status. A filter
that does not parse is an error naming the word and its position (exit 2).

Virtual tags:
${columns(Object.entries(VIRTUAL_TAG_HELP)).join("\n")}`;

const CHANGES = `add, modify and duplicate take change words, as Taskwarrior does:

  priority:H  due:friday  a field and its value (git-backlog help fields)
  due:  project:          no value: remove the field
  +tag  -tag              add a tag, remove one (in add, a word starting with - is title text)
  tags:a,b  tags:         set the tags to exactly these, remove them all
  depends:7,9             add dependencies; depends:-7 removes one; depends: removes all
  depends:7,-9            add one and remove another; related:… works the same
  parent:3  parent:       make it a child of task 3, or of none
  estimate:3              a field of your own: a lower-case name (a-z, 0-9, _)
  --                      every word after it is title text, whatever it looks like
  other words             the title (modify: they replace it)

Field names ignore case; Taskwarrior's names work (description, entry, start, end, agent),
and so does a prefix of two letters or more that names one field (pri:H, proj:web,
sched:friday). A prefix of several fields (re:) is refused and names them. A name within two
edits of a field's (priorty:H) is refused with "did you mean", unless a task already carries
a field of that name: to start such a field of your own, add it to one task by hand
(git-backlog edit <id>); from then on name:value sets it.

A value is checked as it is read: a bad one (priority:X, due:fridya) is a usage error naming
the word, and nothing is written. A quoted word holding a space is title text unless its name
is a field's ("title:Write the docs"); so is a capitalised word that names no field (Re:) and
a link (http://…). id cannot change, modify refuses status (start, stop, done, delete and
restore move it), and modified is stamped by every change. A field of your own is removed with
edit, not with a change word (estimate: is title text).`;

const FIELD_WIDTH = Math.max(...Object.keys(FIELD_HELP).map((name) => name.length));

const FIELDS = `A task is a markdown file in the task folder (backlog/ by default): YAML frontmatter with
these fields, then the task's document, then its notes under "## Notes".

${columns(Object.entries(FIELD_HELP).map(([name, [type, meaning]]): Row => [`${name.padEnd(FIELD_WIDTH)}  ${type}`, meaning])).join("\n")}

Dates are ISO 8601: a day (2026-12-01) or a moment in UTC (2026-12-01T17:00:00Z).

Computed, never stored: urgency, BLOCKED, BLOCKING, READY, WAITING, OVERDUE and the other
virtual tags (git-backlog help filter).

Any other name in the frontmatter is a field of your own (a user field): kept as written, its
YAML type too (estimate: 3 stays a number when changed), shown by show, filtered by name
(estimate.above:2), sorted on (--sort estimate-), set by name:value in change words when the
name is a lower-case word, and removed with edit.`;

const DATES = `Date fields (due, scheduled, wait, until, …) and date filters take the same expressions.
Everything is in UTC; BACKLOG_NOW=2026-11-21T10:00:00Z fixes "now" for a reproducible run.

${columns(DATE_FORMS).join("\n")}

Offset units, each with its other names:
${lines(DATE_UNITS.map((names) => names.join(" ").padEnd(16)), 4, "  ")}

A bare m is refused: Taskwarrior reads it as months and most people as minutes; write min or
mo. Months and years are calendar months, clamped to the month's length (Jan 31 + 1mo = Feb
28). An offset of a day or more from a day stays a day; from now, or in hours or less, it is a
moment. A day is stored as 2026-12-01, a moment as 2026-12-01T17:00:00Z (eow becomes Sunday
23:59:59Z).

In a filter, due:today matches any moment of the day; .before and .after are strict and
compare with the start of the named period, .by includes it; a task without the date never
matches a comparison.

recur takes a period, by name or as a count and a unit (no q, s or min):
${lines(RECUR_NAMES, 9, " ")}
${lines(RECUR_COUNTS, 9, "  ")}
Done makes the next occurrence, with due, scheduled and wait each moved by one period.`;

export const TOPICS: readonly HelpTopic[] = [
  { name: "filter", aliases: ["filters"], summary: "the filter language: terms, attributes, modifiers, virtual tags", text: FILTER },
  { name: "changes", aliases: ["change"], summary: "change words: field:value, +tag -tag, depends:7,-9, -- for text", text: CHANGES },
  { name: "fields", aliases: ["field"], summary: "every task field, its type and meaning; fields of your own", text: FIELDS },
  { name: "dates", aliases: ["date"], summary: "dates and offsets: friday, eow, now+2h, units, recur periods", text: DATES },
];

export function findTopic(name: string): HelpTopic | undefined {
  return TOPICS.find((topic) => topic.name === name || topic.aliases.includes(name));
}
