import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { renderPolicy } from '../iam/policy-document';
import { AuditKey, keyAdministrationStatement } from '../kms/audit-key';
import { numberProblem, validateProps } from '../core/prop-validation';
import { wholeNumberProblem } from '../core/aws-values';
import { AccountStack } from '../deployment/account-stack';
import {
  SESSION_LOGS_WRITER_POLICY_NAME,
  SESSION_MANAGER_KEY_ALIAS,
  SESSION_PREFERENCES_DOCUMENT,
} from '../core/naming';

/** A Region whose Session Manager preferences this construct sets, with its provider. */
export interface SessionRegion {
  /** The Region code. */
  readonly region: string;
  /** Provider for that Region, in the same account. */
  readonly provider: TerraformProvider;
}

/** Props of {@link SessionManagerLogging}. */
export interface SessionManagerLoggingProps {
  /** Every Region whose sessions are logged. */
  readonly regions: readonly SessionRegion[];
  /** Name of the bucket the logs go to (the member-logs bucket). */
  readonly bucketName: string;
  /** ARN of that bucket. */
  readonly bucketArn: string;
  /** Key prefix of this account's session logs, ending in `/` (`ssm-logs/<account>/`). */
  readonly keyPrefix: string;
  /** The account that owns the bucket and the key that encrypts it. */
  readonly keyAccountId: string;
  /** Region of the bucket and its key. */
  readonly keyRegion: string;
  /**
   * Minutes of inactivity after which Session Manager ends a session.
   * @default 20
   */
  readonly idleSessionTimeoutMinutes?: number;
  /**
   * Name of the managed policy that lets a managed node upload session logs.
   * @default 'audit-session-logging'
   */
  readonly writerPolicyName?: string;
  /**
   * Encrypt session data (the stream between client and node) with a KMS key of the stack's account
   * in each Region, on top of TLS. One key per Region: AWS bills each key monthly. Users who start
   * sessions need `kms:GenerateDataKey` on it; the writer policy lets nodes decrypt.
   * @default false (no session data key: TLS only)
   */
  readonly sessionDataKeys?: boolean;
}

/**
 * Session Manager logging in the stack's account: in every listed Region, the account's Session Manager
 * preferences (the `SSM-SessionManagerRunShell` document) send each session's transcript to the
 * member-logs bucket under this account's prefix, and only if the bucket encrypts.
 *
 * The SSM Agent on each managed node uploads with the node's own role, so this also creates a
 * managed policy, `writerPolicy`, to attach to the instance roles: write that prefix, check the
 * bucket's encryption, and use the log key through S3. The bucket and key policies allow the same
 * from this account's side.
 *
 * The console creates `SSM-SessionManagerRunShell` the first time someone opens the Session Manager
 * preferences; in such an account, import it before the first apply (see the README).
 */
export class SessionManagerLogging extends Construct {
  /** The managed policy that instance roles need for their sessions to be logged. */
  public readonly writerPolicy: IamPolicy;

  public constructor(scope: Construct, id: string, props: SessionManagerLoggingProps) {
    super(scope, id);
    validateProps(this, props, [
      numberProblem('idleSessionTimeoutMinutes', props.idleSessionTimeoutMinutes, (m) => wholeNumberProblem(m, 1, 60)),
    ]);
    const prefix = props.keyPrefix.replace(/\/$/, '');
    const stack = AccountStack.of(this);
    const sessionKeys = new Map(
      !(props.sessionDataKeys ?? false)
        ? []
        : props.regions.map(({ region, provider }) => [
            region,
            new AuditKey(this, `session-key-${region}`, {
              provider,
              description: `Encrypts Session Manager session data in ${region}`,
              aliasName: SESSION_MANAGER_KEY_ALIAS,
              policyStatements: [keyAdministrationStatement(stack.partition, stack.accountId)],
            }),
          ]),
    );
    const contentFor = (kmsKeyId: string) =>
      JSON.stringify({
        schemaVersion: '1.0',
        description: 'Session Manager preferences: log every session to the central member-logs bucket',
        sessionType: 'Standard_Stream',
        inputs: {
          s3BucketName: props.bucketName,
          s3KeyPrefix: prefix,
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: '',
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: false,
          kmsKeyId,
          runAsEnabled: false,
          runAsDefaultUser: '',
          idleSessionTimeout: String(props.idleSessionTimeoutMinutes ?? 20),
          maxSessionDuration: '',
          shellProfile: { windows: '', linux: '' },
        },
      });
    for (const { region, provider } of props.regions) {
      new SsmDocument(this, `preferences-${region}`, {
        provider,
        name: SESSION_PREFERENCES_DOCUMENT,
        documentType: 'Session',
        documentFormat: 'JSON',
        content: contentFor(sessionKeys.get(region)?.keyArn ?? ''),
      });
    }

    this.writerPolicy = new IamPolicy(this, 'writer-policy', {
      name: props.writerPolicyName ?? SESSION_LOGS_WRITER_POLICY_NAME,
      description: `Lets a managed node upload Session Manager logs to ${props.bucketName}/${prefix}/; attach it to instance roles`,
      policy: renderPolicy([
        {
          Sid: 'UploadSessionLogs',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: `${props.bucketArn}/${prefix}/*`,
        },
        {
          Sid: 'CheckBucketEncryption',
          Effect: 'Allow',
          Action: 's3:GetEncryptionConfiguration',
          Resource: props.bucketArn,
        },
        {
          // The key's id is not known here, only its account: any key there, and only through S3.
          Sid: 'EncryptThroughS3',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: stack.formatArn({
            service: 'kms',
            region: props.keyRegion,
            account: props.keyAccountId,
            resource: 'key',
            resourceName: '*',
          }),
          Condition: { StringEquals: { 'kms:ViaService': `s3.${props.keyRegion}.amazonaws.com` } },
        },
        ...(sessionKeys.size === 0
          ? []
          : [
              {
                Sid: 'DecryptSessionData',
                Effect: 'Allow' as const,
                Action: 'kms:Decrypt',
                Resource: [...sessionKeys.values()].map((key) => key.keyArn),
              },
            ]),
      ]),
    });
  }
}
