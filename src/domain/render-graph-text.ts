/**
 * `graph` as text: a tree of what each task waits for, a task and then its dependencies
 * indented below. Roots are tasks nothing depends on. Around a root, its two sides are two
 * labelled branches, `depends on` and `required by`, and its links a third, `related`. Related
 * tasks are leaves on a dashed branch (`└╌╌`, and `(related)` in the tree). A task met again is
 * printed once more with `(see above)` and no subtree; a task met again on its own path is `(cycle)`.
 */
import { nodeLabel, type Drawing } from "./graph-drawing.js";

export function renderGraphText(drawing: Drawing, root: number | undefined): string {
  const { byId, nodes, deps } = drawing;
  if (root !== undefined) return renderAround(drawing, root);
  if (nodes.length === 0) return "No dependencies.\n";
  const dependedOn = new Set(nodes.flatMap((id) => (deps.get(id) ?? []).filter((dep) => dep !== id)));
  // A task drawn only because another names it as related is already a leaf of that task's tree.
  const onlyLinked = (id: number): boolean => (deps.get(id) ?? []).length === 0 && drawing.related(id).length === 0;
  const starts = nodes.filter((id) => byId.has(id) && !dependedOn.has(id) && !onlyLinked(id));
  // Tasks that only sit in cycles have no root above them: start from them too, smallest first.
  const rest = nodes.filter((id) => byId.has(id) && !starts.includes(id) && dependedOn.has(id));

  const lines: string[] = [];
  const printed = new Set<number>();
  const next = (id: number): number[] => deps.get(id) ?? [];
  for (const start of [...starts, ...rest]) {
    if (!printed.has(start)) walkTree(drawing, lines, [{ kind: "enter", id: start, prefix: "", childPrefix: "" }], next, printed, new Set(), drawing.related);
  }
  return lines.join("\n") + "\n";
}

/** A root, then one labelled branch per side (`depends on`, `required by`, `related`) that has any task. */
function renderAround(drawing: Drawing, root: number): string {
  const lines = [labelOf(drawing, root)];
  const sides = drawing.sides.filter((side) => side.next(root).some((id) => id !== root));
  sides.forEach((side, index) => {
    const last = index === sides.length - 1;
    const prefix = last ? "    " : "│   ";
    lines.push(`${last ? "└── " : "├── "}${side.label}`);
    const items = side.links ? branches([], side.next(root), prefix, "") : branches(side.next(root), [], prefix);
    walkTree(drawing, lines, items, side.next, new Set([root]), new Set([root]));
  });
  return lines.join("\n") + "\n";
}

type TreeItem =
  | { kind: "enter"; id: number; prefix: string; childPrefix: string }
  | { kind: "link"; id: number; prefix: string; mark: string }
  | { kind: "leave"; id: number };

/** Stack items for dependencies, then related leaves (dashed), drawn as branches under `prefix`, first on top. */
function branches(ids: readonly number[], links: readonly number[], prefix: string, mark = " (related)"): TreeItem[] {
  const items: TreeItem[] = [];
  const count = ids.length + links.length;
  for (let i = count - 1; i >= 0; i--) {
    const last = i === count - 1;
    if (i >= ids.length) items.push({ kind: "link", id: links[i - ids.length]!, prefix: prefix + (last ? "└╌╌ " : "├╌╌ "), mark });
    else items.push({ kind: "enter", id: ids[i]!, prefix: prefix + (last ? "└── " : "├── "), childPrefix: prefix + (last ? "    " : "│   ") });
  }
  return items;
}

/** Depth first without recursion (a 10,000-task chain must not overflow the stack). */
function walkTree(
  drawing: Drawing,
  lines: string[],
  stack: TreeItem[],
  next: (id: number) => number[],
  printed: Set<number>,
  onPath: Set<number>,
  links: (id: number) => number[] = () => [],
): void {
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === "leave") {
      onPath.delete(item.id);
      continue;
    }
    const label = labelOf(drawing, item.id);
    if (item.kind === "link") {
      lines.push(`${item.prefix}${label}${item.mark}`);
      continue;
    }
    if (onPath.has(item.id)) {
      lines.push(`${item.prefix}${label} (cycle)`);
      continue;
    }
    if (printed.has(item.id)) {
      lines.push(`${item.prefix}${label} (see above)`);
      continue;
    }
    lines.push(item.prefix + label);
    printed.add(item.id);
    if (!drawing.byId.has(item.id)) continue;
    onPath.add(item.id);
    stack.push({ kind: "leave", id: item.id }, ...branches(next(item.id), links(item.id), item.childPrefix));
  }
}

const labelOf = nodeLabel;
