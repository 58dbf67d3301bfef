import { OpensearchserverlessAccessPolicy } from '@cdktf/provider-aws/lib/opensearchserverless-access-policy';
import { OpensearchserverlessCollection } from '@cdktf/provider-aws/lib/opensearchserverless-collection';
import { OpensearchserverlessLifecyclePolicy } from '@cdktf/provider-aws/lib/opensearchserverless-lifecycle-policy';
import { OpensearchserverlessSecurityPolicy } from '@cdktf/provider-aws/lib/opensearchserverless-security-policy';
import { OpensearchserverlessVpcEndpoint } from '@cdktf/provider-aws/lib/opensearchserverless-vpc-endpoint';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { IAM_ROLE_ARN, type FieldProblem } from '../core/aws-values';
import { SEARCH_COLLECTION_NAME } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import {
  dataAccessPolicyDocument,
  encryptionPolicyDocument,
  lifecyclePolicyDocument,
  networkPolicyDocument,
} from './collection-policies';
import { AOSS_MAX_RETENTION_DAYS, AOSS_POLICY_MAX_CHARS, aossNameProblem, collectionPolicyNames } from './search-names';

/** An OpenSearch Serverless VPC endpoint of the collection. */
export interface SearchVpcEndpoint {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** @default - the VPC's default security group */
  readonly securityGroupIds?: readonly string[];
}

/** Props of {@link SearchCollection}. */
export interface SearchCollectionProps {
  /**
   * Name of the collection: 3 to 32 lowercase letters, digits and hyphens, starting with a letter.
   * @default 'audit-logs'
   */
  readonly name?: string;
  /** The customer managed key of the encryption policy; every collection of the archive shares it. */
  readonly kmsKeyArn: string;
  /**
   * Standby replicas in a second Availability Zone; off lowers the capacity floor and the availability.
   * @default true
   */
  readonly standbyReplicas?: boolean;
  /** The pipeline's role: the only writer. */
  readonly pipelineRoleArn: string;
  /** The roles that may read; nobody else may. */
  readonly analystRoleArns: readonly string[];
  /** The indexes the pipeline fills (one per source), each given the archive's retention. */
  readonly indexes: readonly string[];
  /** Days each index keeps a document (the archive's `expireAfterDays`); null keeps it forever. */
  readonly retentionInDays: number | null;
  /**
   * A VPC endpoint the analysts reach the collection through, with a network policy admitting it only.
   * @default - no endpoint and no network policy of ours: only the pipeline's own policy admits anyone
   */
  readonly vpcEndpoint?: SearchVpcEndpoint;
}

/**
 * A TIMESERIES OpenSearch Serverless collection with its policies: an encryption policy naming the
 * collection exactly with the archive's search key, a network policy only when a VPC endpoint is
 * configured (never public), a data access policy (the pipeline writes, the named analysts read,
 * nobody else), and a lifecycle policy per index from the archive's retention. The collection waits
 * for its encryption policy: OpenSearch Serverless refuses a collection no encryption policy covers.
 */
export class SearchCollection extends Construct {
  /** Name of the collection. */
  public readonly collectionName: string;
  /** ARN of the collection. */
  public readonly collectionArn: string;
  /** The collection's endpoint, `https://<id>.<region>.aoss.amazonaws.com`. */
  public readonly collectionEndpoint: string;
  /** The dashboards endpoint, read through the VPC endpoint. */
  public readonly dashboardEndpoint: string;
  /** The collection resource. */
  public readonly collection: OpensearchserverlessCollection;
  /** The data access policy (the pipeline must wait for it before it writes). */
  public readonly accessPolicy: OpensearchserverlessAccessPolicy;
  /** The VPC endpoint the analysts reach the collection through, when `vpcEndpoint` is given. */
  public readonly vpcEndpoint: OpensearchserverlessVpcEndpoint | undefined;

  public constructor(scope: Construct, id: string, props: SearchCollectionProps) {
    super(scope, id);
    const name = props.name ?? SEARCH_COLLECTION_NAME;
    const accessPolicy = dataAccessPolicyDocument(name, props.pipelineRoleArn, props.analystRoleArns);
    validateProps(this, props, [
      ...problemsOf(name, props),
      ...(accessPolicy.length > AOSS_POLICY_MAX_CHARS
        ? [
            {
              field: 'analystRoleArns',
              message: `make a data access policy of ${accessPolicy.length} characters, over the ${AOSS_POLICY_MAX_CHARS} OpenSearch Serverless accepts; name fewer roles`,
            },
          ]
        : []),
    ]);
    const names = collectionPolicyNames(name);

    const encryption = new OpensearchserverlessSecurityPolicy(this, 'encryption-policy', {
      name: names.encryption,
      type: 'encryption',
      description: 'The search collection, under the archive search key.',
      policy: encryptionPolicyDocument(name, props.kmsKeyArn),
    });

    this.vpcEndpoint = this.analystsEndpoint(props, name, names.network);

    this.collection = new OpensearchserverlessCollection(this, 'collection', {
      name,
      type: 'TIMESERIES',
      standbyReplicas: (props.standbyReplicas ?? true) ? 'ENABLED' : 'DISABLED',
      description: "The archive's logs, for search across the organization.",
      dependsOn: [encryption],
    });

    this.accessPolicy = new OpensearchserverlessAccessPolicy(this, 'access-policy', {
      name: names.access,
      type: 'data',
      description: 'The pipeline writes; the named analyst roles read; nobody else.',
      policy: accessPolicy,
    });

    if (props.retentionInDays !== null && props.retentionInDays > AOSS_MAX_RETENTION_DAYS) {
      Annotations.of(this).addWarning(
        `retentionInDays: ${props.retentionInDays} is over the ${AOSS_MAX_RETENTION_DAYS} days a lifecycle rule can set; the indexes keep documents ${AOSS_MAX_RETENTION_DAYS} days (the archive keeps the objects)`,
      );
    }
    new OpensearchserverlessLifecyclePolicy(this, 'lifecycle-policy', {
      name: names.lifecycle,
      type: 'retention',
      description: 'Each index kept as long as the archive keeps the logs it came from.',
      policy: lifecyclePolicyDocument(name, props.indexes, props.retentionInDays),
    });

    this.collectionName = name;
    this.collectionArn = this.collection.arn;
    this.collectionEndpoint = this.collection.collectionEndpoint;
    this.dashboardEndpoint = this.collection.dashboardEndpoint;
  }

  /**
   * The VPC endpoint the analysts reach the collection through, and the network policy that admits
   * it (never public); none without `vpcEndpoint`, with a warning: then only the pipeline reaches it.
   */
  private analystsEndpoint(
    props: SearchCollectionProps,
    name: string,
    networkPolicyName: string,
  ): OpensearchserverlessVpcEndpoint | undefined {
    if (props.vpcEndpoint === undefined) {
      Annotations.of(this).addWarning(
        'vpcEndpoint: none, so no network policy admits the analysts: only the pipeline reaches the collection until one is configured (docs/search.md)',
      );
      return undefined;
    }
    const endpoint = new OpensearchserverlessVpcEndpoint(this, 'vpc-endpoint', {
      name,
      vpcId: props.vpcEndpoint.vpcId,
      subnetIds: [...props.vpcEndpoint.subnetIds],
      securityGroupIds:
        props.vpcEndpoint.securityGroupIds === undefined || props.vpcEndpoint.securityGroupIds.length === 0
          ? undefined
          : [...props.vpcEndpoint.securityGroupIds],
    });
    new OpensearchserverlessSecurityPolicy(this, 'network-policy', {
      name: networkPolicyName,
      type: 'network',
      description: 'The search collection from our VPC endpoint only.',
      policy: networkPolicyDocument(name, [endpoint.id]),
    });
    return endpoint;
  }
}

function problemsOf(name: string, props: SearchCollectionProps): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const nameProblem = aossNameProblem(name);
  if (nameProblem !== undefined) problems.push({ field: 'name', message: nameProblem });
  // The longest policy name, `<name>-encryption`, must be a policy name too.
  const policyProblem = nameProblem ?? aossNameProblem(collectionPolicyNames(name).encryption);
  if (nameProblem === undefined && policyProblem !== undefined) {
    problems.push({
      field: 'name',
      message: `${JSON.stringify(name)} is too long for its policies' names (${policyProblem}); use at most 21 characters`,
    });
  }
  if (props.analystRoleArns.length === 0) {
    problems.push({ field: 'analystRoleArns', message: 'must name at least one role that reads the collection' });
  }
  props.analystRoleArns.forEach((arn, i) => {
    if (!Token.isUnresolved(arn) && !IAM_ROLE_ARN.test(arn)) {
      problems.push({ field: `analystRoleArns[${i}]`, message: `${JSON.stringify(arn)} is not an IAM role ARN` });
    }
  });
  props.indexes.forEach((index, i) => {
    if (!/^[a-z][a-z0-9-]*$/.test(index)) {
      problems.push({
        field: `indexes[${i}]`,
        message: `${JSON.stringify(index)} is not an index name of lowercase letters, digits and hyphens`,
      });
    }
  });
  if (props.retentionInDays !== null && (!Number.isInteger(props.retentionInDays) || props.retentionInDays < 1)) {
    problems.push({
      field: 'retentionInDays',
      message: `${props.retentionInDays} is not a whole number of days, at least 1`,
    });
  }
  return problems;
}
