# frozen_string_literal: true

# Runs many cases against one generated connector in one Ruby process (tests stay fast):
#   ruby run.rb CONNECTOR_RB CASES_JSON  →  one JSON result per case on stdout, as a JSON array.
# A case: { "kind": "test" | "execute" | "input_fields" | "output_fields" | "config_fields" |
#   "pick_list" | "method" | "prepare" | "connection_fields" | "action_keys", "action", "connection", "input", "config_fields",
#   "name", "args", "execution_context" }. A result: { "ok": value } or { "error": message, "class": ... }.
require_relative 'workato'

dsl = WorkatoHarness::DSL.new(ARGV[0])
cases = JSON.parse(File.read(ARGV[1]))
connector = dsl.connector

results = cases.map do |c|
  dsl.execution_context = (c['execution_context'] || {}).transform_keys(&:to_sym)
  connection = c['connection'] || {}
  value =
    case c['kind']
    when 'test'
      dsl.authorized(connection) { |conn| connector[:test].call(conn) }
    when 'execute'
      dsl.execute(c['action'], connection, c['input'])
    when 'input_fields', 'output_fields'
      config = c['config_fields'] || {}
      lam = connector[:actions][c['action'].to_sym][c['kind'].to_sym]
      lam.call(dsl.object_definitions(connection, config), connection, config)
    when 'config_fields'
      connector[:actions][c['action'].to_sym][:config_fields] || []
    when 'pick_list'
      connector[:pick_lists][c['name'].to_sym].call(connection)
    when 'connection_fields'
      connector[:connection][:fields]
    when 'method'
      dsl.call(c['name'], *(c['args'] || []))
    when 'prepare'
      # An action's input as its request would get it (or the error), without sending anything.
      spec = dsl.call('action_specs')[c['action']]
      input = dsl.call('plain_json', c['input'])
      input = dsl.call('commands_from_choice', spec['request'], input) if spec['request']['chunk']
      dsl.call('prepare_input', spec, input)
    when 'action_keys'
      connector[:actions].transform_values { |a| a.reject { |_, v| v.is_a?(Proc) } }
    else
      raise ArgumentError, "unknown case kind #{c['kind']}"
    end
  { 'ok' => dsl.resolve(value) }
rescue WorkatoHarness::JobError, WorkatoHarness::RequestFailed => e
  { 'error' => e.message, 'class' => e.class.name.split('::').last }
rescue StandardError => e
  { 'error' => "#{e.class}: #{e.message}", 'class' => 'crash', 'backtrace' => e.backtrace.first(5) }
end

$stdout.write(JSON.generate(results))
