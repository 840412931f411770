/** What the emulator's own databases hold, read directly: for tests that count what was accepted. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface AcceptedBatches {
  batches: number;
  commands: number;
  unapplied: number;
}

/** Every batch the databases under `dataDir` hold for an integration: how many, their commands, and those not applied. */
export const acceptedBatches = (dataDir: string, uuid: string): AcceptedBatches => {
  const found: AcceptedBatches = { batches: 0, commands: 0, unapplied: 0 };
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.db') || f.endsWith('.sqlite'))) {
    const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
    try {
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'batches'").get()) continue;
      const row = db
        .prepare(
          'SELECT COUNT(*) AS batches, COALESCE(SUM(b.total), 0) AS commands, COALESCE(SUM(b.applied = 0), 0) AS unapplied FROM batches b JOIN integrations i ON i.id = b.integration_id WHERE i.uuid = ?',
        )
        .get(uuid) as AcceptedBatches;
      found.batches += row.batches;
      found.commands += row.commands;
      found.unapplied += row.unapplied;
    } finally {
      db.close();
    }
  }
  return found;
};
