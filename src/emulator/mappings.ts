/**
 * What each command does to the mappings (docs/contract.md §5). Called by the consumer inside its
 * transaction; a command that is valid but cannot apply answers why it `failed`, as a value.
 */
import type Database from 'better-sqlite3';
import { commandTable, type CommandEntityType, type EntityType } from '../../connector/commands';
import type { CommandFieldName } from '../../connector/fields';
import { sameJson } from '../values/json';
import { changeOf } from './mapping-change';
import { idsOf, type Command, type Ids, type MappingRow } from './mapping-row';

export type { Command, MappingRow } from './mapping-row';
export { enrollmentKey } from './mapping-row';

/** Why a valid command could not apply: the field at fault, and the message the batch status shows. */
export interface CommandFailure {
  field: CommandFieldName | null;
  message: string;
}

type Holder = Pick<MappingRow, 'id' | 'internal_id' | 'mapping_id'>;

const sameMetadata = (stored: string | null, next: Record<string, unknown>): boolean => stored !== null && sameJson(JSON.parse(stored), next);


const rowsById = new Map(commandTable.map((r) => [r.id, r]));

export class MappingWriter {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      byKey: db.prepare<[number, string, string], MappingRow>('SELECT * FROM mappings WHERE integration_id = ? AND entity_type = ? AND ekey = ?'),
      // The holder of an external id: only what a conflict message and a reset need.
      byExternal: db.prepare<[number, string, string], Holder>(
        'SELECT id, internal_id, mapping_id FROM mappings WHERE integration_id = ? AND entity_type = ? AND external_id = ? LIMIT 1',
      ),
      byId: db.prepare<[number], MappingRow>('SELECT * FROM mappings WHERE id = ?'),
      byMappingId: db.prepare<[number, string], MappingRow>('SELECT * FROM mappings WHERE integration_id = ? AND mapping_id = ?'),
      insert: db.prepare(
        `INSERT INTO mappings (integration_id, entity_type, ekey, external_id, internal_id, internal_uuid, mapping_id, user_id, session_id, course_id,
           learning_plan_id, created_at, updated_at, matched_at, touched_at, change, metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', ?)`,
      ),
      save: db.prepare(
        `UPDATE mappings SET ekey = ?, external_id = ?, internal_id = ?, internal_uuid = ?, mapping_id = ?, user_id = ?, course_id = ?,
           matched_at = ?, updated_at = ?, touched_at = ?, change = ?, metadata = ? WHERE id = ?`,
      ),
      touch: db.prepare<[number, number]>('UPDATE mappings SET touched_at = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM mappings WHERE id = ?'),
      // A mapping created in this same transaction (created_at = now) stays created.
      resetAllMatched: db.prepare<[number, number, number, number, string]>(
        `UPDATE mappings SET external_id = NULL, matched_at = NULL, change = CASE WHEN created_at = ? THEN 'created' ELSE 'reset' END,
           updated_at = ?, touched_at = ?
         WHERE integration_id = ? AND entity_type = ? AND (external_id IS NOT NULL OR matched_at IS NOT NULL)`,
      ),
      touchAll: db.prepare<[number, number, string]>('UPDATE mappings SET touched_at = ? WHERE integration_id = ? AND entity_type = ?'),
    };
  }

  /** Applies one accepted command; why it failed, or null. */
  apply(integrationId: number, rowId: string, c: Command, now: number): CommandFailure | null {
    const row = rowsById.get(rowId);
    if (!row) return { field: null, message: `unknown command row ${rowId}` };
    switch (row.operation) {
      case 'match':
        return this.match(integrationId, row.entityType, c, now);
      case 'reset': {
        const found = this.s.byKey.get(integrationId, row.entityType, idsOf(row.entityType, c).ekey!);
        if (found) this.clearMatch(found, now);
        return null;
      }
      case 'reset_all':
        this.s.touchAll.run(now, integrationId, row.entityType);
        this.s.resetAllMatched.run(now, now, now, integrationId, row.entityType);
        return null;
      case 'reset_by_external_id': {
        const holder = this.s.byExternal.get(integrationId, 'user', c.external_id!);
        const found = holder && this.s.byId.get(holder.id);
        if (found) this.clearMatch(found, now);
        return null;
      }
      case 'map':
        return row.shape === 'internal' ? this.mapInternal(integrationId, c, now) : this.mapExternal(integrationId, c, now);
    }
  }

  private insert(integrationId: number, type: EntityType, ids: Ids, m: Pick<MappingRow, 'external_id' | 'internal_uuid' | 'mapping_id' | 'matched_at' | 'metadata'>, now: number): void {
    this.s.insert.run(
      integrationId,
      type,
      ids.ekey,
      m.external_id,
      ids.internal_id,
      m.internal_uuid,
      m.mapping_id,
      ids.user_id,
      ids.session_id,
      ids.course_id,
      ids.learning_plan_id,
      now,
      now,
      m.matched_at,
      now,
      m.metadata,
    );
  }

  /** Writes `next` when anything but touched_at differs from `row`, else only touches. */
  private save(row: MappingRow, next: MappingRow, now: number): void {
    const changed =
      next.ekey !== row.ekey ||
      next.external_id !== row.external_id ||
      next.internal_id !== row.internal_id ||
      next.internal_uuid !== row.internal_uuid ||
      next.mapping_id !== row.mapping_id ||
      next.user_id !== row.user_id ||
      next.course_id !== row.course_id ||
      next.matched_at !== row.matched_at ||
      next.metadata !== row.metadata;
    if (!changed) {
      this.s.touch.run(now, row.id);
      return;
    }
    const change = changeOf(row, next, now);
    this.s.save.run(
      next.ekey,
      next.external_id,
      next.internal_id,
      next.internal_uuid,
      next.mapping_id,
      next.user_id,
      next.course_id,
      next.matched_at,
      now,
      now,
      change,
      next.metadata,
      row.id,
    );
  }

  private conflict(externalId: string, holder: Holder): CommandFailure {
    const message =
      holder.internal_id !== null
        ? `external_id '${externalId}' is already matched to internal_id ${holder.internal_id}`
        : `external_id '${externalId}' is already held by mapping_id '${holder.mapping_id}', waiting for its user`;
    return { field: 'external_id', message };
  }

  private withMetadata(row: MappingRow, metadata: Record<string, unknown> | undefined): string | null {
    return metadata === undefined || sameMetadata(row.metadata, metadata) ? row.metadata : JSON.stringify(metadata);
  }

  private match(integrationId: number, type: CommandEntityType, c: Command, now: number): CommandFailure | null {
    const ids = idsOf(type, c);
    const externalId = c.external_id!;
    const found = this.s.byKey.get(integrationId, type, ids.ekey!);
    const holder = this.s.byExternal.get(integrationId, type, externalId);
    if (holder && holder.id !== found?.id) return this.conflict(externalId, holder);
    if (!found) {
      this.insert(
        integrationId,
        type,
        ids,
        {
          external_id: externalId,
          internal_uuid: type === 'user' ? c.internal_uuid! : null,
          mapping_id: null,
          matched_at: now,
          metadata: c.metadata === undefined ? null : JSON.stringify(c.metadata),
        },
        now,
      );
      return null;
    }
    this.save(
      found,
      {
        ...found,
        external_id: externalId,
        matched_at: found.external_id === externalId && found.matched_at !== null ? found.matched_at : now,
        internal_uuid: type === 'user' ? c.internal_uuid! : found.internal_uuid,
        course_id: type === 'session' ? c.course_id! : found.course_id,
        metadata: this.withMetadata(found, c.metadata),
      },
      now,
    );
    return null;
  }

  /** Reset*Match: the external id and matched_at go, the metadata stays. */
  private clearMatch(row: MappingRow, now: number): void {
    this.save(row, { ...row, external_id: null, matched_at: null }, now);
  }

  /** The Docebo side of MapUserCommand: the user at internal_id, under mapping_id. */
  private mapInternal(integrationId: number, c: Command, now: number): CommandFailure | null {
    const mappingId = c.mapping_id!;
    const userId = c.internal_id!;
    const user = this.s.byKey.get(integrationId, 'user', String(userId));
    const named = this.s.byMappingId.get(integrationId, mappingId);
    if (named && named.internal_id !== null && named.internal_id !== userId) {
      return { field: 'mapping_id', message: `mapping_id '${mappingId}' is already mapped to internal_id ${named.internal_id}` };
    }
    if (named && named.internal_id === null) {
      // The external side came first: this completes the match, and the two records become one.
      const target = user ?? named;
      if (user) this.s.remove.run(named.id);
      const externalId = named.external_id ?? target.external_id;
      this.save(
        target,
        {
          ...target,
          ekey: String(userId),
          internal_id: userId,
          user_id: userId,
          internal_uuid: c.internal_uuid!,
          mapping_id: mappingId,
          external_id: externalId,
          matched_at: externalId === null ? null : externalId === target.external_id && target.matched_at !== null ? target.matched_at : now,
          metadata: named.metadata ?? target.metadata,
        },
        now,
      );
      return null;
    }
    if (user) {
      this.save(user, { ...user, mapping_id: mappingId, internal_uuid: c.internal_uuid! }, now);
      return null;
    }
    this.insert(
      integrationId,
      'user',
      { ekey: String(userId), internal_id: userId, user_id: userId, course_id: null, session_id: null, learning_plan_id: null },
      { external_id: null, internal_uuid: c.internal_uuid!, mapping_id: mappingId, matched_at: null, metadata: null },
      now,
    );
    return null;
  }

  /** The external side of MapUserCommand: the external id (and metadata) under mapping_id. */
  private mapExternal(integrationId: number, c: Command, now: number): CommandFailure | null {
    const mappingId = c.mapping_id!;
    const externalId = c.external_id!;
    const named = this.s.byMappingId.get(integrationId, mappingId);
    const holder = this.s.byExternal.get(integrationId, 'user', externalId);
    if (holder && holder.id !== named?.id) return this.conflict(externalId, holder);
    if (!named) {
      // Waiting for its user: a user mapping without internal_id.
      this.insert(
        integrationId,
        'user',
        { ekey: null, internal_id: null, user_id: null, course_id: null, session_id: null, learning_plan_id: null },
        {
          external_id: externalId,
          internal_uuid: null,
          mapping_id: mappingId,
          matched_at: null,
          metadata: c.metadata === undefined ? null : JSON.stringify(c.metadata),
        },
        now,
      );
      return null;
    }
    const matched = named.internal_id === null ? null : named.external_id === externalId && named.matched_at !== null ? named.matched_at : now;
    this.save(named, { ...named, external_id: externalId, matched_at: matched, metadata: this.withMetadata(named, c.metadata) }, now);
    return null;
  }
}
