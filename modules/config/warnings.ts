import { formatPath, JsonPath } from './json-path';
import type { MemberConfig, OrgConfig } from './schema';

/**
 * A config that synthesizes, but probably not into what its author meant. Errors stop synth;
 * warnings are shown by `cdktf synth` (as stack annotations) and synth goes on.
 */
export interface ConfigWarning {
  /** The field to look at. */
  readonly at: JsonPath;
  /** The member it concerns. */
  readonly member: MemberConfig;
  /** What is wrong and what to do, prefixed with the field's path. */
  readonly message: string;
}

/**
 * Members whose trail settings leave their account recorded twice or not at all: a standalone
 * trail in an account the organization trail already records (a second copy of management events
 * is billed), or an account outside the organization with no trail of its own.
 */
export function configWarnings(config: OrgConfig): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  config.members.forEach((member, i) => {
    if (member.standaloneTrail && member.inOrganization) {
      warnings.push(
        warning(
          ['members', i, 'standaloneTrail'],
          member,
          `member ${JSON.stringify(member.name)} is in organization ${config.organization.id}, whose trail already records it; a second trail delivers the same management events again, and CloudTrail bills every copy after the first. Turn standaloneTrail off, or set inOrganization to false if the account is outside the organization`,
        ),
      );
    }
    if (!member.standaloneTrail && !member.inOrganization) {
      warnings.push(
        warning(
          ['members', i, 'inOrganization'],
          member,
          `member ${JSON.stringify(member.name)} is outside the organization, so the organization trail does not record it, and it has no trail of its own; set standaloneTrail to true`,
        ),
      );
    }
  });
  return warnings;
}

function warning(at: JsonPath, member: MemberConfig, message: string): ConfigWarning {
  return { at, member, message: `${formatPath(at)}: ${message}` };
}
