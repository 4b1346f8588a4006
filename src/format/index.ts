/** The task file format: the only module that knows YAML and markdown. */
export { parseTaskFile, type ParsedTaskFile } from "./parse-task-file.js";
export { editTaskFile, type EditOptions } from "./edit-task-file.js";
export { renderTaskFile, type NewTaskFile } from "./render-task-file.js";
export { appendNote, parseNotes, removeNote, splitBody } from "./notes.js";
export { checkIsoDate, isIsoDate, type DateVerdict } from "./iso-date.js";
