/** `extids studio`: the connector as a recipe builder sees it, in a browser page (src/studio). */
import type { Command } from 'commander';
import { STUDIO_DEFAULTS } from '../studio/defaults';
import { isLoopbackHost } from '../values/loopback';
import { readConnection } from './io';
import { untilSignal, whole } from './long-running';

interface StudioFlags {
  port: number;
  host: string;
  connection?: string;
  json?: boolean;
}

export const registerStudioCommand = (program: Command): void => {
  program
    .command('studio')
    .description(
      "See what a recipe builder sees, without Workato: a web page with the connection form, the actions and the trigger with their fields, drawn from dist/manifest.json; its Test buttons run them through the Node runtime. Without --connection it starts the embedded emulator and connects to it.",
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', whole('--port', 0, 65535), STUDIO_DEFAULTS.port)
    .option('--host <host>', 'address to listen on', STUDIO_DEFAULTS.host)
    .option('--connection <file|json>', 'the connection the page starts with (default: the embedded emulator; or set EXTIDS_CONNECTION)')
    .option('--json', 'once listening, print one JSON line {"url": …} and nothing else')
    .action(async (flags: StudioFlags) => {
      const connection = flags.connection !== undefined || process.env.EXTIDS_CONNECTION ? readConnection(flags.connection) : undefined;
      // Loaded when used, so that `extids --help` starts fast.
      const { startStudio } = await import('../studio');
      const studio = await startStudio({ port: flags.port, host: flags.host, connection });
      if (!isLoopbackHost(flags.host)) {
        process.stderr.write(`extids: warning: the studio listens on ${flags.host}, beyond this machine: whoever reaches it can run the actions with the connection it holds\n`);
      }
      // Listening for the signals before saying so: a script may stop it as soon as it reads the first line.
      const stopped = untilSignal();
      if (flags.json) process.stdout.write(`${JSON.stringify({ url: studio.url })}\n`);
      else {
        const out = (line: string) => process.stdout.write(`${line}\n`);
        out(`Studio at ${studio.url}`);
        out(studio.emulatorUrl ? `Connected to the embedded emulator at ${studio.emulatorUrl} (its built-in client).` : 'Connected with the connection given.');
        out('Press Ctrl+C to stop.');
      }
      const signal = await stopped;
      if (!flags.json) process.stdout.write(`${signal}: stopping…\n`);
      await studio.close();
    });
};
