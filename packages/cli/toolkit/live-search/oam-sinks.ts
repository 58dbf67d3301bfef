import { REQUEST_LIMITS, SIGN_IN } from '../common/aws-sdk';
import { signPost, SigningCredentials } from './sigv4';

/** One sink of ListSinks, as AWS answers it (rest-json `Items[]`). */
export interface ListedSink {
  readonly Arn?: string;
  readonly Id?: string;
  readonly Name?: string;
}

/** Attempts of one request, with backoff, before a throttle, a 5xx or a dropped connection is an error. */
const ATTEMPTS = 4;

/**
 * The OAM endpoint of `region`: `AWS_ENDPOINT_URL_OAM`, else `AWS_ENDPOINT_URL` (as the SDK honours
 * them), else `https://oam.<region>.<the partition's DNS suffix>` (botocore's endpoint rules for oam).
 */
export function oamEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): URL {
  const configured = env.AWS_ENDPOINT_URL_OAM || env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://oam.${region}.${suffix}`);
}

/** The environment's credentials (the SDK's default chain: variables, AWS_PROFILE, SSO, a role). */
export async function environmentCredentials(): Promise<SigningCredentials> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  try {
    return await defaultProvider()();
  } catch (error) {
    throw new Error(`no AWS credentials (${(error as Error).message}). ${SIGN_IN}`, { cause: error });
  }
}

/**
 * Every sink of the credentials' account in `region` (oam:ListSinks, page by page). Throws with
 * AWS's own error name and message when AWS refuses, after {@link ATTEMPTS} when it keeps failing.
 */
export async function listSinks(region: string, credentials: SigningCredentials): Promise<ListedSink[]> {
  const sinks: ListedSink[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listSinksPage(region, credentials, nextToken);
    sinks.push(...(page.Items ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined && nextToken !== '');
  return sinks;
}

async function listSinksPage(
  region: string,
  credentials: SigningCredentials,
  nextToken: string | undefined,
): Promise<{ Items?: ListedSink[]; NextToken?: string }> {
  const base = oamEndpoint(region);
  const url = new URL(`${base.pathname.replace(/\/$/, '')}/ListSinks`, base);
  const body = JSON.stringify({ MaxResults: 100, ...(nextToken === undefined ? {} : { NextToken: nextToken }) });
  for (let attempt = 1; ; attempt += 1) {
    const headers = signPost({
      url,
      body,
      contentType: 'application/json',
      region,
      service: 'oam',
      credentials,
      date: new Date(),
    });
    let status: number;
    let text: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_LIMITS.requestHandler.requestTimeout),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (attempt < ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      throw new Error(`oam:ListSinks in ${region}: gave up after ${attempt} attempts: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (status === 200) return JSON.parse(text) as { Items?: ListedSink[]; NextToken?: string };
    if ((status === 429 || status >= 500) && attempt < ATTEMPTS) {
      await backoff(attempt);
      continue;
    }
    throw new Error(`oam:ListSinks in ${region}: ${awsError(status, text)}`);
  }
}

/** `Name: message` from a rest-json error body (its `__type` or the x-amzn-errortype), else the status. */
function awsError(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
    const name = (parsed.__type ?? `HTTP ${status}`).replace(/^.*#/, '');
    return `${name}: ${parsed.message ?? parsed.Message ?? text}`;
  } catch {
    return `HTTP ${status}: ${text.slice(0, 200)}`;
  }
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * Math.random()));
}
