/// <reference lib="webworker" />
/**
 * The analysis worker: parsing, checking, compiling and evaluating happen here, off the page's
 * main thread, so typing in the editor never waits for them. It keeps the last full result and
 * sends the page a slim copy (src/slim.ts); the traces of an item are sent when it is clicked.
 */
import type { EvalResult } from '@kaoping/evaluator';
import { analyzeRequest, serviceRequest } from './analysis.js';
import type { Request, Response } from './protocol.js';
import { slimResult, tracesOf } from './slim.js';

let lastResult: EvalResult | undefined;

function answer(req: Request): Response {
  if (req.kind === 'trace') return { id: req.id, kind: 'trace', traces: tracesOf(lastResult, req.ref) };
  if (req.kind !== 'analyze') return serviceRequest(req);
  const res = analyzeRequest(req);
  if (!res.result) return res;
  lastResult = res.result;
  return { ...res, result: slimResult(res.result) };
}

self.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data;
  let res: Response;
  try {
    res = answer(req);
  } catch (err) {
    // A bug must not leave the page waiting: answer with a marker that says what happened.
    const message = err instanceof Error ? err.message : String(err);
    res =
      req.kind === 'analyze'
        ? {
            id: req.id,
            kind: 'analyze',
            policyMarkers: [{ severity: 'error', code: 'KP9999', message: `内部错误 / internal error: ${message}`, line: 1, column: 1, endLine: 1, endColumn: 2 }],
            dataMarkers: [],
            blocked: 'policy',
            timings: { analyze: 0, compile: 0, data: 0, evaluate: 0 },
          }
        : req.kind === 'trace'
          ? { id: req.id, kind: 'trace', traces: [] }
          : { id: req.id, kind: req.kind };
  }
  (self as unknown as Worker).postMessage(res);
};
