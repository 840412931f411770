/** The HTTP exchanges a test made, one line each as `--verbose` tells them, the request under it (secrets masked by the runtime). */
import type { Exchange } from './api';
import { exchangeSummary } from '../../runtime/exchange';
import { h } from './dom';


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
