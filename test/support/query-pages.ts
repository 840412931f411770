/** Query pages as a scripted server answers them: a mapping by number, and one page of them. */

export const mapping = (n: number) => ({
  entity_type: 'user',
  user_id: n,
  external_id: `U-${n}`,
  internal_uuid: null,
  metadata: {},
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: `2026-01-01T00:00:0${n % 10}.000Z`,
  matched_at: null,
  change: 'created',
});

/** Page `pageNumber` of 5 pages of 2 (10 mappings), saying whether more follow; `extra` overrides any field. */
export const page = (pageNumber: number, items: unknown[], more: boolean, extra: Record<string, unknown> = {}) => ({
  items,
  current_page: pageNumber,
  page_size: 2,
  total_count: 10,
  total_page_count: 5,
  has_more_data: more,
  next_cursor: null,
  ...extra,
});

/** The page a query request's body asks for. */
export const pageAsked = (body: string): number => Number((JSON.parse(body) as { page?: number }).page ?? 1);
