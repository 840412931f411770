/** What a write did to a mapping, as `Mapping.change` says (docs/contract-extensions.md §2). */
import type { MappingChange } from '../../connector/model/mapping';
import type { MappingRow } from './mapping-row';

/**
 * What a save that changes `row` into `next` did (docs/contract-extensions.md): a new external id
 * (or a match completed) is `matched`, a cleared one `reset`, anything else `updated`. Within one
 * transaction (`row.updated_at = now`) the version keeps its most telling change: `created` over
 * all, a match or reset over a later `updated`.
 */
export const changeOf = (row: MappingRow, next: MappingRow, now: number): MappingChange => {
  if (row.created_at === now) return 'created';
  let change: MappingChange;
  if (next.external_id !== row.external_id) change = next.external_id === null ? 'reset' : 'matched';
  else if (next.matched_at !== row.matched_at) change = next.matched_at === null ? 'reset' : 'matched';
  else change = 'updated';
  return change === 'updated' && row.updated_at === now ? row.change : change;
};

