/** A command run with its own environment (the CLI's `run`, in process or not): see git/git-env.ts. */
export { withEnv as withRunEnvironment } from "../git/git-env.js";
