/**
 * What a Test button shows: the failure in the CLI's words (the ones beside no field), the output
 * as a tree of data pills and as JSON, and every HTTP exchange made.
 */
import type { ErrorDetail, StudioResult } from './api';
import { h } from './dom';
import { exchangeList } from './exchanges';
import type { Field } from './manifest';
import { outputTree, type PillOptions } from './output-tree';

export const resultView = (title: string, result: StudioResult, outputFields: readonly Field[], unplaced: readonly ErrorDetail[], pills: PillOptions): HTMLElement => {
  const parts: (Node | null)[] = [];
  if (result.ok) {
    parts.push(h('p', { class: 'outcome ok', role: 'status' }, `${title}: succeeded.`));
  } else {
    // As the CLI prints it: the message, then the details it does not already spell out.
    const rest = unplaced.filter((d) => !result.error.message.includes(d.message));
    parts.push(
      h('div', { class: 'outcome failed', role: 'alert' }, h('p', {}, `extids: ${result.error.message}`), rest.length ? h('ul', {}, rest.map((d) => h('li', {}, d.message))) : null),
    );
  }
  if (result.ok && unplaced.length) parts.push(h('ul', { class: 'unplaced' }, unplaced.map((d) => h('li', {}, d.message))));
  if (result.ok) {
    parts.push(
      h('h3', {}, 'Output'),
      outputTree(result.output, outputFields, pills),
      h('details', { class: 'json' }, h('summary', {}, 'Output as JSON'), h('pre', {}, JSON.stringify(result.output, null, 2))),
    );
  }
  parts.push(h('h3', {}, `HTTP exchanges (${result.exchanges.length})`), result.exchanges.length ? exchangeList(result.exchanges) : h('p', { class: 'hint' }, 'None: nothing was sent.'));
  return h('div', { class: 'result-body' }, parts);
};
