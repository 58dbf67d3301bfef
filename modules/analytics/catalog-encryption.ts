import { GlueDataCatalogEncryptionSettings } from '@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings';
import { Construct } from 'constructs';
import { PolicyStatement } from '../iam/policy-document';
import { AuditKey, keyAdministrationStatement } from '../kms/audit-key';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { GLUE_CATALOG_KEY_ALIAS } from '../core/naming';

/** Props of {@link CatalogEncryption}. */
export interface CatalogEncryptionProps {
  /**
   * Alias of the catalog key.
   * @default 'alias/audit-glue-catalog'
   */
  readonly aliasName?: string;
}

/**
 * Encryption of the Glue Data Catalog of the stack's account in the stack's Region (Security Hub Glue.1-style settings
 * that scanners check): metadata at rest with SSE-KMS and connection passwords returned encrypted,
 * both with a key of their own. The key's policy delegates to IAM in the account; principals that
 * read or write the catalog need {@link CatalogEncryption.useKeyStatement} in their own policy, as the
 * crawler and the investigator role have.
 */
export class CatalogEncryption extends Construct {
  /** ARN of the catalog key. */
  public readonly keyArn: string;
  /** The catalog's encryption settings (tables created after them are encrypted at rest). */
  public readonly settings: GlueDataCatalogEncryptionSettings;

  private readonly region: string;

  public constructor(scope: Construct, id: string, props: CatalogEncryptionProps = {}) {
    super(scope, id);
    validateProps(this, props);
    const { partition, region, accountId } = AccountStack.of(this);
    this.region = region;
    const key = new AuditKey(this, 'key', {
      description: 'Encrypts the Glue Data Catalog metadata and connection passwords of the audit logs',
      aliasName: props.aliasName ?? GLUE_CATALOG_KEY_ALIAS,
      policyStatements: [keyAdministrationStatement(partition, accountId)],
    });
    this.keyArn = key.keyArn;
    this.settings = new GlueDataCatalogEncryptionSettings(this, 'settings', {
      catalogId: accountId,
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: key.keyArn },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key.keyArn },
      },
    });
  }

  /** The identity policy statement that lets a principal read and write the encrypted catalog, through Glue only. */
  public useKeyStatement(sid = 'UseCatalogKey'): PolicyStatement {
    return {
      Sid: sid,
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: this.keyArn,
      Condition: { StringEquals: { 'kms:ViaService': `glue.${this.region}.amazonaws.com` } },
    };
  }
}
