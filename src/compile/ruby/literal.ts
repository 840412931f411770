/**
 * Ruby literals from JavaScript values, formatted for people: a collection stays on one line when
 * it fits, else one element per line. Raw Ruby (lambdas) is spliced in with `code()`.
 */

/** Ruby source to splice in as is (re-indented to where it lands). */
export class RubyCode {
  constructor(readonly source: string) {}
}
export const code = (source: string): RubyCode => new RubyCode(source);

export interface LiteralOptions {
  /** `symbol`: `{ name: 'x' }`, as Workato's field hashes are written; `string`: `{ 'name' => 'x' }`, as JSON reads. */
  keys?: 'symbol' | 'string';
  /** Columns a line may take before a collection is broken up. */
  width?: number;
}

const INDENT = '  ';
const SYMBOL = /^[a-z_][A-Za-z0-9_]*$/;

/** A Ruby string literal: single-quoted when that needs no escapes beyond \\ and \', else double-quoted. */
export const rubyString = (s: string): string => {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f]/.test(s)) return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const escaped = s.replace(/[\\"#\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === '"' || c === '#') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
};

/** A JavaScript RegExp as a Ruby one: `^`/`$` become `\A`/`\z`, since Ruby's match at every line. */
export const rubyRegexp = (re: RegExp): string => {
  const source = re.source.replace(/^\^/, '\\A').replace(/\$$/, '\\z');
  return `/${source.replace(/\//g, '\\/')}/${re.flags.includes('i') ? 'i' : ''}`;
};

const key = (k: string, keys: 'symbol' | 'string'): string => (keys === 'symbol' && SYMBOL.test(k) ? `${k}: ` : `${rubyString(k)} => `);

/** Indents every line but the first (which lands where the text is spliced in). */
export const reindent = (source: string, indent: string): string =>
  source
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join('\n');

/** The Ruby literal of a value, as it appears at `indent` (the first line is not indented). */
export const rubyLiteral = (value: unknown, options: LiteralOptions = {}, indent = ''): string => {
  const keys = options.keys ?? 'symbol';
  const width = options.width ?? 110;
  if (value instanceof RubyCode) return reindent(value.source, indent);
  if (value instanceof RegExp) return rubyRegexp(value);
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return rubyString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no Ruby literal for ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  const inner = indent + INDENT;
  if (value instanceof Map) {
    // A Map is keyed by strings whatever the options: data looked up by name, holding Workato fields.
    const parts = [...value.entries()].map(([k, v]) => `${rubyString(String(k))} => ${rubyLiteral(v, options, inner)}`);
    if (parts.length === 0) return '{}';
    return `{\n${parts.map((p) => inner + p).join(',\n')}\n${indent}}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const parts = value.map((v) => rubyLiteral(v, options, inner));
    const flat = `[${parts.join(', ')}]`;
    if (!flat.includes('\n') && indent.length + flat.length <= width) return flat;
    return `[\n${parts.map((p) => inner + p).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const parts = entries.map(([k, v]) => key(k, keys) + rubyLiteral(v, options, inner));
    const flat = `{ ${parts.join(', ')} }`;
    if (!flat.includes('\n') && indent.length + flat.length <= width) return flat;
    return `{\n${parts.map((p) => inner + p).join(',\n')}\n${indent}}`;
  }
  throw new Error(`no Ruby literal for ${typeof value}`);
};

/** A Ruby lambda: `lambda do |a, b|` … `end`, its body indented by two. */
export const rubyLambda = (params: string, body: string): RubyCode => {
  const lines = body.replace(/^\n+|\s+$/g, '').split('\n');
  const margin = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  const inner = lines.map((l) => (l.trim() ? INDENT + l.slice(margin) : '')).join('\n');
  return code(`lambda do${params ? ` |${params}|` : ''}\n${inner}\nend`);
};
