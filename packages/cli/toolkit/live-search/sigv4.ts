import * as crypto from 'crypto';

/*
 * AWS Signature Version 4 for one JSON POST with no query string: the SDK has no OAM client of the
 * version the others are pinned at, and one read-only call does not justify a second SDK core.
 */

/** Credentials as the SDK's default provider chain gives them. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What to sign: a POST of `body` to `url`. */
export interface SignedPost {
  readonly url: URL;
  readonly body: string;
  /** @default - no Content-Type header */
  readonly contentType?: string;
  readonly region: string;
  readonly service: string;
  readonly credentials: SigningCredentials;
  readonly date: Date;
}

const sha256 = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: crypto.BinaryLike, text: string): Buffer =>
  crypto.createHmac('sha256', key).update(text, 'utf8').digest();

/** The headers of the request, the Authorization header among them (Host is the URL's, which fetch sends). */
export function signPost(request: SignedPost): Record<string, string> {
  const amzDate = request.date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
    host: request.url.host,
    'x-amz-date': amzDate,
    ...(request.credentials.sessionToken ? { 'x-amz-security-token': request.credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    'POST',
    request.url.pathname,
    '',
    ...names.map((name) => `${name}:${headers[name].trim()}`),
    '',
    names.join(';'),
    sha256(request.body),
  ].join('\n');
  const scope = `${day}/${request.region}/${request.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = [day, request.region, request.service, 'aws4_request'].reduce<Buffer>(
    (previous, part) => hmac(previous, part),
    Buffer.from(`AWS4${request.credentials.secretAccessKey}`, 'utf8'),
  );
  const signature = hmac(key, toSign).toString('hex');
  // Host is signed but not set: fetch sends the URL's own.
  const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'host'));
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
