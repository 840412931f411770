/**
 * Run commands (src/runtime/batch.ts): validate every command, send the valid ones in chunks, each
 * with an idempotency key that survives Workato's retries of the whole `execute`, merge the
 * per-item answers back into input order, and optionally wait within Workato's time budget.
 */
import { method } from './method';

export const batchMethods = [
  method(
    'execution_id',
    '',
    "One id per execution, the same when Workato retries it: the job id (the SDK gem offers only the recipe id).",
    String.raw`
      context = execution_context || {}
      (context[:job_id] || context['job_id'] || context[:recipe_id] || context['recipe_id'] || workato.uuid).to_s
    `,
  ),
  method(
    'idempotency_key',
    'integration_uuid, execution_id, chunk_index, chunk',
    "A chunk's Idempotency-Key: integration, execution, position and content (a key from content alone would swallow a later run's repeat).",
    String.raw`
      'extids-' + "#{integration_uuid}\n#{execution_id}\n#{chunk_index}\n#{call('canonical_json', chunk)}".encode_sha256.encode_hex
    `,
  ),
  method(
    'commands_from_choice',
    'spec, input',
    'The input of a single-command step (config field `command`) as a list of one command; a list step as it is.',
    String.raw`
      input = input.dup
      choice = input.delete('command')
      row = call('command_table').find { |r| r['id'] == choice }
      return input if row.nil?
      command = { 'name' => row['name'] }
      (row['required'] + (row['metadata'] ? ['metadata'] : [])).each do |f|
        value = input.delete(f)
        command[f] = value unless value.nil? || value == ''
      end
      input.merge(spec['chunk']['field'] => [command])
    `,
  ),
  method(
    'run_commands',
    'connection, spec, input',
    'Validates, sends in chunks of at most the declared size, merges the answers; waits when asked.',
    String.raw`
      chunking = spec['chunk']
      commands = input[chunking['field']]
      checks = call('validate_commands', commands)
      if input['fail_on_invalid'] == true
        message = call('checks_error', checks, chunking['field'])
        error("nothing was sent: #{message}") if message
      end
      items = checks.each_with_index.map do |check, index|
        { 'index' => index, 'name' => check['name'], 'status' => check['valid'] ? 'queued' : 'rejected', 'command_id' => nil, 'errors' => check['errors'] }
      end
      valid = (0...checks.size).select { |i| checks[i]['valid'] }
      execution_id = call('execution_id')
      uuid = input['integration_uuid'].to_s
      batches = []
      accepted = 0
      ignored = 0
      rejected = checks.size - valid.size
      valid.each_slice(chunking['size']).each_with_index do |indexes, chunk_index|
        chunk = indexes.map { |i| checks[i]['command'] || commands[i] }
        request = call('call_for', spec, input, { chunking['field'] => chunk })
        request['idempotency_key'] = call('idempotency_key', uuid, execution_id, chunk_index, chunk)
        answer = call('api_call', connection, request)
        batches << { 'id' => answer['batch_id'], 'indexes' => indexes }
        answer['items'].each do |item|
          target = items[indexes[item['index']]]
          target['status'] = item['status']
          target['command_id'] = item['command_id']
          target['errors'] = item['errors'] if item['errors'].is_a?(Array) && !item['errors'].empty?
          case item['status']
          when 'queued' then accepted += 1
          when 'ignored' then ignored += 1
          else rejected += 1
          end
        end
      end
      result = {
        'batch_ids' => batches.map { |b| b['id'] }, 'total' => commands.size,
        'accepted' => accepted, 'rejected' => rejected, 'ignored' => ignored, 'items' => items
      }
      wait = spec['wait']
      if wait && input[wait['when']] == true
        result.merge!(call('wait_for_batches', connection, spec, input, batches, items))
      end
      result
    `,
  ),
  method(
    'wait_for_batches',
    'connection, spec, input, batches, items',
    "Polls each batch until it is done or the time is up (within Workato's 180 s per action); updates the items, returns the counts.",
    String.raw`
      wait = spec['wait']
      timeout = (input[wait['timeout']] || call('action_specs')['run_commands']['defaults'][wait['timeout']]).to_f
      deadline = Time.now.to_f + [timeout, call('wire')['max_wait_seconds']].min
      interval = 0.1
      open = batches.dup
      until open.empty?
        batch = open.first
        request = {
          'method' => 'GET', 'path' => call('fill_path', wait['path'], input.merge('batch_id' => batch['id'])),
          'template' => wait['path'], 'psk' => input['integration_psk'].to_s
        }
        status = call('api_call', connection, request)
        status['items'].each do |item|
          target = items[batch['indexes'][item['index']]]
          next if target.nil? || target['status'] == 'rejected'
          target['status'] = item['status']
          target['command_id'] = item['command_id'] if item['command_id']
          target['errors'] = item['errors'] if item['errors'].is_a?(Array) && !item['errors'].empty?
        end
        if wait['done'].include?(status['status'])
          open.shift
          next
        end
        break if Time.now.to_f + interval > deadline
        sleep(interval)
        interval = [2.0, interval * 2].min
      end
      count = lambda { |s| items.count { |i| i['status'] == s } }
      { 'processed' => count.call('processed'), 'failed' => count.call('failed'), 'pending' => count.call('queued') + count.call('processing') }
    `,
  ),
];
