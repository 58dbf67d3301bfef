/**
 * A fault-injecting HTTP proxy for the end-to-end runs: it sits between Terraform (or an AWS SDK
 * client) and moto on loopback and, at a seeded rate, answers a request itself with the error AWS
 * gives under load, drops the connection, or holds the request before passing it on.
 *
 * A fault is injected before the request reaches moto, so moto never acts on a request whose answer
 * was lost: that is what throttling and a refused connection look like. (A connection dropped after
 * AWS acted on a create that is not idempotent is another failure: see docs/failures.md.)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';

/** What the proxy may do instead of passing a request on. */
export type FaultKind = 'throttle' | 'server-error' | 'reset' | 'delay';

export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'reset', 'delay'];

/** Options of {@link FaultProxy}. */
export interface FaultProxyOptions {
  /** The moto endpoint requests go to, `http://127.0.0.1:<port>`. */
  readonly target: string;
  /** Share of requests that get a fault, 0 to 1. */
  readonly rate: number;
  /** Seed of the fault sequence: the same seed and requests give the same faults. */
  readonly seed: number;
  /**
   * The faults to choose from, with equal chance.
   * @default FAULT_KINDS
   */
  readonly kinds?: readonly FaultKind[];
  /**
   * How long a `delay` fault holds a request, in milliseconds.
   * @default 1500
   */
  readonly delayMs?: number;
  /**
   * Requests that never get a fault (moto's own API, say).
   * @default - only moto's /moto-api/ requests
   */
  readonly exempt?: (request: RequestInfo) => boolean;
  /**
   * Serve HTTPS with this key and certificate ({@link loopbackCertificate}), and tell moto that the
   * request came over TLS (`X-Forwarded-Proto: https`), as the TLS-only bucket policies require.
   * @default - plain HTTP
   */
  readonly tls?: LoopbackCertificate;
}

/** A self-signed certificate for 127.0.0.1, in PEM files. */
export interface LoopbackCertificate {
  readonly keyFile: string;
  readonly certFile: string;
}

/**
 * A self-signed certificate for `127.0.0.1` (subjectAltName IP), valid two days, made with the
 * openssl command in `dir`. Clients trust it through SSL_CERT_FILE (Terraform and its providers,
 * in Go) or NODE_EXTRA_CA_CERTS (Node).
 */
export function loopbackCertificate(dir: string): LoopbackCertificate {
  const keyFile = path.join(dir, 'loopback-key.pem');
  const certFile = path.join(dir, 'loopback-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certFile };
}

/** What the proxy knows of a request when it decides. */
export interface RequestInfo {
  /** The AWS service, from the SigV4 credential scope (`s3`, `kms`, `sts`...); `unknown` without one. */
  readonly service: string;
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
}

/** A request the proxy has not answered yet, as {@link FaultProxy.pending} lists it. */
export interface PendingRequest {
  /** The request's number at this proxy, from 1. */
  readonly id: number;
  /** The service, the API action where the request names one (X-Amz-Target or Action=), the path otherwise. */
  readonly what: string;
  /** How long ago the request arrived, in seconds. */
  readonly seconds: number;
  /** Whether it was passed on to moto (false: held by a `delay` fault, or its body still arriving). */
  readonly forwarded: boolean;
}

/** Counts of what the proxy did. */
export interface FaultCounts {
  requests: number;
  injected: number;
  byKind: Record<FaultKind, number>;
  byService: Record<string, number>;
}

/** The answer AWS gives a throttled or failed request, in the service's protocol. */
export interface FaultAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The service a SigV4-signed request is for, from `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
export function serviceOf(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '')?.[1] ?? 'unknown';
}

/**
 * Services of the REST-JSON protocol the stacks call (QuickSight, EventBridge Scheduler): their
 * requests may carry no body, so the content type does not tell them from the query protocol.
 */
const REST_JSON = new Set(['quicksight', 'scheduler']);

/** Services whose JSON protocol names throttling `TooManyRequestsException` rather than `ThrottlingException`. */
const TOO_MANY_REQUESTS = new Set(['organizations', 'athena']);

/**
 * The error a service answers when it throttles (`throttle`) or fails (`server-error`), in its own
 * protocol: S3's `503 SlowDown` (REST-XML), EC2's `503 RequestLimitExceeded`, the query protocol's
 * `400 Throttling` (IAM, STS, SNS, CloudWatch) and the JSON protocol's `400 ThrottlingException` or
 * `TooManyRequestsException` (KMS, CloudWatch Logs, CloudTrail, Config, Glue, Athena, SSM,
 * Organizations), REST-JSON's `429 ThrottlingException` (QuickSight, Scheduler); a 500
 * `InternalError`/`InternalFailure` for a server error.
 */
export function faultAnswer(kind: 'throttle' | 'server-error', request: RequestInfo): FaultAnswer {
  const requestId = 'fault-proxy-0000';
  const throttle = kind === 'throttle';
  if (request.service === 's3') {
    const code = throttle ? 'SlowDown' : 'InternalError';
    const message = throttle
      ? 'Please reduce your request rate.'
      : 'We encountered an internal error. Please try again.';
    return {
      status: throttle ? 503 : 500,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
    };
  }
  if (request.service === 'ec2') {
    const code = throttle ? 'RequestLimitExceeded' : 'InternalError';
    return {
      status: throttle ? 503 : 500,
      headers: { 'content-type': 'text/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${throttle ? 'Request limit exceeded.' : 'An internal error has occurred'}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  }
  if (REST_JSON.has(request.service)) {
    // REST-JSON: the error's type is in X-Amzn-ErrorType, the status is its own (429 for throttling).
    const type = throttle ? 'ThrottlingException' : 'InternalFailureException';
    return {
      status: throttle ? 429 : 500,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': requestId },
      body: JSON.stringify({ Message: throttle ? 'Rate exceeded' : 'An internal error occurred' }),
    };
  }
  if (request.contentType.startsWith('application/x-amz-json')) {
    const type = throttle
      ? TOO_MANY_REQUESTS.has(request.service)
        ? 'TooManyRequestsException'
        : 'ThrottlingException'
      : 'InternalFailure';
    return {
      status: throttle ? 400 : 500,
      headers: { 'content-type': request.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: type, message: throttle ? 'Rate exceeded' : 'An internal error occurred' }),
    };
  }
  // The query protocol (form-encoded requests, XML answers).
  const code = throttle ? 'Throttling' : 'InternalFailure';
  return {
    status: throttle ? 400 : 500,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse><Error><Type>${throttle ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>${throttle ? 'Rate exceeded' : 'An internal error occurred'}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** The fault proxy. {@link start} it, point clients at {@link endpoint}, read {@link counts}. */
export class FaultProxy {
  public readonly counts: FaultCounts = {
    requests: 0,
    injected: 0,
    byKind: { throttle: 0, 'server-error': 0, reset: 0, delay: 0 },
    byService: {},
  };
  private readonly random: () => number;
  private readonly server: http.Server | https.Server;
  private readonly target: URL;
  private kinds: readonly FaultKind[];
  private delayMs: number;
  private port = 0;
  private readonly inFlight = new Map<
    http.ServerResponse,
    { id: number; what: string; since: number; forwarded: boolean }
  >();
  private received = 0;

  public constructor(private readonly options: FaultProxyOptions) {
    if (!(options.rate >= 0 && options.rate <= 1))
      throw new Error(`fault rate must be between 0 and 1, got ${options.rate}`);
    this.kinds = options.kinds ?? FAULT_KINDS;
    if (this.kinds.length === 0) throw new Error('at least one fault kind is needed');
    this.delayMs = options.delayMs ?? 1500;
    this.random = seededRandom(options.seed);
    this.target = new URL(options.target);
    const handler = (request: http.IncomingMessage, response: http.ServerResponse) => this.handle(request, response);
    this.server =
      options.tls === undefined
        ? http.createServer(handler)
        : https.createServer(
            { key: fs.readFileSync(options.tls.keyFile), cert: fs.readFileSync(options.tls.certFile) },
            handler,
          );
    // Terraform's providers keep connections open; stop() must not wait for them.
    this.server.keepAliveTimeout = 5000;
  }

  /** `http://127.0.0.1:<port>` (`https://` with {@link FaultProxyOptions.tls}) once started. */
  public get endpoint(): string {
    return `${this.options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${this.port}`;
  }

  /** The share of requests that get a fault from now on (0 to pass everything). */
  public setRate(rate: number): void {
    (this.options as { rate: number }).rate = rate;
  }

  /** The faults to choose from from now on (`undefined`: the options' again), and how long a delay holds. */
  public setKinds(kinds: readonly FaultKind[] | undefined, delayMs?: number): void {
    this.kinds = kinds ?? this.options.kinds ?? FAULT_KINDS;
    this.delayMs = delayMs ?? this.options.delayMs ?? 1500;
  }

  /**
   * The requests not answered for `olderThanSeconds` or more, oldest first: when a client hangs, these
   * say whether moto is the one that has not answered.
   */
  public pending(olderThanSeconds = 0): PendingRequest[] {
    const now = Date.now();
    return [...this.inFlight.values()]
      .map(({ id, what, since, forwarded }) => ({ id, what, seconds: (now - since) / 1000, forwarded }))
      .filter((request) => request.seconds >= olderThanSeconds)
      .sort((a, b) => b.seconds - a.seconds);
  }

  public start(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.endpoint);
      });
    });
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const target = request.headers['x-amz-target'];
    const action = /[?&]Action=([A-Za-z0-9]+)/.exec(request.url ?? '')?.[1];
    const entry = {
      id: (this.received += 1),
      what: `${serviceOf(request.headers.authorization)} ${typeof target === 'string' ? target : (action ?? `${request.method} ${request.url}`)}`,
      since: Date.now(),
      forwarded: false,
    };
    this.inFlight.set(response, entry);
    response.once('close', () => this.inFlight.delete(response));
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => {
      const info: RequestInfo = {
        service: serviceOf(request.headers.authorization),
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        contentType: String(request.headers['content-type'] ?? ''),
      };
      this.counts.requests += 1;
      const exempt = this.options.exempt ?? ((r: RequestInfo) => r.url.startsWith('/moto-api/'));
      // Two draws for every request, exempt or not, so that the sequence depends only on the seed
      // and the order of requests.
      const hit = this.random() < this.options.rate;
      const kind = this.kinds[Math.floor(this.random() * this.kinds.length)];
      const bodyText = Buffer.concat(body);
      const queryAction = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(
        info.contentType.includes('form') ? bodyText.toString() : '',
      );
      if (queryAction !== null) entry.what = `${info.service} ${queryAction[1]}`;
      if (!hit || exempt(info)) {
        entry.forwarded = true;
        this.forward(request, bodyText, response);
        return;
      }
      this.counts.injected += 1;
      this.counts.byKind[kind] += 1;
      this.counts.byService[info.service] = (this.counts.byService[info.service] ?? 0) + 1;
      if (kind === 'reset') {
        const socket = request.socket;
        // A TLS socket cannot send a TCP reset through Node's API; it is closed at once instead.
        if (socket instanceof net.Socket && !('encrypted' in socket)) socket.resetAndDestroy();
        else socket.destroy();
      } else if (kind === 'delay') {
        setTimeout(() => {
          entry.forwarded = true;
          this.forward(request, bodyText, response);
        }, this.delayMs);
      } else {
        const answer = faultAnswer(kind, info);
        response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
        response.end(answer.body);
      }
    });
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const upstream = http.request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: request.method,
        path: request.url,
        headers:
          this.options.tls === undefined ? request.headers : { ...request.headers, 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`fault proxy: moto did not answer: ${error.message}`);
    });
    upstream.end(body);
  }
}
