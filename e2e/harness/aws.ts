import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** Credentials and endpoint for SDK clients that talk to moto as one simulated account. */
export interface ClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** S3 only; other clients ignore unknown keys they do not read. */
  readonly forcePathStyle: true;
}

/**
 * One simulated account in moto. moto keys every resource by the account its credentials belong
 * to, and AssumeRole returns credentials of the role's account, so assuming the deploy role is how
 * the checks see what each stack created (the same way the stacks' providers got there).
 */
export class MotoAccount {
  private credentials: Promise<ClientConfig['credentials']> | undefined;

  public constructor(
    private readonly endpoint: string,
    public readonly accountId: string,
    private readonly roleArn: string,
  ) {}

  /** Client settings for `region`. */
  public async client(region: string): Promise<ClientConfig> {
    this.credentials ??= this.assumeRole();
    return { endpoint: this.endpoint, region, credentials: await this.credentials, forcePathStyle: true };
  }

  private async assumeRole(): Promise<ClientConfig['credentials']> {
    const sts = new STSClient({
      endpoint: this.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const answer = await sts.send(
      new AssumeRoleCommand({ RoleArn: this.roleArn, RoleSessionName: 'audit-e2e-checks' }),
    );
    const credentials = answer.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
      throw new Error(`moto returned no credentials for ${this.roleArn}`);
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    };
  }
}
