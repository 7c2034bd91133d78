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
