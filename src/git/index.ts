/** The git engine: one commit per operation, history, undo and redo, safe under concurrency. */
export { createGitWriter, type GitWriter, type GitWriterOptions } from "./git-writer.js";
export { HAND_EDIT_OP, readLog, taskHistory, type LogEntry, type ReadLogOptions, type TaskHistory, type TaskHistoryEntry } from "./history.js";
export { planRedo, planUndo, type PlanOptions, type UndoPlan } from "./undo.js";
export { DEFAULT_COMMIT_PREFIX, formatMessage, parseTrailers } from "./commit-message.js";
export { findRepoPaths, type RepoPaths } from "./repo-paths.js";
export { changedTaskFiles, findBase, resolveDiffRange, type ChangedTaskFile, type DiffRange } from "./task-file-changes.js";
export { sidesOf } from "./task-origins.js";
export { commitFiles, fetchUpstream, mergeUpstream, pushUpstream, syncTarget, type MergeOutcome, type PushOutcome, type SyncTarget } from "./sync-steps.js";
export { readMergeDriver } from "./merge-driver-config.js";
export { driverCommand, type DriverProgram } from "./merge-driver-command.js";
export { gitText, repoEnv } from "./git-cli.js";
