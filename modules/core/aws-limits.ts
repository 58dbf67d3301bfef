/*
 * AWS's hard limits on the documents this product writes, and their measurement in a synthesized
 * stack. The limits are the documented maximums: S3 bucket policies 20 KB; KMS key policies 32 KB;
 * SNS topic policies 30 KB; IAM role trust policies 2,048 characters (the default quota), inline
 * policies of one role 10,240 characters together, managed policies 6,144 characters; Glue table
 * properties 512,000 bytes each; service and resource control policies 5,120 characters each, and
 * at most 5 of one type attached directly to one root, OU or account, one of which is AWS's own
 * full-access policy (so 4 of ours).
 */

/** A kind of document AWS limits, with its limit. */
export const AWS_DOCUMENT_LIMITS = {
  's3-bucket-policy': 20 * 1024,
  'kms-key-policy': 32 * 1024,
  'sns-topic-policy': 30 * 1024,
  'iam-trust-policy': 2048,
  'iam-inline-policies-of-a-role': 10240,
  'iam-managed-policy': 6144,
  'glue-table-parameter': 512000,
  'service-control-policy': 5120,
  'resource-control-policy': 5120,
  'organization-policies-per-target': 4,
} as const;

/**
 * CloudWatch Logs metric filters on one log group: 100, and AWS does not raise it (CloudWatch Logs
 * quotas, "Metric filters"). CloudWatch itself has no limit on the number of alarms per account
 * (CloudWatch service quotas, "Alarms").
 */
export const METRIC_FILTERS_PER_LOG_GROUP = 100;

/** CloudWatch Logs' limit on the length of a metric filter pattern, in characters. */
export const FILTER_PATTERN_MAX_CHARACTERS = 1024;

/** A kind of limited document. */
export type LimitedDocument = keyof typeof AWS_DOCUMENT_LIMITS;

/** The size of one document against its limit. */
export interface DocumentSize {
  readonly kind: LimitedDocument;
  /** Terraform address (and parameter, for Glue), the role for inline policies, the type and target for attachments. */
  readonly address: string;
  /** Bytes (characters for IAM and organization policies), as AWS counts them: the policy text AWS receives; attachments counted for a target. */
  readonly size: number;
  readonly limit: number;
}

/** What AWS receives for a Terraform string without tokens: `$${` and `%%{` are `${` and `%{`. */
function asReceived(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** Compact JSON, as AWS counts a policy (whitespace does not count), of a policy as Terraform holds it. */
export function policySize(text: string): number {
  const received = asReceived(text);
  try {
    return Buffer.byteLength(JSON.stringify(JSON.parse(received)));
  } catch {
    return Buffer.byteLength(received);
  }
}

/** The sizes of every limited document in a synthesized stack (Terraform JSON, parsed). */
export function documentSizes(stack: {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}): DocumentSize[] {
  const resources = stack.resource ?? {};
  const sizes: DocumentSize[] = [];
  const each = (type: string, attribute: string, kind: LimitedDocument) => {
    for (const [name, resource] of Object.entries(resources[type] ?? {})) {
      const text = resource[attribute];
      if (typeof text === 'string') {
        sizes.push({ kind, address: `${type}.${name}`, size: policySize(text), limit: AWS_DOCUMENT_LIMITS[kind] });
      }
    }
  };
  each('aws_s3_bucket_policy', 'policy', 's3-bucket-policy');
  each('aws_kms_key', 'policy', 'kms-key-policy');
  each('aws_sns_topic_policy', 'policy', 'sns-topic-policy');
  each('aws_iam_role', 'assume_role_policy', 'iam-trust-policy');
  each('aws_iam_policy', 'policy', 'iam-managed-policy');

  for (const [name, resource] of Object.entries(resources.aws_organizations_policy ?? {})) {
    const kind = resource.type === 'RESOURCE_CONTROL_POLICY' ? 'resource-control-policy' : 'service-control-policy';
    sizes.push({
      kind,
      address: `aws_organizations_policy.${name}`,
      size: policySize(String(resource.content)),
      limit: AWS_DOCUMENT_LIMITS[kind],
    });
  }
  // Attachments per policy type and target: the policy id is a reference, so its type is read from the policy it names.
  const policyType = (reference: string) => {
    const name = /aws_organizations_policy\.([^.]+)\./.exec(reference)?.[1] ?? '';
    return String(resources.aws_organizations_policy?.[name]?.type ?? 'SERVICE_CONTROL_POLICY');
  };
  const attachments = new Map<string, number>();
  for (const resource of Object.values(resources.aws_organizations_policy_attachment ?? {})) {
    const key = `${policyType(String(resource.policy_id))} on ${String(resource.target_id)}`;
    attachments.set(key, (attachments.get(key) ?? 0) + 1);
  }
  for (const [address, count] of attachments) {
    sizes.push({
      kind: 'organization-policies-per-target',
      address,
      size: count,
      limit: AWS_DOCUMENT_LIMITS['organization-policies-per-target'],
    });
  }

  const inlineByRole = new Map<string, number>();
  for (const resource of Object.values(resources.aws_iam_role_policy ?? {})) {
    const role = String(resource.role);
    inlineByRole.set(role, (inlineByRole.get(role) ?? 0) + policySize(String(resource.policy)));
  }
  for (const [role, size] of inlineByRole) {
    sizes.push({
      kind: 'iam-inline-policies-of-a-role',
      address: role,
      size,
      limit: AWS_DOCUMENT_LIMITS['iam-inline-policies-of-a-role'],
    });
  }

  for (const [name, table] of Object.entries(resources.aws_glue_catalog_table ?? {})) {
    for (const [key, value] of Object.entries((table.parameters ?? {}) as Record<string, string>)) {
      sizes.push({
        kind: 'glue-table-parameter',
        address: `aws_glue_catalog_table.${name} ${key}`,
        size: Buffer.byteLength(asReceived(value)),
        limit: AWS_DOCUMENT_LIMITS['glue-table-parameter'],
      });
    }
  }
  return sizes;
}

/**
 * Managed policies attached to one IAM role: 10 by default (IAM and AWS STS quotas, "Managed
 * policies attached to an IAM role"; adjustable to 20 through Service Quotas). The deploy role is
 * built to fit the default.
 */
export const MANAGED_POLICIES_PER_ROLE = 10;
