/**
 * Property tests (fast-check): a property holds for every generated case, and a failure shrinks
 * to a minimal one. Runs are reproducible: the seed comes from BACKLOG_TEST_SEED when it is set
 * (else a random one), and a failure says how to replay it. BACKLOG_PROPERTY_RUNS=n runs every
 * property n times instead of its modest fast-tier count.
 */
import { relative } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";

function integerFromEnvironment(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${text} is not a whole number`);
  return value;
}

/** One seed for the process, so replaying with it regenerates every property's cases. */
const SEED = integerFromEnvironment("BACKLOG_TEST_SEED") ?? Math.floor(Math.random() * 2 ** 31);
const RUNS = integerFromEnvironment("BACKLOG_PROPERTY_RUNS");

/** `fc.assert` with the replayable seed; `runs` is the fast tier's count of cases. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, { runs }: { runs: number }): void {
  try {
    fc.assert(property, { seed: SEED, numRuns: RUNS ?? runs });
  } catch (error) {
    throw withReplay(error);
  }
}

/** The same for a property whose cases run asynchronously (real git, real files). */
export async function assertAsyncProperty<Ts>(property: fc.IAsyncProperty<Ts>, { runs }: { runs: number }): Promise<void> {
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS ?? runs });
  } catch (error) {
    throw withReplay(error);
  }
}

function withReplay(error: unknown): unknown {
  if (error instanceof Error) {
    const path = expect.getState().testPath;
    const file = path === undefined ? "<test file>" : relative(process.cwd(), path);
    error.message += `\n\nReplay: BACKLOG_TEST_SEED=${SEED}${RUNS === undefined ? "" : ` BACKLOG_PROPERTY_RUNS=${RUNS}`} npx vitest run ${file}`;
  }
  return error;
}
