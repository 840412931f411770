/**
 * One action or trigger, as the recipe editor shows its step: title, help, config fields (Run
 * commands' Command), the input fields of the choice made, and a Test button that runs it through
 * the Node runtime against the connection. Failures go beside the fields they name.
 */
import { post, type ErrorDetail, type StudioResult } from './api';
import type { FieldGroup } from './control';
import { h } from './dom';
import { clearFieldErrors, placeFieldErrors } from './error-places';
import { drawFields } from './fields';
import type { Field, Operation, OperationKind, StudioManifest } from './manifest';
import { withoutChunk } from './paths';
import { reportedErrors } from './command-report';
import { usePill, type PillShelf } from './pills';
import { resultView } from './result-view';
import { testButton } from './test-button';

export interface PanelContext {
  manifest: StudioManifest;
  /** The connection form's values. */
  connection(): Record<string, unknown> | undefined;
  shelf: PillShelf;
  say(text: string): void;
}

/** A trigger's poll: its events (each a mapping, as the output fields say), the closure of the next poll, whether more wait. */
const pollFields = (operation: Operation): Field[] => [
  { name: 'events', label: 'Events', optional: false, type: 'array', of: 'object', properties: operation.output_fields },
  { name: 'next_poll', label: 'Next poll', optional: false, type: 'object' },
  { name: 'can_poll_more', label: 'Can poll more', optional: false, type: 'boolean' },
];

/**
 * As the recipe editor shows a step's fields: the required ones and the sticky ones at once, the
 * other optional ones behind Optional fields, in their order.
 */
const shownAsWorkatoDoes = (fields: readonly Field[], elements: readonly HTMLElement[]): HTMLElement[] => {
  const atOnce = elements.filter((_, i) => !fields[i].optional || fields[i].sticky);
  const optional = elements.filter((_, i) => fields[i].optional && !fields[i].sticky);
  if (!optional.length) return atOnce;
  return [...atOnce, h('details', { class: 'optional-fields' }, h('summary', {}, `Optional fields (${optional.length})`), ...optional)];
};

export const operationPanel = (operation: Operation, kind: OperationKind, context: PanelContext): HTMLElement => {
  const { manifest } = context;
  const titleId = `title-${operation.name}`;
  const config = drawFields(operation.config_fields ?? [], manifest.pick_lists);
  const choiceHelp = h('p', { class: 'choice-help', 'aria-live': 'polite' });
  const inputArea = h('div', { class: 'inputs' });
  // Its outcome line is the live part (a status or an alert); the rest is read on demand.
  const result = h('section', { class: 'result', 'aria-label': `Result of ${operation.title}` });
  let input: FieldGroup | undefined;
  let choice: string | undefined;

  const choiceOf = (): string | undefined => {
    const values = config.read();
    const first = operation.config_fields?.[0]?.name;
    return first && values ? (values[first] as string | undefined) : undefined;
  };

  /** Draws the input fields of the choice made, keeping the values of the fields the new choice shares. */
  const drawInputs = () => {
    choice = choiceOf();
    const fields = operation.config_fields?.length ? (choice ? operation.input_fields_by_choice?.[choice] : undefined) : operation.input_fields;
    const kept = input ? [...input.controls].map(([name, c]) => [name, c.write ? c.read() : undefined] as const) : [];
    input = fields ? drawFields(fields, manifest.pick_lists) : undefined;
    for (const [name, value] of kept) if (value !== undefined) input?.controls.get(name)?.write?.(value);
    input?.refresh();
    // A result belongs to the fields it was tested with.
    result.replaceChildren();
    inputArea.replaceChildren(...(input && fields ? shownAsWorkatoDoes(fields, input.elements) : [h('p', { class: 'hint' }, 'Pick a command to see its fields.')]));
    const row = manifest.commands.find((c) => c.id === choice);
    choiceHelp.textContent = row ? `${row.title}: ${row.help}` : '';
  };
  for (const element of config.elements) element.addEventListener('change', drawInputs);
  drawInputs();

  const form = h('form', { novalidate: true, 'aria-labelledby': titleId }, config.elements, choiceHelp, inputArea);
  form.addEventListener('submit', (e) => e.preventDefault());
  /** A trigger's next poll starts where the last one stopped: its closure, as Workato keeps it. */
  let closure: unknown;

  const show = (outcome: StudioResult) => {
    clearFieldErrors(form);
    // One command chosen: the command is item 0 of the list the request is made of.
    const single = !!choice && !input?.controls.has(operation.request?.chunk?.field ?? '');
    const rewrite = (path: string) => (single ? withoutChunk(path, operation.request?.chunk?.field) : path);
    const details: ErrorDetail[] = outcome.ok ? reportedErrors(operation, outcome.output) : outcome.error.details;
    const unplaced = placeFieldErrors(form, details, rewrite);
    const fields = kind === 'trigger' ? pollFields(operation) : operation.output_fields;
    const pills = { source: `${operation.title} (this test)`, masked: new Set<string>(), onPick: (v: unknown, l: string) => usePill(v, l, context.say) };
    result.replaceChildren(h('h3', {}, 'Result'), resultView(operation.title, outcome, fields, unplaced, pills));
    if (!outcome.ok) return;
    if (kind === 'action') context.shelf.add(operation.title, outcome.output, fields);
    else {
      // A recipe's trigger step offers one event's fields as its pills: the first event polled.
      const poll = outcome.output as { events?: unknown[]; next_poll?: unknown };
      if (poll.events?.length) context.shelf.add(`${operation.title} (first event)`, poll.events[0], operation.output_fields);
      closure = poll.next_poll;
      again.hidden = false;
    }
  };

  /** A required config field left empty: the step has no fields to test yet (Workato would not let it run). */
  const configMissing = (): boolean => {
    const values = config.read() ?? {};
    const missing = (operation.config_fields ?? []).filter((f) => !f.optional && values[f.name] === undefined);
    clearFieldErrors(form);
    placeFieldErrors(form, missing.map((f) => ({ path: f.name, message: `missing required field ${f.name}` })));
    return missing.length > 0;
  };

  const runTest = async (from?: unknown) => {
    if (configMissing()) return;
    result.replaceChildren(h('p', { role: 'status' }, `Running ${operation.title}…`));
    const body = { connection: context.connection(), config: config.read() ?? {}, input: input?.read() ?? {}, ...(from === undefined ? {} : { closure: from }) };
    show(await post(kind === 'action' ? `/api/actions/${operation.name}` : `/api/triggers/${operation.name}/poll`, body));
  };
  const button = testButton(kind === 'action' ? 'Test action' : 'Test trigger', () => runTest());
  const again = testButton('Poll again', () => runTest(closure), 'test again');
  again.hidden = true;

  return h(
    'section',
    { class: 'panel', id: `panel-${operation.name}`, 'aria-labelledby': titleId, hidden: true },
    h('h2', { id: titleId }, operation.title),
    operation.subtitle ? h('p', { class: 'subtitle' }, operation.subtitle) : null,
    operation.help ? h('p', { class: 'help' }, operation.help) : null,
    form,
    h('div', { class: 'actions' }, button, ' ', again),
    result,
  );
};
