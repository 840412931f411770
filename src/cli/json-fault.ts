/**
 * Where a text stops being JSON (RFC 8259), as `line 3, column 14: unexpected token`. JSON.parse
 * says where only in some of its messages, and quotes the text around the fault, which may hold a
 * secret; this scanner names the place and the kind of fault, never the text.
 */

interface Fault {
  at: number;
  reason: string;
}

class Stop {
  constructor(readonly fault: Fault) {}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

const scan = (text: string): Fault | undefined => {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new Stop({ at, reason: at >= text.length && reason !== 'unterminated string' ? 'unexpected end of input' : reason });
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i])) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) fail('unexpected token');
  };
  const digits = () => {
    const start = i;
    while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
    if (i === start) fail('unexpected token in a number');
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail('control character in a string (escape it)');
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail('bad \\u escape in a string', i + k);
          i += 5;
        } else if (ESCAPES.has(text[i])) i++;
        else fail('bad escape in a string');
      } else i++;
    }
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        string();
        skip();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}' in an object");
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']' in a list");
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    fail('unexpected token');
  };
  try {
    value();
    skip();
    if (i < text.length) fail('unexpected text after the JSON value');
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.fault;
    // Nested deeper than the stack: no place to tell.
    return undefined;
  }
};

/** Line and column (from 1; the column in characters) of position `at` in `text`. */
export const lineAndColumn = (text: string, at: number): { line: number; column: number } => {
  const before = text.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: Array.from(before.slice(lineStart)).length + 1 };
};

/** `line L, column C: <what>` for a text that is not JSON; undefined for one that is. */
export const jsonFault = (text: string): string | undefined => {
  const fault = scan(text);
  if (!fault) return undefined;
  const { line, column } = lineAndColumn(text, fault.at);
  return `line ${line}, column ${column}: ${fault.reason}`;
};
