/**
 * A guard against order-of-magnitude regressions (a filter re-parsing dates or lower-casing
 * every body on each query), not a benchmark: limits are loose because CI machines are noisy.
 * The target is a filtered query over 10,000 tasks in 3 ms; `npm run bench` measures it.
 */

import { describe, expect, it } from "vitest";
import { compileFilter, parseFilter } from "../../../../src/domain/filter/index.js";
import { NOW, entry } from "./fixtures.js";
import type { Entry } from "./fixtures.js";

function backlog(size: number): Entry[] {
  const words = ["auth", "login", "cache", "redis", "deploy", "docs", "api", "queue", "retry", "index", "Session", "token"];
  return Array.from({ length: size }, (_, i) => {
    const paragraph = Array.from({ length: 80 + (i % 700) }, (_, w) => words[(i * 7 + w * 13) % words.length]).join(" ");
    return entry(
      {
        id: i + 1,
        title: `Task ${i} about ${words[i % words.length]}`,
        status: i % 5 === 0 ? "done" : i % 7 === 0 ? "active" : "pending",
        project: ["web", "web.api", "backend", "infra"][i % 4],
        tags: i % 3 === 0 ? ["bug"] : ["feature", "ux"],
        priority: i % 4 === 0 ? "H" : undefined,
        depends: i % 10 < 3 && i > 0 ? [i] : [],
        due: i % 6 === 0 ? `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}` : undefined,
        body: `${paragraph}${i === size - 1 ? " zebra" : ""}\n`,
      },
      { ready: i % 3 !== 0, blocked: i % 10 < 3, urgency: i % 17 },
    );
  });
}

function median(filter: string, entries: Entry[], runs = 9): number {
  const test = compileFilter(parseFilter(filter), NOW);
  const times: number[] = [];
  let matched = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    matched = 0;
    for (const { task, facts } of entries) if (test(task, facts)) matched += 1;
    times.push(performance.now() - started);
  }
  expect(matched).toBeGreaterThan(0);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.POSITIVE_INFINITY;
}

describe("filter performance at 10,000 tasks", () => {
  const entries = backlog(10_000);

  it("answers structured queries in a few milliseconds", () => {
    for (const filter of ["+READY", "project:web +bug", "status:pending due.before:eow priority:H", "(+bug or +ux) -BLOCKED urgency.above:5"]) {
      const ms = median(filter, entries);
      console.log(`${filter}: ${ms.toFixed(2)} ms`);
      expect(ms, filter).toBeLessThan(30);
    }
  });

  it("searches every body quickly", () => {
    // Only the last body holds the word, so every body is scanned to its end.
    const ms = median("ZEBRA", entries);
    console.log(`ZEBRA (bare word over every body): ${ms.toFixed(2)} ms`);
    expect(ms).toBeLessThan(100);
  });
});

describe("per-task memo", () => {
  it("reads and lower-cases each body once however many queries run", () => {
    let reads = 0;
    const entries = [1, 2, 3].map((id) => {
      const item = entry({ id, title: `T${id}` });
      const body = id === 2 ? "Mentions Redis" : "nothing";
      Object.defineProperty(item.task, "body", {
        get: () => {
          reads += 1;
          return body;
        },
      });
      return item;
    });
    for (const word of ["redis", "mentions", "absent", "REDIS"]) {
      const test = compileFilter(parseFilter(word), NOW);
      const matched = entries.filter(({ task, facts }) => test(task, facts)).map(({ task }) => task.id);
      expect(matched, word).toEqual(word === "absent" ? [] : [2]);
    }
    expect(reads).toBe(3);
  });
});
