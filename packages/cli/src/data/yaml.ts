/**
 * YAML and JSON case files: read the file, then `readYamlText` (@kaoping/evaluator) parses it
 * with every record's line and column.
 */
import { readFile } from 'node:fs/promises';
import { readYamlText, type CaseValidator } from '@kaoping/evaluator';
import { unreadable } from './files.js';

export async function readYaml(path: string, display: string, v: CaseValidator): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    v.error(unreadable(display, e));
    return;
  }
  readYamlText(text, display, v);
}
