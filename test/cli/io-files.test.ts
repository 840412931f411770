/**
 * The one reader of JSON flags, on files and inline values (issue 11): a byte-order mark is
 * accepted, a syntax error is told by line and column and never by the text around it, a folder
 * given as a file is called so. In this process: no pipe is involved.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { jsonFault, lineAndColumn } from '../../src/cli/json-fault';
import { extids } from '../support/cli';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'extids-io-files-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('JSON flags read from files', () => {
  it('accept a file that starts with a UTF-8 byte-order mark', async () => {
    const commands = JSON.stringify([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }]);
    const path = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(commands)]));
    expect(await extids('validate', '--input', path)).toEqual({ code: 0, stdout: '1 of 1 commands valid\n', stderr: '' });
  });

  it('tell a syntax error by line and column, without the text around it', async () => {
    const path = file('input.json', '{\n  "name": "X",\n  "events": [oops, "s3cret-psk"]\n}');
    const run = await extids('validate', '--input', path);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `extids: --input: ${path} is not valid JSON: line 3, column 14: unexpected token\n` });
    expect(run.stderr).not.toContain('oops');
    expect(run.stderr).not.toContain('s3cret');
  });

  it('tell an inline value that is not JSON by line and column too', async () => {
    const run = await extids('validate', '--input', '[{"name": "MatchUserCommand",}]');
    expect([run.code, run.stderr]).toEqual([2, 'extids: --input: the value is not valid JSON: line 1, column 30: expected a property name in double quotes\n']);
  });

  it('say that a folder given as a file is a folder', async () => {
    const folder = join(dir, 'dir');
    mkdirSync(folder);
    const run = await extids('validate', '--input', folder);
    expect([run.code, run.stderr]).toEqual([2, `extids: --input: ${folder} is a directory, not a JSON file\n`]);
  });
});

describe('where a text stops being JSON', () => {
  it('names the line, the column (in characters) and the kind of fault', () => {
    expect(jsonFault('{"a": 1}')).toBeUndefined();
    expect(jsonFault('')).toBe('line 1, column 1: unexpected end of input');
    expect(jsonFault('{"a": 1}}')).toBe('line 1, column 9: unexpected text after the JSON value');
    expect(jsonFault('["é", x]')).toBe('line 1, column 7: unexpected token');
    expect(jsonFault('{"a": "b')).toBe('line 1, column 9: unterminated string');
    expect(jsonFault('[1,\r\n 2,]')).toBe('line 2, column 4: unexpected token');
    expect(jsonFault('{"a": "\\q"}')).toBe('line 1, column 9: bad escape in a string');
    expect(jsonFault('[01]')).toBe("line 1, column 3: expected ',' or ']' in a list");
    expect(lineAndColumn('a\nbc\n', 4)).toEqual({ line: 2, column: 3 });
  });

  it('finds no fault where JSON.parse finds none, on texts JSON.parse accepts', () => {
    for (const text of ['0', '-1.5e+3', '"\\u00e9\\n"', '[]', '{}', ' [ {"a" : [true, false, null]} ] ', '{"":""}']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect([text, jsonFault(text)]).toEqual([text, undefined]);
    }
  });

  it('agrees with JSON.parse on whether a text is JSON, for JSON texts with one character changed', () => {
    const edited = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '"', ']', '}', ':', 'x', '\\', '0', ' '))
      .map(([text, at, c]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + c + text.slice(i + 1);
      });
    fc.assert(
      fc.property(edited, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect([text, jsonFault(text) === undefined]).toEqual([text, parses]);
      }),
      { numRuns: 500 },
    );
  });
});
