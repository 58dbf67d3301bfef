import { OamLink } from '@cdktf/provider-aws/lib/oam-link';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { type FieldProblem, OAM_SINK_ARN, regionListProblems } from '../core/aws-values';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import { LOG_GROUP_RESOURCE_TYPE } from './live-search-sink';

/** One Region's link, with the provider of that Region and the sink it links to. */
export interface LinkRegion {
  readonly region: string;
  /** Provider for the Region, in the stack's account. */
  readonly provider: TerraformProvider;
  /** ARN of the monitoring account's sink in the same Region, as CreateSink returned it. */
  readonly sinkArn: string;
}

/** Props of {@link LiveSearchLink}. */
export interface LiveSearchLinkProps {
  /** The Regions whose log groups are shared, each with its own Region's sink. */
  readonly regions: readonly LinkRegion[];
  /**
   * How the monitoring account labels this account (OAM's variables: `$AccountName`,
   * `$AccountEmail`, `$AccountEmailNoDomain`).
   * @default '$AccountName'
   */
  readonly labelTemplate?: string;
}

/**
 * The stack's account as a source account of CloudWatch cross-account observability: in each Region,
 * a link (`aws_oam_link`) that shares every log group of the account, those that exist and those
 * created later, with the monitoring account's sink of that Region, and nothing else (no metrics,
 * no traces). The link is the grant: the monitoring account reads the log groups in place; the
 * member keeps them, their retention and their cost. A link names its sink by ARN, and the provider
 * reads the ARN back, so the link stays as planned.
 */
export class LiveSearchLink extends Construct {
  /** The link of each Region, by Region. */
  public readonly links: ReadonlyMap<string, OamLink>;

  public constructor(scope: Construct, id: string, props: LiveSearchLinkProps) {
    super(scope, id);
    const stack = AccountStack.of(this);
    const label = props.labelTemplate ?? '$AccountName';
    const problems: FieldProblem[] = [
      ...regionListProblems(
        'regions',
        props.regions.map((r) => r.region),
      ),
      ...props.regions.flatMap(({ region, sinkArn }, i): FieldProblem[] => {
        const match = OAM_SINK_ARN.exec(sinkArn);
        if (match === null) {
          return [
            {
              field: `regions[${i}].sinkArn`,
              message: `${JSON.stringify(sinkArn)} is not a sink ARN (arn:aws:oam:<region>:<account>:sink/<id>)`,
            },
          ];
        }
        if (match[2] !== region) {
          return [
            {
              field: `regions[${i}].sinkArn`,
              message: `is a sink in ${match[2]}, not ${region}: a link reaches a sink of its own Region only`,
            },
          ];
        }
        return match[3] === stack.accountId
          ? [
              {
                field: `regions[${i}].sinkArn`,
                message: "is a sink of this stack's own account: an account does not link to itself",
              },
            ]
          : [];
      }),
      ...(label.length >= 1 && label.length <= 64
        ? []
        : [{ field: 'labelTemplate', message: `is ${label.length} characters: OAM takes 1 to 64` }]),
    ];
    validateProps(this, props, problems);
    const links = new Map<string, OamLink>();
    for (const { region, provider, sinkArn } of props.regions) {
      links.set(
        region,
        new OamLink(this, `link-${region}`, {
          provider,
          sinkIdentifier: sinkArn,
          resourceTypes: [LOG_GROUP_RESOURCE_TYPE],
          labelTemplate: label,
        }),
      );
    }
    this.links = links;
  }
}
