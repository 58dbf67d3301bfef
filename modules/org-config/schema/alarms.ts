import { z } from 'zod';
import { HEARTBEAT_MINUTES } from '../../core/aws-values';
import { FilterPattern, FilterPatternError } from '../../core/filter-pattern';
import { CIS_CONTROL_IDS } from '../../catalogs/cis-controls';
import { EVASION_DETECTION_IDS } from '../../catalogs/evasion-detections';
import { closestMatch } from '../suggest';
import { describe, KEBAB, message } from './values';

/*
 * `alarms`: the CloudWatch alarms on the organization trail: who is told, which CIS controls alarm,
 * your own filter patterns, and the delivery heartbeat.
 */

const customAlarmSchema = z.strictObject({
  id: z
    .string({ error: message('must be a lowercase kebab-case id such as "break-glass-role-used"') })
    .max(64, { error: 'must be at most 64 characters' })
    .regex(KEBAB, {
      error: (issue) => `${describe(issue.input)} must be lowercase kebab-case such as "break-glass-role-used"`,
    })
    .describe('Lowercase kebab-case id, unique among all alarms.'),
  pattern: z
    .string({ error: message('must be a CloudWatch Logs filter pattern such as "{ $.eventName = \\"AssumeRole\\" }"') })
    .min(1, { error: 'must not be empty' })
    .max(1024, {
      error: (issue) =>
        `is ${String((issue.input as string).length)} characters; CloudWatch Logs filter patterns have at most 1024`,
    })
    .check((ctx) => {
      try {
        FilterPattern.parse(ctx.value);
      } catch (error) {
        if (!(error instanceof FilterPatternError)) throw error;
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `is not a valid filter pattern: ${error.reason} (character ${error.column}); try it with npm run test-filters`,
        });
      }
    })
    .describe('CloudWatch Logs JSON filter pattern over CloudTrail events, such as { $.eventName = "AssumeRole" }.'),
  description: z
    .string({ error: message('must be a sentence saying what the alarm means') })
    .min(1, { error: 'must not be empty' })
    .max(1024, { error: 'must be at most 1024 characters (the CloudWatch alarm description limit)' })
    .describe('What the alarm means, shown in the notification.'),
});

/**
 * A selection of built-in alarms: `every` for all of them, or a list of their ids, each unknown id
 * refused with the closest known one (or the list of them).
 */
function selectionOf<Every extends string>(every: Every, ids: readonly string[], anId: string, hint: string) {
  return z.union(
    [
      z.literal(every),
      z.array(
        z
          .string()
          .check((ctx) => {
            if (ids.includes(ctx.value)) return;
            const guess = closestMatch(ctx.value, ids);
            ctx.issues.push({
              code: 'custom',
              input: ctx.value,
              message: `${JSON.stringify(ctx.value)} is not ${anId}; ${guess === undefined ? `use one of ${ids.join(', ')}` : `did you mean "${guess}"?`}`,
            });
          })
          .meta({ enum: [...ids] }),
      ),
    ],
    { error: message(hint) },
  );
}

export const alarmsSchema = z
  .strictObject({
    emails: z
      .array(z.email({ error: (issue) => `${describe(issue.input)} is not an e-mail address` }), {
        error: message('must be a list of e-mail addresses'),
      })
      .default([])
      .describe('Addresses subscribed to the alarm topic (each must confirm).'),
    controls: selectionOf(
      'cis',
      CIS_CONTROL_IDS,
      'a control id',
      'must be "cis" (every control) or a list of control ids',
    )
      .default('cis')
      .describe('CIS controls with a metric filter and alarm: "cis" for all of them, or a list of control ids.'),
    evasion: selectionOf(
      'all',
      EVASION_DETECTION_IDS,
      'an evasion detection id',
      'must be "all" (every detection) or a list of detection ids ([] for none)',
    )
      .default('all')
      .describe(
        'The evasion pack: alarms on attempts to blind the audit system that CIS does not list (trail selectors, flow logs, DNS query logs, Block Public Access, GuardDuty and Security Hub, Access Analyzer, key policies, log groups and filters, alarms and the topic, root access keys, organization guardrails, Config rules). "all", or a list of detection ids; [] for none. Denied attempts alarm too.',
      ),
    consoleSigninWithoutMfa: z
      .enum(['all', 'iam-users'], { error: message('must be "all" or "iam-users"') })
      .default('all')
      .describe(
        'Which console sign-ins without MFA alarm: "all" (CIS primary pattern) or "iam-users" (only successful IAM user sign-ins: the stricter published variant, for organizations that sign in through IAM Identity Center).',
      ),
    custom: z
      .array(customAlarmSchema, { error: message('must be a list of { id, pattern, description }') })
      .default([])
      .describe("Your own metric filters and alarms on the trail's log group."),
    deliveryHeartbeatMinutes: z
      .number({ error: message('must be a number of minutes') })
      .int({ error: 'must be a whole number of minutes' })
      .min(HEARTBEAT_MINUTES.min, { error: `must be at least ${HEARTBEAT_MINUTES.min} minutes` })
      .max(HEARTBEAT_MINUTES.max, { error: `must be at most ${HEARTBEAT_MINUTES.max} minutes (a day)` })
      .default(60)
      .describe(
        "Minutes without a single event in the trail's log group before the delivery heartbeat alarm fires (missing data counts as silence). 5 to 1440.",
      ),
  })
  .prefault({})
  .describe('CloudWatch alarms on the organization trail.');
