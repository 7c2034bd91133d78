/**
 * YAML and JSON case files: read the file, check that it is UTF-8 (utf8.ts), then `readYamlText`
 * (@kaoping/evaluator) parses it with every record's line and column.
 */
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { readYamlText, type CaseValidator } from '@kaoping/evaluator';
import { unreadable } from './files.js';
import { firstInvalidUtf8, notUtf8Error } from './utf8.js';

export async function readYaml(path: string, display: string, v: CaseValidator): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    v.error(unreadable(display, e));
    return;
  }
  // Bytes that are not UTF-8 are an error, never replacement characters; the file is not read.
  if (!isUtf8(bytes)) {
    v.error(notUtf8Error(display, bytes, firstInvalidUtf8(bytes), 'file'));
    return;
  }
  readYamlText(bytes.toString('utf8'), display, v);
}
