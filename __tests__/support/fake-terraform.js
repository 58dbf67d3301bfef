#!/usr/bin/env node
/*
 * A stand-in for the terraform binary (TERRAFORM_BIN) in the tests of plan and deploy: the
 * commands' orchestration (which stacks, in what order, how many at once, which plan file) is
 * checked without AWS. It answers `version -json`, `init`, `plan -out=<file>`, `show -json <file>`
 * and `apply`, and appends one JSON line per command to FAKE_TF_LOG:
 * { stack, command, args, start, end, override, interrupted } (override: the read-only plan role
 * override's role ARN when that file is present; interrupted: SIGINT ended it, which it answers as
 * Terraform does, exit 1), and a line { stack, command, started: true } when an apply starts.
 * FAKE_TF_FAIL names stacks whose plan and apply fail; FAKE_TF_MS is how
 * long plan and apply take (default 100).
 */
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2).filter((arg) => arg !== '-no-color');
const command = args[0];
if (command === 'version') {
  process.stdout.write(JSON.stringify({ terraform_version: '1.11.4' }));
  process.exit(0);
}
const stack = path.basename(process.cwd());
const start = Date.now();
const overrideFile = path.join(process.cwd(), 'audit_plan_role_override.tf.json');
const override = fs.existsSync(overrideFile)
  ? JSON.parse(fs.readFileSync(overrideFile, 'utf8')).provider.aws[0].assume_role[0].role_arn
  : undefined;
const fail = (process.env.FAKE_TF_FAIL || '').split(',').includes(stack) && ['plan', 'apply'].includes(command);
const finish = () => {
  if (process.env.FAKE_TF_LOG) {
    fs.appendFileSync(
      process.env.FAKE_TF_LOG,
      `${JSON.stringify({ stack, command, args: args.slice(1), start, end: Date.now(), override })}\n`,
    );
  }
  if (fail) {
    process.stderr.write(`Error: fake failure of ${command} in ${stack}\n`);
    process.exit(1);
  }
  if (command === 'plan') {
    const out = args.find((arg) => arg.startsWith('-out='));
    fs.writeFileSync(path.join(process.cwd(), out.slice(5)), `plan of ${stack}\n`);
  }
  if (command === 'show') {
    process.stdout.write(JSON.stringify({ format_version: '1.2', resource_changes: [] }));
  }
  process.exit(0);
};
if (process.env.FAKE_TF_LOG && command === 'apply') {
  fs.appendFileSync(process.env.FAKE_TF_LOG, `${JSON.stringify({ stack, command, started: true, start })}\n`);
}
const timer = setTimeout(finish, ['plan', 'apply'].includes(command) ? Number(process.env.FAKE_TF_MS || 100) : 0);
// Terraform stops after the operations in flight and exits 1 on SIGINT; so does this stand-in.
process.on('SIGINT', () => {
  clearTimeout(timer);
  if (process.env.FAKE_TF_LOG) {
    fs.appendFileSync(
      process.env.FAKE_TF_LOG,
      `${JSON.stringify({ stack, command, args: args.slice(1), start, end: Date.now(), interrupted: true })}\n`,
    );
  }
  process.stderr.write('Interrupt received. Gracefully shutting down...\n');
  process.exit(1);
});
