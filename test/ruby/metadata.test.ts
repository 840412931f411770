/**
 * connector.rb's `metadata_problem`, run with plain `ruby` (no Workato engine needed): numbers
 * beyond ±(2^53 − 1) are refused naming their path, with the Node validator's words (the value is
 * named by its type only, as every Ruby message does), whatever their size; the numbers at the
 * bound are metadata.
 */
import { spawnSync } from 'node:child_process';
import { METADATA_MAX_NUMBER } from '../../connector/model/metadata';
import { metadataProblems } from '../../src/validate/metadata';
import { describeWithRuby, generatedConnector } from './support';

/**
 * Reads JSON texts on stdin (so that Ruby sees integers exactly as written) and prints each one's
 * problem. `call` is Workato's way of calling a method of the connector.
 */
const SCRIPT = `
require 'json'
C = eval(File.read(ARGV[0]))
def call(name, *args)
  C[:methods][name.to_sym].call(*args)
end
puts JSON.dump(JSON.parse(STDIN.read).map { |text| call('metadata_problem', JSON.parse(text), 'metadata') })
`;

const problemsOf = (texts: string[]): (string | null)[] => {
  const run = spawnSync('ruby', ['-e', SCRIPT, generatedConnector()], { input: JSON.stringify(texts), encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as (string | null)[];
};

/** A Node message without the value it names at its end (", got the number …"): Ruby names none. */
const withoutValue = (message: string): string => message.replace(/, got [^,]*$/, '');

describeWithRuby("connector.rb's metadata_problem", () => {
  const max = String(METADATA_MAX_NUMBER);
  const refused = [
    '{"big": 9007199254740992}',
    '{"big": -9007199254740992}',
    '{"a": [1, {"odd key": 9007199254740993}]}',
    '{"deep": {"x": [[-18014398509481984]]}}',
    '{"float": 1e300}',
  ];
  const accepted = [`{"n": ${max}}`, `{"n": -${max}}`, '{"n": [0, 1.5, -2, null, true, "x"]}'];

  it('refuses numbers beyond ±(2^53 − 1) naming the path, in the words of the Node validator', () => {
    const ruby = problemsOf([...refused, ...accepted]);
    const node = [...refused, ...accepted].map((text) => metadataProblems(JSON.parse(text))[0] ?? null);
    expect(ruby.slice(0, 2)).toEqual([
      `metadata.big must be a number between -${max} and ${max} (a larger one cannot be carried exactly), got a number`,
      `metadata.big must be a number between -${max} and ${max} (a larger one cannot be carried exactly), got a number`,
    ]);
    expect(ruby[2]).toMatch(/^metadata\.a\[1\]\["odd key"\] must be a number between/);
    expect(ruby.map((m) => m && withoutValue(m))).toEqual(node.map((m) => m && withoutValue(m)));
    expect(ruby.slice(refused.length)).toEqual(accepted.map(() => null));
  });

  it('refuses an integer too large to be estimated as a number, rather than count it small and let it through', () => {
    // 20,000 digits: more than the 16 KiB allowed, in one number.
    const [problem] = problemsOf([`{"n": 1${'0'.repeat(20_000)}}`]);
    expect(problem).toMatch(/^metadata\.n must be a number between/);
  });

  it('names the path of a value nested too deep, as the Node validator does', () => {
    const text = '{"k": [{"k": [{"k": [{"k": [{"k": 1}]}]}]}]}';
    const [problem] = problemsOf([text]);
    expect(problem).toBe(metadataProblems(JSON.parse(text))[0]);
  });
});
