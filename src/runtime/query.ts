/**
 * Query entities: the request built from the action's input (entity types folded into `entities`,
 * instants in UTC), and pages followed up to a bound while holding one page at a time.
 */
import { createHash } from 'node:crypto';
import { entitySelections, type EntitySelection } from '../../connector/model/query';
import type { RequestSpec } from '../sdk/define';
import { shaped, type AnswerCheck } from '../validate/answer-shape';
import { callFor, pickBody } from './request';
import type { Session } from './session';

export interface QueryPage<T = Record<string, unknown>> {
  items: T[];
  current_page: number;
  page_size: number;
  total_count: number;
  total_page_count: number;
  has_more_data: boolean;
}

/** Chosen entity types with no ids of their own become "all of that type" selections. */
export const foldEntityTypes = (entities: Record<string, unknown> | undefined, types: readonly string[] | undefined) => {
  if (!types?.length) return entities;
  const folded: Record<string, unknown> = { ...entities };
  for (const type of types) {
    if (folded[type] !== undefined) continue;
    folded[type] = entitySelections[type as EntitySelection]?.type === 'array' ? [] : {};
  }
  return folded;
};

/** The query request body of an input. */
export const queryBody = (spec: RequestSpec, input: Record<string, unknown>): Record<string, unknown> => {
  const body = pickBody(spec.body, input);
  if (spec.entityTypes) {
    const entities = foldEntityTypes(body[spec.entityTypes.into] as Record<string, unknown> | undefined, input[spec.entityTypes.field] as string[] | undefined);
    if (entities !== undefined) body[spec.entityTypes.into] = entities;
  }
  return body;
};

type Paging = NonNullable<RequestSpec['paging']>;

/** The fields of a page that the runtime reads. */
const pageShape = (paging: Paging) =>
  ({ [paging.items]: ['object'], [paging.more]: 'boolean', 'current_page?': 'integer', 'page_size?': 'integer', 'total_count?': 'integer', 'total_page_count?': 'integer' }) as const;

/** A page's first item, as a short digest: one is kept per page followed. */
const firstKey = (items: readonly unknown[]): string => createHash('sha256').update(JSON.stringify(items[0])).digest('base64');

/**
 * Whether a page advances, when more are to be followed: it brings items, it is the page asked
 * for, it is not beyond the last page its own totals allow, and it does not begin as an earlier
 * page did (a server that ignores the page number, or cycles through a few pages). Otherwise
 * following `has_more_data` would never end.
 */
const advances =
  (paging: Paging, asked: number, firsts: ReadonlyMap<string, number>): AnswerCheck =>
  (data) => {
    const page = data as Record<string, unknown> & Partial<QueryPage>;
    const items = page[paging.items] as unknown[];
    if (typeof page.current_page === 'number' && page.current_page !== asked) return `asked for page ${asked}, got page ${page.current_page}`;
    if (page[paging.more] !== true) return undefined;
    const more = `yet ${paging.more} says more follow`;
    if (items.length === 0) return `page ${asked} has no items, ${more}`;
    if (page.total_page_count !== undefined && asked >= page.total_page_count) return `page ${asked} of total_page_count ${page.total_page_count}, ${more}`;
    if (page.total_count !== undefined && page.page_size && asked * page.page_size >= page.total_count)
      return `page ${asked} of ${page.page_size} items each reaches total_count ${page.total_count}, ${more}`;
    const earlier = firsts.get(firstKey(items));
    if (earlier !== undefined) return `page ${asked} repeats the items of page ${earlier}`;
    return undefined;
  };

/** Every page from the input's page on, one at a time, until there is no more data; a page that does not advance is an `unexpected_response`. */
export async function* pages<T>(session: Session, spec: RequestSpec, input: Record<string, unknown>): AsyncGenerator<QueryPage<T>> {
  const paging = spec.paging!;
  const body = queryBody(spec, input);
  let page = Number(body[paging.page] ?? 1);
  // The first item of each page followed, by page number: a page beginning as one of them is a cycle.
  const firsts = new Map<string, number>();
  for (;;) {
    const answer = await session.call<QueryPage<T>>(callFor(spec, input, { ...body, [paging.page]: page }, { answer: shaped(pageShape(paging), advances(paging, page, firsts)) }));
    yield answer;
    if (!answer[paging.more as 'has_more_data']) return;
    firsts.set(firstKey(answer.items), page);
    page++;
  }
}

/** One page, or with `fetch_all_pages` every page up to `max_items`, as one answer. */
export const queryEntities = async (
  session: Session,
  spec: RequestSpec,
  input: Record<string, unknown>,
  defaults: Record<string, unknown>,
  onPage?: (page: QueryPage, itemsSoFar: number) => void,
): Promise<QueryPage> => {
  const paging = spec.paging!;
  if (input[paging.when] !== true) return session.call<QueryPage>(callFor(spec, input, queryBody(spec, input), { answer: shaped(pageShape(paging)) }));
  const max = Number(input[paging.max] ?? defaults[paging.max]);
  const items: Record<string, unknown>[] = [];
  let last: QueryPage | undefined;
  let truncated = false;
  for await (const page of pages<Record<string, unknown>>(session, spec, input)) {
    last = page;
    const room = max - items.length;
    truncated = page.items.length > room;
    items.push(...(truncated ? page.items.slice(0, room) : page.items));
    onPage?.(page, items.length);
    if (items.length >= max) break;
  }
  // More data remains when the service says so, or when the bound cut the last page short.
  return { ...last!, items, has_more_data: last!.has_more_data || truncated };
};
