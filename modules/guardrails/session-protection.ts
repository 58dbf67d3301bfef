import { formatArn } from '../core/arn';
import { PolicyStatement } from '../iam/policy-document';
import { exceptPrincipals } from './principals';

/** Which sessions the session protection leaves open, and who it spares. */
export interface SessionProtectionProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** Principals spared: they may start any session. */
  readonly breakGlassPrincipalArns: readonly string[];
  /** The Session Manager preferences document: the one Session document whose sessions are logged. */
  readonly sessionDocumentName: string;
}

/**
 * The service control policy of each member that logs its Session Manager sessions: a session may
 * be started with the preferences document only (or none, which is the same document), so that its
 * log is written. Session Manager logs no session through SSH or port forwarding
 * ([ssm-port-forwarding-and-ssh-sessions-unlogged]), and a Session document of one's own carries its
 * own logging inputs (aws-review F4, F24). StartSession is authorized on the target (an instance, a
 * managed node, an ECS task) and on the document: the deny names every resource of the call but
 * documents other than ours (NotResource, which SCPs take: [scp-full-iam-language]). Run Command
 * (`ssm:SendCommand`) is not a session: it stays the member's, as any shell over the network does.
 */
export function sessionProtectionStatements(props: SessionProtectionProps): PolicyStatement[] {
  const p = props.partition;
  const any = (service: string, resource: string, resourceName: string) =>
    formatArn({ partition: p, service, region: '*', account: '*', resource, resourceName });
  return [
    {
      Sid: 'DenyUnloggedSessions',
      Effect: 'Deny',
      Action: 'ssm:StartSession',
      NotResource: [
        any('ssm', 'document', props.sessionDocumentName),
        any('ec2', 'instance', '*'),
        any('ssm', 'managed-instance', '*'),
        any('ecs', 'task', '*'),
      ],
      ...exceptPrincipals(props.breakGlassPrincipalArns),
    },
  ];
}
