/**
 * Run commands through Workato's SDK gem (`workato exec actions.run_commands.execute` on
 * dist/connector.rb) against the Node runtime (`connector.actions.run_commands.execute`), with
 * 10,000 and 50,000 mixed commands, against the same emulator in the same run, each on a fresh
 * integration, without waiting for processing (what is timed is the connector's own work:
 * checking, chunking, posting, merging). The Ruby time includes the gem's start-up, measured apart.
 * Target: Ruby within 3x of Node at 50,000, and its output under 1 MB. Skipped without `workato`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanUp, WORKATO_CLI, workatoExec } from '../test/workato/support';
import { built } from './built';
import { mixedCommands } from './end-to-end';
import type { BenchResult } from './measure';

const DEV = { client_id: 'extids-local', client_secret: 'extids-local-secret' };
const SIZES = [10_000, 50_000];

export const benchWorkato = async (): Promise<BenchResult> => {
  if (!WORKATO_CLI) {
    return { name: 'workato', summary: 'workato: skipped, no `workato` executable (set WORKATO_CLI or put workato-connector-sdk on PATH)', figures: {}, pass: true };
  }
  const connectorRb = join(__dirname, '..', 'dist', 'connector.rb');
  if (!existsSync(connectorRb)) throw new Error('dist/connector.rb is missing: run npm run build first (npm run bench does)');
  const { startEmulator, connector } = built();
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-bench-workato-'));
  const emulator = await startEmulator({ port: 0, dataDir });
  const settings = { domain: emulator.url, ...DEV };
  const figures: Record<string, number> = {};
  try {
    let start = performance.now();
    const startup = await workatoExec('pick_lists.sort_directions', { connector: connectorRb, settings });
    if (!('ok' in startup)) throw new Error(`workato exec failed: ${startup.error}`);
    figures.ruby_startup_ms = Math.round(performance.now() - start);

    for (const n of SIZES) {
      const commands = mixedCommands(n);
      const create = async (name: string) => (await connector.actions.create_integration.execute(settings, { name } as never)) as { uuid: string; psk: string };
      const [forNode, forRuby] = [await create(`BENCH-NODE-${n}`), await create(`BENCH-RUBY-${n}`)];
      const input = (c: { uuid: string; psk: string }) => ({ integration_uuid: c.uuid, integration_psk: c.psk, command: 'list_of_commands', commands });

      start = performance.now();
      const node = await connector.actions.run_commands.execute(settings, input(forNode) as never);
      const nodeMs = performance.now() - start;

      start = performance.now();
      const ruby = await workatoExec('actions.run_commands.execute', { connector: connectorRb, settings, input: input(forRuby), timeoutMs: 600_000 });
      const rubyMs = performance.now() - start;
      if (!('ok' in ruby)) throw new Error(`workato exec of ${n} commands failed: ${ruby.error.slice(0, 500)}`);
      const out = ruby.ok as { accepted: number };
      if (out.accepted !== node.accepted || out.accepted !== n) throw new Error(`accepted ${out.accepted} (Ruby) and ${node.accepted} (Node) of ${n}`);

      const k = `${n / 1000}k`;
      figures[`node_${k}_ms`] = Math.round(nodeMs);
      figures[`ruby_${k}_ms`] = Math.round(rubyMs);
      figures[`ratio_${k}`] = Number((rubyMs / nodeMs).toFixed(2));
      figures[`ruby_output_${k}_bytes`] = Buffer.byteLength(JSON.stringify(ruby.ok));
      figures[`node_output_${k}_bytes`] = Buffer.byteLength(JSON.stringify(node));
    }
    const pass = figures.ratio_50k <= 3 && figures.ruby_output_50k_bytes < 1024 * 1024;
    return {
      name: 'workato',
      summary:
        `workato: Run commands via workato exec / Node: 10,000 in ${figures.ruby_10k_ms} / ${figures.node_10k_ms} ms (${figures.ratio_10k}x), ` +
        `50,000 in ${figures.ruby_50k_ms} / ${figures.node_50k_ms} ms (${figures.ratio_50k}x, target <= 3x; gem start-up ${figures.ruby_startup_ms} ms); ` +
        `output at 50,000: ${(figures.ruby_output_50k_bytes / 1024).toFixed(0)} KiB (target < 1 MiB)`,
      figures,
      pass,
    };
  } finally {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    cleanUp();
  }
};
