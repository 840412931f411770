/**
 * Run commands' shared pieces: the job's idempotency keys, the service's answers recorded on the
 * items, polling the batches, and the output bounded to fit Workato's 1 MB. The numbers are the
 * action's declaration (connector/actions/run-commands.ts), read at generation time.
 */
import { runCommands } from '../../../../connector/actions';
import { operation } from '../../../../connector/operations';
import { wire } from '../../../../connector/wire';
import { BATCH_ID, BATCH_ID_RULE } from '../../../values/batch-id';
import { rubyLiteral, rubyRegexp } from '../literal';
import { rubyPath } from '../path';
import { method } from './method';

const wait = runCommands.request.wait!;
const status = operation[wait.operation];
const report = runCommands.request.report!;
const seconds = (ms: number) => String(ms / 1000);

export const batchMethods = [
  method(
    'job_id',
    '',
    "One id per job, the same when Workato re-runs its execute: execution_context is documented for embedded workspaces only, so its absence gives a fresh id.",
    String.raw`
      context = (execution_context rescue nil) || {}
      (context[:job_id] || context['job_id'] || context[:recipe_id] || context['recipe_id'] || workato.uuid).to_s
    `,
  ),
  method(
    'idempotency_key',
    'integration_uuid, job_id, chunk_index, body',
    "A chunk's Idempotency-Key: the integration, the job, the chunk's position and content (a key from content alone would swallow a later job's repeat).",
    String.raw`
      "extids-#{"#{integration_uuid}\n#{job_id}\n#{chunk_index}\n#{body}".encode_sha256.encode_hex}"
    `,
  ),
  method(
    'record_answer',
    'items, indexes, answer, counts',
    "Puts what the service says of a chunk's commands (at once, or once applied) on their items; counts them when `counts` is given.",
    String.raw`
      Array.wrap(answer['items']).each do |item|
        position = indexes[item['index'].to_i]
        next if position.nil?
        target = items[position]
        target['status'] = item['status']
        target['command_id'] = item['command_id'] if item['command_id']
        target['errors'] = item['errors'] if item['errors'].present?
        next if counts.nil?
        counted = { 'queued' => 'accepted', 'ignored' => 'ignored' }.fetch(item['status'], 'rejected')
        counts[counted] += 1
      end
    `,
  ),
  method(
    'wait_for_batches',
    'connection, input, run, chunks, items, stop',
    `Polls each batch in turn until it is ${wait.done.join(' or ')}, or until \`stop\` (epoch seconds); true when every batch is.`,
    String.raw`
      interval = ${seconds(wait.poll.firstMs)}
      run['batch_ids'].each_with_index do |batch_id, position|
        # Checked again where it goes in a path: a resumed wait reads the ids from its own step's data.
        error(${rubyLiteral(`nothing was sent to ${status.method} ${status.path.slice(1)}: batch_id must be ${BATCH_ID_RULE}, got `)} + call('type_of', batch_id)) unless batch_id.is_a?(String) && batch_id.match?(${rubyRegexp(BATCH_ID)})
        loop do
          status = get(${rubyPath(status.path, { batch_id: 'batch_id' })})
                   .headers(${rubyLiteral(wire.pskHeader)} => input['integration_psk'])
                   .after_error_response(*call('failures_not_retried')) do |code, body, _headers, _message|
                     error(call('failure', ${rubyLiteral(`${status.method} ${status.path.slice(1)}`)}, code, body, connection, input['integration_psk']))
                   end
                   .after_response { |code, body, _headers| call('data_of', ${rubyLiteral(`${status.method} ${status.path.slice(1)}`)}, code, body, nil) }
          call('record_answer', items, chunks[position], status, nil)
          break if ${rubyLiteral(wait.done)}.include?(status['status'])
          return false if now.to_f + interval > stop
          sleep(interval)
          interval = [interval * ${wait.poll.growth}, ${seconds(wait.poll.maxMs)}].min
        end
        # Batches apply in order: the next one is likely close behind.
        interval = ${seconds(wait.poll.firstMs)}
      end
      true
    `,
  ),
  method(
    'run_output',
    'run, items, waited',
    `The output: counts of every command, and the items — every ${report.always.join(' and ')} one, the others up to ${report.maxOtherItems} (a job keeps at most 1 MB).`,
    String.raw`
      output = run.slice('batch_ids', 'accepted', 'rejected', 'ignored').merge('total' => items.size)
      if waited
        output['processed'] = items.count { |item| item['status'] == 'processed' }
        output['failed'] = items.count { |item| item['status'] == 'failed' }
        output['pending'] = items.count { |item| item['status'] == 'queued' }
      end
      others = 0
      listed = items.select { |item| ${rubyLiteral(report.always)}.include?(item['status']) || (others += 1) <= ${report.maxOtherItems} }
      output.merge(${rubyLiteral(report.field)} => listed, ${rubyLiteral(report.omitted)} => items.size - listed.size)
    `,
  ),
];
