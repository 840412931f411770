/**
 * Query entities (src/runtime/query.ts): chosen entity types folded into `entities`, and pages
 * followed up to `max_items` (Workato keeps at most 1 MB of job output).
 */
import { method } from './method';

export const queryMethods = [
  method(
    'query_body',
    'spec, input',
    'The query request of an input: chosen entity types with no ids of their own mean "all of that type".',
    String.raw`
      body = call('pick_body', spec['body'], input)
      folding = spec['entityTypes']
      types = folding && input[folding['field']]
      if types.is_a?(Array) && !types.empty?
        kinds = call('entity_selection_kinds')
        entities = (body[folding['into']] || {}).dup
        types.each { |t| entities[t] = (kinds[t] == 'array' ? [] : {}) if entities[t].nil? }
        body[folding['into']] = entities
      end
      body
    `,
  ),
  method(
    'query_entities',
    'connection, spec, input',
    'One page, or with fetch_all_pages every page up to max_items, as one answer.',
    String.raw`
      paging = spec['paging']
      body = call('query_body', spec, input)
      return call('api_call', connection, call('call_for', spec, input, body)) unless input[paging['when']] == true
      max = (input[paging['max']] || call('action_specs')['query_entities']['defaults'][paging['max']]).to_i
      page = (body[paging['page']] || 1).to_i
      items = []
      last = nil
      truncated = false
      loop do
        answer = call('api_call', connection, call('call_for', spec, input, body.merge(paging['page'] => page)))
        last = answer
        found = answer[paging['items']] || []
        room = max - items.size
        truncated = found.size > room
        items.concat(truncated ? found.first(room) : found)
        break if items.size >= max || !answer[paging['more']] || found.empty?
        page += 1
      end
      # More data remains when the service says so, or when the bound cut the last page short.
      last.merge(paging['items'] => items, paging['more'] => (last[paging['more']] || truncated))
    `,
  ),
];
