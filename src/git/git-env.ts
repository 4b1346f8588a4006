import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The environment git runs in and is configured from (identity, config files, attribute
 * sources): the process's own, or the one a command run was given. A CLI command run in
 * process (tests, a host embedding the CLI) carries its own environment, and every git process
 * it starts, and every variable the engine reads, follow it.
 */
const current = new AsyncLocalStorage<NodeJS.ProcessEnv>();

export function withEnv<T>(env: NodeJS.ProcessEnv, run: () => T): T {
  return current.run(env, run);
}

export function currentEnv(): NodeJS.ProcessEnv {
  return current.getStore() ?? process.env;
}
