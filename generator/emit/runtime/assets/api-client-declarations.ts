// The contract ./api-client.js is type-checked against (./tsconfig.json),
// and the source of the package's internal/api-client.d.ts: ../api-client-dts.ts
// emits this file after the banner, without these leading `//` lines.
import type { ValidateFunction, ValidationIssue } from "./runtime-declarations";

export type { ValidationIssue };

/**
 * The part of an MQTT connection the clients use. MQTT.js's `MqttClient`
 * (`mqtt.connect(url)`) has it; any connection with these methods does.
 */
export interface MqttConnection {
  publish(topic: string, message: string, options: { qos: 0 | 1 | 2; retain?: boolean }, callback: (error?: Error) => void): unknown;
  subscribe(topic: string, options: { qos: 0 | 1 | 2 }, callback: (error: Error | null) => void): unknown;
  unsubscribe(topic: string, callback: (error?: Error) => void): unknown;
  on(event: "message", listener: (topic: string, payload: Uint8Array) => void): unknown;
  removeListener(event: "message", listener: (topic: string, payload: Uint8Array) => void): unknown;
}

/** A message's check: its ref (for ValidationError), its precompiled validate function, and whether values are counted for depth first. */
export type MessageCheck = readonly [ref: string, validate: ValidateFunction<unknown>, deep?: boolean];

/** One operation of a spec, as the client sees it (`action` as the spec writes it). */
export interface OperationDescriptor {
  /** The operation's key under `operations`. */
  readonly name: string;
  /** The client's method for it, and EVerest's side's (the mirrored action). */
  readonly method: string;
  readonly mirror: string;
  readonly action: "send" | "receive";
  /** The channel's address below the instance's prefix, `m2e/powermeter_values`. */
  readonly address: string;
  /** The message on the operation's channel (for a request: the envelope with `headers.replyTo`). */
  readonly message: MessageCheck;
  /** The reply's message, for request/reply operations. */
  readonly reply: MessageCheck | null;
}

export interface ApiDescriptor {
  /** The spec's server pathname, with `{variable}`s: `everest_api/1/powermeter/{module_id}`. */
  readonly pathname: string;
  readonly operations: readonly OperationDescriptor[];
}

/** What went wrong with a message received, or a handler: given to `onError`, never thrown inside the MQTT client's event loop. */
export interface ApiClientError {
  /** "parse": not JSON; "invalid": not a valid message; "handler": the handler threw or its reply was invalid; "subscribe": the broker refused. */
  readonly kind: "parse" | "invalid" | "handler" | "subscribe";
  readonly topic: string;
  /** The operation's key in the spec; null when the topic's payload could not be read at all. */
  readonly operation: string | null;
  /** For "invalid" (and an invalid reply): every problem, as JSON Pointers into the message. */
  readonly issues: readonly ValidationIssue[];
  readonly error: unknown;
}

export interface ApiClientOptions {
  /** The instance id: the `module_id` of EVerest's config (the `{module_id}` level of every topic). */
  readonly moduleId?: string;
  /** Other pathname variables, by name. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Validate outgoing and incoming messages (default true). */
  readonly validate?: boolean;
  /**
   * The MQTT QoS of every publish and subscription (default 0: on one broker
   * beside EVerest, QoS 1's extra acknowledgement costs tens of milliseconds
   * per message with TCP's delayed acks, and buys nothing a reconnect keeps).
   */
  readonly qos?: 0 | 1 | 2;
  /** Default timeout of requests, in ms (default 5000). */
  readonly timeoutMs?: number;
  /** Receives invalid incoming messages and failing handlers. */
  readonly onError?: (error: ApiClientError) => void;
}

/** What the clients use of an AbortSignal (written out, so the declarations need neither the DOM lib nor Node's types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface RequestOptions {
  /** How long to wait, in ms: `Infinity` waits until an abort; a wait longer than a timer holds (2^31 - 1 ms) waits that long. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignalLike;
}

/** A handler's registration: call it to stop; `ready` resolves once the broker confirmed the subscription. */
export type Subscription = (() => void) & { readonly ready: Promise<void> };

/** The client's view of EVerest's heartbeat (`e2m/heartbeat`, an incrementing integer). */
export interface ClientHeartbeat {
  readonly topic: string;
  /** The next beat's count; rejects after `timeoutMs` (default 5000) or on abort. */
  next(options?: RequestOptions): Promise<number>;
  /** Calls `onLost` when no beat came within `timeoutMs`, and `onBack` when beats resume; returns a function that stops watching. */
  watch(options: { readonly timeoutMs: number; readonly onLost?: () => void; readonly onBack?: (count: number) => void }): () => void;
}

/** EVerest's side of the heartbeat. */
export interface EverestHeartbeat {
  readonly topic: string;
  /** Publishes 0, 1, 2, ... now and every `intervalMs`; returns a function that stops it. */
  start(intervalMs: number): () => void;
}

/** The client's check-in on `m2e/communication_check`, which EVerest's API module watches (`cfg_communication_check_to_s`). */
export interface ClientCommunicationCheck {
  readonly topic: string;
  /** Publishes `true` now and every `intervalMs`; returns a function that stops it. */
  start(intervalMs: number): () => void;
}

/** EVerest's side of the communication check. */
export interface EverestCommunicationCheck {
  readonly topic: string;
  /** Calls `onLost` when the client has not checked in within `timeoutMs`, and `onBack` when it does again; returns a function that stops watching. */
  watch(options: { readonly timeoutMs: number; readonly onLost?: () => void; readonly onBack?: () => void }): () => void;
}

/** Resolves once EVerest announces an API module on `everest_api/ready_beacon`; rejects after `timeoutMs` (default 5000) or on abort. */
export declare function waitForReadyBeacon(connection: MqttConnection, options?: RequestOptions): Promise<void>;

/** Announces an API module on `everest_api/ready_beacon`, as EVerest does (for tests and simulators). */
export declare function publishReadyBeacon(connection: MqttConnection): Promise<void>;
