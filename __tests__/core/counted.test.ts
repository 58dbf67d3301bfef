import { counted } from '../../modules/core/counted';

test('counts take the noun in the number they give: 1 stack, 2 stacks, 1 wave, 2 days', () => {
  expect([counted(1, 'stack'), counted(2, 'stack'), counted(0, 'stack'), counted(1, 'wave')]).toEqual([
    '1 stack',
    '2 stacks',
    '0 stacks',
    '1 wave',
  ]);
  expect(counted(2, 'policy', 'policies')).toBe('2 policies');
});
