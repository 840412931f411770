/** One entry of the connector's `methods:`, called in Ruby as `call('name', args…)`. */
export interface RubyMethod {
  name: string;
  /** The lambda's parameters, as written between the bars. */
  params: string;
  /** The Ruby body. */
  body: string;
  /** Why it exists, emitted as a comment above it. */
  doc: string;
}

export const method = (name: string, params: string, doc: string, body: string): RubyMethod => ({ name, params, body, doc });
