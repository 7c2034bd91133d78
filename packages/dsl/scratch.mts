import { parse } from './src/parse.ts';
import { formatDiagnostic } from './src/diagnostics.ts';
import { readFileSync } from 'node:fs';
const f = process.argv[2]!;
const t0 = performance.now();
const r = parse(readFileSync(f, 'utf8'));
console.log('ms', (performance.now()-t0).toFixed(1), 'decls', r.ast.decls.length, r.ast.header?.name?.text);
for (const d of r.diagnostics) console.log(formatDiagnostic(d, 'zh', f));
if (process.argv[3]) console.log(JSON.stringify(r.ast.decls.at(-2), (k,v)=> k==='span'?undefined:v, 1).slice(0, 3000));
