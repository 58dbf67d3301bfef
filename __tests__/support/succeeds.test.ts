import { AuditLoggingError, ConfigError } from '../../modules/core/errors';
import { succeeds } from './succeeds';

describe('succeeds: whether a validator accepted a value', () => {
  test('a value returned is accepted', () => {
    expect(succeeds(() => 1)).toBe(true);
  });

  test('a refusal of ours (the config or a construct refusing the value) is a refusal', () => {
    expect(
      succeeds(() => {
        throw new AuditLoggingError('trail.cloudWatchLogsRetentionDays: 42 is not a retention');
      }),
    ).toBe(false);
    expect(
      succeeds(() => {
        throw new ConfigError('audit.config.json', [{ path: 'members[0]', message: 'bad' }]);
      }),
    ).toBe(false);
  });

  test('any other throw is a bug, not a refusal: it fails the test that asked', () => {
    const bug = () => (undefined as unknown as { schedule: string }).schedule;
    expect(() => succeeds(bug)).toThrow(TypeError);
    expect(() =>
      succeeds(() => {
        throw new Error('no saved query x');
      }),
    ).toThrow('no saved query x');
  });
});
