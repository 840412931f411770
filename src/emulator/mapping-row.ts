/**
 * A mapping as the emulator stores it (times in epoch milliseconds), a command as the consumer
 * applies it, and the key and id fields a command's mapping carries (docs/contract.md §4).
 */
import type { CommandEntityType } from '../../connector/commands';
import type { MappingTimestamp } from '../../connector/model/mapping';
import type { Mapping } from '../types/generated';

/** Stored times are epoch milliseconds where the wire has ISO text. */
type Stored<T> = { [K in keyof T]: null extends T[K] ? number | null : number };

/**
 * A mapping's row: the wire's `Mapping` with its times in milliseconds, its metadata as JSON text,
 * the integration by its row id, and the row's own id and entity key.
 */
export type MappingRow = Omit<Mapping, MappingTimestamp | 'integration_id' | 'metadata'> &
  Stored<Pick<Mapping, MappingTimestamp>> & {
    id: number;
    integration_id: number;
    /** The entity's key within its type (`42`, or `7:42` for an enrollment); null for an external side waiting for its user. */
    ekey: string | null;
    metadata: string | null;
  };

/** A command as accepted: checked against its row, so its fields have their wire types. */
export type Command = Record<string, unknown> & {
  name: string;
  external_id?: string;
  internal_id?: number;
  internal_uuid?: string;
  mapping_id?: string;
  user_id?: number;
  course_id?: number;
  session_id?: number;
  learning_plan_id?: number;
  metadata?: Record<string, unknown>;
};

export type Ids = Pick<MappingRow, 'ekey' | 'internal_id' | 'user_id' | 'course_id' | 'session_id' | 'learning_plan_id'>;

/** The key of the mapping a command writes, and the id fields that mapping carries (§4). */
export const idsOf = (type: CommandEntityType, c: Command): Ids => {
  const none = { user_id: null, course_id: null, session_id: null, learning_plan_id: null };
  const id = c.internal_id ?? null;
  switch (type) {
    case 'user':
      return { ...none, ekey: String(id), internal_id: id, user_id: id };
    case 'course':
      return { ...none, ekey: String(id), internal_id: id, course_id: id };
    case 'session':
      return { ...none, ekey: String(id), internal_id: id, session_id: id, course_id: c.course_id ?? null };
    case 'learning_plan':
      return { ...none, ekey: String(id), internal_id: id, learning_plan_id: id };
    case 'course_enrollment': {
      const user = c.internal_id ?? c.user_id!;
      return { ...none, ekey: `${user}:${c.course_id}`, internal_id: user, user_id: user, course_id: c.course_id! };
    }
    case 'session_enrollment': {
      const user = c.internal_id ?? c.user_id!;
      return { ...none, ekey: `${user}:${c.session_id}`, internal_id: user, user_id: user, session_id: c.session_id! };
    }
    case 'learning_plan_enrollment': {
      const user = c.internal_id ?? c.user_id!;
      return { ...none, ekey: `${user}:${c.learning_plan_id}`, internal_id: user, user_id: user, learning_plan_id: c.learning_plan_id! };
    }
  }
};

/** The key of an enrollment mapping, as the query and the events look it up. */
export const enrollmentKey = (userId: number, otherId: number): string => `${userId}:${otherId}`;

