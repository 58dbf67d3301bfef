import * as analytics from '../../toolkit-api/analytics';
import * as catalogs from '../../toolkit-api/catalogs';
import * as config from '../../toolkit-api/config';
import * as core from '../../toolkit-api/core';

/*
 * The toolkit-api entries (`@audit-logging/cdktf/toolkit-api/*`) are stable under the package's
 * semantic versioning (docs/constructs.md). Each entry's exported names are pinned here: a name
 * removed or renamed fails this test, and its snapshot's diff is the breaking change a reviewer
 * sees (it needs a major version); a name added is a minor one.
 */
test.each([
  ['core', core],
  ['config', config],
  ['catalogs', catalogs],
  ['analytics', analytics],
])('@audit-logging/cdktf/toolkit-api/%s exports the names it has released', (_entry, entry) => {
  expect(Object.keys(entry).sort()).toMatchSnapshot();
});
