/**
 * A command that cannot apply is answered with the field at fault, which the service records with
 * the failure; a data directory from before that record gets the field from the old message.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Harness, matchUser } from './harness';

const domainFile = (dataDir: string) => join(dataDir, readdirSync(dataDir).find((f) => /^domain-.*\.sqlite$/.test(f))!);

it('names the field of a failed command, also for failures recorded before the field was stored', async () => {
  const first = await Harness.start();
  const dir = first.dataDir;
  const i = await first.createIntegration({ name: 'FAILURES' });
  const mapUser = (id: number, mappingId: string) => ({ name: 'MapUserCommand', internal_id: id, internal_uuid: matchUser(id, '').internal_uuid, mapping_id: mappingId });
  const batch = await first.run(i, [matchUser(1, 'U1'), matchUser(2, 'U1'), mapUser(3, 'm@x'), mapUser(4, 'm@x')]);
  const failed = (b: { items: { status: string; errors?: unknown }[] }) => b.items.filter((item) => item.status === 'failed').map((item) => item.errors);
  const expected = [
    [{ field: 'external_id', message: "external_id 'U1' is already matched to internal_id 1" }],
    [{ field: 'mapping_id', message: "mapping_id 'm@x' is already mapped to internal_id 3" }],
  ];
  expect(failed(batch)).toEqual(expected);
  await first.server.close();

  // As a data directory of an earlier version holds it: no field column.
  const db = new Database(domainFile(dir));
  db.exec('ALTER TABLE failures DROP COLUMN field');
  db.close();

  const again = await Harness.start({}, {}, dir);
  try {
    expect(failed(await again.batch(i, batch.batch_id))).toEqual(expected);
  } finally {
    await again.close();
  }
});
