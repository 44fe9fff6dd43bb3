// @ts-check
// The generated package's internal/api-client.js: the one implementation
// behind every EVerest API client and its EVerest-side counterpart. Each
// api/<spec>.js module passes it a descriptor of its spec (topics,
// directions, message validators, replies) made by the generator; this file
// knows MQTT and the EVerest API's conventions, and nothing of any one spec.
// An ES module like runtime.js (see ../runtime-js.ts for how assets become
// the package's .js and .mjs files); checked against ./api-client-declarations.ts.
/** @typedef {import("./api-client-declarations").ApiDescriptor} ApiDescriptor */
/** @typedef {import("./api-client-declarations").OperationDescriptor} OperationDescriptor */
/** @typedef {import("./api-client-declarations").MessageCheck} MessageCheck */
/** @typedef {import("./api-client-declarations").MqttConnection} MqttConnection */
/** @typedef {import("./api-client-declarations").ApiClientOptions} ApiClientOptions */
/** @typedef {import("./api-client-declarations").ApiClientError} ApiClientError */
/** @typedef {import("./api-client-declarations").RequestOptions} RequestOptions */
/** @typedef {import("./api-client-declarations").ValidationIssue} ValidationIssue */
/** @typedef {(payload: any, topic: string) => unknown} Handler */
/** @typedef {(topic: string, payload: Uint8Array | string) => void} MessageListener */
import { ValidationError, issuesFor, safely, shared } from "./runtime.js";

const DEFAULT_TIMEOUT_MS = 5000;

/** The longest delay a timer holds (setTimeout ends a longer one at once). */
const MAX_TIMER_MS = 2147483647;

/**
 * A topic level from the caller (an instance id): one level, no wildcards, no
 * NUL; nor the control characters and noncharacters MQTT says a topic should
 * not hold (a broker may drop the connection for them), nor a lone surrogate,
 * which has no UTF-8 form (sent as U+FFFD, its topic would never match).
 */
const TOPIC_LEVEL = /^(?:[^/+#\u0000-\u001f\u007f-\u009f\ufffe\uffff\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])+$/;

/**
 * Whether a topic a peer names (a request's `replyTo`) may be published to:
 * not empty, no wildcard, no NUL, no lone surrogate (it has no UTF-8 form),
 * at most MQTT's 65,535 bytes. A broker drops the connection of a client that
 * publishes to anything else, with every subscription on it.
 */
/** @param {string} topic */
function publishable(topic) {
  return topic.length > 0 && !/[+#\u0000]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(topic) && new TextEncoder().encode(topic).length <= 65535;
}

/** The issue of a `replyTo` that names no topic a reply may go to. */
const BAD_REPLY_TO = /*#__PURE__*/ Object.freeze([
  Object.freeze({ path: "/headers/replyTo", message: "must be a topic a reply can be published to (not empty, no + or # or NUL)", keyword: "replyTo" }),
]);

/**
 * The issues of `value` against a message, or null when it is valid.
 */
/** @param {MessageCheck} check @param {unknown} value @returns {readonly ValidationIssue[] | null} */
function issuesOfMessage(check, value) {
  const [, validate, deep] = check;
  return safely(validate, value, deep === true) ? null : issuesFor(null, validate, value, deep === true);
}

/** @param {MessageCheck} check @param {unknown} value */
function assertMessage(check, value) {
  const issues = issuesOfMessage(check, value);
  if (issues !== null) throw new ValidationError(check[0], issues);
}

/**
 * The topic prefix of one API instance: the spec's server pathname with its
 * variables filled in, without a trailing slash.
 */
/** @param {string} pathname @param {Readonly<Record<string, string>>} variables @returns {string} */
function topicPrefix(pathname, variables) {
  const prefix = pathname.replace(/\{([^{}]*)\}/g, (_, name) => {
    const value = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
    if (typeof value !== "string" || !TOPIC_LEVEL.test(value)) {
      throw new TypeError("the EVerest API topic needs " + JSON.stringify(name) + ": one MQTT topic level, without '/', '+', '#', NUL, control characters or lone surrogates");
    }
    return value;
  });
  return prefix.replace(/\/+$/, "");
}

/** @param {Uint8Array | string} payload @returns {string} */
function text(payload) {
  return typeof payload === "string" ? payload : new TextDecoder().decode(payload);
}

// What `bounded` hands the work it starts: settle the promise (once), ask
// whether it is settled, and register what to undo when it settles (run at
// once if it already has).
/** @typedef {{ resolve: (value: any) => void, reject: (error: unknown) => void, readonly done: boolean, cleanup: (undo: () => void) => void }} Settle */

/**
 * A promise that settles once: through `start`'s Settle, or rejected after
 * `timeoutMs` (an Error with code ETIMEDOUT: "no <what> within N ms") or when
 * `signal` aborts (with its reason). Whichever comes first undoes the rest:
 * the timer, the abort listener, and what `start` registered.
 */
/** @param {string} what @param {number} timeoutMs @param {RequestOptions["signal"]} signal @param {(s: Settle) => void} start @returns {Promise<any>} */
function bounded(what, timeoutMs, signal, start) {
  return new Promise((resolve, reject) => {
    let done = false;
    /** @type {(() => void)[]} */
    const undo = [];
    const finish = (/** @type {() => void} */ settle) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
      for (const u of undo) u();
      settle();
    };
    const onAbort = () => finish(() => reject(signal && signal.reason !== undefined ? signal.reason : new Error(what + ": aborted")));
    // Infinity (or NaN) waits without a timer; a longer wait than a timer can hold (2^31 - 1 ms, 24.8 days), which
    // setTimeout would end at once, waits that long.
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => finish(() => reject(Object.assign(new Error("no " + what + " within " + timeoutMs + " ms"), { code: "ETIMEDOUT" }))), Math.min(Math.max(timeoutMs, 0), MAX_TIMER_MS))
      : undefined;
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort);
    }
    start({
      resolve: (value) => finish(() => resolve(value)),
      reject: (error) => finish(() => reject(error)),
      get done() {
        return done;
      },
      cleanup: (u) => (done ? u() : undo.push(u)),
    });
  });
}

/**
 * What each MQTT connection is subscribed to for the API sides and the ready
 * beacon waits on it: topic -> how many of them use it, and the broker's
 * answer. A subscription belongs to the connection, not to one side: it is
 * taken back only when its last user stops, so closing one client, or one
 * wait that times out, never stops another on the same connection. Shared by
 * the CommonJS and ES module copies of this file (runtime.js `shared`).
 */
/** @type {WeakMap<MqttConnection, Map<string, { users: number, subscribed: Promise<void> }>>} */
const HELD = /*#__PURE__*/ shared("api-client subscriptions 1", () => new WeakMap());

/** One more user of `topic` on `connection`: subscribes for the first; resolves when the broker has confirmed. */
/** @param {MqttConnection} connection @param {string} topic @param {0 | 1 | 2} qos @returns {Promise<void>} */
function hold(connection, topic, qos) {
  let topics = HELD.get(connection);
  if (topics === undefined) HELD.set(connection, (topics = new Map()));
  let held = topics.get(topic);
  if (held === undefined) {
    /** @type {Promise<void>} */
    const subscribed = new Promise((resolve, reject) => {
      connection.subscribe(topic, { qos }, (error) => (error ? reject(error) : resolve(undefined)));
    });
    topics.set(topic, (held = { users: 0, subscribed }));
  }
  held.users++;
  return held.subscribed;
}

/** One user of `topic` on `connection` less: the last one unsubscribes. */
/** @param {MqttConnection} connection @param {string} topic */
function release(connection, topic) {
  const topics = HELD.get(connection);
  const held = topics === undefined ? undefined : topics.get(topic);
  if (topics === undefined || held === undefined || --held.users > 0) return;
  topics.delete(topic);
  connection.unsubscribe(topic, () => undefined);
}

/** A random topic level, so two clients of one instance never share reply topics. */
function randomLevel() {
  let out = "";
  for (let i = 0; i < 4; i++) out += Math.floor(Math.random() * 0x10000).toString(16).padStart(4, "0");
  return out;
}

/**
 * One side of an EVerest API over an MQTT connection the application owns.
 * `side` "client" plays the operations as the spec writes them (the program
 * outside EVerest); "everest" plays them mirrored (EVerest's API module, for
 * tests and simulators). Returns an object with one method per operation
 * (the descriptor's names) plus the helpers.
 */
/** @param {ApiDescriptor} api @param {"client" | "everest"} side @param {MqttConnection} connection @param {ApiClientOptions} options */
function createApiSide(api, side, connection, options) {
  const prefix = topicPrefix(api.pathname, { ...(options.variables || {}), ...(options.moduleId !== undefined ? { module_id: options.moduleId } : {}) });
  const validating = options.validate !== false;
  const defaultTimeout = options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : options.timeoutMs;
  const qos = options.qos === undefined ? 0 : options.qos;
  /** @param {ApiClientError} error */
  const report = (error) => {
    try {
      if (options.onError) options.onError(error);
    } catch {
      // An error callback that throws must not break the MQTT client's loop either.
    }
  };

  /** topic -> its subscription, asked for by its first listener; its later listeners wait for the same confirmation. */
  /** @type {Map<string, Promise<void>>} */
  const subscriptions = new Map();
  /** topic -> listeners of this side; one `message` listener on the connection serves them all. */
  /** @type {Map<string, Set<(payload: string) => void>>} */
  const routes = new Map();
  /** @type {MessageListener} */
  const onMessage = (topic, payload) => {
    const listeners = routes.get(topic);
    if (listeners === undefined) return;
    let body;
    try {
      body = text(payload);
    } catch (e) {
      report({ kind: "parse", topic, operation: null, issues: [], error: e });
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(body);
      } catch (e) {
        // A callback of the application's (a watch's onLost/onBack) threw: never into the MQTT client's loop.
        report({ kind: "handler", topic, operation: null, issues: [], error: e });
      }
    }
  };
  connection.on("message", onMessage);

  /** Set by close(): from then on the side subscribes and publishes nothing, and what was waiting is rejected. */
  let closed = false;
  const closedError = () => new Error("this " + side + " side of " + api.pathname + " is closed");
  /** What this side's requests and heartbeat waits would settle: close() rejects them at once. */
  /** @type {Set<(error: unknown) => void>} */
  const waiting = new Set();
  /** @param {{ reject(error: unknown): void, cleanup(undo: () => void): void }} settle */
  const untilClosed = (settle) => {
    const reject = (/** @type {unknown} */ e) => settle.reject(e);
    waiting.add(reject);
    settle.cleanup(() => waiting.delete(reject));
  };

  /**
   * Routes `topic` to `listener`, subscribing to it first unless `covered`
   * (a reply topic, which the side's one wildcard subscription covers).
   */
  /** @param {string} topic @param {(payload: string) => void} listener @param {boolean} [covered] @returns {Promise<() => void>} */
  const listen = (topic, listener, covered) => {
    if (closed) return Promise.reject(closedError());
    let set = routes.get(topic);
    if (set === undefined) routes.set(topic, (set = new Set()));
    set.add(listener);
    const stop = () => {
      const current = routes.get(topic);
      if (current === undefined || !current.delete(listener)) return;
      if (current.size === 0) {
        routes.delete(topic);
        if (subscriptions.delete(topic)) release(connection, topic);
      }
    };
    if (covered === true) return Promise.resolve(stop);
    let subscribed = subscriptions.get(topic);
    if (subscribed === undefined) {
      subscribed = hold(connection, topic, qos);
      subscriptions.set(topic, subscribed);
    }
    return subscribed.then(
      () => stop,
      (e) => {
        stop();
        throw e;
      },
    );
  };

  /** @param {string} topic @param {unknown} value @param {boolean} [retain] @returns {Promise<void>} */
  const publish = (topic, value, retain) =>
    new Promise((resolve, reject) => {
      if (closed) return reject(closedError());
      const body = JSON.stringify(value);
      if (body === undefined) {
        reject(new TypeError("an EVerest API message must be a JSON value"));
        return;
      }
      connection.publish(topic, body, { qos, retain: retain === true }, (error) => (error ? reject(error) : resolve()));
    });

  /** @param {OperationDescriptor} op @returns {"send" | "receive"} */
  const actionOf = (op) => (side === "client" ? op.action : op.action === "send" ? "receive" : "send");

  /** The request's envelope for `payload` (absent when the message has none). */
  /** @param {unknown} payload @param {string} replyTo */
  const envelope = (payload, replyTo) => (payload === undefined ? { headers: { replyTo } } : { headers: { replyTo }, payload });

  /**
   * Parses and checks one received message; reports and returns undefined when it is not valid JSON or not valid.
   */
  /** @param {OperationDescriptor} op @param {MessageCheck} check @param {string} topic @param {string} body @returns {{ value: any } | undefined} */
  const received = (op, check, topic, body) => {
    let value;
    try {
      value = JSON.parse(body);
    } catch (e) {
      report({ kind: "parse", topic, operation: op.name, issues: [], error: e });
      return undefined;
    }
    if (validating) {
      let issues;
      try {
        issues = issuesOfMessage(check, value);
      } catch (e) {
        report({ kind: "invalid", topic, operation: op.name, issues: [], error: e });
        return undefined;
      }
      if (issues !== null) {
        report({ kind: "invalid", topic, operation: op.name, issues, error: new ValidationError(check[0], issues) });
        return undefined;
      }
    }
    return { value };
  };

  /**
   * Replies come to `<prefix>/<direction>/reply/<random>/<n>`: one wildcard
   * subscription per direction, made at the first request, so a request costs
   * one publish and no subscribe round trip.
   */
  /** @type {Map<string, { base: string, ready: Promise<void> }>} */
  const replyBases = new Map();
  let replyCount = 0;
  /** @param {string} direction @returns {Promise<string>} */
  const replyTopic = (direction) => {
    if (closed) return Promise.reject(closedError());
    let base = replyBases.get(direction);
    if (base === undefined) {
      const b = prefix + "/" + direction + "/reply/" + randomLevel();
      const ready = hold(connection, b + "/+", qos);
      // A failed subscription is tried again by the next request.
      ready.catch(() => {
        replyBases.delete(direction);
        release(connection, b + "/+");
      });
      replyBases.set(direction, (base = { base: b, ready: ready.then(() => undefined) }));
    }
    replyCount = (replyCount + 1) % Number.MAX_SAFE_INTEGER;
    const topic = base.base + "/" + replyCount.toString(36);
    return base.ready.then(() => topic);
  };

  /** @type {Map<string, unknown>} the last value sent per topic, answered to `<topic>/get` (latching) */
  const latched = new Map();

  /** @type {Record<string, unknown>} */
  const self = {};
  for (const op of api.operations) {
    const topic = prefix + "/" + op.address;
    const name = side === "client" ? op.method : op.mirror;
    const action = actionOf(op);
    if (action === "send" && op.reply === null) {
      self[name] = (/** @type {unknown} */ payload) => {
        try {
          if (validating) assertMessage(op.message, payload);
        } catch (e) {
          return Promise.reject(e);
        }
        if (side === "everest" && !op.address.endsWith("/get")) latched.set(topic, payload);
        return publish(topic, payload);
      };
    } else if (action === "send") {
      const reply = /** @type {MessageCheck} */ (op.reply);
      self[name] = (/** @type {unknown} */ payload, /** @type {RequestOptions} */ requestOptions = {}) => {
        const timeoutMs = requestOptions.timeoutMs === undefined ? defaultTimeout : requestOptions.timeoutMs;
        const signal = requestOptions.signal;
        // Checked with a stand-in reply topic first, so an invalid request rejects before anything is subscribed.
        try {
          if (validating) assertMessage(op.message, envelope(payload, prefix));
        } catch (e) {
          return Promise.reject(e);
        }
        return bounded("reply to " + op.name, timeoutMs, signal, (settle) => {
          untilClosed(settle);
          replyTopic(op.address.startsWith("m2e/") ? "e2m" : "m2e")
            .then((to) =>
              listen(
                to,
                (body) => {
                  const got = received(op, reply, to, body);
                  if (got === undefined) settle.reject(new Error("the reply to " + op.name + " was not valid; see onError"));
                  else settle.resolve(got.value);
                },
                true,
              ).then((stop) => {
                settle.cleanup(stop);
                if (!settle.done) publish(topic, envelope(payload, to)).catch(settle.reject);
              }),
            )
            .catch(settle.reject);
        });
      };
    } else {
      const replyCheck = op.reply;
      self[name] = (/** @type {Handler} */ handler) => {
        if (typeof handler !== "function") throw new TypeError(name + " takes a handler function");
        if (closed) throw closedError();
        let active = true;
        /** @type {(() => void) | null} */
        let stop = null;
        const subscribed = listen(topic, (body) => {
          // Unsubscribed before the broker confirmed the subscription: its route stays until then, its handler is done.
          if (!active) return;
          const got = received(op, op.message, topic, body);
          if (got === undefined) return;
          const message = got.value;
          if (replyCheck === null) {
            try {
              const r = handler(message, topic);
              if (r && typeof (/** @type {any} */ (r).then) === "function") {
                /** @type {Promise<unknown>} */ (r).then(undefined, (e) => report({ kind: "handler", topic, operation: op.name, issues: [], error: e }));
              }
            } catch (e) {
              report({ kind: "handler", topic, operation: op.name, issues: [], error: e });
            }
            return;
          }
          const replyTo = message && message.headers && typeof message.headers.replyTo === "string" ? message.headers.replyTo : null;
          if (replyTo !== null && !publishable(replyTo)) {
            report({ kind: "invalid", topic, operation: op.name, issues: BAD_REPLY_TO, error: new ValidationError(op.message[0], BAD_REPLY_TO) });
            return;
          }
          Promise.resolve()
            .then(() => handler(message.payload, topic))
            .then((answer) => {
              if (replyTo === null) return undefined;
              if (validating) assertMessage(replyCheck, answer);
              return publish(replyTo, answer);
            })
            .catch((e) => report({ kind: "handler", topic, operation: op.name, issues: e instanceof ValidationError ? e.issues : [], error: e }));
        });
        subscribed.then(
          (s) => {
            if (active) stop = s;
            else s();
          },
          (e) => report({ kind: "subscribe", topic, operation: op.name, issues: [], error: e }),
        );
        const unsubscribe = () => {
          active = false;
          if (stop !== null) stop();
        };
        return Object.assign(unsubscribe, { ready: subscribed.then(() => undefined) });
      };
    }
  }

  if (side === "everest") {
    // Latching: `<var topic>/get` is answered with the last value sent on the var's topic, or null.
    const stops = api.operations
      .filter((op) => op.action === "send" && op.reply !== null && op.address.endsWith("/get"))
      .map((op) => {
        const getTopic = prefix + "/" + op.address;
        const varTopic = prefix + "/" + op.address.slice(0, -"/get".length).replace(/^m2e\//, "e2m/");
        return listen(getTopic, (body) => {
          let replyTo = null;
          try {
            const m = JSON.parse(body);
            replyTo = m && m.headers && typeof m.headers.replyTo === "string" ? m.headers.replyTo : null;
          } catch {
            return;
          }
          if (replyTo !== null && publishable(replyTo)) publish(replyTo, latched.has(varTopic) ? latched.get(varTopic) : null).catch(() => undefined);
        });
      });
    self["latching"] = Promise.all(stops).then(() => undefined);
  }

  // The liveness helpers judge what they receive as the spec's own operations do: a beat or check-in that is not
  // valid goes to onError and is not counted. (A spec without such an operation: any JSON counts.)
  /** @param {string} address @returns {(body: string) => { value: any } | undefined} */
  const judge = (address) => {
    const op = api.operations.find((o) => o.address === address);
    return (body) => {
      if (op !== undefined) return received(op, op.message, prefix + "/" + address, body);
      try {
        return { value: JSON.parse(body) };
      } catch (e) {
        report({ kind: "parse", topic: prefix + "/" + address, operation: null, issues: [], error: e });
        return undefined;
      }
    };
  };
  const live = liveness(side, prefix, listen, publish, report, judge, untilClosed);
  self["heartbeat"] = live.heartbeat;
  self["communicationCheck"] = live.communicationCheck;
  self["topic"] = (/** @type {string} */ address) => prefix + "/" + address;
  self["close"] = () => {
    if (closed) return;
    closed = true;
    for (const reject of [...waiting]) reject(closedError());
    for (const topic of subscriptions.keys()) release(connection, topic);
    for (const { base } of replyBases.values()) release(connection, base + "/+");
    routes.clear();
    subscriptions.clear();
    replyBases.clear();
    connection.removeListener("message", onMessage);
  };
  return self;
}

/** @typedef {(topic: string, listener: (body: string) => void) => Promise<() => void>} Listen */
/** @typedef {(topic: string, value: unknown) => Promise<void>} Publish */
/** @typedef {{ timeoutMs: number, onLost?: (() => void) | undefined, onBack?: ((value: any) => void) | undefined }} WatchOptions */

/**
 * Watches a liveness topic: `onLost` when nothing came within `timeoutMs`,
 * `onBack` (with the message's value) when valid messages resume (`parse`
 * reports an invalid one, which counts for nothing). Returns a function that
 * stops watching.
 */
/** @param {Listen} listen @param {string} topic @param {WatchOptions} o @param {(error: ApiClientError) => void} report @param {(body: string) => { value: any } | undefined} parse @returns {() => void} */
function watchTopic(listen, topic, o, report, parse) {
  let alive = true;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      if (alive) {
        alive = false;
        try {
          if (o.onLost) o.onLost();
        } catch (e) {
          // A timer's callback that throws would end the process: onError instead.
          report({ kind: "handler", topic, operation: null, issues: [], error: e });
        }
      }
    }, o.timeoutMs);
  };
  arm();
  let stopped = false;
  /** @type {(() => void) | null} */
  let stop = null;
  listen(topic, (body) => {
    // Only a valid message says the other side is alive; an invalid one went to onError.
    const got = parse(body);
    if (got === undefined) return;
    arm();
    if (!alive) {
      alive = true;
      if (o.onBack) o.onBack(got.value);
    }
  }).then(
    (s) => {
      if (stopped) s();
      else stop = s;
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    if (stop !== null) stop();
  };
}

/** Publishes `next()` to `topic` now and every `intervalMs`; returns a function that stops it. */
/** @param {Publish} publish @param {string} topic @param {number} intervalMs @param {() => unknown} next @returns {() => void} */
function every(publish, topic, intervalMs, next) {
  const send = () => {
    publish(topic, next()).catch(() => undefined);
  };
  send();
  const timer = setInterval(send, intervalMs);
  return () => clearInterval(timer);
}

/**
 * The liveness helpers of one side. EVerest beats on `e2m/heartbeat` (an
 * incrementing integer); the client checks in on `m2e/communication_check`
 * (`true`). Each side can start what it sends and watch what the other sends:
 * the client `heartbeat.next()` / `heartbeat.watch()` and
 * `communicationCheck.start()`, EVerest's side `heartbeat.start()` and
 * `communicationCheck.watch()`.
 */
/** @param {"client" | "everest"} side @param {string} prefix @param {Listen} listen @param {Publish} publish @param {(error: ApiClientError) => void} report @param {(address: string) => (body: string) => { value: any } | undefined} judge @param {(settle: { reject(error: unknown): void, cleanup(undo: () => void): void }) => void} untilClosed */
function liveness(side, prefix, listen, publish, report, judge, untilClosed) {
  const heartbeat = prefix + "/e2m/heartbeat";
  const check = prefix + "/m2e/communication_check";
  const beat = judge("e2m/heartbeat");
  const checkIn = judge("m2e/communication_check");
  /** Only what `judge` takes as valid reaches `then`. @param {(body: string) => { value: any } | undefined} parse @param {(value: any) => void} then */
  const valid = (parse, then) => (/** @type {string} */ body) => {
    const got = parse(body);
    if (got !== undefined) then(got.value);
  };
  if (side === "client") {
    return {
      heartbeat: {
        topic: heartbeat,
        /** @param {RequestOptions} [o] @returns {Promise<number>} */
        next(o = {}) {
          const timeoutMs = o.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : o.timeoutMs;
          return bounded("heartbeat", timeoutMs, o.signal, (settle) => {
            untilClosed(settle);
            listen(heartbeat, valid(beat, (n) => settle.resolve(n))).then(settle.cleanup, settle.reject);
          });
        },
        /** @param {{ timeoutMs: number, onLost?: () => void, onBack?: (count: number) => void }} o */
        watch: (o) => watchTopic(listen, heartbeat, { timeoutMs: o.timeoutMs, onLost: o.onLost, onBack: (n) => o.onBack && o.onBack(n) }, report, beat),
      },
      communicationCheck: {
        topic: check,
        /** @param {number} intervalMs */
        start: (intervalMs) => every(publish, check, intervalMs, () => true),
      },
    };
  }
  return {
    heartbeat: {
      topic: heartbeat,
      /** @param {number} intervalMs */
      start(intervalMs) {
        let count = 0;
        return every(publish, heartbeat, intervalMs, () => count++);
      },
    },
    communicationCheck: {
      topic: check,
      /** @param {{ timeoutMs: number, onLost?: () => void, onBack?: () => void }} o */
      watch: (o) => watchTopic(listen, check, { timeoutMs: o.timeoutMs, onLost: o.onLost, onBack: () => o.onBack && o.onBack() }, report, checkIn),
    },
  };
}

const READY_BEACON = "everest_api/ready_beacon";

/**
 * Resolves once EVerest announces an API module on `everest_api/ready_beacon`
 * (rejects after `timeoutMs`, default 5 s, or on abort).
 */
/** @param {MqttConnection} connection @param {RequestOptions} [o] @returns {Promise<void>} */
function waitForReadyBeacon(connection, o = {}) {
  const timeoutMs = o.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : o.timeoutMs;
  return bounded("ready beacon", timeoutMs, o.signal, (settle) => {
    /** @type {MessageListener} */
    const onMessage = (topic) => {
      if (topic === READY_BEACON) settle.resolve(undefined);
    };
    connection.on("message", onMessage);
    settle.cleanup(() => {
      connection.removeListener("message", onMessage);
      release(connection, READY_BEACON);
    });
    hold(connection, READY_BEACON, 0).catch((error) => settle.reject(error));
  });
}

/**
 * EVerest's side: announces an API module on `everest_api/ready_beacon` (an empty JSON object).
 */
/** @param {MqttConnection} connection @returns {Promise<void>} */
function publishReadyBeacon(connection) {
  return new Promise((resolve, reject) => {
    connection.publish(READY_BEACON, "{}", { qos: 0, retain: false }, (error) => (error ? reject(error) : resolve()));
  });
}

export {
  createApiSide,
  waitForReadyBeacon,
  publishReadyBeacon,
};
