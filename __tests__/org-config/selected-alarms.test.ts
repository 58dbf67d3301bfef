import { CIS_CONTROL_IDS } from '../../modules/catalogs/cis-controls';
import { EVASION_DETECTION_IDS } from '../../modules/catalogs/evasion-detections';
import { selectedAlarms, selectsAnyAlarm } from '../../modules/org-config/selected-alarms';

const custom = [{ id: 'root-login', pattern: '{ $.userIdentity.type = "Root" }', description: 'root' }];

describe('selectedAlarms', () => {
  test('"cis" and "all" select every control and detection, in catalog order', () => {
    expect(selectedAlarms({ controls: 'cis', evasion: 'all', custom: [] })).toEqual({
      cisControls: CIS_CONTROL_IDS,
      evasionDetections: EVASION_DETECTION_IDS,
      customCount: 0,
    });
  });

  test('lists select what they name, in the order given, and count the custom alarms', () => {
    expect(
      selectedAlarms({
        controls: ['iam-policy-changes', 'root-account-usage'],
        evasion: ['flow-logs-deleted'],
        custom,
      }),
    ).toEqual({
      cisControls: ['iam-policy-changes', 'root-account-usage'],
      evasionDetections: ['flow-logs-deleted'],
      customCount: 1,
    });
  });

  test('selectsAnyAlarm: only when every list is empty is nothing selected', () => {
    expect(selectsAnyAlarm({ controls: [], evasion: [], custom: [] })).toBe(false);
    expect(selectsAnyAlarm({ controls: [], evasion: [], custom })).toBe(true);
    expect(selectsAnyAlarm({ controls: [], evasion: 'all', custom: [] })).toBe(true);
    expect(selectsAnyAlarm({ controls: 'cis', evasion: [], custom: [] })).toBe(true);
  });
});
