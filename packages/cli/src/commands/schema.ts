/**
 * `kaoping schema POLICY`: the JSON Schema (draft 2020-12) of the case files for a policy
 * (`schemaFor` in @kaoping/evaluator; docs/case-data.md section 7), as 2-space JSON on stdout.
 * Exit 0; 1 when the policy has errors; 2 when it cannot be read.
 */
import type { Lang } from '@kaoping/dsl';
import { schemaFor } from '@kaoping/evaluator';
import { EXIT_OK, type Io } from '../io.js';
import { loadPolicy } from './eval.js';

export function runSchema(policyArg: string, options: { readonly lang: Lang; readonly roots?: readonly string[] }, io: Io): number {
  const policy = loadPolicy(policyArg, options.lang, io, options.roots);
  if (typeof policy === 'number') return policy;
  io.write(JSON.stringify(schemaFor(policy.analysis.checked.policy), null, 2) + '\n');
  return EXIT_OK;
}
