/** Runs an emulator in a process of its own, for the crash test: prints its URL, then waits to be killed. */
import { startEmulator } from '../../src/emulator';

startEmulator({ port: 0, dataDir: process.argv[2] }).then((e) => process.stdout.write(`${e.url}\n`));
