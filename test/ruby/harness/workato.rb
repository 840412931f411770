# frozen_string_literal: true

# The subset of the Workato Connector SDK DSL that dist/connector.rb uses, built on Ruby's standard
# library, so that tests can run the generated connector against a live emulator. Workato semantics
# kept: lazy chained requests, after_error_response / after_response, custom_auth acquire / apply /
# refresh_on, and action-level retries that re-run the whole execute.
require 'json'
require 'net/http'
require 'uri'
require 'securerandom'
require 'digest'
require 'time'

# Workato's string helpers the connector uses.
class String
  def encode_sha256
    Digest::SHA256.digest(self)
  end

  def encode_hex
    unpack1('H*')
  end
end

module WorkatoHarness
  # error('...') in a connector: the job fails with this message.
  class JobError < StandardError; end

  # A request that failed and no after_error_response handled: what Workato retries or reports.
  class RequestFailed < StandardError
    attr_reader :code, :verb, :body

    def initialize(code, verb, body)
      @code = code
      @verb = verb
      @body = body
      super("#{code} #{body}")
    end
  end

  # workato.parse_json, workato.uuid
  class Helpers
    def parse_json(text)
      JSON.parse(text)
    end

    def uuid
      SecureRandom.uuid
    end
  end

  # A lazy request: built by chaining, sent when its answer is first used.
  class Request
    attr_reader :verb

    def initialize(dsl, verb, url, params = nil)
      @dsl = dsl
      @verb = verb
      @url = url
      @params = params || {}
      @headers = {}
      @payload = nil
      @format = :json
      @done = false
    end

    def headers(values)
      values.each { |k, v| @headers[k.to_s] = v.to_s }
      self
    end

    def params(values)
      @params = @params.merge(values)
      self
    end

    def payload(values)
      @payload = @payload.is_a?(Hash) && values.is_a?(Hash) ? @payload.merge(values) : values
      self
    end

    def request_format_json
      @format = :json
      self
    end

    def request_format_www_form_urlencoded
      @format = :form
      self
    end

    def after_error_response(*matches, &handler)
      @error_matches = matches
      @error_handler = handler
      self
    end

    def after_response(&handler)
      @response_handler = handler
      self
    end

    def resolve
      unless @done
        @result = send_now
        @done = true
      end
      @result
    end

    def [](key)
      resolve[key]
    end

    def method_missing(name, *args, &block)
      resolve.public_send(name, *args, &block)
    end

    def respond_to_missing?(_name, _include_private = false)
      true
    end

    private

    def send_now
      uri = URI(@url)
      uri.query = URI.encode_www_form(@params) unless @params.empty?
      request = Net::HTTP.const_get(@verb.capitalize).new(uri)
      @dsl.applied_headers.merge(@headers).each { |k, v| request[k] = v }
      unless @payload.nil? || @verb == 'GET'
        if @format == :form
          request.set_form_data(@payload)
        else
          request['Content-Type'] = 'application/json'
          request.body = JSON.generate(@payload)
        end
      end
      response = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https', read_timeout: 60) { |http| http.request(request) }
      code = response.code.to_i
      raw = response.body.to_s
      headers = response.to_hash
      if code >= 200 && code < 300
        body = raw.empty? ? nil : (JSON.parse(raw) rescue raw)
        return @response_handler ? @response_handler.call(code, body, headers) : body
      end
      if @error_handler && @error_matches.any? { |m| matches?(m, code, raw) }
        return @error_handler.call(code, raw, headers, "#{code} #{response.message}")
      end
      raise RequestFailed.new(code, @verb, raw)
    end

    def matches?(match, code, body)
      case match
      when Integer then match == code
      when String then body.include?(match)
      when Regexp then !(match =~ body).nil?
      else false
      end
    end
  end

  # The object a connector is evaluated in: its lambdas see these methods.
  class DSL
    attr_reader :connector, :applied_headers
    attr_accessor :execution_context

    def initialize(path)
      @applied_headers = {}
      @execution_context = {}
      @connector = instance_eval(File.read(path), path)
      @tokens = {}
    end

    def get(url, params = nil)
      Request.new(self, 'GET', url, params)
    end

    def post(url, payload = nil)
      request = Request.new(self, 'POST', url)
      payload.nil? ? request : request.payload(payload)
    end

    def patch(url, payload = nil)
      request = Request.new(self, 'PATCH', url)
      payload.nil? ? request : request.payload(payload)
    end

    # In `apply`: the headers every request of the connection carries.
    def headers(values)
      values.each { |k, v| @applied_headers[k.to_s] = v.to_s }
    end

    def error(message)
      raise JobError, message
    end

    def call(name, *args)
      method = @connector[:methods][name.to_sym] or raise ArgumentError, "no method #{name}"
      method.call(*args)
    end

    def workato
      @workato ||= Helpers.new
    end

    # Runs a block with an authorized connection: acquires a token first, and once more on a 401.
    def authorized(connection)
      key = JSON.generate(connection)
      connection = connection.merge(@tokens[key] || acquire(connection, key))
      refreshed = false
      begin
        apply(connection)
        resolve(yield(connection))
      rescue RequestFailed => e
        raise unless e.code == 401 && !refreshed
        refreshed = true
        connection = connection.merge(acquire(connection, key))
        retry
      end
    end

    # An action's execute, retried as Workato does: the whole execute again, for the declared statuses and verbs.
    def execute(name, connection, input)
      action = @connector[:actions][name.to_sym]
      attempts = 0
      begin
        authorized(connection) do |c|
          lam = action[:execute]
          lam.call(*[c, input, {}, {}, nil].first(lam.arity < 0 ? 5 : lam.arity))
        end
      rescue RequestFailed => e
        retried = (action[:retry_on_response] || []).include?(e.code) && (action[:retry_on_request] || []).include?(e.verb)
        raise unless retried && attempts < (action[:max_retries] || 0)
        attempts += 1
        sleep(0.05 * attempts)
        retry
      end
    end

    def resolve(value)
      value.is_a?(Request) ? value.resolve : value
    end

    # object_definitions as a lambda sees them: each evaluated on first use.
    def object_definitions(connection, config_fields)
      definitions = @connector[:object_definitions]
      Hash.new do |hash, key|
        hash[key] = definitions[key.to_sym][:fields].call(connection, config_fields, hash)
      end
    end

    private

    def apply(connection)
      @applied_headers = {}
      @connector[:connection][:authorization][:apply].call(connection)
    end

    def acquire(connection, key)
      @applied_headers = {}
      @tokens[key] = @connector[:connection][:authorization][:acquire].call(connection).transform_keys(&:to_s)
    end
  end
end
