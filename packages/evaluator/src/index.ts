/**
 * @kaoping/evaluator — compile a checked policy once, evaluate case data many times.
 * Browser-safe: no Node APIs in this package (the CLI reads files).
 */
export type * from './data.js';
export type * from './result.js';
export { compile, type Program, type CompileResult, type EvaluateOptions } from './compile.js';
export {
  createCalendar,
  dueDate,
  formatDate,
  parseDate,
  rollingStart,
  countWorkingDays,
  bundledYears,
  calendarDataProblems,
  type Calendar,
  type Day,
} from './calendar.js';
export { schemaFor, schemaForModel, policyModel, type PolicyModel, type EventModel, type AttrModel, type InputModel, type SurveyModel, type ParamModel } from './schema.js';
export {
  createValidator,
  feedCase,
  validateCase,
  DATA_CODES,
  RECORD_KINDS,
  SECTIONS,
  type CaseValidator,
  type CaseHeader,
  type CaseResult,
  type OriginOf,
  type RecordKind,
} from './validate.js';
export { readYamlText, parseYamlCase, feedYamlCase, type ParsedYamlCase } from './yaml-case.js';
export { createYamlCaseReader, type YamlCaseReader, type YamlLineStats } from './yaml-lines.js';
export { parseJsonLine, JsonLineError } from './json-line.js';
