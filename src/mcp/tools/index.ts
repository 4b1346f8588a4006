import type { McpServer } from "@modelcontextprotocol/server";
import type { ToolContext } from "../tool.js";
import { registerTaskAddTool, registerTaskDuplicateTool, registerTaskLogTool } from "./add.js";
import { registerTaskArchiveListTool, registerTaskArchiveLoadTool, registerTaskArchiveTool } from "./archive.js";
import { registerTaskDiffTool, registerTaskHistoryTool, registerTaskRedoTool, registerTaskUndoTool } from "./history.js";
import { registerTaskInfoTool, registerTaskNextTool } from "./info.js";
import { registerTaskDeleteTool, registerTaskDoneTool, registerTaskPurgeTool, registerTaskRestoreTool, registerTaskStartTool, registerTaskStopTool } from "./lifecycle.js";
import { registerTaskCountTool, registerTaskListTool } from "./list.js";
import { registerTaskModifyTool } from "./modify.js";
import { registerTaskAnnotateTool, registerTaskDenotateTool, registerTaskDocDeleteTool, registerTaskDocReadTool, registerTaskDocWriteTool } from "./notes.js";
import { registerTaskDoctorTool, registerTaskGraphTool, registerTaskProjectsTool, registerTaskTagsTool, registerTaskViewTool } from "./overview.js";
import { registerTaskImportTool } from "./transfer.js";

export type RegisterTool = (server: McpServer, context: ToolContext) => void;

/** Every tool (docs/reference/mcp.md, "Tools") by name, in the order `tools/list` shows them. */
export const TOOLS = {
  task_list: registerTaskListTool,
  task_info: registerTaskInfoTool,
  task_add: registerTaskAddTool,
  task_modify: registerTaskModifyTool,
  task_start: registerTaskStartTool,
  task_done: registerTaskDoneTool,
  task_annotate: registerTaskAnnotateTool,
  task_next: registerTaskNextTool,
  task_count: registerTaskCountTool,
  task_stop: registerTaskStopTool,
  task_delete: registerTaskDeleteTool,
  task_denotate: registerTaskDenotateTool,
  task_doc_read: registerTaskDocReadTool,
  task_doc_write: registerTaskDocWriteTool,
  task_log: registerTaskLogTool,
  task_history: registerTaskHistoryTool,
  task_undo: registerTaskUndoTool,
  task_graph: registerTaskGraphTool,
  task_view: registerTaskViewTool,
  task_doctor: registerTaskDoctorTool,
  task_duplicate: registerTaskDuplicateTool,
  task_purge: registerTaskPurgeTool,
  task_restore: registerTaskRestoreTool,
  task_redo: registerTaskRedoTool,
  task_doc_delete: registerTaskDocDeleteTool,
  task_projects: registerTaskProjectsTool,
  task_tags: registerTaskTagsTool,
  task_import: registerTaskImportTool,
  task_archive: registerTaskArchiveTool,
  task_archive_list: registerTaskArchiveListTool,
  task_archive_load: registerTaskArchiveLoadTool,
  task_diff: registerTaskDiffTool,
} satisfies Record<string, RegisterTool>;

export type ToolName = keyof typeof TOOLS;
