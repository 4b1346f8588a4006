import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, eventually, startServerProcess, type Session, type TaskJson } from "./server.js";

let repo: { dir: string; cleanup: () => void };
let alice: Session;
let bob: Session;

beforeAll(async () => {
  repo = backlogRepo();
  [alice, bob] = await Promise.all([startServerProcess(repo.dir, { name: "agent-alice" }), startServerProcess(repo.dir, { name: "agent-bob" })]);
});

afterAll(async () => {
  await Promise.all([alice.close(), bob.close()]);
  repo.cleanup();
});

type One = { task: TaskJson };

describe("two servers on one repository", () => {
  it("adding at once hands out distinct ids, and each sees the other's tasks", async () => {
    const adds = await Promise.all(
      Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? alice : bob).call<One>("task_add", { title: `Task ${n} from ${n % 2 === 0 ? "alice" : "bob"}` })),
    );
    const ids = adds.map(({ task }) => task.id);
    expect(new Set(ids).size).toBe(6);
    for (const session of [alice, bob]) {
      await eventually(async () => {
        const { tasks } = await session.call<{ tasks: TaskJson[] }>("task_list", { fields: ["id"] });
        const seen = tasks.map((task) => task.id).sort((a, b) => a - b);
        return JSON.stringify(seen) === JSON.stringify([...ids].sort((a, b) => a - b)) ? true : undefined;
      }, 1000);
    }
  });

  it("task_start is a compare-and-swap: of two agents starting one task at once, exactly one wins and the other is told who", async () => {
    for (let round = 0; round < 10; round++) {
      const { task } = await (round % 2 === 0 ? alice : bob).call<One>("task_add", { title: `Race ${round}` });
      const outcomes = await Promise.all(
        [alice, bob].map(async (session) => {
          const result = await session.client.callTool({ name: "task_start", arguments: { id: task.id } });
          const text = result.content.map((block) => (block.type === "text" ? block.text : "")).join("");
          return { ok: !result.isError, text };
        }),
      );
      const winners = outcomes.filter((outcome) => outcome.ok);
      expect(winners, `round ${round}: ${JSON.stringify(outcomes)}`).toHaveLength(1);
      const winner = (JSON.parse(winners[0]!.text) as One).task.assignee;
      expect(["agent-alice", "agent-bob"]).toContain(winner);
      const loser = outcomes.find((outcome) => !outcome.ok)!;
      expect(loser.text).toMatch(new RegExp(`task ${task.id} is already active, claimed by ${winner} since `));
    }
  });
});
