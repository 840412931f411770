/**
 * Every query shape of the contract against the plainest one: a 1000-row page over 100,000
 * mappings, for each of the ten sorts (five fields, both directions) crossed with each filter —
 * none, entity selections, metadata filters of every operator and value type, a time bound on each
 * timestamp, a cursor, a deep page, and filters combined. The data has nulls in every nullable
 * column (unmatched users, resets, deletions and updates by events). Target: every shape within 3x
 * of the first page sorted by creation time; the worst shape and its ratio are the figure. Runs
 * over HTTP, as a connector sees them.
 */
import { performance } from 'node:perf_hooks';
import { mappingTimestamps } from '../connector/model/mapping';
import { sortDirections, sortFields } from '../connector/model/query';
import { startBenchEmulator, type BenchEmulator } from './emulator-client';
import type { BenchResult } from './measure';

const N = 100_000;
const PAGE = 1000;
const RUNS = 5;
const TARGET = 3;

const uuid = (n: number) => `2d0c9a4e-8b1f-4e3a-9c5d-${n.toString(16).padStart(12, '0')}`;

/** Metadata on half the mappings: a nested text, a boolean, a number, an explicit null. */
const metadataAt = (n: number) => (n % 2 === 0 ? { metadata: { source: n % 4 === 0 ? 'hris' : 'lms', dept: { code: `D${n % 7}` }, active: n % 3 === 0, level: n % 10, note: null } } : {});

/** The nth command: each creates a mapping of its own, of every type, some unmatched (MapUserCommand's internal side). */
export const commandAt = (n: number): Record<string, unknown> => {
  const id = n + 1;
  const user = (n % 20_000) + 1;
  const m = metadataAt(n);
  switch (n % 10) {
    case 0:
    case 1:
      return { name: 'MatchUserCommand', internal_id: id, internal_uuid: uuid(id), external_id: `U${n}`, ...m };
    case 2:
      return { name: 'MatchCourseCommand', internal_id: id, external_id: `C${n}`, ...m };
    case 3:
      return { name: 'MatchSessionCommand', internal_id: id, course_id: (n % 1000) * 10 + 3, external_id: `S${n}`, ...m };
    case 4:
      return { name: 'MatchLearningPlanCommand', internal_id: id, external_id: `L${n}`, ...m };
    case 5:
    case 6:
      return { name: 'MatchCourseEnrollmentCommand', internal_id: user, course_id: id, external_id: `CE${n}`, ...m };
    case 7:
      return { name: 'MatchSessionEnrollmentCommand', internal_id: user, session_id: id, external_id: `SE${n}`, ...m };
    case 8:
      return { name: 'MatchLearningPlanEnrollmentCommand', internal_id: user, learning_plan_id: id, external_id: `LE${n}`, ...m };
    default:
      return { name: 'MapUserCommand', mapping_id: `user${n}@example.com`, internal_id: 1_000_000 + n, internal_uuid: uuid(1_000_000 + n) };
  }
};

/** 100,000 mappings, then nulls and ties in the nullable columns: resets, deletions (with cascades), updates by events. */
export const fillMappings = async (e: BenchEmulator): Promise<void> => {
  await e.run(Array.from({ length: N }, (_, n) => commandAt(n)));
  await e.run(Array.from({ length: 2000 }, (_, k) => ({ name: 'ResetCourseMatchCommand', internal_id: k * 10 + 3 })));
  for (let k = 0; k < 1000; k++) await e.event('platform.events.course.CourseDeleted', { course_id: k * 10 + 3 });
  for (let k = 0; k < 1000; k++) await e.event('platform.events.course.CourseUpdated', { course_id: 20_000 + k * 10 + 3 });
  for (let k = 0; k < 500; k++) await e.event('platform.events.user.UserDeleted', { user_id: k * 20 + 1 });
  for (let k = 0; k < 1000; k++) await e.event('platform.events.user.UserUpdated', { user_id: 40_000 + k * 10 + 1 });
};

/** The events the filled data needs its integration subscribed to. */
export const fillEvents = ['platform.events.course.CourseDeleted', 'platform.events.course.CourseUpdated', 'platform.events.user.UserDeleted', 'platform.events.user.UserUpdated'];

type Body = Record<string, unknown>;

/** The filters crossed with every sort; `at` gives a time in the middle of a timestamp's values. */
const filters = (at: Record<string, string>, cursors: Record<string, string>): [string, (sort: Body) => Body][] => {
  const fixed: [string, Body][] = [
    ['no filter', {}],
    ['one entity type', { entities: { course_enrollments: [] } }],
    ['200 user ids', { entities: { users: { user_ids: Array.from({ length: 200 }, (_, k) => k * 37 + 1) } } }],
    ['200 user uuids', { entities: { users: { user_uuids: Array.from({ length: 200 }, (_, k) => uuid(k * 50 + 1)) } } }],
    ['100 enrollment pairs', { entities: { course_enrollments: Array.from({ length: 100 }, (_, k) => ({ user_id: ((k * 10 + 5) % 20_000) + 1, course_id: k * 10 + 6 })) } }],
    ['metadata eq text (nested)', { metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'D3' }] }],
    ['metadata neq text (nested)', { metadata_filters: [{ key: 'dept.code', operator: 'neq', value: 'D3' }] }],
    ['metadata eq boolean', { metadata_filters: [{ key: 'active', operator: 'eq', value: true }] }],
    ['metadata eq number', { metadata_filters: [{ key: 'level', operator: 'eq', value: 4 }] }],
    ['metadata eq null', { metadata_filters: [{ key: 'note', operator: 'eq', value: null }] }],
    ['metadata matching nothing', { metadata_filters: [{ key: 'source', operator: 'eq', value: 'nowhere' }] }],
    ['metadata key with a quote', { metadata_filters: [{ key: 'dept."code', operator: 'neq', value: 'D3' }] }],
    [
      'three metadata filters',
      {
        metadata_filters: [
          { key: 'source', operator: 'eq', value: 'hris' },
          { key: 'active', operator: 'neq', value: false },
          { key: 'dept.code', operator: 'neq', value: 'D1' },
        ],
      },
    ],
    ['page 50', { page: 50 }],
    ...mappingTimestamps.map((t): [string, Body] => [`${t}_from`, { [`${t}_from`]: at[t] }]),
    ['matched_at_to', { matched_at_to: at.matched_at }],
    ['type + metadata + time bound', { entities: { courses: {}, course_enrollments: [] }, metadata_filters: [{ key: 'dept.code', operator: 'neq', value: 'D3' }], created_at_from: at.created_at }],
  ];
  return [
    ...fixed.map(([name, body]): [string, (sort: Body) => Body] => [name, (sort) => ({ ...sort, ...body })]),
    ['after a cursor', (sort) => ({ ...sort, after: cursors[`${sort.sort_by} ${sort.sort_direction}`] })],
  ];
};

export const benchQueryShapes = async (): Promise<BenchResult> => {
  const e = await startBenchEmulator(fillEvents);
  try {
    await fillMappings(e);
    const total = (await e.query({ page_size: 1 })).total_count as number;
    if (total !== N) throw new Error(`${total} mappings, expected ${N}`);

    // A time in the middle of each timestamp's values, and a cursor in the middle of each sort.
    const at: Record<string, string> = {};
    for (const t of mappingTimestamps) {
      const set = (await e.query({ [`${t}_from`]: '1970-01-01T00:00:00Z', page_size: 1 })).total_count as number;
      const middle = (await e.query({ sort_by: t === 'touched_at' ? 'updated_at' : t, [`${t}_from`]: '1970-01-01T00:00:00Z', page: Math.ceil(set / 2), page_size: 1 })).items[0];
      at[t] = middle[t];
    }
    const cursors: Record<string, string> = {};
    for (const sort_by of sortFields) {
      for (const sort_direction of sortDirections) cursors[`${sort_by} ${sort_direction}`] = (await e.query({ sort_by, sort_direction, page: 50, page_size: PAGE })).next_cursor;
    }

    // Each run of a shape is paired with a run of the creation-time page just before it, and the
    // shape's ratio is the median of the pairs' ratios: a machine whose load moves (other processes)
    // moves both runs of a pair alike.
    const once = async (body: Body): Promise<number> => {
      const start = performance.now();
      await e.query({ page_size: PAGE, ...body });
      return performance.now() - start;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const plain = { sort_by: 'created_at', sort_direction: 'asc' };
    const baselines: number[] = [];
    const shapes: { shape: string; ms: number; ratio: number }[] = [];
    // BENCH_SHAPES=<regular expression>: only the shapes it matches (while working on a few).
    const only = process.env.BENCH_SHAPES ? new RegExp(process.env.BENCH_SHAPES) : undefined;
    for (const [name, body] of filters(at, cursors)) {
      for (const sort_by of sortFields) {
        for (const sort_direction of sortDirections) {
          if (only && !only.test(`${name}, ${sort_by} ${sort_direction}`)) continue;
          const shape = body({ sort_by, sort_direction });
          await once(shape);
          const runs = Array.from({ length: RUNS }, () => ({ base: 0, ms: 0 }));
          for (const run of runs) {
            run.base = await once(plain);
            run.ms = await once(shape);
          }
          baselines.push(...runs.map((r) => r.base));
          shapes.push({ shape: `${name}, ${sort_by} ${sort_direction}`, ms: median(runs.map((r) => r.ms)), ratio: median(runs.map((r) => r.ms / r.base)) });
        }
      }
    }
    const baselineMs = median(baselines);
    shapes.sort((a, b) => b.ratio - a.ratio);
    const worst = shapes[0];
    const ratio = worst.ratio;
    const middle = shapes[Math.floor(shapes.length / 2)];
    if (process.env.BENCH_VERBOSE) for (const s of shapes) console.log(`${s.ms.toFixed(1).padStart(8)} ms  ${s.ratio.toFixed(2)}x  ${s.shape}`);
    return {
      name: 'query-shapes',
      summary:
        `query-shapes: ${shapes.length} shapes of a ${PAGE}-row page over ${total.toLocaleString('en')} mappings; by created_at ${baselineMs.toFixed(1)} ms, ` +
        `worst "${worst.shape}" ${worst.ms.toFixed(1)} ms: ratio ${ratio.toFixed(2)} (target <= ${TARGET}); median shape ${middle.ms.toFixed(1)} ms (ratio ${middle.ratio.toFixed(2)})`,
      figures: {
        mappings: total,
        shapes: shapes.length,
        baseline_ms: baselineMs,
        worst_ms: worst.ms,
        worst_ratio: ratio,
        median_shape_ms: middle.ms,
        median_shape_ratio: middle.ratio,
        worst_shape: worst.shape,
      },
      pass: ratio <= TARGET,
    };
  } finally {
    await e.close();
  }
};
