/**
 * What a Test button shows: the failure in the CLI's words (the ones beside no field), the output
 * as a tree of data pills and as JSON, and every HTTP exchange made.
 */
import type { ErrorDetail, StudioResult } from './api';
import { h } from './dom';
import { exchangeList } from './exchanges';
import type { Field } from './manifest';
import { outputTree, type PillOptions } from './output-tree';

/** The JSON view shows this much of an output (a query of every page can be many megabytes). */
const JSON_SHOWN = 256 * 1024;

const jsonText = (output: unknown): string => {
  const text = JSON.stringify(output, null, 2) ?? 'null';
  return text.length > JSON_SHOWN ? `${text.slice(0, JSON_SHOWN)}\n… (${text.length - JSON_SHOWN} more characters not shown)` : text;
};

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
      h('details', { class: 'json' }, h('summary', {}, 'Output as JSON'), h('pre', {}, jsonText(result.output))),
    );
  }
  parts.push(h('h3', {}, `HTTP exchanges (${result.exchanges.length})`), result.exchanges.length ? exchangeList(result.exchanges) : h('p', { class: 'hint' }, 'None: nothing was sent.'));
  return h('div', { class: 'result-body' }, parts);
};
