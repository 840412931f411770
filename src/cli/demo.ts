/** `extids demo`: the main job, on the embedded emulator (see demo-run.ts). */
import type { Command } from 'commander';
import { writeJson } from './io';

export const registerDemoCommand = (program: Command): void => {
  program
    .command('demo')
    .description('The main job: start the emulator, then create an integration, update it, run a few thousand commands, emit events and query.')
    .option('--json', 'print one JSON summary instead of the readable one')
    .action(async (options: { json?: boolean }) => {
      const { runDemo } = await import('./demo-run');
      const summary = await runDemo(options);
      if (options.json) writeJson(summary);
    });
};
