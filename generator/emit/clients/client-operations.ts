/**
 * Which operations of an EVerest API spec the generated clients play, under
 * which method names, on which topic prefix: read by the clients emitter
 * (./api-clients.ts), the docs page's Operations part and the package files.
 * A model query of its own, light (no ts-morph), so the docs and the package
 * files need not load the declarations' printer to ask it.
 *
 * An operation becomes a method when its channel has an address; a channel
 * without one is a reply's, reached through its request.
 */
import type { ApiOperation, NamedSchema, SchemaModule } from "../../model/model";
import { API_SIDE_MEMBERS, NameScope, apiMethodNames } from "../../names";

/** One operation as the client plays it. */
export interface ClientOperation {
  readonly op: ApiOperation;
  readonly address: string;
  readonly method: string;
  readonly mirror: string;
  readonly message: NamedSchema;
  readonly reply: NamedSchema | null;
}

/** The operations of `m` that become methods, with their names (unique, none a reserved member). */
export function clientOperations(m: SchemaModule): ClientOperation[] {
  const api = m.api;
  if (api === undefined) return [];
  const methods = new NameScope(API_SIDE_MEMBERS);
  const mirrors = new NameScope(API_SIDE_MEMBERS);
  const out: ClientOperation[] = [];
  for (const op of api.operations) {
    const address = op.channel.address;
    const message = op.messages[0];
    if (address === null || message === undefined) continue;
    const names = apiMethodNames(op.name, op.action);
    out.push({
      op,
      address,
      method: methods.claim(names.method),
      mirror: mirrors.claim(names.mirror),
      message,
      reply: op.reply?.channel?.messages[0] ?? null,
    });
  }
  return out;
}

/** The topic prefix of `m`'s operations: its first server's pathname; specs without one get no client. */
export function clientPathname(m: SchemaModule): string | undefined {
  return m.api?.servers.find((s) => s.pathname !== undefined)?.pathname;
}
