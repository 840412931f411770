/**
 * Each action's `execute`, specialized at generation time from its declared request: the verb,
 * path, headers and payload are written out in the action, as a Workato developer writes them.
 * What the declaration says (chunks, waiting, paging, output bound) becomes that action's code.
 */
import { operation, type Operation } from '../../../connector/operations';
import { wire } from '../../../connector/wire';
import type { ActionDeclaration, RequestSpec } from '../../sdk/define';
import type { BatchAccepted } from '../../types/generated';
import type { JsonSchema } from '../../sdk/json-schema';
import { resolveSchema } from '../../schemas/resolve';
import { answerRules, batchIdRules } from './answer-rules';
import { reindent, rubyLiteral } from './literal';
import { rubyPath } from './path';

/**
 * What the request pieces below read of a declaration: an action's, or a trigger's poll seen as one
 * (src/compile/ruby/triggers.ts).
 */
export interface Requesting {
  name: string;
  input: JsonSchema;
  request: Pick<RequestSpec, 'operation' | 'body' | 'retry' | 'dateTimes' | 'chunk'>;
}

/** The operation a declaration's request calls. */
export const calledOf = (action: Requesting): Operation => operation[action.request.operation];

/** How each input is loosened (methods `loose_input`): only the fields that need it. */
const inputKinds = (action: Requesting): Record<string, string> => {
  const dateTimes = new Set(action.request.dateTimes ?? []);
  const kinds: Record<string, string> = {};
  for (const [field, raw] of Object.entries(action.input.properties ?? {})) {
    const schema = resolveSchema(raw);
    if (dateTimes.has(field)) kinds[field] = 'date_time';
    else if (schema.type === 'integer' || schema.type === 'boolean') kinds[field] = schema.type;
    else if (schema.type === 'array' && (schema.items?.type === 'string' || schema.items?.$ref)) kinds[field] = 'list';
  }
  return kinds;
};

const labelOf = (schema: JsonSchema, field: string): string => resolveSchema(schema).title ?? field;

/**
 * What each input must be where the service cannot say so itself (methods `check_inputs`): present
 * when required, a UUID for an integration (a bad one is answered like a wrong PSK), within bounds
 * for the integers only the connector reads (a wait, a bound on items).
 */
const inputRules = (action: Requesting): Record<string, Record<string, unknown>> => {
  const properties = action.input.properties ?? {};
  // A list of commands comes with the config choice; the command's own fields are checked per command.
  const required = new Set((action.input.required ?? []).filter((f) => f !== action.request.chunk?.field));
  const rules: Record<string, Record<string, unknown>> = {};
  for (const [field, raw] of Object.entries(properties)) {
    const schema = resolveSchema(raw);
    const rule: Record<string, unknown> = {};
    if (required.has(field)) rule.required = true;
    if (schema.format === 'uuid') rule.uuid = true;
    if (schema.type === 'integer' && !action.request.body.includes(field)) Object.assign(rule, { min: schema.minimum ?? 0, max: schema.maximum ?? null });
    if (Object.keys(rule).length) rules[field] = { label: labelOf(raw, field), ...rule };
  }
  return rules;
};

/**
 * The preamble every execute (and a trigger's poll) shares: the connection checked, the input
 * loosened and checked; `more` adds rules to some fields (a trigger's instant and its lists of names).
 */
export const prepare = (action: Requesting, more: Record<string, Record<string, unknown>> = {}): string => {
  const rules = inputRules(action);
  for (const [field, rule] of Object.entries(more)) rules[field] = { label: labelOf(action.input.properties![field], field), ...rules[field], ...rule };
  return [
    `call('check_connection', connection)`,
    `input = call('loose_input', input, ${rubyLiteral(inputKinds(action), { keys: 'string', width: 200 })})`,
    ...(Object.keys(rules).length ? [`call('check_inputs', input, ${rubyLiteral(rules, { keys: 'string', width: 200 })})`] : []),
  ].join('\n');
};

/** `.headers(…)` of a request: the PSK for integration-scoped calls, and any extra header. */
export const headers = (action: Requesting, extra: Record<string, string> = {}): string => {
  const all: string[] = [];
  if (calledOf(action).auth === 'integration') all.push(`${rubyLiteral(wire.pskHeader)} => input['integration_psk']`);
  for (const [name, value] of Object.entries(extra)) all.push(`${rubyLiteral(name)} => ${value}`);
  return all.length ? `\n.headers(${all.join(',\n         ')})` : '';
};

export interface Answering {
  /** A Ruby expression of what the answer's \`data\` must hold (src/compile/ruby/answer-rules.ts); none: an object. */
  rules?: string;
  /** A Ruby variable given the answer's status, for the checks made after the request (a page's, a cursor's). */
  status?: string;
}

/**
 * \`.after_error_response\`: a call never retried explains every failure; the others leave Workato's
 * retried statuses to it. \`.after_response\`: the answer's \`data\`, checked.
 */
export const onError = (action: Requesting, described: string, answering: Answering = {}): string => {
  const matchers = action.request.retry ? `*call('failures_not_retried')` : '/.*/';
  const psk = calledOf(action).auth === 'integration' ? `input['integration_psk']` : 'nil';
  const data = `call('data_of', ${rubyLiteral(described)}, code, body, ${answering.rules ?? 'nil'})`;
  return `\n.after_error_response(${matchers}) do |code, body, _headers, _message|
  error(call('failure', ${rubyLiteral(described)}, code, body, connection, ${psk}))
end
.after_response { |code, body, _headers| ${answering.status ? `${answering.status} = code; ` : ''}${data} }`;
};

export const verb = (action: Requesting): string => calledOf(action).method.toLowerCase();
export const described = (action: Requesting): string => `${calledOf(action).method} ${calledOf(action).path.slice(1)}`;
export const names = (list: readonly string[]): string => list.map((f) => rubyLiteral(f)).join(', ');


/** A single request: create and update. */
const plainExecute = (action: ActionDeclaration): string => {
  const { request } = action;
  const output = action.output.additionalProperties === false && action.output.properties ? Object.keys(action.output.properties) : undefined;
  const lines = [prepare(action), `payload = input.slice(${names(request.body)})`];
  if (calledOf(action).method === 'PATCH') lines.push(`error(${rubyLiteral(`${action.name} needs at least one of ${request.body.join(', ')}`)}) if payload.empty?`);
  // A published answer (an integration, its PSK) is checked field by field, as the Node client checks it.
  const { schema } = calledOf(action).success;
  if (schema.$id) lines.push(`answer_rules = ${rubyLiteral(answerRules(schema), { keys: 'string' })}`);
  const call = `${verb(action)}(${rubyPath(calledOf(action).path)}, payload)${headers(action)}${onError(action, described(action), schema.$id ? { rules: 'answer_rules' } : {})}`;
  lines.push(output ? `${reindent(call, '  ')}\n  .slice(${names(output)})` : reindent(call, '  '));
  return lines.join('\n');
};

/** The query's `entities` with the chosen entity types folded in (methods `fold_entity_types`). */
export const foldEntityTypes = (folding: NonNullable<RequestSpec['entityTypes']>, query = 'query'): string =>
  `${query}['${folding.into}'] = call('fold_entity_types', ${query}['${folding.into}'], input['${folding.field}']) if input['${folding.field}'].present?`;

/**
 * Whether a page advances, when more are to be followed (the Node client's check, in its words,
 * src/runtime/query.ts): it brings items, it is the page asked for, it is not beyond the last page
 * its own totals allow, and it does not begin as an earlier page did. Otherwise following
 * has_more_data would never end. Totals that are not whole numbers are not read.
 */
const pageProblem = (paging: NonNullable<RequestSpec['paging']>): string => {
  const more = `yet ${paging.more} says more follow`;
  return `lambda do |got, asked, firsts|
  found = got['${paging.items}']
  current, size, count, pages = got.values_at('current_page', 'page_size', 'total_count', 'total_page_count').map { |n| n.is_a?(Integer) ? n : nil }
  next "data.${paging.items} must be an array, got #{call('type_of', found)}" unless found.is_a?(Array)
  next "asked for page #{asked}, got page #{current}" if current && current != asked
  next nil unless got['${paging.more}'] == true
  next "page #{asked} has no items, ${more}" if found.empty?
  next "page #{asked} of total_page_count #{pages}, ${more}" if pages && asked >= pages
  next "page #{asked} of #{size} items each reaches total_count #{count}, ${more}" if count && size && size > 0 && asked * size >= count
  earlier = firsts[found.first.to_json.encode_sha256]
  "page #{asked} repeats the items of page #{earlier}" if earlier
end`;
};

/** Query entities: one page, or with Fetch all pages every page up to Max items, each page checked to advance. */
const pagingExecute = (action: ActionDeclaration): string => {
  const { request } = action;
  const paging = request.paging!;
  const folding = request.entityTypes!;
  const maxDefault = (action.input.properties?.[paging.max] as JsonSchema | undefined)?.default;
  return `${prepare(action)}
query = input.slice(${names(request.body)})
${foldEntityTypes(folding)}
answered = nil
find = lambda do |request_body|
  ${verb(action)}(${rubyPath(calledOf(action).path)}, request_body)${reindent(headers(action), '    ')}${reindent(onError(action, described(action), { status: 'answered' }), '    ')}
end
return find.call(query) unless input['${paging.when}'] == true
max = input['${paging.max}'] || ${maxDefault}
page = query['${paging.page}'] || 1
items = []
answer = nil
truncated = false
advances = ${pageProblem(paging)}
# The first item of each page followed (a digest), by page number: a page beginning as one of them is a cycle.
firsts = {}
loop do
  answer = find.call(query.merge('${paging.page}' => page))
  problem = advances.call(answer, page, firsts)
  error(call('unexpected', ${rubyLiteral(described(action))}, answered, problem)) if problem
  found = answer['${paging.items}']
  truncated = found.size > max - items.size
  items.concat(found.first(max - items.size))
  break if items.size >= max || answer['${paging.more}'] != true
  firsts[found.first.to_json.encode_sha256] = page
  page += 1
end
# More data remains when the service says so, or when Max items cut the last page short.
answer.merge('${paging.items}' => items, '${paging.more}' => answer['${paging.more}'] || truncated)`;
};

/** The field of an accepted chunk's answer that names its batch (BatchAccepted). */
const BATCH_ID_FIELD = 'batch_id' satisfies keyof BatchAccepted;

/** Run commands: checked, sent in chunks with idempotency keys, optionally waited for across invocations. */
const chunkExecute = (action: ActionDeclaration): string => {
  const { request } = action;
  const chunk = request.chunk!;
  const wait = request.wait!;
  const timeoutDefault = (action.input.properties?.[wait.timeout] as JsonSchema | undefined)?.default;
  // The chunk is serialized once, for the request and for its key (a large batch makes that count).
  const post = `${verb(action)}(${rubyPath(calledOf(action).path)})\n.request_body(payload)${headers(action, {
    [wire.idempotencyHeader]: `call('idempotency_key', input['integration_uuid'], job_id, chunk_index, payload)`,
  })}${onError(action, described(action), { rules: 'accepted_rules' })}`;
  return `${prepare(action)}
# A batch id goes in a path with the PSK: one that is not an id is refused before it is stored.
accepted_rules = ${rubyLiteral(batchIdRules(BATCH_ID_FIELD), { keys: 'string' })}
commands = call('commands_of_choice', input)
checks = call('check_commands', commands)
error(call('invalid_commands', checks)) if input['fail_on_invalid'] == true && checks.any? { |check| !check['valid'] }
items = checks.each_with_index.map do |check, index|
  { 'index' => index, 'name' => check['name'], 'status' => check['valid'] ? 'queued' : 'rejected', 'command_id' => nil, 'errors' => check['errors'] }
end
chunks = checks.each_index.select { |i| checks[i]['valid'] }.each_slice(${chunk.size}).to_a
# A resumed wait (multistep) has sent everything already: its batches are in continue.
run = (continue || {})['run']
if run.nil?
  run = { 'batch_ids' => [], 'accepted' => 0, 'rejected' => checks.count { |check| !check['valid'] }, 'ignored' => 0 }
  job_id = call('job_id')
  chunks.each_with_index do |indexes, chunk_index|
    payload = { ${rubyLiteral(chunk.field)} => indexes.map { |i| checks[i]['command'] || commands[i] } }.to_json
    answer = ${reindent(post, '             ')}
    run['batch_ids'] << answer[${rubyLiteral(BATCH_ID_FIELD)}]
    call('record_answer', items, indexes, answer, run)
  end
end
if input['${wait.when}'] == true
  run['deadline'] ||= now.to_f + (input['${wait.timeout}'] || ${timeoutDefault})
  run['resumes'] ||= 0
  done = call('wait_for_batches', connection, input, run, chunks, items, [run['deadline'], now.to_f + ${wait.stretch.seconds}].min)
  remaining = run['deadline'] - now.to_f
  if !done && remaining > 0
    # Wait without holding a worker: resume in a later step of the same job.
    if remaining > ${wait.stretch.resumeAfterSeconds} && run['resumes'] < ${wait.stretch.maxResumes}
      reinvoke_after(seconds: ${wait.stretch.resumeAfterSeconds}, continue: { 'run' => run.merge('resumes' => run['resumes'] + 1) })
    end
    call('wait_for_batches', connection, input, run, chunks, items, run['deadline'])
  end
end
call('run_output', run, items, input['${wait.when}'] == true)`;
};

export const executeSource = (action: ActionDeclaration): string =>
  action.request.chunk ? chunkExecute(action) : action.request.paging ? pagingExecute(action) : plainExecute(action);
