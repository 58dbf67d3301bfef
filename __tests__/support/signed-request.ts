import { createHash, createHmac, type Hash, type Hmac } from 'crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ClientConfig } from '../../e2e/harness/aws';

/*
 * A request to the local AWS signed with SigV4 as the AWS provider signs it, for the harness's
 * answers to APIs whose SDK clients the repository does not install (OAM, OpenSearch Serverless).
 */

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 (and its HMAC) from node's crypto, in the form @smithy/signature-v4 takes. */
class Sha256 {
  private readonly hash: Hash | Hmac;

  public constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  public update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** An answer of the local AWS: its status, its x-amzn-ErrorType, and its JSON body ({} when empty). */
export interface SignedAnswer {
  readonly status: number;
  readonly error?: string;
  readonly body: any;
}

/** One request: the service it is signed for, and its JSON body, target header and query. */
export interface SignedRequest {
  readonly service: string;
  readonly region: string;
  readonly method: string;
  readonly path: string;
  readonly body?: object;
  /** X-Amz-Target, for the JSON protocols. */
  readonly target?: string;
  /** @default 'application/json' */
  readonly contentType?: string;
  readonly query?: Record<string, string | readonly string[]>;
}

/** Sends `request` to `endpoint` (the local AWS) signed with `config`'s credentials. */
export async function sendSigned(
  endpoint: string,
  config: ClientConfig,
  request: SignedRequest,
): Promise<SignedAnswer> {
  const url = new URL(endpoint);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const query = request.query ?? {};
  const signer = new SignatureV4({
    credentials: config.credentials,
    region: request.region,
    service: request.service,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path,
    query: query as Record<string, string | string[]>,
    headers: {
      host: url.host,
      ...(payload === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
      ...(request.target === undefined ? {} : { 'x-amz-target': request.target }),
    },
    body: payload,
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) search.append(key, v);
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'));
  const response = await fetch(`${endpoint}${request.path}${search.size > 0 ? `?${search}` : ''}`, {
    method: request.method,
    headers,
    body: payload,
  });
  const text = await response.text();
  return {
    status: response.status,
    error: response.headers.get('x-amzn-errortype') ?? undefined,
    body: text ? JSON.parse(text) : {},
  };
}
