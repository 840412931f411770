/** The HTTP exchanges a test made, one line each as `--verbose` tells them, the request under it (secrets masked by the runtime). */
import type { Exchange } from './api';
import { h } from './dom';

/** `POST /external-ids/v1/integrations 201 34 ms`, with the retry or token renewal that followed. */
export const exchangeSummary = (e: Exchange): string => {
  const answer = e.status === 0 ? (e.code ?? 'no answer') : `${e.status}${e.code ? ` ${e.code}` : ''}`;
  const tried = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
  const next = e.retry ? `, retry ${e.retry.attempt} in ${e.retry.delayMs} ms` : e.renewingToken ? ', new token' : '';
  return `${e.method} ${e.path} ${answer} ${e.durationMs} ms${tried}${next}`;
};

const headerList = (headers: Record<string, string>): HTMLElement =>
  h('dl', { class: 'headers' }, Object.entries(headers).flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));

export const exchangeList = (exchanges: readonly Exchange[]): HTMLElement =>
  h(
    'ol',
    { class: 'exchanges' },
    exchanges.map((e) =>
      h(
        'li',
        { class: e.status >= 400 || e.status === 0 ? 'exchange failed' : 'exchange' },
        h(
          'details',
          {},
          h('summary', {}, exchangeSummary(e)),
          h('p', {}, h('code', {}, `${e.request.method} ${e.request.url}`)),
          headerList(e.request.headers),
          e.request.body === undefined ? null : h('pre', {}, typeof e.request.body === 'string' ? e.request.body : JSON.stringify(e.request.body, null, 2)),
        ),
      ),
    ),
  );
