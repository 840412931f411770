/**
 * The `triggers:` of connector.rb: titles, help and descriptions; fields composed from the object
 * definitions (an event is a `mapping`); the `poll` specialized at generation time from the
 * declared poll spec, as each action's execute is from its request; and the `dedup` key, in plain
 * Ruby (Workato runs it as a bare lambda: no `call`, no DSL).
 *
 * The poll (both runtimes implement exactly this): the input loosened and checked like an action's;
 * the page asked for in the declared order, from the closure's cursor (`after`) or else from its
 * start (`since`: the closure's, the input's, or a default before now); its items become events in
 * the order received (only the chosen changes); the next closure is the page's cursor, else the
 * one sent, else the start; `can_poll_more` while the service has more data.
 */
import { triggers } from '../../../connector/triggers';
import type { TriggerDeclaration } from '../../sdk/define';
import type { JsonSchema } from '../../sdk/json-schema';
import type { SchemaField } from '../../sdk/workato';
import { resolveSchema } from '../../schemas/resolve';
import { humanize } from '../workato-fields';
import type { WorkatoTrigger } from '../workato-triggers';
import { calledOf, described, foldEntityTypes, headers, names, onError, prepare, verb, type Requesting } from './execute';
import { code, reindent, rubyLambda, rubyLiteral, rubyString } from './literal';
import { composeFields } from './object-definitions';
import { rubyPath } from './path';

const FIELDS_PARAMS = 'object_definitions, connection, config_fields';

/**
 * A trigger's poll seen as a request, for the pieces it shares with the actions. Workato retries
 * only actions (`retry_on_response` is an action's key; the gem reads it for actions alone): a
 * poll that fails is polled again from the same closure, so every failure is explained at once.
 */
export const pollRequest = (trigger: TriggerDeclaration): Requesting => ({
  name: trigger.name,
  input: trigger.input,
  request: { ...trigger.poll, retry: false, dateTimes: [trigger.poll.start.field] },
});

/** The rules of the inputs the poll reads itself: its start must be an instant, its lists of names known names. */
const ownRules = (trigger: TriggerDeclaration): Record<string, Record<string, unknown>> => {
  // Its label is a sentence ("When first started, …"): the message names the field by its name.
  const start = trigger.poll.start.field;
  const rules: Record<string, Record<string, unknown>> = { [start]: { label: humanize(start), instant: true } };
  for (const [field, raw] of Object.entries(trigger.input.properties ?? {})) {
    const schema = resolveSchema(raw);
    const items = schema.type === 'array' && schema.items ? resolveSchema(schema.items) : undefined;
    if (items?.enum) rules[field] = { one_of: items.enum };
  }
  return rules;
};

/** The poll's body, specialized from the declaration. */
export const pollSource = (trigger: TriggerDeclaration): string => {
  const { poll } = trigger;
  const request = pollRequest(trigger);
  const post = `${verb(request)}(${rubyPath(calledOf(request).path)}, query)${headers(request)}${onError(request, described(request), { status: 'answered' })}`;
  const sizeDefault = (trigger.input.properties?.[poll.pageSize.field] as JsonSchema | undefined)?.default ?? poll.pageSize.max;
  const filter = poll.filter
    ? `input['${poll.filter.field}'].present? ? items.select { |item| input['${poll.filter.field}'].include?(item['${poll.filter.on}']) } : items`
    : 'items';
  return `${prepare(request, ownRules(trigger))}
closure = closure.presence || {}
query = ${rubyLiteral({ ...poll.fixed, [poll.pageSize.param]: code(`input['${poll.pageSize.field}'] || ${sizeDefault}`) }, { keys: 'string' })}.merge(input.slice(${names(poll.body)}))
${poll.entityTypes ? foldEntityTypes(poll.entityTypes) : ''}
# The cursor of the page before, or (until a page gives one) where the first poll started.
since = nil
if closure['after'].present?
  query['${poll.cursor.request}'] = closure['after']
else
  since = call('utc_instant', closure['since']) || input['${poll.start.field}'] || call('utc_instant', now - ${poll.start.defaultSecondsBefore})
  query['${poll.start.bound}'] = since
end
answered = nil
page = ${reindent(post, '       ')}
# The cursor sent given back while more is said to follow would have the poll drain the same page forever.
if page['${poll.more}'] == true && closure['after'].present? && page['${poll.cursor.response}'] == closure['after']
  error(call('unexpected', ${rubyLiteral(described(request))}, answered, ${rubyLiteral(`${poll.cursor.response} is the cursor sent (${poll.cursor.request}), yet ${poll.more} says more follow`)}))
end
items = Array.wrap(page['${poll.items}'])
error(${rubyLiteral(`${described(request)}: ${poll.cursor.missing}`)}) if items.present? && page['${poll.cursor.response}'].blank?
next_poll =
  if page['${poll.cursor.response}'].present? then { 'after' => page['${poll.cursor.response}'] }
  elsif closure['after'].present? then { 'after' => closure['after'] }
  else { 'since' => since }
  end
# In the order received (${Object.values(poll.fixed).join(' ')}): each event once, the oldest first.
events = ${filter}
{ events: events, next_poll: next_poll, can_poll_more: page['${poll.more}'] == true }`;
};

/** The dedup key, bare Ruby: `<by>:<the keys of its by, joined by ':'>@<at>`, nil as ''. */
export const dedupSource = (trigger: TriggerDeclaration): string => {
  const { dedup } = trigger.poll;
  return `keys = ${rubyLiteral(dedup.keys, { keys: 'string', width: 200 })}
"#{event['${dedup.by}']}:#{(keys[event['${dedup.by}']] || []).map { |field| event[field] }.join(':')}@#{event['${dedup.at}']}"`;
};

export const triggerSection = (trigger: WorkatoTrigger, objects: Record<string, SchemaField[]>) => {
  const declaration = triggers.find((t) => t.name === trigger.name) as unknown as TriggerDeclaration;
  return {
    title: trigger.title,
    subtitle: trigger.subtitle,
    description: rubyLambda('input, picklist_label', rubyString(trigger.description)),
    help: trigger.help,
    input_fields: rubyLambda(FIELDS_PARAMS, composeFields(trigger.input_fields, objects, `${trigger.name} input`)),
    poll: rubyLambda('connection, input, closure, _eis, _eos', pollSource(declaration)),
    dedup: rubyLambda('event', dedupSource(declaration)),
    output_fields: rubyLambda(FIELDS_PARAMS, composeFields(trigger.output_fields, objects, `${trigger.name} output`)),
    sample_output: rubyLambda('connection, input', rubyLiteral(trigger.sample_output, { keys: 'string' })),
  };
};
