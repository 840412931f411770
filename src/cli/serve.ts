/** `extids serve`: the local External IDs service (docs/contract.md §8), until SIGINT or SIGTERM. */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { EmulatorOptions } from '../emulator';
import { defaults, durabilities, type Client, type Durability } from '../emulator/options';
import { untilSignal, whole } from './long-running';
import { clientsFrom, commandLineSecretsWarning, SECRET_ENV, secretFrom } from './serve-secrets';

interface ServeFlags {
  port: number;
  host: string;
  allowHost: string[];
  dataDir: string;
  domain: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretFile?: string;
  username?: string;
  password?: string;
  passwordFile?: string;
  client: Client[];
  clientsFile?: string;
  rateLimit?: number;
  faultRate?: number;
  durability: Durability;
  json?: boolean;
}

const share = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('--fault-rate takes a share between 0 and 1, such as 0.1');
  return n;
};

const durability = (value: string): Durability => {
  const level = durabilities.find((d) => d === value);
  if (!level) throw new InvalidArgumentError(`--durability takes ${durabilities.join(' or ')}`);
  return level;
};

/** `<domain>:<id>:<secret>`; the secret is everything after the second colon. */
const client = (value: string, previous: ServeFlags['client']): ServeFlags['client'] => {
  const [domain, clientId, ...rest] = value.split(':');
  const clientSecret = rest.join(':');
  if (!domain || !clientId || !clientSecret) throw new InvalidArgumentError('--client takes <domain>:<id>:<secret>');
  return [...previous, { domain, clientId, clientSecret }];
};

export const registerServeCommand = (program: Command): void => {
  program
    .command('serve')
    .description('Run the External IDs service locally: the whole HTTP contract, one SQLite database per platform domain.')
    .option('--port <n>', 'port to listen on (0 picks a free one)', whole('--port', 0, 65535), defaults.port)
    .option('--host <host>', 'address to listen on', defaults.host)
    .option('--allow-host <name>', 'answer requests naming this host too (repeatable); on a loopback address only loopback names are answered', (v: string, p: string[]) => [...p, v], [])
    .option('--data-dir <dir>', 'where the databases live', defaults.dataDir)
    .option('--domain <domain>', 'platform domain of the default client', defaults.domain)
    .option('--client-id <id>', `client id of the default client (default "${defaults.clientId}")`)
    .option('--client-secret <secret>', `client secret of the default client (default: ${SECRET_ENV.clientSecret}, else the built-in one)`)
    .option('--client-secret-file <file>', 'read that secret from a file instead, out of sight of ps')
    .option('--username <name>', `user of the password grant (default "${defaults.username}")`)
    .option('--password <password>', `password of that user (default: ${SECRET_ENV.password}, else the built-in one)`)
    .option('--password-file <file>', 'read that password from a file instead')
    .option('--client <domain:id:secret>', `a client of another domain (repeatable; default: ${SECRET_ENV.clients})`, client, [])
    .option('--clients-file <file>', 'clients of other domains from a JSON file: [{"domain", "client_id", "client_secret"}, …]')
    .option('--rate-limit <n>', 'answer 429 beyond this many requests a minute from one client (requests without a token: per address)', whole('--rate-limit', 1))
    .option('--fault-rate <p>', 'answer this share of requests with 503 or a dropped connection', share)
    .option('--durability <level>', 'normal: what is acknowledged survives a crash of the process; full: a power loss too (a disk sync per write)', durability, 'normal')
    .option('--json', 'once listening, print one JSON line (url, client_id, client_secret if the built-in one, data_dir, domain) and nothing else')
    .action(async (flags: ServeFlags) => {
      // Loaded when used, so that `extids --help` does not load fastify and SQLite.
      const clientSecret = secretFrom({ flag: '--client-secret', value: flags.clientSecret, fileFlag: '--client-secret-file', file: flags.clientSecretFile, env: SECRET_ENV.clientSecret });
      const password = secretFrom({ flag: '--password', value: flags.password, fileFlag: '--password-file', file: flags.passwordFile, env: SECRET_ENV.password });
      const clients = clientsFrom(flags.client, flags.clientsFile);
      const typed = [
        ...(flags.clientSecret !== undefined ? ['--client-secret'] : []),
        ...(flags.password !== undefined ? ['--password'] : []),
        ...(flags.client.length > 0 ? ['--client'] : []),
      ];
      const warning = commandLineSecretsWarning(typed);
      if (warning) process.stderr.write(`${warning}\n`);
      const { startEmulator } = await import('../emulator');
      const options: EmulatorOptions = {
        port: flags.port,
        host: flags.host,
        allowedHosts: flags.allowHost,
        dataDir: resolve(flags.dataDir),
        domain: flags.domain,
        clientId: flags.clientId,
        clientSecret,
        username: flags.username,
        password,
        clients,
        rateLimit: flags.rateLimit,
        faultRate: flags.faultRate,
        durability: flags.durability,
      };
      const emulator = await startEmulator(options);
      // Listening for the signals before saying so: a script may stop it as soon as it reads the first line.
      const stopped = untilSignal();
      if (flags.json) {
        // For scripts (`--port 0`): where it listens and the default client, on one line.
        const listening = {
          url: emulator.url,
          client_id: flags.clientId ?? defaults.clientId,
          // Only the built-in secret, which is public anyway; one given on the command line is not repeated.
          ...(clientSecret === undefined ? { client_secret: defaults.clientSecret } : {}),
          data_dir: options.dataDir,
          domain: flags.domain,
        };
        process.stdout.write(`${JSON.stringify(listening)}\n`);
        await stopped;
        await emulator.close();
        return;
      }
      const out = (line: string) => process.stdout.write(line + '\n');
      // Secrets are printed only when they are the built-in defaults, which are public anyway.
      const secretShown = clientSecret === undefined ? defaults.clientSecret : '(as given)';
      const passwordShown = password === undefined ? defaults.password : '(as given)';
      out(`External IDs emulator listening on ${emulator.url}  (API under ${emulator.basePath}, data in ${options.dataDir})`);
      out(`Connection domain: ${emulator.url}`);
      out(`Client for ${flags.domain}: client_id ${flags.clientId ?? defaults.clientId}, client_secret ${secretShown}`);
      out(`Password grant user: ${flags.username ?? defaults.username}, password ${passwordShown}`);
      for (const c of clients) out(`Client for ${c.domain}: client_id ${c.clientId}, client_secret (as given)`);
      if (flags.rateLimit) out(`Rate limit: ${flags.rateLimit} requests a minute per client`);
      if (flags.faultRate) out(`Fault rate: ${flags.faultRate}`);
      if (flags.durability !== 'normal') out(`Durability: ${flags.durability} (every write synced to the disk before it is answered)`);
      out('Press Ctrl+C to stop.');
      const signal = await stopped;
      out(`${signal}: stopping…`);
      await emulator.close();
      out('Stopped.');
    });
};
