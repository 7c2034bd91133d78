/**
 * @kaoping/evaluator — compile a checked policy once, evaluate case data many times.
 * Browser-safe: no Node APIs in this package (the CLI reads files).
 */
export type * from './data.js';
export type * from './result.js';
export { compile, type Program, type CompileResult, type EvaluateOptions } from './compile.js';
