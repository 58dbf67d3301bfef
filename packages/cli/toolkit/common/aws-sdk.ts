/**
 * How this product's read-only commands (discover, verify-delivery) build AWS SDK clients and read
 * their errors: the same retries and time limits everywhere.
 */

/**
 * Time limits of each attempt, so that a connection that hangs becomes a retried error instead of a
 * hung command: with 8 attempts, one request gives up after at most about 8 x 35 s plus backoff.
 */
export const REQUEST_LIMITS = { requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } };

/** How to put credentials in the environment, and check them: the words every command that needs them uses. */
export const SIGN_IN =
  'Sign in (aws sso login, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), check with aws sts ' +
  'get-caller-identity';

/** Attempts per request unless a command is told otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Options of an SDK client in `region`: the SDK's adaptive retry (exponential backoff with jitter,
 * and a client-side rate limit once AWS throttles) with `maxAttempts`, and {@link REQUEST_LIMITS}.
 * The environment's credentials and `AWS_ENDPOINT_URL` apply unless `credentials` are given.
 */
export function sdkClientOptions(
  region: string,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
  credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string },
) {
  return {
    region,
    ...(credentials === undefined ? {} : { credentials }),
    maxAttempts,
    retryMode: 'adaptive',
    ...REQUEST_LIMITS,
  };
}

/** How many attempts the SDK made before `error` (or a response): more than one when it retried. */
export function attemptsOf(error: unknown): number {
  return (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
}

/** True when the SDK gave up on a retryable error (throttling, 5xx, dropped connections), not on a refusal. */
export function gaveUp(error: unknown): boolean {
  return attemptsOf(error) > 1;
}

/** `[gave up after N attempts: ]<name>: <message>`: the service's own words, and whether it was retried. */
export function sdkErrorMessage(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const retried = gaveUp(error) ? `gave up after ${attemptsOf(error)} attempts: ` : '';
  return `${retried}${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
}

/**
 * True when the SDK's default credential chain finds credentials in this environment (variables,
 * a profile, SSO, a web identity token, a container or instance role): the places the AWS provider
 * for Terraform reads too. Nothing is sent to AWS but the instance metadata request, last, given
 * half a second: a machine that is not an EC2 instance answers it at once or not at all.
 */
export async function environmentHasCredentials(): Promise<boolean> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  try {
    await defaultProvider({ timeout: 500, maxRetries: 0 })();
    return true;
  } catch {
    return false;
  }
}
