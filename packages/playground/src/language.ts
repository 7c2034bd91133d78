/**
 * The Kaoping language in Monaco. Highlighting is the real lexer's tokens (packages/dsl, built
 * from the one keyword table), so the editor splits Chinese keywords exactly as the parser
 * does (`次以上` is 次 + 以上, `规则折扣` is a name). Completion, hover and go-to-definition ask
 * the worker, which runs the language services of packages/dsl.
 */
import * as monaco from 'monaco-editor/editor';
import type { Lang } from '@kaoping/dsl';
import { lineTokens } from './tokens.js';
import type { ServiceResponse } from './protocol.js';

export const LANGUAGE_ID = 'kaoping';

class LineState implements monaco.languages.IState {
  clone(): LineState {
    return this;
  }
  equals(other: monaco.languages.IState): boolean {
    return other === this;
  }
}
const STATE = new LineState();

export interface Services {
  request(kind: 'completion' | 'hover' | 'definition', model: monaco.editor.ITextModel, position: monaco.Position): Promise<ServiceResponse>;
  lang(): Lang;
}

export function registerKaoping(services: Services): void {
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.kp'], aliases: ['Kaoping', '考评'] });
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: '#' },
    brackets: [
      ['{', '}'],
      ['(', ')'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '(', close: ')' },
      { open: '"', close: '"' },
      { open: '「', close: '」' },
      { open: '“', close: '”' },
    ],
    // Chinese names are words too: a word is a run of letters, digits, _ and CJK.
    wordPattern: /[A-Za-z_\u3400-\u4dbf\u4e00-\u9fff][\w\u3400-\u4dbf\u4e00-\u9fff]*/,
  });
  monaco.languages.setTokensProvider(LANGUAGE_ID, {
    getInitialState: () => STATE,
    tokenize: (line) => ({ tokens: lineTokens(line), endState: STATE }),
  });
  monaco.editor.defineTheme('kaoping', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword.declaration', foreground: '0000c0', fontStyle: 'bold' },
      { token: 'keyword', foreground: '0050a0' },
      { token: 'keyword.consequence', foreground: 'a00060', fontStyle: 'bold' },
      { token: 'keyword.window', foreground: '007070' },
      { token: 'operator', foreground: '805000' },
      { token: 'unit', foreground: '806000' },
      { token: 'type', foreground: '267f99' },
      { token: 'predefined', foreground: '795e26' },
      { token: 'constant', foreground: '0070c1' },
      { token: 'string', foreground: 'a31515' },
      { token: 'number', foreground: '098658' },
      { token: 'comment', foreground: '6a8a5a', fontStyle: 'italic' },
      { token: 'invalid', foreground: 'ff0000', fontStyle: 'underline' },
    ],
    colors: {},
  });

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [' ', '(', '.'],
    provideCompletionItems: async (model, position) => {
      const res = await services.request('completion', model, position);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const kindOf = (k: string): monaco.languages.CompletionItemKind =>
        k === 'keyword' ? monaco.languages.CompletionItemKind.Keyword : k === 'event' ? monaco.languages.CompletionItemKind.Event : k === 'param' ? monaco.languages.CompletionItemKind.Constant : monaco.languages.CompletionItemKind.Reference;
      return {
        suggestions: (res.completion ?? []).map((c) => ({ label: c.label, kind: kindOf(c.kind), detail: c.detail, sortText: c.sortText, insertText: c.label, range })),
      };
    },
  });
  monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover: async (model, position) => {
      const res = await services.request('hover', model, position);
      if (!res.hover) return null;
      const s = res.hover.span;
      return { range: new monaco.Range(s.line, s.column, s.endLine, s.endColumn), contents: [{ value: res.hover.contents }] };
    },
  });
  monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
    provideDefinition: async (model, position) => {
      const res = await services.request('definition', model, position);
      if (!res.definition || res.definition.file) return null; // a base policy's declaration is not open in this editor
      const s = res.definition.span;
      return { uri: model.uri, range: new monaco.Range(s.line, s.column, s.endLine, s.endColumn) };
    },
  });
}
