/*
 * Node.js past its end of life, said once, in one line of ours. The AWS SDK for JavaScript v3
 * (@aws-sdk/core 3.981: emitWarningIfUnsupportedVersion) prints a nine-line NodeVersionSupportWarning
 * on Node.js below 22 in every process that makes a client, unless
 * AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED is "true" (aws/aws-sdk-js-v3 issue 7983, which
 * also says that its releases after the first week of January 2027 require Node.js 22). Node.js 20
 * reached end of life on 2026-04-30 (github.com/nodejs/Release). npm's EBADENGINE warnings stay:
 * package.json's engines ("^22.12.0 || >=24") is what is supported and tested, and says so.
 */

/** The SDK's switch for its warning; ours is said instead, so the variable also marks it as said. */
export const SDK_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** The oldest Node.js major the packages support (package.json engines: ^22.12.0 || >=24). */
export const OLDEST_SUPPORTED_NODE = 22;

/**
 * The line to print on a Node.js older than {@link OLDEST_SUPPORTED_NODE}, once per process tree:
 * undefined on a supported Node.js, or when this process or one that started it has said it (or the
 * user turned the SDK's warning off). Quiets the SDK's warning for this process and those it starts.
 */
export function unsupportedNodeNotice(
  version: string = process.version,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (!(major < OLDEST_SUPPORTED_NODE) || env[SDK_WARNING_SWITCH] === 'true') return undefined;
  env[SDK_WARNING_SWITCH] = 'true';
  return (
    `note: Node.js ${version} is past its end of life; cdktf-audit-logging supports Node.js 22.12 or later ` +
    '(24 first), as does the AWS SDK from January 2027'
  );
}
