/**
 * `-` for a JSON flag reads standard input (issue 11): the built CLI, fed through real pipes, as in
 * `jq … | extids exec … --input -`. Only one flag may read it; a byte-order mark is accepted and a
 * syntax error is told by line and column there as well.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../src/runtime/client';
import { cliAgainstEmulator, quote, shell } from './built-cli';

const bench = cliAgainstEmulator('extids-io-stdin-');
const extids = (args: string) => `node ${quote(bench.cli.file)} ${args}`;

describe('a JSON flag given as - reads standard input', () => {
  it('validate --input - reads the commands piped in, a large list whole', async () => {
    const commands = Array.from({ length: 5000 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    const file = join(bench.dir, 'commands.json');
    writeFileSync(file, JSON.stringify(commands));
    const run = await shell(`cat ${quote(file)} | ${extids('validate --input -')}`);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe('5000 of 5000 commands valid\n');
  });

  it('exec reads --connection - from a pipe and --input from the command line, and the other way round', async () => {
    const connection = JSON.stringify(bench.emulator.connection);
    const created = await shell(`printf %s ${quote(connection)} | ${extids(`exec create_integration --connection - --input '{"name":"STDIN"}'`)}`);
    expect([created.code, created.stderr]).toEqual([0, '']);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'STDIN', uuid: expect.any(String) });

    const renamed = await shell(
      `printf %s ${quote(JSON.stringify({ integration_uuid: JSON.parse(created.stdout).uuid, integration_psk: JSON.parse(created.stdout).psk, name: 'STDIN-2' }))} | ` +
        extids(`exec update_integration --connection ${quote(bench.connectionFile)} --input -`),
    );
    expect([renamed.code, renamed.stderr]).toEqual([0, '']);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ name: 'STDIN-2' });
  });

  it('poll --closure - resumes from the next_poll of a poll piped into it', async () => {
    const client = createClient(bench.emulator.connection);
    const created = await client.createIntegration({ name: 'STDIN-POLL' });
    const input = quote(JSON.stringify({ integration_uuid: created.uuid, integration_psk: created.psk, since: new Date(Date.now() - 60000).toISOString() }));
    await client.integration({ uuid: created.uuid, psk: created.psk }).runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }], { wait_for_processing: true });
    const nextPoll = `node -e 'let t="";process.stdin.on("data",(s)=>t+=s).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(t).next_poll)))'`;
    const poll = `poll mapping_changes --connection ${quote(bench.connectionFile)} --input ${input}`;
    const run = await shell(`${extids(poll)} | ${nextPoll} | ${extids(`${poll} --closure -`)}`);
    expect([run.code, run.stderr]).toEqual([0, '']);
    // Resumed after the first poll: nothing new.
    expect(JSON.parse(run.stdout)).toMatchObject({ events: [], next_poll: { after: expect.any(String) } });
  });

  it('refuses two flags given as - with exit code 2, before sending anything', async () => {
    const run = await shell(`echo '{}' | ${extids('exec create_integration --connection - --input -')}`);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('extids: --connection and --input both read standard input (-): give only one of them as -, the other as a file or inline JSON\n');
    expect(run.stdout).toBe('');
  });

  it('accepts a byte-order mark and tells a syntax error by line and column, never quoting the text', async () => {
    const bom = await shell(`printf '\\xEF\\xBB\\xBF[{"name":"MatchLearningPlanCommand","external_id":"LP-1","internal_id":1}]' | ${extids('validate --input -')}`);
    expect([bom.code, bom.stderr, bom.stdout]).toEqual([0, '', '1 of 1 commands valid\n']);

    const bad = await shell(`printf '[\\n  {"name": "MatchUserCommand",\\n   "client_secret": s3cret}\\n]' | ${extids('validate --input -')}`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('extids: --input: standard input is not valid JSON: line 3, column 21: unexpected token\n');
  });

  it('reads an empty standard input as no JSON at all', async () => {
    const run = await shell(`${extids('validate --input -')} < /dev/null`);
    expect([run.code, run.stderr]).toEqual([2, 'extids: --input: standard input is not valid JSON: line 1, column 1: unexpected end of input\n']);
  });
});
